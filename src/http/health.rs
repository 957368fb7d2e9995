use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use super::Http;

/// Alive: the process answers.
pub(super) async fn alive() -> &'static str {
    "ok"
}

/// Ready: PostgreSQL answers, and Redis does when configured. The replica (DATABASE_READ_URL)
/// is reported, never required: while it is down or lags, its reads go to the primary.
/// A server shutting down (SIGTERM, `KASSA_DRAIN_GRACE`) is not ready, so balancers drain it.
pub(super) async fn ready(State(http): State<Http>) -> (StatusCode, Json<Value>) {
    if *http.state.shutdown.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "draining": true })));
    }
    let database = match http.state.db.get().await {
        Ok(mut conn) => diesel::sql_query("SELECT 1").execute(&mut conn).await.is_ok(),
        Err(_) => false,
    };
    let broker = http.state.events.ready().await;
    let status = if database && broker { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let replica = match http.state.replica_status() {
        None => json!({ "configured": false }),
        Some(seen) => json!({
            "configured": true,
            "reachable": seen.reachable,
            "lag_seconds": seen.lag.map(|lag| (lag.as_secs_f64() * 1000.0).round() / 1000.0),
            "serving": seen.serving,
        }),
    };
    (status, Json(json!({ "database": database, "broker": broker, "replica": replica })))
}
