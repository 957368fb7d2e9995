//! A cashier resolves an invoice kept in REVIEW: credits it (with a reason, by default the
//! amount the payment system reported) or rejects it. Each is one transaction, idempotent,
//! and recorded on the invoice (who, when, why); a credit writes the `invoice.paid` webhook event.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::models::InvoiceRow;
use crate::db::schema::top_up_invoices as invoices;
use crate::domain::{AuditAction, InvoiceStatus, Money, Role, WebhookEvent};
use crate::error::{ApiError, ApiResult};
use crate::services::audit::{self, Entry};
use crate::services::moves::{self, Creditor, InvoiceCredit, MoveError, idempotency_key, within_limit};
use crate::services::sessions::Viewer;
use crate::services::text::required;
use crate::services::webhooks;
use crate::state::AppState;

/// A checked resolution.
pub(crate) struct Resolution {
    invoice_id: i64,
    credit: bool,
    amount: Option<Money>,
    reason: String,
    key: String,
}

impl Resolution {
    pub(crate) fn parse(
        state: &AppState,
        invoice_id: i64,
        credit: bool,
        amount: Option<Money>,
        reason: &str,
        key: &str,
    ) -> ApiResult<Self> {
        if amount.is_some() && !credit {
            return Err(ApiError::bad_input("amount is for crediting only"));
        }
        Ok(Self {
            invoice_id,
            credit,
            amount: amount.map(|amount| within_limit(&state.config, amount)).transpose()?,
            reason: required("reason", reason, 500)?,
            key: idempotency_key(key)?,
        })
    }
}

/// CASHIER: credits or rejects a REVIEW invoice. Asking again for what was done answers the
/// invoice as it is; a settled invoice cannot be resolved otherwise.
pub(crate) async fn resolve(state: &AppState, viewer: &Viewer, resolution: Resolution) -> ApiResult<InvoiceRow> {
    viewer.require(Role::Cashier)?;
    let cashier_id = viewer.user_id;
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<_, MoveError, _>(async move |conn| {
            let invoice: InvoiceRow = invoices::table
                .find(resolution.invoice_id)
                .select(InvoiceRow::as_select())
                .for_update()
                .first(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound("invoice"))?;
            let wanted = if resolution.credit { InvoiceStatus::Paid } else { InvoiceStatus::Rejected };
            if invoice.status == wanted.as_str()
                && invoice.resolved_by == Some(cashier_id)
                && invoice.resolution.as_deref() == Some(resolution.reason.as_str())
            {
                return Ok((invoice, None));
            }
            if invoice.status != InvoiceStatus::Review.as_str() {
                let status = super::status(&invoice).as_str();
                return Err(
                    ApiError::bad_input(format!("only an invoice in REVIEW can be resolved; it is {status}")).into()
                );
            }
            let now = Utc::now();
            let mut credited = None;
            if resolution.credit {
                let amount =
                    resolution.amount.unwrap_or(Money::from_decimal(invoice.paid_amount.unwrap_or(invoice.amount)));
                let (outcome, fresh) = moves::credit_invoice(
                    conn,
                    InvoiceCredit {
                        invoice_id: invoice.id,
                        wallet_id: invoice.wallet_id,
                        payment_system_id: invoice.payment_system_id,
                        amount,
                        reference: invoice.external_id.clone().unwrap_or_else(|| format!("invoice {}", invoice.id)),
                        creditor: Creditor::Cashier {
                            cashier_id,
                            key: resolution.key.clone(),
                            reason: resolution.reason.clone(),
                        },
                    },
                )
                .await?;
                credited = fresh.then_some(outcome);
            }
            let details = match &credited {
                Some(outcome) => {
                    format!("invoice {} credited {}: {}", invoice.id, outcome.transaction.amount, resolution.reason)
                }
                None if resolution.credit => format!("invoice {} credited: {}", invoice.id, resolution.reason),
                None => format!("invoice {} rejected: {}", invoice.id, resolution.reason),
            };
            let entry = Entry {
                action: AuditAction::InvoiceResolved,
                actor: Some(cashier_id),
                user: Some(invoice.created_by),
                payment_system: Some(invoice.payment_system_id),
                details,
            };
            audit::record(conn, entry).await?;
            let row: InvoiceRow = diesel::update(invoices::table.find(invoice.id))
                .set((
                    invoices::status.eq(wanted.as_str()),
                    invoices::paid_at.eq(resolution.credit.then_some(now)),
                    invoices::resolved_by.eq(cashier_id),
                    invoices::resolved_at.eq(now),
                    invoices::resolution.eq(&resolution.reason),
                ))
                .returning(InvoiceRow::as_returning())
                .get_result(conn)
                .await?;
            if let Some(outcome) = &credited {
                let data = webhooks::invoice_data(&row, &outcome.wallet.number, outcome.transaction.id);
                webhooks::emit(conn, WebhookEvent::InvoicePaid, data).await?;
            }
            Ok((row, credited))
        })
        .await;
    match result {
        Ok((invoice, credited)) => {
            if let Some(outcome) = credited {
                tracing::info!(invoice_id = invoice.id, cashier_id, "a REVIEW invoice was credited");
                moves::published(state, &outcome);
            } else {
                tracing::info!(invoice_id = invoice.id, cashier_id, status = %invoice.status, "a REVIEW invoice was resolved");
            }
            Ok(invoice)
        }
        Err(MoveError::Api(error)) => Err(error),
        Err(MoveError::Database(error)) => Err(error.into()),
    }
}
