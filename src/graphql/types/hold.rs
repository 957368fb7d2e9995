use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::connection::PageInfo;
use super::{TransactionObject, WalletObject};
use crate::db::models::HoldRow;
use crate::domain::{HoldStatus, Money};
use crate::error::ApiError;
use crate::graphql::loaders::{self, TransactionId, WalletId};
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::history::Page;
use crate::services::holds::HoldOutcome;

// Whoever holds a HoldObject has passed the hold's access check (its wallet's owner,
// staff, or an API key that may read payments), which covers its wallet too.
/// Funds reserved on a wallet for an order, then captured as a PAYMENT or released.
pub(crate) struct HoldObject(pub HoldRow);

#[Object(name = "Hold")]
impl HoldObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        let wallet = loaders::load_one(ctx, WalletId(self.0.wallet_id)).await?;
        Ok(WalletObject(wallet.ok_or(ApiError::NotFound("wallet"))?))
    }

    async fn amount(&self) -> Money {
        Money::from_decimal(self.0.amount)
    }

    async fn status(&self) -> Result<HoldStatus> {
        HoldStatus::from_db(&self.0.status)
            .ok_or_else(|| ApiError::internal("unknown hold status", &self.0.status).into())
    }

    /// The portal's order this hold is for.
    async fn order_reference(&self) -> &str {
        &self.0.order_reference
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// CAPTURED only: the PAYMENT it became.
    async fn payment(&self, ctx: &Context<'_>) -> Result<Option<TransactionObject>> {
        let Some(id) = self.0.payment_id else { return Ok(None) };
        Ok(loaders::load_one(ctx, TransactionId(id)).await?.map(TransactionObject))
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn expires_at(&self) -> DateTime {
        DateTime(self.0.expires_at)
    }
}

#[derive(SimpleObject)]
#[graphql(name = "HoldEdge")]
pub(crate) struct HoldEdge {
    pub cursor: String,
    pub node: HoldObject,
}

#[derive(SimpleObject)]
#[graphql(name = "HoldConnection")]
pub(crate) struct HoldConnection {
    pub edges: Vec<HoldEdge>,
    pub page_info: PageInfo,
}

impl HoldConnection {
    pub(crate) fn from_page(page: Page<HoldRow>) -> Self {
        let page_info = PageInfo::of(&page);
        let edges = page
            .items
            .into_iter()
            .map(|(cursor, row)| HoldEdge { cursor: cursor.encode(), node: HoldObject(row) })
            .collect();
        Self { edges, page_info }
    }
}

/// The hold and its wallet right after the operation.
#[derive(SimpleObject)]
#[graphql(name = "HoldResult")]
pub(crate) struct HoldResult {
    pub hold: HoldObject,
    pub wallet: WalletObject,
}

impl From<HoldOutcome> for HoldResult {
    fn from(outcome: HoldOutcome) -> Self {
        Self { hold: HoldObject(outcome.hold), wallet: WalletObject(outcome.wallet) }
    }
}
