//! The TOP_UP that pays an online invoice, run inside the caller's transaction (the one
//! that marks the invoice PAID), so the credit and the invoice commit or fail together.

use diesel_async::AsyncPgConnection;
use rust_decimal::Decimal;
use serde_json::json;

use super::Outcome;
use super::errors::MoveError;
use super::flow::{self, Applied};
use super::statement::{Move, Role, Target, fingerprint};
use crate::domain::{Money, TransactionKind};

/// Who credits an invoice: the payment system's notification (on behalf of the customer
/// who started it) or a cashier resolving it from REVIEW.
pub(crate) enum Creditor {
    /// The customer; the key is Kassa's own, one per invoice.
    Notification {
        customer_id: i64,
    },
    Cashier {
        cashier_id: i64,
        key: String,
        reason: String,
    },
}

pub(crate) struct InvoiceCredit {
    pub invoice_id: i64,
    pub wallet_id: i64,
    pub payment_system_id: i64,
    pub amount: Money,
    /// The payment system's id of the payment.
    pub reference: String,
    pub creditor: Creditor,
}

/// The key of a notification's credit. Clients cannot send a control character in a key,
/// so none can take this one first.
fn notification_key(invoice_id: i64) -> String {
    format!("\u{1}invoice:{invoice_id}")
}

/// Credits the invoice's wallet on `conn`; the caller commits and then calls
/// [`super::published`]. A cashier's retry with the same key replays the first credit.
pub(crate) async fn credit(conn: &mut AsyncPgConnection, credit: InvoiceCredit) -> Result<(Outcome, bool), MoveError> {
    let (actor_id, key, comment, staff, role) = match credit.creditor {
        Creditor::Notification { customer_id } => (customer_id, notification_key(credit.invoice_id), None, false, None),
        Creditor::Cashier { cashier_id, key, reason } => (cashier_id, key, Some(reason), true, Some(Role::Cashier)),
    };
    let step = Move {
        kind: TransactionKind::TopUp,
        target: Target::Id(credit.wallet_id),
        amount: credit.amount,
        actor_id,
        payment_system_id: Some(credit.payment_system_id),
        request_hash: fingerprint(json!([
            "INVOICE_TOP_UP",
            credit.invoice_id,
            credit.amount.to_string(),
            credit.reference,
            comment,
        ])),
        reference: Some(credit.reference),
        comment,
        refund_of: None,
        invoice_id: Some(credit.invoice_id),
        key,
        staff_operation: staff,
        role,
        release: Decimal::ZERO,
    };
    match flow::apply(conn, &step).await? {
        Applied::Fresh(outcome) => Ok((outcome, true)),
        Applied::Replayed(outcome) => Ok((outcome, false)),
    }
}
