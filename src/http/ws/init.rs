//! connection_init: the token in its payload, and the data every operation on the
//! connection gets (the client's address, the token's hash).

use std::net::SocketAddr;

use async_graphql::Data;
use serde_json::Value;

use crate::error::ApiError;
use crate::graphql::WsSession;
use crate::services::auth::ClientAddress;
use crate::services::sessions;
use crate::state::AppState;

/// The connection's data from the upgrade on: the client's address, so that signIn over a
/// WebSocket counts against the per-address throttle exactly as over HTTP.
pub(super) fn connection_data(peer: Option<SocketAddr>) -> Data {
    let mut data = Data::default();
    if let Some(peer) = peer {
        data.insert(ClientAddress(peer.ip()));
    }
    data
}

/// Authenticates connection_init. The connection keeps only the token's hash; every
/// operation re-reads the session (see `graphql::Api`).
pub(super) async fn connection_init(state: &AppState, payload: &Value) -> async_graphql::Result<Data> {
    let authorization = ["authorization", "Authorization"]
        .iter()
        .find_map(|key| payload.get(key))
        .and_then(Value::as_str)
        .ok_or(ApiError::Unauthenticated)?;
    let viewer = sessions::authenticate(state, authorization).await?.ok_or(ApiError::Unauthenticated)?;
    let mut data = Data::default();
    data.insert(WsSession { token_hash: viewer.token_hash });
    Ok(data)
}
