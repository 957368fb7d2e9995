//! The portal's webhook endpoints (ADMIN): register, list, delete, and the delivery log.

use async_graphql::{Context, ID, Object, Result};

use super::context::ContextExt;
use super::guards::RoleGuard;
use super::scalars::parse_id;
use super::types::{CreateWebhookEndpointInput, CreatedWebhookEndpoint, WebhookDeliveryObject, WebhookEndpointObject};
use crate::services::webhooks;

#[derive(Default)]
pub(super) struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// ADMIN: the endpoints that are told about events, oldest first.
    /// Errors: UNAUTHENTICATED, FORBIDDEN.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn webhook_endpoints(&self, ctx: &Context<'_>) -> Result<Vec<WebhookEndpointObject>> {
        let rows = webhooks::list(ctx.state(), ctx.signed_in()?).await?;
        Ok(rows.into_iter().map(WebhookEndpointObject).collect())
    }

    /// ADMIN: the delivery log of an endpoint (also a deleted one): its last attempts,
    /// newest first, each with the receiver's status code, latency and error. `first`
    /// defaults to 20, at most 100. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
    /// BAD_USER_INPUT (first out of range).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        endpoint_id: ID,
        first: Option<i32>,
    ) -> Result<Vec<WebhookDeliveryObject>> {
        let endpoint_id = parse_id(&endpoint_id, "endpointId")?;
        let attempts = webhooks::deliveries(ctx.state(), ctx.signed_in()?, endpoint_id, first).await?;
        Ok(attempts.into_iter().map(WebhookDeliveryObject).collect())
    }
}

#[derive(Default)]
pub(super) struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// ADMIN: registers an endpoint (`http://` or `https://`, at most 2048 characters, no
    /// user name or password in it) for the events it lists. Kassa POSTs each such event,
    /// signed with the `signingSecret` returned here, once; store it. Errors:
    /// UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (the URL, no events, no KASSA_SECRET_KEY
    /// on the server).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookEndpointInput,
    ) -> Result<CreatedWebhookEndpoint> {
        let (row, secret) = webhooks::create(ctx.state(), ctx.signed_in()?, &input.url, &input.events).await?;
        Ok(CreatedWebhookEndpoint { endpoint: WebhookEndpointObject(row), signing_secret: secret })
    }

    /// ADMIN: stops sending to an endpoint; what was still waiting for it is given up.
    /// False when it was already deleted. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn delete_webhook_endpoint(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = parse_id(&id, "id")?;
        Ok(webhooks::delete(ctx.state(), ctx.signed_in()?, id).await?)
    }
}
