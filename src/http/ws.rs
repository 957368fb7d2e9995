use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;

use super::Http;
use crate::error::ApiError;
use crate::graphql::loaders;
use crate::services::auth;

/// GET /graphql/ws: subscriptions over graphql-transport-ws or the legacy graphql-ws.
/// The token comes in the connection_init payload: {"authorization": "Bearer <token>"}.
pub async fn upgrade(State(http): State<Http>, protocol: GraphQLProtocol, upgrade: WebSocketUpgrade) -> Response {
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| async move {
        let state = http.state.clone();
        GraphQLWebSocket::new(socket, http.schema.clone(), protocol)
            .on_connection_init(move |payload| async move {
                let token = payload
                    .get("authorization")
                    .or_else(|| payload.get("Authorization"))
                    .and_then(|value| value.as_str())
                    .and_then(|value| value.strip_prefix("Bearer "))
                    .ok_or(ApiError::Unauthenticated)?;
                let viewer = auth::authenticate(&state, token.trim()).await?.ok_or(ApiError::Unauthenticated)?;
                let mut data = Data::default();
                data.insert(viewer);
                data.insert(loaders::for_request(state));
                Ok(data)
            })
            .serve()
            .await;
    })
}
