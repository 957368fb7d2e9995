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

/// Ready: PostgreSQL answers, and Redis does when configured.
pub(super) async fn ready(State(http): State<Http>) -> (StatusCode, Json<Value>) {
    let database = match http.state.db.get().await {
        Ok(mut conn) => diesel::sql_query("SELECT 1").execute(&mut conn).await.is_ok(),
        Err(_) => false,
    };
    let broker = http.state.events.ready().await;
    let status = if database && broker { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(json!({ "database": database, "broker": broker })))
}
