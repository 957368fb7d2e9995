//! Moving money: top-ups, write-offs, payments and refunds.
//!
//! Invariants, for every operation:
//! - one database transaction (a single statement for all but refunds);
//! - the wallet changes through one guarded UPDATE (`balance + delta >= 0`), never a
//!   read-modify-write in Rust, so concurrent operations lose nothing and no balance goes
//!   below zero;
//! - the transaction row, both ledger entries and the outbox event are written by the same
//!   statement, so the ledger always balances and no committed change lacks its event;
//! - (actor, idempotency key) is unique: a retry with the same input returns the first
//!   result, and the same key with other input is IDEMPOTENCY_KEY_REUSED.

mod apply;
mod input;
mod refund;

pub use input::{Pay, Refund, TopUp, WriteOff};

use crate::app::AppState;
use crate::db::models::{TransactionRow, WalletRow};
use crate::domain::{Role, TransactionKind};
use crate::error::ApiResult;
use crate::services::access::Viewer;
use apply::{Move, Target, fingerprint};
use serde_json::json;

/// What an operation did: its transaction and the wallet right after it.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub transaction: TransactionRow,
    pub wallet: WalletRow,
}

/// CASHIER: credits real funds received through an enabled payment system.
pub async fn top_up(state: &AppState, viewer: &Viewer, input: TopUp) -> ApiResult<Outcome> {
    viewer.require(Role::Cashier)?;
    let checked = input.check(state)?;
    let step = Move {
        kind: TransactionKind::TopUp,
        target: Target::Number(checked.wallet.clone()),
        amount: checked.amount,
        actor_id: viewer.user_id,
        payment_system_id: Some(checked.payment_system_id),
        request_hash: fingerprint(json!([
            "TOP_UP",
            checked.wallet.as_str(),
            checked.amount.to_string(),
            checked.payment_system_id,
            checked.receipt,
            checked.comment,
        ])),
        reference: Some(checked.receipt),
        comment: checked.comment,
        refund_of: None,
        key: checked.key,
        staff_operation: true,
    };
    apply::run(state, step).await
}

/// CASHIER: takes funds off a wallet, with a reason.
pub async fn write_off(state: &AppState, viewer: &Viewer, input: WriteOff) -> ApiResult<Outcome> {
    viewer.require(Role::Cashier)?;
    let checked = input.check(state)?;
    let step = Move {
        kind: TransactionKind::WriteOff,
        target: Target::Number(checked.wallet.clone()),
        amount: checked.amount,
        actor_id: viewer.user_id,
        payment_system_id: None,
        request_hash: fingerprint(json!([
            "WRITE_OFF",
            checked.wallet.as_str(),
            checked.amount.to_string(),
            checked.reason,
        ])),
        reference: None,
        comment: Some(checked.reason),
        refund_of: None,
        key: checked.key,
        staff_operation: true,
    };
    apply::run(state, step).await
}

/// Any signed-in user: pays for an order from their own wallet.
pub async fn pay(state: &AppState, viewer: &Viewer, input: Pay) -> ApiResult<Outcome> {
    let checked = input.check(state)?;
    let step = Move {
        kind: TransactionKind::Payment,
        target: Target::Owner(viewer.user_id),
        amount: checked.amount,
        actor_id: viewer.user_id,
        payment_system_id: None,
        request_hash: fingerprint(json!([
            "PAYMENT",
            checked.amount.to_string(),
            checked.order_reference,
            checked.description,
        ])),
        reference: Some(checked.order_reference),
        comment: checked.description,
        refund_of: None,
        key: checked.key,
        staff_operation: false,
    };
    apply::run(state, step).await
}

/// CASHIER, ADMIN: returns all or part of a payment to its wallet.
pub async fn refund(state: &AppState, viewer: &Viewer, input: Refund) -> ApiResult<Outcome> {
    viewer.require_staff()?;
    refund::run(state, viewer, input).await
}
