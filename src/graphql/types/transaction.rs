use async_graphql::{Context, ID, InputObject, Object, Result};

use super::{PaymentSystemObject, TopUpInvoiceObject, UserObject, WalletObject};
use crate::db::models::TransactionRow;
use crate::domain::{Money, TransactionKind};
use crate::error::ApiError;
use crate::graphql::context::ContextExt;
use crate::graphql::loaders::{self, InvoiceId, PaymentSystemId, TransactionId, UserId, WalletId};
use crate::graphql::scalars::{DateTime, to_id, to_int};
use crate::services::history::Filter;
use crate::services::wallets;

/// One money move, as recorded in the append-only journal.
pub(crate) struct TransactionObject(pub TransactionRow);

#[Object(name = "Transaction")]
impl TransactionObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn kind(&self) -> Result<TransactionKind> {
        TransactionKind::from_db(&self.0.kind)
            .ok_or_else(|| ApiError::internal("unknown transaction kind", &self.0.kind).into())
    }

    /// Always positive: TOP_UP and REFUND add it to the wallet, WRITE_OFF and PAYMENT take it.
    async fn amount(&self) -> Money {
        Money::from_decimal(self.0.amount)
    }

    /// Visible to the wallet's owner, cashiers and admins (FORBIDDEN for others).
    async fn wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        let wallet = loaders::load_one(ctx, WalletId(self.0.wallet_id)).await?;
        let wallet = wallet.ok_or(ApiError::NotFound("wallet"))?;
        Ok(WalletObject(wallets::shown_to(ctx.asker(), wallet)?))
    }

    async fn balance_after(&self) -> Money {
        Money::from_decimal(self.0.balance_after)
    }

    /// The wallet's version right after this transaction.
    async fn wallet_version(&self) -> i32 {
        to_int(self.0.wallet_version)
    }

    /// The cashier (TOP_UP, WRITE_OFF, REFUND) or the owner (PAYMENT).
    async fn performed_by(&self, ctx: &Context<'_>) -> Result<UserObject> {
        let user = loaders::load_one(ctx, UserId(self.0.performed_by)).await?;
        Ok(UserObject(user.ok_or(ApiError::NotFound("user"))?))
    }

    /// A TOP_UP that paid an online invoice (credited by the payment system's
    /// notification, or by a cashier from REVIEW): its invoice. Null otherwise.
    async fn invoice(&self, ctx: &Context<'_>) -> Result<Option<TopUpInvoiceObject>> {
        let Some(id) = self.0.invoice_id else { return Ok(None) };
        Ok(loaders::load_one(ctx, InvoiceId(id)).await?.map(TopUpInvoiceObject))
    }

    /// TOP_UP only: the payment system that received the real funds.
    async fn payment_system(&self, ctx: &Context<'_>) -> Result<Option<PaymentSystemObject>> {
        let Some(id) = self.0.payment_system_id else { return Ok(None) };
        let row = loaders::load_one(ctx, PaymentSystemId(id)).await?;
        Ok(row.map(PaymentSystemObject))
    }

    /// Receipt number (TOP_UP) or order reference (PAYMENT, and the REFUND of it).
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// Free text: the cashier's comment, the write-off or refund reason, the payment description.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }

    /// REFUND only: the payment it returns.
    async fn refund_of(&self, ctx: &Context<'_>) -> Result<Option<TransactionObject>> {
        let Some(id) = self.0.refund_of else { return Ok(None) };
        let row = loaders::load_one(ctx, TransactionId(id)).await?;
        Ok(row.map(TransactionObject))
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}

/// Narrows a transaction list.
#[derive(InputObject)]
pub(crate) struct TransactionFilter {
    pub kinds: Option<Vec<TransactionKind>>,
    /// Inclusive.
    pub since: Option<DateTime>,
    /// Exclusive.
    pub until: Option<DateTime>,
}

impl TransactionFilter {
    pub(crate) fn into_service(self) -> Filter {
        Filter { kinds: self.kinds, since: self.since.map(|at| at.0), until: self.until.map(|at| at.0) }
    }
}
