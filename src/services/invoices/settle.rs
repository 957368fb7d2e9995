//! A validly signed payment, settled in one transaction: lock the invoice, decide, credit it
//! or keep it for review (a credit writes the `invoice.paid` webhook event), and record the
//! attempt with the verdict.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::record::{Attempt, Verdict};
use crate::db::models::{InvoiceRow, PaymentSystemRow};
use crate::db::schema::top_up_invoices as invoices;
use crate::domain::{InvoiceStatus, Money, WebhookEvent};
use crate::gateways::Payment;
use crate::services::moves::{self, Creditor, InvoiceCredit, MoveError, Outcome};
use crate::services::webhooks;
use crate::state::AppState;

/// Why a validly signed payment cannot be credited to its PENDING invoice, if it cannot.
fn mismatch(invoice: &InvoiceRow, binding: &PaymentSystemRow, payment: &Payment) -> Option<String> {
    if let Some(held) = payment.held {
        return Some(held.to_owned());
    }
    if payment.amount != invoice.amount {
        return Some(format!("paid {} for an invoice of {}", payment.amount, invoice.amount));
    }
    if let Some(currency) = payment.currency.as_deref().filter(|currency| *currency != invoice.currency) {
        return Some(format!("paid in {currency}, the invoice is in {}", invoice.currency));
    }
    if let Some(merchant) = payment.merchant.as_deref().filter(|m| Some(*m) != binding.merchant_id.as_deref()) {
        return Some(format!("paid to merchant {merchant:?}, not this binding's"));
    }
    None
}

/// One transaction: lock the invoice, decide, credit or keep for review, record the attempt.
pub(super) async fn settle(
    state: &AppState,
    binding: &PaymentSystemRow,
    payment: &Payment,
    attempt: &mut Attempt,
) -> Result<(Verdict, Option<Outcome>), MoveError> {
    let mut conn = state.conn().await?;
    let recorded = &mut *attempt;
    conn.transaction::<_, MoveError, _>(async move |conn| {
        let (verdict, outcome) = decide(conn, binding, payment, recorded).await?;
        recorded.set_verdict(verdict);
        recorded.insert(conn).await?;
        Ok((verdict, outcome.filter(|(_, fresh)| *fresh).map(|(outcome, _)| outcome)))
    })
    .await
}

async fn decide(
    conn: &mut AsyncPgConnection,
    binding: &PaymentSystemRow,
    payment: &Payment,
    attempt: &mut Attempt,
) -> Result<(Verdict, Option<(Outcome, bool)>), MoveError> {
    let found = match payment.invoice.parse::<i64>() {
        Ok(id) => invoices::table
            .find(id)
            .filter(invoices::payment_system_id.eq(binding.id))
            .select(InvoiceRow::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?,
        Err(_) => None,
    };
    let Some(invoice) = found else {
        attempt.row.detail = Some(format!("no invoice {:?} on this binding", payment.invoice));
        return Ok((Verdict::UnknownInvoice, None));
    };
    attempt.row.invoice_id = Some(invoice.id);
    // The same payment again (the provider retries): the same answer, nothing more.
    let known: Option<i64> = invoices::table
        .filter(invoices::payment_system_id.eq(binding.id))
        .filter(invoices::external_id.eq(&payment.external_id))
        .select(invoices::id)
        .first(conn)
        .await
        .optional()?;
    if let Some(known) = known {
        attempt.row.invoice_id = Some(known);
        return Ok((Verdict::Replayed, None));
    }
    let now = Utc::now();
    if invoice.status != InvoiceStatus::Pending.as_str() {
        // Another payment for an invoice already settled: kept apart for a cashier.
        let reason = format!("a second payment for invoice {} ({})", invoice.id, invoice.status);
        let second: i64 = diesel::insert_into(invoices::table)
            .values((
                invoices::wallet_id.eq(invoice.wallet_id),
                invoices::payment_system_id.eq(binding.id),
                invoices::amount.eq(payment.amount),
                invoices::currency.eq(&invoice.currency),
                invoices::status.eq(InvoiceStatus::Review.as_str()),
                invoices::payment_url.eq(&invoice.payment_url),
                invoices::external_id.eq(&payment.external_id),
                invoices::paid_amount.eq(payment.amount),
                invoices::review_reason.eq(&reason),
                invoices::duplicate_of.eq(invoice.id),
                invoices::created_by.eq(invoice.created_by),
                invoices::idempotency_key.eq(format!("\u{1}second:{}:{}", binding.id, payment.external_id)),
                invoices::request_hash.eq(Vec::<u8>::new()),
                invoices::expires_at.eq(invoice.expires_at),
            ))
            .returning(invoices::id)
            .get_result(conn)
            .await?;
        attempt.row.invoice_id = Some(second);
        attempt.row.detail = Some(reason);
        return Ok((Verdict::Review, None));
    }
    if let Some(reason) = mismatch(&invoice, binding, payment) {
        diesel::update(invoices::table.find(invoice.id))
            .set((
                invoices::status.eq(InvoiceStatus::Review.as_str()),
                invoices::external_id.eq(&payment.external_id),
                invoices::paid_amount.eq(payment.amount),
                invoices::review_reason.eq(&reason),
            ))
            .execute(conn)
            .await?;
        attempt.row.detail = Some(reason);
        return Ok((Verdict::Review, None));
    }
    let credited = moves::credit_invoice(
        conn,
        InvoiceCredit {
            invoice_id: invoice.id,
            wallet_id: invoice.wallet_id,
            payment_system_id: binding.id,
            amount: Money::from_decimal(invoice.amount),
            reference: payment.external_id.clone(),
            creditor: Creditor::Notification { customer_id: invoice.created_by },
        },
    )
    .await?;
    let paid: InvoiceRow = diesel::update(invoices::table.find(invoice.id))
        .set((
            invoices::status.eq(InvoiceStatus::Paid.as_str()),
            invoices::external_id.eq(&payment.external_id),
            invoices::paid_amount.eq(payment.amount),
            invoices::paid_at.eq(now),
        ))
        .returning(InvoiceRow::as_returning())
        .get_result(conn)
        .await?;
    if credited.1 {
        let (wallet, transaction_id) = (&credited.0.wallet.number, credited.0.transaction.id);
        webhooks::emit(conn, WebhookEvent::InvoicePaid, webhooks::invoice_data(&paid, wallet, transaction_id)).await?;
    }
    Ok((Verdict::Credited, Some(credited)))
}
