use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::Money;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::WalletOperationResult;
use crate::services::moves::{self, Pay, Refund, TopUp, WriteOff};

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

#[derive(Default)]
pub(crate) struct MoneyMutation;

#[Object]
impl MoneyMutation {
    /// CASHIER: credits funds the customer paid through an enabled payment system, on the
    /// wallet number the customer gives (never the cashier's own).
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND (wallet, payment system),
    /// PAYMENT_SYSTEM_DISABLED, IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE (retry with the same key).
    #[graphql(guard = "RoleGuard::cashier()")]
    async fn top_up_wallet(&self, ctx: &Context<'_>, input: TopUpWalletInput) -> Result<WalletOperationResult> {
        let state = ctx.state();
        let request = TopUp::parse(
            &state.config,
            &input.wallet_number,
            input.amount,
            parse_id(&input.payment_system_id, "paymentSystemId")?,
            &input.receipt,
            input.comment.as_deref(),
            &input.idempotency_key,
        )?;
        Ok(moves::top_up(state, ctx.signed_in()?, request).await?.into())
    }

    /// CASHIER: takes funds off a wallet (never the cashier's own), with a reason.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, INSUFFICIENT_FUNDS,
    /// IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE.
    #[graphql(guard = "RoleGuard::cashier()")]
    async fn write_off_wallet(&self, ctx: &Context<'_>, input: WriteOffWalletInput) -> Result<WalletOperationResult> {
        let state = ctx.state();
        let request =
            WriteOff::parse(&state.config, &input.wallet_number, input.amount, &input.reason, &input.idempotency_key)?;
        Ok(moves::write_off(state, ctx.signed_in()?, request).await?.into())
    }

    /// Any signed-in user: pays for an order from their own wallet.
    /// Errors: UNAUTHENTICATED, BAD_USER_INPUT, INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED,
    /// SERVICE_UNAVAILABLE.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn pay_from_wallet(&self, ctx: &Context<'_>, input: PayFromWalletInput) -> Result<WalletOperationResult> {
        let state = ctx.state();
        let request = Pay::parse(
            &state.config,
            input.amount,
            &input.order_reference,
            input.description.as_deref(),
            &input.idempotency_key,
        )?;
        Ok(moves::pay(state, ctx.signed_in()?, request).await?.into())
    }

    /// CASHIER, ADMIN: returns all or part of a payment to its wallet; the refunds of a
    /// payment never add up to more than it.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (not a payment, above what is left),
    /// NOT_FOUND, IDEMPOTENCY_KEY_REUSED, SERVICE_UNAVAILABLE.
    #[graphql(guard = "RoleGuard::staff()")]
    async fn refund_payment(&self, ctx: &Context<'_>, input: RefundPaymentInput) -> Result<WalletOperationResult> {
        let state = ctx.state();
        let request = Refund::parse(
            &state.config,
            parse_id(&input.payment_id, "paymentId")?,
            input.amount,
            &input.reason,
            &input.idempotency_key,
        )?;
        Ok(moves::refund(state, ctx.signed_in()?, request).await?.into())
    }
}
