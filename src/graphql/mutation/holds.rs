use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::Money;
use crate::graphql::context::ContextExt;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::HoldResult;
use crate::services::holds::{self, CreateHold, Release};

#[derive(InputObject)]
pub(crate) struct CreateHoldInput {
    /// Exactly one of walletNumber and externalUserId.
    pub wallet_number: Option<String>,
    /// The portal's user id (JWT `sub`) of the wallet's owner.
    pub external_user_id: Option<String>,
    pub amount: Money,
    pub order_reference: String,
    pub description: Option<String>,
    /// Default 900 (15 minutes), at most 7 days.
    pub expires_in_seconds: Option<i32>,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct CaptureHoldInput {
    pub hold_id: ID,
    /// At most the hold's amount; null captures all of it. The rest is released.
    pub amount: Option<Money>,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct VoidHoldInput {
    pub hold_id: ID,
    pub idempotency_key: String,
}

#[derive(Default)]
pub(crate) struct HoldMutation;

#[Object]
impl HoldMutation {
    /// An API key with PAYMENTS_WRITE, or the owner for their own wallet. INSUFFICIENT_FUNDS when `available` is lower than the amount.
    /// Errors: UNAUTHENTICATED, FORBIDDEN (another's wallet, a key without PAYMENTS_WRITE),
    /// BAD_USER_INPUT, NOT_FOUND (wallet), INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED,
    /// SERVICE_UNAVAILABLE (retry with the same key).
    async fn create_hold(&self, ctx: &Context<'_>, input: CreateHoldInput) -> Result<HoldResult> {
        let state = ctx.state();
        let actor = ctx.actor()?;
        let request = CreateHold::parse(
            &state.config,
            input.wallet_number.as_deref(),
            input.external_user_id.as_deref(),
            input.amount,
            &input.order_reference,
            input.description.as_deref(),
            input.expires_in_seconds,
            &input.idempotency_key,
        )?;
        Ok(holds::create(state, actor, request).await?.into())
    }

    /// An API key with PAYMENTS_WRITE, or the owner. Only a HELD hold that has not expired can be captured.
    /// Errors: UNAUTHENTICATED, FORBIDDEN (a key without PAYMENTS_WRITE), NOT_FOUND (no such
    /// hold, or not the caller's), BAD_USER_INPUT (not HELD, expired, above the hold's
    /// amount), IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE.
    async fn capture_hold(&self, ctx: &Context<'_>, input: CaptureHoldInput) -> Result<HoldResult> {
        let state = ctx.state();
        let actor = ctx.actor()?;
        let request =
            Release::capture(&state.config, parse_id(&input.hold_id, "holdId")?, input.amount, &input.idempotency_key)?;
        Ok(holds::capture(state, actor, request).await?.into())
    }

    /// An API key with PAYMENTS_WRITE, the owner, CASHIER or ADMIN.
    /// Errors: UNAUTHENTICATED, FORBIDDEN (a key without PAYMENTS_WRITE), NOT_FOUND (no such
    /// hold, or not the caller's), BAD_USER_INPUT (not HELD), IDEMPOTENCY_KEY_REUSED,
    /// SERVICE_UNAVAILABLE.
    async fn void_hold(&self, ctx: &Context<'_>, input: VoidHoldInput) -> Result<HoldResult> {
        let actor = ctx.actor()?;
        let request = Release::void(parse_id(&input.hold_id, "holdId")?, &input.idempotency_key)?;
        Ok(holds::void(ctx.state(), actor, request).await?.into())
    }
}
