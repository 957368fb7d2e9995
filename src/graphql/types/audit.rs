use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::connection::PageInfo;
use super::{PaymentSystemObject, UserObject};
use crate::db::models::AuditRow;
use crate::domain::AuditAction;
use crate::graphql::loaders::{self, PaymentSystemId, UserId};
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::history::Page;

/// One administrative act. Append-only: entries are never changed or removed.
pub(crate) struct AuditEntryObject(pub AuditRow);

#[Object(name = "AuditEntry")]
impl AuditEntryObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn action(&self) -> Result<AuditAction> {
        Ok(AuditAction::from_db(&self.0.action).ok_or("an audit entry with an unknown action")?)
    }

    /// Null when done from the command line.
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<UserObject>> {
        let Some(id) = self.0.actor_id else { return Ok(None) };
        Ok(loaders::load_one(ctx, UserId(id)).await?.map(UserObject))
    }

    /// The user the act was about, if any.
    async fn subject_user(&self, ctx: &Context<'_>) -> Result<Option<UserObject>> {
        let Some(id) = self.0.subject_user_id else { return Ok(None) };
        Ok(loaders::load_one(ctx, UserId(id)).await?.map(UserObject))
    }

    /// The payment system the act was about, if any.
    async fn subject_payment_system(&self, ctx: &Context<'_>) -> Result<Option<PaymentSystemObject>> {
        let Some(id) = self.0.subject_payment_system_id else { return Ok(None) };
        Ok(loaders::load_one(ctx, PaymentSystemId(id)).await?.map(PaymentSystemObject))
    }

    /// What changed, for people to read; never a secret.
    async fn details(&self) -> &str {
        &self.0.details
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}

#[derive(SimpleObject)]
pub(crate) struct AuditEntryEdge {
    pub cursor: String,
    pub node: AuditEntryObject,
}

#[derive(SimpleObject)]
pub(crate) struct AuditEntryConnection {
    pub edges: Vec<AuditEntryEdge>,
    pub page_info: PageInfo,
}

impl AuditEntryConnection {
    pub(crate) fn from_page(page: Page<AuditRow>) -> Self {
        let page_info = PageInfo::of(&page);
        let edges = page
            .items
            .into_iter()
            .map(|(cursor, row)| AuditEntryEdge { cursor: cursor.encode(), node: AuditEntryObject(row) })
            .collect();
        Self { edges, page_info }
    }
}
