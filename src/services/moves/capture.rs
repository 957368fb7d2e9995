//! The PAYMENT that captures a hold, run inside the caller's transaction (the one that
//! locked the hold and marks it CAPTURED): the same guarded statement as every move, which
//! also releases the hold's whole amount, so the wallet changes once, by one version.

use diesel_async::AsyncPgConnection;
use rust_decimal::Decimal;
use serde_json::json;

use super::Outcome;
use super::errors::MoveError;
use super::flow::{self, Applied};
use super::statement::{Move, Target, fingerprint};
use crate::domain::{Money, TransactionKind};

/// A hold turned into a payment: `amount` of it paid, all of `held` released.
pub(crate) struct HoldCapture {
    pub hold_id: i64,
    pub wallet_id: i64,
    /// The wallet's owner: the payment is theirs, whoever asked for the capture.
    pub owner_id: i64,
    pub amount: Money,
    pub held: Decimal,
    pub order_reference: String,
    pub description: Option<String>,
}

/// The key of a capture's payment. A hold is captured once, and clients cannot send a
/// control character in a key, so none can take this one first.
fn capture_key(hold_id: i64) -> String {
    format!("\u{1}hold:{hold_id}")
}

/// Writes the payment on `conn`; the caller commits and then calls [`super::published`].
pub(crate) async fn capture(conn: &mut AsyncPgConnection, capture: HoldCapture) -> Result<Outcome, MoveError> {
    let step = Move {
        kind: TransactionKind::Payment,
        target: Target::Id(capture.wallet_id),
        amount: capture.amount,
        actor_id: capture.owner_id,
        payment_system_id: None,
        request_hash: fingerprint(json!(["HOLD_CAPTURE", capture.hold_id, capture.amount.to_string()])),
        reference: Some(capture.order_reference),
        comment: capture.description,
        refund_of: None,
        invoice_id: None,
        key: capture_key(capture.hold_id),
        staff_operation: false,
        role: None,
        release: capture.held,
    };
    match flow::apply(conn, &step).await? {
        Applied::Fresh(outcome) | Applied::Replayed(outcome) => Ok(outcome),
    }
}
