//! KASSA_HTTP_REQUEST_TIMEOUT: the longest a request may take, from its head to the
//! handler's answer (reading the body included: a body sent slowly counts).
//!
//! Past it the handler is dropped and the client gets **503** with a GraphQL error whose
//! `extensions.code` is SERVICE_UNAVAILABLE, under either media type: the same code a
//! database outage answers, and it means the same thing to a client, "retry with the same
//! idempotency key". 503 rather than 408 because the time may have been the server's (a
//! slow database, a queue for a connection) as well as the client's (a slow body), and 408
//! tells a client it was at fault.
//!
//! The answer says nothing of the outcome. A money move is one SQL statement: once sent it
//! runs on in PostgreSQL (bounded by the statement and lock timeouts) and may commit after
//! the 503, which is why the client must retry with the same idempotency key (the retry then
//! replays it). A connection dropped inside an explicit transaction is marked broken by
//! diesel-async, and the pool discards it rather than handing it out again.
//!
//! A WebSocket is not bounded by this: the upgrade request answers 101 at once, and the
//! connection that follows runs on its own task, outside any request.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use super::media::MediaType;
use crate::error::codes::SERVICE_UNAVAILABLE;

const MESSAGE: &str = "the request took longer than the server allows; retry with the same idempotency key";

pub(super) async fn limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let media = MediaType::negotiate(request.headers());
    let (method, uri) = (request.method().clone(), request.uri().clone());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%method, path = uri.path(), timeout = ?limit, "request timed out");
            super::graphql::error(media, StatusCode::SERVICE_UNAVAILABLE, MESSAGE, SERVICE_UNAVAILABLE)
        }
    }
}
