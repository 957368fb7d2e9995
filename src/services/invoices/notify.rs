//! A payment system's notification: signature first, then the invoice, then the money,
//! exactly once (gateways.md). Every attempt is recorded with its verdict and logged once.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::record::{Attempt, Verdict};
use super::settle::settle;
use crate::db::models::{InvoiceRow, NewNotificationRow, PaymentSystemRow};
use crate::db::schema::{payment_system_bindings as bindings, top_up_invoices as invoices};
use crate::domain::{InvoiceStatus, PaymentProvider};
use crate::gateways::{Answer, Checking, Incoming, Notice, Refusal, Reply, gateway};
use crate::services::moves::{self, Outcome};
use crate::services::payment_systems;
use crate::state::AppState;

/// A notification as the HTTP layer received it.
pub(crate) struct Notification<'a> {
    pub binding_id: &'a str,
    pub source: String,
    pub method: &'static str,
    pub incoming: Incoming<'a>,
}

/// The largest part of a body kept in the record of a refused attempt.
const KEPT_OF_A_REFUSAL: usize = 8 * 1024;

/// Handles one notification and answers it in its provider's format.
pub(crate) async fn notify(state: &AppState, notification: Notification<'_>) -> Reply {
    let body = String::from_utf8_lossy(notification.incoming.body).into_owned();
    let mut attempt = Attempt {
        row: NewNotificationRow {
            payment_system_id: None,
            provider: None,
            source_address: notification.source.clone(),
            method: notification.method.to_owned(),
            body,
            verdict: String::new(),
            detail: None,
            invoice_id: None,
            external_id: None,
        },
    };
    let handled = handle(state, &notification, &mut attempt).await;
    if !handled.recorded {
        attempt.set_verdict(handled.verdict);
        if handled.verdict.is_refusal() {
            // Refusals are recorded at a bounded rate per address, so junk cannot fill the table.
            if state.throttles.notifications.attempt(&notification.source).await.is_err() {
                tracing::debug!(source = %notification.source, "refused notifications from this address are no longer recorded");
                return handled.reply;
            }
            let mut end = attempt.row.body.len().min(KEPT_OF_A_REFUSAL);
            while !attempt.row.body.is_char_boundary(end) {
                end -= 1;
            }
            attempt.row.body.truncate(end);
        }
        if let Err(error) = insert_alone(state, &attempt).await {
            tracing::error!(%error, "a payment notification could not be recorded");
        }
    }
    attempt.log();
    if let Some(outcome) = handled.credited {
        moves::published(state, &outcome);
    }
    handled.reply
}

/// What became of a notification.
struct Handled {
    verdict: Verdict,
    reply: Reply,
    /// The top-up it made, to publish after commit.
    credited: Option<Outcome>,
    /// True when the attempt was recorded in the transaction that acted on it.
    recorded: bool,
}

impl Handled {
    fn refused(verdict: Verdict, reply: Reply) -> Self {
        Self { verdict, reply, credited: None, recorded: false }
    }
}

async fn insert_alone(state: &AppState, attempt: &Attempt) -> anyhow::Result<()> {
    let mut conn = state.conn().await.map_err(|error| anyhow::anyhow!("{error}"))?;
    attempt.insert(&mut conn).await?;
    Ok(())
}

/// Reads, checks and acts on a notification. Verdicts on a payment are recorded by
/// [`settle`] in the transaction that acts on them.
async fn handle(state: &AppState, notification: &Notification<'_>, attempt: &mut Attempt) -> Handled {
    let plain = Reply::plain;
    let Ok(binding_id) = notification.binding_id.parse::<i64>() else {
        return Handled::refused(Verdict::UnknownBinding, plain(Answer::UnknownInvoice));
    };
    let binding = match load_binding(state, binding_id).await {
        Ok(Some(binding)) => binding,
        Ok(None) => return Handled::refused(Verdict::UnknownBinding, plain(Answer::UnknownInvoice)),
        Err(error) => {
            attempt.row.detail = Some(error.to_string());
            return Handled::refused(Verdict::Failed, plain(Answer::TryLater));
        }
    };
    attempt.row.payment_system_id = Some(binding.id);
    attempt.row.provider = Some(binding.provider.clone());
    let provider = PaymentProvider::from_db(&binding.provider).unwrap_or(PaymentProvider::Other);
    let Some(gateway) = gateway(provider) else {
        attempt.row.detail = Some("this binding takes no notifications (provider OTHER)".to_owned());
        return Handled::refused(Verdict::NotConfigured, plain(Answer::UnknownInvoice));
    };
    let secret = match payment_systems::open(&state.config.online.keyring, &binding) {
        Ok(opened) => opened.secret,
        Err(error) => {
            tracing::error!(payment_system_id = binding.id, %error, "a payment system's secret cannot be opened");
            None
        }
    };
    let Some(secret) = secret else {
        attempt.row.detail = Some("no notification secret to check the signature with".to_owned());
        return Handled::refused(Verdict::NotConfigured, gateway.reply(Answer::BadSignature));
    };
    let checking = Checking { secret: &secret, algorithm: payment_systems::algorithm(&binding) };
    let notice = match gateway.read(&notification.incoming, &checking) {
        Ok(notice) => notice,
        Err(Refusal::BadSignature) => {
            return Handled::refused(Verdict::BadSignature, gateway.reply(Answer::BadSignature));
        }
        Err(Refusal::Malformed(why)) => {
            attempt.row.detail = Some(why);
            return Handled::refused(Verdict::Malformed, gateway.reply(Answer::Malformed));
        }
    };
    match notice {
        Notice::NotPaid { invoice, status } => {
            attempt.row.detail = Some(format!("invoice {invoice}: status {status}, nothing to credit"));
            Handled::refused(Verdict::NotPaid, gateway.reply(Answer::Accepted { invoice: &invoice }))
        }
        Notice::PreRequest { invoice, amount, merchant } => {
            let payable = payable(state, &binding, &invoice, amount, merchant.as_deref()).await;
            let verdict = if payable { Verdict::Payable } else { Verdict::NotPayable };
            attempt.row.detail = Some(format!("pre-request for invoice {invoice}, {amount}"));
            Handled::refused(verdict, gateway.reply(Answer::Payable(payable)))
        }
        Notice::Payment(payment) => {
            attempt.row.external_id = Some(payment.external_id.clone());
            match settle(state, &binding, &payment, attempt).await {
                Ok((verdict, outcome)) => {
                    let answer = match verdict {
                        Verdict::UnknownInvoice => Answer::UnknownInvoice,
                        _ => Answer::Accepted { invoice: &payment.invoice },
                    };
                    Handled { verdict, reply: gateway.reply(answer), credited: outcome, recorded: true }
                }
                Err(error) => {
                    tracing::error!(%error, payment_system_id = binding.id, "a payment notification failed");
                    attempt.row.detail = Some("the database failed; the payment system will retry".to_owned());
                    Handled::refused(Verdict::Failed, gateway.reply(Answer::TryLater))
                }
            }
        }
    }
}

async fn load_binding(state: &AppState, id: i64) -> anyhow::Result<Option<PaymentSystemRow>> {
    let mut conn = state.conn().await.map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok(bindings::table.find(id).select(PaymentSystemRow::as_select()).first(&mut conn).await.optional()?)
}

/// PayMaster's pre-request: the invoice exists on this binding, still waits for its
/// payment, and the amount and merchant match.
async fn payable(
    state: &AppState,
    binding: &PaymentSystemRow,
    number: &str,
    amount: rust_decimal::Decimal,
    merchant: Option<&str>,
) -> bool {
    let Ok(id) = number.parse::<i64>() else { return false };
    let Ok(mut conn) = state.conn().await else { return false };
    let invoice: Option<InvoiceRow> = invoices::table
        .find(id)
        .filter(invoices::payment_system_id.eq(binding.id))
        .select(InvoiceRow::as_select())
        .first(&mut conn)
        .await
        .ok();
    invoice.is_some_and(|invoice| {
        invoice.status == InvoiceStatus::Pending.as_str()
            && invoice.amount == amount
            && merchant.is_none_or(|merchant| Some(merchant) == binding.merchant_id.as_deref())
    })
}
