use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::ApiScope;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::CreatedApiKeyObject;
use crate::services::api_keys::{self, NewKey};

#[derive(InputObject)]
pub(crate) struct CreateApiKeyInput {
    pub name: String,
    pub scopes: Vec<ApiScope>,
}

#[derive(Default)]
pub(crate) struct ApiKeyMutation;

#[Object]
impl ApiKeyMutation {
    /// ADMIN: creates an API key for the portal's back end. The secret (`kassa_sk_…`) is in
    /// this answer only: Kassa keeps its hash. Send it as `Authorization: Bearer <secret>`.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (a name empty or over 100
    /// characters, no scope).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn create_api_key(&self, ctx: &Context<'_>, input: CreateApiKeyInput) -> Result<CreatedApiKeyObject> {
        let new = NewKey::parse(&input.name, &input.scopes)?;
        Ok(CreatedApiKeyObject(api_keys::create(ctx.state(), ctx.signed_in()?, new).await?))
    }

    /// ADMIN: revokes an API key; its next request answers UNAUTHENTICATED, on every
    /// instance. True when this call revoked it, false when it already was revoked.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = parse_id(&id, "id")?;
        Ok(api_keys::revoke(ctx.state(), ctx.signed_in()?, id).await?)
    }
}
