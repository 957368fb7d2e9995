//! Per-request context: data loaders, the sign-in cell, and for WebSocket operations a
//! viewer re-read from the database, so roles are never older than the operation.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::{Request, ServerError, ServerResult};

use super::context::JustSignedIn;
use super::loaders;
use crate::app::AppState;
use crate::error::ApiError;
use crate::services::auth;

/// Kept for the life of a WebSocket connection: the hash of the token it was opened with.
pub struct WsSession {
    pub token_hash: Vec<u8>,
}

pub struct RequestScope;

impl ExtensionFactory for RequestScope {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestScope)
    }
}

#[async_trait::async_trait]
impl Extension for RequestScope {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let state = ctx.data::<AppState>().map_err(|e| ServerError::new(e.message, None))?;
        let mut request = request.data(loaders::for_request(state.clone())).data(JustSignedIn::default());
        if let Some(session) = ctx.data_opt::<WsSession>() {
            let viewer = auth::authenticate_hash(state, session.token_hash.clone())
                .await
                .and_then(|viewer| viewer.ok_or(ApiError::Unauthenticated))
                .map_err(to_server_error)?;
            request = request.data(viewer);
        }
        next.run(ctx, request).await
    }
}

fn to_server_error(error: ApiError) -> ServerError {
    let mut server_error = ServerError::new(error.to_string(), None);
    server_error.extensions.get_or_insert_with(Default::default).set("code", error.code());
    server_error
}
