//! HTTP endpoints: GraphQL over POST and GET, GraphiQL, WebSocket, health, the web app.

mod cors;
mod graphql;
mod headers;
mod health;
mod media;
pub(crate) mod metrics;
mod origin;
mod payments;
mod reports;
mod timeout;
mod web;
mod ws;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::middleware;
use axum::routing::get;
use axum::{Extension, Router};
use tower_http::trace::TraceLayer;

use crate::graphql::Api;
use crate::state::AppState;
pub(crate) use ws::Sockets;

/// The largest request body accepted on /graphql.
const MAX_BODY: usize = 64 * 1024;

/// What every handler shares.
#[derive(Clone)]
struct Http {
    state: AppState,
    api: Api,
    sockets: Arc<Sockets>,
}

/// The peer address, present when the server runs with connect info (always, outside
/// tests that drive the router directly).
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

/// The router; `sockets` counts the open WebSockets (see `ws`).
pub(crate) fn routes(state: AppState, api: Api, sockets: Arc<Sockets>) -> Router {
    let app = web::app(state.config.web_dir.as_deref());
    let [nosniff, referrer] = headers::everywhere();
    let cors = cors::layer(&state.config.cors_origins);
    let request_timeout = state.config.http_request_timeout;
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/payments/{binding_id}/notify", get(payments::notify).post(payments::notify))
        .route("/healthz", get(health::alive))
        .route("/readyz", get(health::ready))
        .route("/reports/top-ups.csv", get(reports::top_ups))
        .nest_service("/app", app)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(nosniff)
        .layer(referrer)
        .layer(middleware::from_fn_with_state(request_timeout, timeout::limit))
        .layer(TraceLayer::new_for_http())
        .with_state(Http { state, api, sockets });
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
}
