use async_graphql::{Context, ID, Object, Result};

use super::context::ContextExt;
use super::guards::RoleGuard;
use super::scalars::DateTime;
use super::scalars::parse_id;
use super::types::{
    CashierObject, HoldObject, OrderObject, PaymentSystemObject, TopUpInvoiceConnection, TransactionConnection,
    UserConnection, UserObject, WalletConfig, WalletObject,
};
use crate::domain::{InvoiceStatus, Money};
use crate::services::history::{self, PageRequest};
use crate::services::{cashiers, holds, invoices, payment_systems, users, wallets};

#[derive(Default)]
pub(super) struct Query;

/// Merged into the root `Query` (see `graphql::Query`), under a name of its own.
#[Object(name = "ApiQuery")]
impl Query {
    /// Anyone: the signed-in user, or null without a valid token.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<UserObject>> {
        let Some(viewer) = ctx.viewer() else { return Ok(None) };
        Ok(Some(UserObject(users::get(ctx.state(), viewer.user_id).await?)))
    }

    /// Signed-in users: their own wallet. Errors: UNAUTHENTICATED.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn my_wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        Ok(WalletObject(wallets::mine(ctx.state(), ctx.signed_in()?).await?))
    }

    /// CASHIER, ADMIN: the wallet with the number the customer gives; null if none.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (a malformed or mistyped number:
    /// bad check digit).
    #[graphql(guard = "RoleGuard::staff()")]
    async fn wallet_by_number(&self, ctx: &Context<'_>, number: String) -> Result<Option<WalletObject>> {
        let wallet = wallets::by_number(ctx.state(), ctx.signed_in()?, &number).await?;
        Ok(wallet.map(WalletObject))
    }

    /// CASHIER, ADMIN: transactions on all wallets, newest first; since defaults to 24 hours
    /// ago. `first` defaults to 20, at most 100. Errors: UNAUTHENTICATED, FORBIDDEN,
    /// BAD_USER_INPUT (first out of range, a foreign cursor).
    #[graphql(guard = "RoleGuard::staff()")]
    async fn recent_transactions(
        &self,
        ctx: &Context<'_>,
        since: Option<DateTime>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<TransactionConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let found = history::recent(ctx.state(), ctx.signed_in()?, since.map(|at| at.0), page).await?;
        Ok(TransactionConnection::from_page(found))
    }

    /// ADMIN: users whose email or name contains search, e.g. to choose a cashier.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (first out of range, a foreign cursor).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<UserConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let found = users::search(ctx.state(), ctx.signed_in()?, search.as_deref(), page).await?;
        Ok(UserConnection::from_page(found))
    }

    /// ADMIN: every current cashier, earliest appointment first.
    /// Errors: UNAUTHENTICATED, FORBIDDEN.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn cashiers(&self, ctx: &Context<'_>) -> Result<Vec<CashierObject>> {
        let rows = cashiers::list(ctx.state(), ctx.signed_in()?).await?;
        Ok(rows.into_iter().map(CashierObject).collect())
    }

    /// CASHIER, ADMIN: invoices of every wallet, newest first; filter by status, e.g. REVIEW
    /// (the queue of payments a cashier must look at). Errors: UNAUTHENTICATED, FORBIDDEN,
    /// BAD_USER_INPUT (first out of range, a foreign cursor).
    #[graphql(guard = "RoleGuard::staff()")]
    async fn top_up_invoices(
        &self,
        ctx: &Context<'_>,
        status: Option<InvoiceStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<TopUpInvoiceConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let found = invoices::all(ctx.state(), ctx.signed_in()?, status, page).await?;
        Ok(TopUpInvoiceConnection::from_page(found))
    }

    /// Signed-in users: the enabled payment systems; all of them for ADMIN.
    /// Errors: UNAUTHENTICATED.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn payment_systems(&self, ctx: &Context<'_>) -> Result<Vec<PaymentSystemObject>> {
        let rows = payment_systems::list(ctx.state(), ctx.signed_in()?).await?;
        Ok(rows.into_iter().map(PaymentSystemObject).collect())
    }

    /// Anyone, signed in or not: the currency, whether top-ups are possible (a payment
    /// system is enabled) and the largest amount of one operation.
    async fn wallet_config(&self, ctx: &Context<'_>) -> Result<WalletConfig> {
        let state = ctx.state();
        Ok(WalletConfig {
            currency: state.config.currency.clone(),
            top_up_available: payment_systems::top_up_available(state).await?,
            max_operation_amount: Money::from_decimal(state.config.max_amount),
        })
    }

    /// An API key with PAYMENTS_READ, CASHIER or ADMIN.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (an empty or too long reference).
    async fn order(&self, ctx: &Context<'_>, reference: String) -> Result<OrderObject> {
        Ok(OrderObject(holds::order(ctx.state(), ctx.actor()?, &reference).await?))
    }

    /// The wallet's owner, CASHIER, ADMIN or an API key with PAYMENTS_READ; null if none.
    /// Null too for a hold the caller may not see, so another's hold cannot be told from a
    /// missing one. Errors: UNAUTHENTICATED, BAD_USER_INPUT (a malformed id).
    async fn hold(&self, ctx: &Context<'_>, id: ID) -> Result<Option<HoldObject>> {
        let found = holds::hold(ctx.state(), ctx.actor()?, parse_id(&id, "id")?).await?;
        Ok(found.map(|(hold, _)| HoldObject(hold)))
    }
}
