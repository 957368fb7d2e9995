use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::Money;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::WalletOperationResult;
use crate::services::moves::{self, Pay, Refund, TopUp, WriteOff};

#[derive(InputObject)]
pub struct TopUpWalletInput {
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
pub struct WriteOffWalletInput {
    pub wallet_number: String,
    pub amount: Money,
    pub reason: String,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub struct PayFromWalletInput {
    pub amount: Money,
    pub order_reference: String,
    pub description: Option<String>,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub struct RefundPaymentInput {
    pub payment_id: ID,
    /// Null refunds all that is not refunded yet.
    pub amount: Option<Money>,
    pub reason: String,
    pub idempotency_key: String,
}

#[derive(Default)]
pub struct MoneyMutation;

#[Object]
impl MoneyMutation {
    /// CASHIER
    #[graphql(guard = "RoleGuard::cashier()")]
    async fn top_up_wallet(&self, ctx: &Context<'_>, input: TopUpWalletInput) -> Result<WalletOperationResult> {
        let request = TopUp {
            wallet_number: input.wallet_number,
            amount: input.amount,
            payment_system_id: parse_id(&input.payment_system_id, "paymentSystemId")?,
            receipt: input.receipt,
            comment: input.comment,
            idempotency_key: input.idempotency_key,
        };
        Ok(moves::top_up(ctx.state(), ctx.signed_in()?, request).await?.into())
    }

    /// CASHIER
    #[graphql(guard = "RoleGuard::cashier()")]
    async fn write_off_wallet(&self, ctx: &Context<'_>, input: WriteOffWalletInput) -> Result<WalletOperationResult> {
        let request = WriteOff {
            wallet_number: input.wallet_number,
            amount: input.amount,
            reason: input.reason,
            idempotency_key: input.idempotency_key,
        };
        Ok(moves::write_off(ctx.state(), ctx.signed_in()?, request).await?.into())
    }

    /// Any signed-in user, from their own wallet.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn pay_from_wallet(&self, ctx: &Context<'_>, input: PayFromWalletInput) -> Result<WalletOperationResult> {
        let request = Pay {
            amount: input.amount,
            order_reference: input.order_reference,
            description: input.description,
            idempotency_key: input.idempotency_key,
        };
        Ok(moves::pay(ctx.state(), ctx.signed_in()?, request).await?.into())
    }

    /// CASHIER, ADMIN
    #[graphql(guard = "RoleGuard::staff()")]
    async fn refund_payment(&self, ctx: &Context<'_>, input: RefundPaymentInput) -> Result<WalletOperationResult> {
        let request = Refund {
            payment_id: parse_id(&input.payment_id, "paymentId")?,
            amount: input.amount,
            reason: input.reason,
            idempotency_key: input.idempotency_key,
        };
        Ok(moves::refund(ctx.state(), ctx.signed_in()?, request).await?.into())
    }
}
