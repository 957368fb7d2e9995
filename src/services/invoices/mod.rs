//! Online top-ups (gateways.md): a customer starts an invoice (`start`), pays on the
//! payment system's page, the payment system's signed notification credits it once
//! (`notify`), and a cashier resolves what could not be credited (`resolve`).

mod notify;
mod record;
mod resolve;
mod settle;
mod start;

pub(crate) use notify::{Notification, notify};
pub(crate) use resolve::{Resolution, resolve};
pub(crate) use start::{StartTopUp, start};

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::models::{InvoiceRow, TransactionRow, WalletRow};
use crate::db::schema::{top_up_invoices as invoices, transactions};
use crate::domain::InvoiceStatus;
use crate::error::ApiResult;
use crate::services::history::{Page, PageRequest};
use crate::services::sessions::{Asker, Viewer};
use crate::state::AppState;

/// How an invoice reads now: PENDING past its expiry is EXPIRED.
pub(crate) fn status(row: &InvoiceRow) -> InvoiceStatus {
    match InvoiceStatus::from_db(&row.status).unwrap_or(InvoiceStatus::Review) {
        InvoiceStatus::Pending if row.expires_at <= Utc::now() => InvoiceStatus::Expired,
        status => status,
    }
}

/// A wallet's invoices, newest first: for its owner, cashiers and admins.
pub(crate) async fn of_wallet(
    state: &AppState,
    asker: Asker<'_>,
    wallet: &WalletRow,
    page: PageRequest,
) -> ApiResult<Page<InvoiceRow>> {
    asker.require_wallet_of(wallet.owner_id)?;
    let mut query = invoices::table
        .filter(invoices::wallet_id.eq(wallet.id))
        .select(InvoiceRow::as_select())
        .order(invoices::id.desc())
        .limit(page.limit())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(invoices::id.lt(after.0));
    }
    let mut conn = state.conn().await?;
    Ok(page.finish(query.load(&mut conn).await?, |row| row.id))
}

/// CASHIER, ADMIN: every wallet's invoices, newest first, e.g. the REVIEW queue.
pub(crate) async fn all(
    state: &AppState,
    viewer: &Viewer,
    status: Option<InvoiceStatus>,
    page: PageRequest,
) -> ApiResult<Page<InvoiceRow>> {
    viewer.require_staff()?;
    let mut query =
        invoices::table.select(InvoiceRow::as_select()).order(invoices::id.desc()).limit(page.limit()).into_boxed();
    let now = Utc::now();
    query = match status {
        None => query,
        Some(InvoiceStatus::Pending) => {
            query.filter(invoices::status.eq("PENDING")).filter(invoices::expires_at.gt(now))
        }
        Some(InvoiceStatus::Expired) => {
            query.filter(invoices::status.eq("PENDING")).filter(invoices::expires_at.le(now))
        }
        Some(status) => query.filter(invoices::status.eq(status.as_str())),
    };
    if let Some(after) = page.after {
        query = query.filter(invoices::id.lt(after.0));
    }
    let mut conn = state.conn().await?;
    Ok(page.finish(query.load(&mut conn).await?, |row| row.id))
}

/// Invoices by id (for the data loader); the caller checks who may see each.
pub(crate) async fn by_ids(state: &AppState, ids: &[i64]) -> ApiResult<Vec<InvoiceRow>> {
    let mut conn = state.conn().await?;
    Ok(invoices::table.filter(invoices::id.eq_any(ids)).select(InvoiceRow::as_select()).load(&mut conn).await?)
}

/// The top-ups that paid these invoices (for the data loader).
pub(crate) async fn transactions_of(state: &AppState, invoice_ids: &[i64]) -> ApiResult<Vec<TransactionRow>> {
    let mut conn = state.conn().await?;
    Ok(transactions::table
        .filter(transactions::invoice_id.eq_any(invoice_ids))
        .select(TransactionRow::as_select())
        .load(&mut conn)
        .await?)
}
