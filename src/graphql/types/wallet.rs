use async_graphql::{Context, ID, Object, Result};

use super::{HoldConnection, TopUpInvoiceConnection, TransactionConnection, TransactionFilter, UserObject};
use crate::db::models::WalletRow;
use crate::domain::{HoldStatus, Money};
use crate::error::ApiError;
use crate::graphql::context::ContextExt;
use crate::graphql::loaders::{self, UserId, WalletHistory};
use crate::graphql::scalars::{DateTime, to_id, to_int};
use crate::services::history::{self, PageRequest};
use crate::services::{holds, invoices};

/// A wallet. Whoever holds a WalletObject has passed the ownership check: resolvers build
/// one only for its owner, cashiers and admins.
pub(crate) struct WalletObject(pub WalletRow);

#[Object(name = "Wallet")]
impl WalletObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// 12 digits; the last one is a Luhn check digit, so a mistyped number is caught.
    async fn number(&self) -> &str {
        &self.0.number
    }

    async fn owner(&self, ctx: &Context<'_>) -> Result<UserObject> {
        let owner = loaders::load_one(ctx, UserId(self.0.owner_id)).await?;
        Ok(UserObject(owner.ok_or(ApiError::NotFound("user"))?))
    }

    async fn balance(&self) -> Money {
        Money::from_decimal(self.0.balance)
    }

    /// balance minus the amounts of active holds: what can be paid, written off or held now.
    async fn available(&self) -> Money {
        Money::from_decimal(self.0.available())
    }

    /// Sum of the active holds.
    async fn held(&self) -> Money {
        Money::from_decimal(self.0.held)
    }

    /// Newest first (`first` and `after` as for transactions). The owner, CASHIER, ADMIN
    /// and API keys with PAYMENTS_READ.
    /// Errors: FORBIDDEN, BAD_USER_INPUT (first out of range, a foreign cursor).
    async fn holds(
        &self,
        ctx: &Context<'_>,
        status: Option<HoldStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<HoldConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        // Boxed, as loaders::load_one is: a query inline would size every field of a Wallet.
        let found = Box::pin(holds::of_wallet(ctx.state(), ctx.actor()?, &self.0, status, page)).await?;
        Ok(HoldConnection::from_page(found))
    }

    /// ISO 4217 code, e.g. RUB.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Starts at 0 and grows by one with every change of the balance or of the held amount.
    async fn version(&self) -> i32 {
        to_int(self.0.version)
    }

    /// Newest first. `first` defaults to 20 and may be at most 100; pass the last
    /// `endCursor` as `after` for the next page. For the wallet's owner, cashiers and admins.
    /// Errors: FORBIDDEN, BAD_USER_INPUT (first out of range, a foreign cursor).
    async fn transactions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<TransactionFilter>,
    ) -> Result<TransactionConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let filter = filter.map(TransactionFilter::into_service).unwrap_or_default();
        history::require_visible(ctx.asker(), &self.0)?;
        let key = WalletHistory { wallet_id: self.0.id, filter, page };
        let found = loaders::load_one(ctx, key).await?.ok_or_else(|| ApiError::internal("history page", "missing"))?;
        Ok(TransactionConnection::from_page(found))
    }

    /// Online top-ups of this wallet, newest first (`first` and `after` as for
    /// transactions). For the wallet's owner, cashiers and admins.
    /// Errors: FORBIDDEN, BAD_USER_INPUT (first out of range, a foreign cursor).
    async fn top_up_invoices(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<TopUpInvoiceConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let found = Box::pin(invoices::of_wallet(ctx.state(), ctx.asker(), &self.0, page)).await?;
        Ok(TopUpInvoiceConnection::from_page(found))
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}
