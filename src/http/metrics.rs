//! `GET /metrics` for Prometheus, on a listener of its own (`KASSA_METRICS_LISTEN`), so it
//! is never exposed where the API is. The text is the exporter's rendering of the process's
//! one recorder; the pool's gauges are read at each scrape.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

/// The metrics listener's routes.
pub(crate) fn routes(state: AppState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    let Some(handle) = crate::metrics::handle() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "metrics are not recorded in this process").into_response();
    };
    let pool = state.db.status();
    crate::metrics::pool(pool.size.saturating_sub(pool.available), pool.waiting, pool.max_size);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}
