//! Queries for operating Kassa: the audit log, the reconciliation report and the API keys (ADMIN).

use async_graphql::{Context, Object, Result};

use super::context::ContextExt;
use super::guards::RoleGuard;
use super::scalars::DateTime;
use super::types::{ApiKeyObject, AuditEntryConnection, PaymentSystemDayObject};
use crate::domain::AuditAction;
use crate::services::history::PageRequest;
use crate::services::{api_keys, audit, report};

#[derive(Default)]
pub(super) struct OperationsQuery;

#[Object]
impl OperationsQuery {
    /// ADMIN: newest first. Every administrative act (sign-ups and users created by an
    /// admin, admins created from the command line with a null actor, cashiers appointed
    /// and removed, payment systems connected and changed...), optionally of one `action`.
    /// `first` defaults to 20, at most 100. Errors: UNAUTHENTICATED, FORBIDDEN,
    /// BAD_USER_INPUT (first out of range, a foreign cursor).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        action: Option<AuditAction>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<AuditEntryConnection> {
        let page = PageRequest::parse(first, after.as_deref())?;
        let found = audit::list(ctx.state(), ctx.signed_in()?, action, page).await?;
        Ok(AuditEntryConnection::from_page(found))
    }

    /// ADMIN: one row per payment system and day with any top-up, oldest day first, from
    /// `since` (inclusive) to `until` (exclusive); days are UTC. Amounts are exact sums;
    /// online top-ups are those a payment system's notification credited. The same
    /// top-ups one by one: `GET /reports/top-ups.csv`. Errors: UNAUTHENTICATED, FORBIDDEN,
    /// BAD_USER_INPUT (since not before until, or a range over 366 days).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn payment_system_report(
        &self,
        ctx: &Context<'_>,
        since: DateTime,
        until: DateTime,
    ) -> Result<Vec<PaymentSystemDayObject>> {
        let range = report::Range::parse(since.0, until.0)?;
        let days = report::daily(ctx.state(), ctx.signed_in()?, range).await?;
        Ok(days.into_iter().map(PaymentSystemDayObject).collect())
    }

    /// ADMIN: every API key, revoked ones too, newest first; never a secret.
    /// Errors: UNAUTHENTICATED, FORBIDDEN.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn api_keys(&self, ctx: &Context<'_>) -> Result<Vec<ApiKeyObject>> {
        let keys = api_keys::list(ctx.state(), ctx.signed_in()?).await?;
        Ok(keys.into_iter().map(ApiKeyObject).collect())
    }
}
