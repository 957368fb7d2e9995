//! connection_init: the token in its payload, the per-user cap, and the data every
//! operation on the connection gets (the client's address, the token's hash).

use std::net::SocketAddr;
use std::sync::Mutex;

use async_graphql::Data;
use serde_json::Value;

use super::limits::{Slot, TooMany};
use crate::error::ApiError;
use crate::graphql::WsSession;
use crate::services::auth::ClientAddress;
use crate::services::sessions::{self, Caller};
use crate::state::AppState;

/// What the serve loop and connection_init share: the socket's slot, and why init was
/// refused when it was over the per-user cap (so the close says so).
pub(super) struct Seat {
    pub(super) slot: Slot,
    pub(super) refused: Option<TooMany>,
}

/// The connection's data from the upgrade on: the client's address, so that signIn over a
/// WebSocket counts against the per-address throttle exactly as over HTTP.
pub(super) fn connection_data(peer: Option<SocketAddr>) -> Data {
    let mut data = Data::default();
    if let Some(peer) = peer {
        data.insert(ClientAddress(peer.ip()));
    }
    data
}

/// Authenticates connection_init and counts the socket for its user. The connection keeps
/// only who it was opened as; every operation re-reads the session (see `graphql::Api`).
pub(super) async fn connection_init(
    state: &AppState,
    payload: &Value,
    seat: &Mutex<Seat>,
) -> async_graphql::Result<Data> {
    let authorization = ["authorization", "Authorization"]
        .iter()
        .find_map(|key| payload.get(key))
        .and_then(Value::as_str)
        .ok_or(ApiError::Unauthenticated)?;
    // API keys are for the portal's back end over HTTP: a WebSocket opened with one is
    // refused like any refused credential.
    let Some(Caller::User(viewer)) = sessions::authenticate(state, authorization).await? else {
        return Err(ApiError::Unauthenticated.into());
    };
    let mut seat = seat.lock().expect("websocket seat");
    if let Err(too_many) = seat.slot.sign_in(viewer.user_id) {
        tracing::info!(
            user_id = viewer.user_id,
            limit = state.config.ws_max_per_user,
            "websocket refused: {}",
            too_many.reason()
        );
        seat.refused = Some(too_many);
        return Err(async_graphql::Error::new(too_many.reason()));
    }
    let mut data = Data::default();
    data.insert(WsSession { viewer });
    Ok(data)
}
