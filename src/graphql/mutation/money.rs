use async_graphql::{Context, ID, InputObject, InputType, Object, Result};

use crate::domain::Money;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::WalletOperationResult;
use crate::services::moves::{self, Outcome, Pay, Refund, TopUp, WriteOff};
use crate::services::sessions::viewer::Viewer;
use crate::state::AppState;

#[derive(InputObject)]
pub(crate) struct TopUpWalletInput {
    pub wallet_number: String,
    pub amount: Money,
    /// An enabled payment system that received the real funds.
    pub payment_system_id: ID,
    /// Receipt or payment number of the real payment.
    pub receipt: String,
    pub comment: Option<String>,
    /// 1 to 255 characters chosen by the client. A retry with the same key and the same input returns the first result and moves no money again; the same key with other input fails with IDEMPOTENCY_KEY_REUSED.
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct WriteOffWalletInput {
    pub wallet_number: String,
    pub amount: Money,
    pub reason: String,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct PayFromWalletInput {
    pub amount: Money,
    pub order_reference: String,
    pub description: Option<String>,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct RefundPaymentInput {
    pub payment_id: ID,
    /// Null refunds all that is not refunded yet.
    pub amount: Option<Money>,
    pub reason: String,
    pub idempotency_key: String,
}

/// What each of the four money moves is: its input, the roles its guard admits, and the
/// move itself. The resolvers below run it, and so does `graphql::direct` for a document
/// that selects only what the move returns (without the executor), so both ways check and
/// move the same.
pub(crate) trait MoveInput: InputType {
    /// The field's guard.
    fn guard() -> RoleGuard;
    /// The move, for a viewer the guard admitted.
    fn apply(self, state: &AppState, viewer: &Viewer) -> impl Future<Output = Result<Outcome>> + Send;
}

impl MoveInput for TopUpWalletInput {
    fn guard() -> RoleGuard {
        RoleGuard::cashier()
    }

    async fn apply(self, state: &AppState, viewer: &Viewer) -> Result<Outcome> {
        let request = TopUp::parse(
            &state.config,
            &self.wallet_number,
            self.amount,
            parse_id(&self.payment_system_id, "paymentSystemId")?,
            &self.receipt,
            self.comment.as_deref(),
            &self.idempotency_key,
        )?;
        Ok(moves::top_up(state, viewer, request).await?)
    }
}

impl MoveInput for WriteOffWalletInput {
    fn guard() -> RoleGuard {
        RoleGuard::cashier()
    }

    async fn apply(self, state: &AppState, viewer: &Viewer) -> Result<Outcome> {
        let request =
            WriteOff::parse(&state.config, &self.wallet_number, self.amount, &self.reason, &self.idempotency_key)?;
        Ok(moves::write_off(state, viewer, request).await?)
    }
}

impl MoveInput for PayFromWalletInput {
    fn guard() -> RoleGuard {
        RoleGuard::signed_in()
    }

    async fn apply(self, state: &AppState, viewer: &Viewer) -> Result<Outcome> {
        let request = Pay::parse(
            &state.config,
            self.amount,
            &self.order_reference,
            self.description.as_deref(),
            &self.idempotency_key,
        )?;
        Ok(moves::pay(state, viewer, request).await?)
    }
}

impl MoveInput for RefundPaymentInput {
    fn guard() -> RoleGuard {
        RoleGuard::staff()
    }

    async fn apply(self, state: &AppState, viewer: &Viewer) -> Result<Outcome> {
        let payment_id = parse_id(&self.payment_id, "paymentId")?;
        let request = Refund::parse(&state.config, payment_id, self.amount, &self.reason, &self.idempotency_key)?;
        Ok(moves::refund(state, viewer, request).await?)
    }
}

#[derive(Default)]
pub(crate) struct MoneyMutation;

#[Object]
impl MoneyMutation {
    /// CASHIER: credits funds the customer paid through an enabled payment system, on the
    /// wallet number the customer gives (never the cashier's own).
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND (wallet, payment system),
    /// PAYMENT_SYSTEM_DISABLED, IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE (retry with the same key).
    #[graphql(guard = "TopUpWalletInput::guard()")]
    async fn top_up_wallet(&self, ctx: &Context<'_>, input: TopUpWalletInput) -> Result<WalletOperationResult> {
        Ok(input.apply(ctx.state(), ctx.signed_in()?).await?.into())
    }

    /// CASHIER: takes funds off a wallet (never the cashier's own), with a reason.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, INSUFFICIENT_FUNDS,
    /// IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE.
    #[graphql(guard = "WriteOffWalletInput::guard()")]
    async fn write_off_wallet(&self, ctx: &Context<'_>, input: WriteOffWalletInput) -> Result<WalletOperationResult> {
        Ok(input.apply(ctx.state(), ctx.signed_in()?).await?.into())
    }

    /// Any signed-in user: pays for an order from their own wallet.
    /// Errors: UNAUTHENTICATED, BAD_USER_INPUT, INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED,
    /// SERVICE_UNAVAILABLE.
    #[graphql(guard = "PayFromWalletInput::guard()")]
    async fn pay_from_wallet(&self, ctx: &Context<'_>, input: PayFromWalletInput) -> Result<WalletOperationResult> {
        Ok(input.apply(ctx.state(), ctx.signed_in()?).await?.into())
    }

    /// CASHIER, ADMIN: returns all or part of a payment to its wallet; the refunds of a
    /// payment never add up to more than it.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (not a payment, above what is left),
    /// NOT_FOUND, IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE.
    #[graphql(guard = "RefundPaymentInput::guard()")]
    async fn refund_payment(&self, ctx: &Context<'_>, input: RefundPaymentInput) -> Result<WalletOperationResult> {
        Ok(input.apply(ctx.state(), ctx.signed_in()?).await?.into())
    }
}
