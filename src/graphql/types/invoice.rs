use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::connection::PageInfo;
use super::{PaymentSystemObject, TransactionObject, WalletObject};
use crate::db::models::InvoiceRow;
use crate::domain::{InvoiceStatus, Money};
use crate::error::ApiError;
use crate::graphql::context::ContextExt;
use crate::graphql::loaders::{self, InvoiceId, InvoiceTopUp, PaymentSystemId, WalletId};
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::history::Page;
use crate::services::{invoices, wallets};

/// A top-up the customer starts online: the customer pays on the payment system's page,
/// the payment system sends Kassa a signed notification, and Kassa credits the wallet with
/// no cashier involved.
pub(crate) struct TopUpInvoiceObject(pub InvoiceRow);

#[Object(name = "TopUpInvoice")]
impl TopUpInvoiceObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Digits only, unique: Robokassa's InvId, the label or order number elsewhere.
    async fn number(&self) -> String {
        self.0.id.to_string()
    }

    /// Visible to the wallet's owner, cashiers and admins.
    async fn wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        let wallet = loaders::load_one(ctx, WalletId(self.0.wallet_id)).await?;
        let wallet = wallet.ok_or(ApiError::NotFound("wallet"))?;
        Ok(WalletObject(wallets::shown_to(ctx.asker(), wallet)?))
    }

    async fn payment_system(&self, ctx: &Context<'_>) -> Result<PaymentSystemObject> {
        let row = loaders::load_one(ctx, PaymentSystemId(self.0.payment_system_id)).await?;
        Ok(PaymentSystemObject(row.ok_or(ApiError::NotFound("payment system"))?))
    }

    async fn amount(&self) -> Money {
        Money::from_decimal(self.0.amount)
    }

    async fn status(&self) -> InvoiceStatus {
        invoices::status(&self.0)
    }

    /// The payment system's page that takes this payment, with Kassa's signed parameters.
    async fn payment_url(&self) -> &str {
        &self.0.payment_url
    }

    /// The payment system's own id of the payment, once notified.
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }

    /// What the payment system reported as paid, once notified (may differ in REVIEW).
    async fn paid_amount(&self) -> Option<Money> {
        self.0.paid_amount.map(Money::from_decimal)
    }

    /// REVIEW and after: why the notification was not credited.
    async fn review_reason(&self) -> Option<&str> {
        self.0.review_reason.as_deref()
    }

    /// A second payment for an invoice already settled: that invoice.
    async fn duplicate_of(&self, ctx: &Context<'_>) -> Result<Option<TopUpInvoiceObject>> {
        let Some(id) = self.0.duplicate_of else { return Ok(None) };
        let row = loaders::load_one(ctx, InvoiceId(id)).await?;
        Ok(row.map(TopUpInvoiceObject))
    }

    /// A cashier's resolution of a REVIEW invoice: why it was credited or rejected.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }

    async fn resolved_at(&self) -> Option<DateTime> {
        self.0.resolved_at.map(DateTime)
    }

    /// PAID only: the top-up that credited the wallet.
    async fn transaction(&self, ctx: &Context<'_>) -> Result<Option<TransactionObject>> {
        if self.0.paid_at.is_none() {
            return Ok(None);
        }
        Ok(loaders::load_one(ctx, InvoiceTopUp(self.0.id)).await?.map(TransactionObject))
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn expires_at(&self) -> DateTime {
        DateTime(self.0.expires_at)
    }

    async fn paid_at(&self) -> Option<DateTime> {
        self.0.paid_at.map(DateTime)
    }
}

#[derive(SimpleObject)]
pub(crate) struct TopUpInvoiceEdge {
    pub cursor: String,
    pub node: TopUpInvoiceObject,
}

#[derive(SimpleObject)]
pub(crate) struct TopUpInvoiceConnection {
    pub edges: Vec<TopUpInvoiceEdge>,
    pub page_info: PageInfo,
}

impl TopUpInvoiceConnection {
    pub(crate) fn from_page(page: Page<InvoiceRow>) -> Self {
        let page_info = PageInfo::of(&page);
        let edges = page
            .items
            .into_iter()
            .map(|(cursor, row)| TopUpInvoiceEdge { cursor: cursor.encode(), node: TopUpInvoiceObject(row) })
            .collect();
        Self { edges, page_info }
    }
}
