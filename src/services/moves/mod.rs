//! Moving money: top-ups, write-offs, payments and refunds.
//!
//! Invariants, for every operation:
//! - one database transaction (a single statement for all but refunds; concurrent ones on
//!   one wallet may share a transaction and its commit, see `group`, each still all or nothing);
//! - the wallet changes through one guarded UPDATE (`balance + delta >= 0`), never a
//!   read-modify-write in Rust, so concurrent operations lose nothing and no balance goes
//!   below zero;
//! - the transaction row, both ledger entries and the outbox event are written by the same
//!   statement, so the ledger always balances and no committed change lacks its event;
//! - (actor, idempotency key) is unique: a retry with the same input returns the first
//!   result, and the same key with other input is IDEMPOTENCY_KEY_REUSED.
//!
//! `input` parses what the client sent, `statement` is the one SQL statement, `flow` runs
//! it and `errors` explains a refusal; `refund` is the one move that reads first. `group`
//! runs a wallet's concurrent single-statement moves in one transaction and one commit
//! (each with its own result), `queue` holds the moves waiting for their wallet's batch.

mod capture;
mod errors;
mod flow;
mod group;
mod input;
mod invoice;
pub(crate) mod queue;
mod refund;
mod statement;

pub(crate) use capture::{HoldCapture, capture as capture_hold};
pub(crate) use errors::MoveError;
/// After the commit of a fresh move made in a caller's transaction: log it, publish it.
pub(crate) use flow::committed as published;
pub(crate) use input::{Pay, Refund, TopUp, WriteOff, idempotency_key, within_limit};
pub(crate) use invoice::{Creditor, InvoiceCredit, credit as credit_invoice};

use rust_decimal::Decimal;
use serde_json::json;

use crate::db::models::{TransactionRow, WalletRow};
use crate::domain::{Role, TransactionKind};
use crate::error::ApiResult;
use crate::events::BalanceEvent;
use crate::services::sessions::Viewer;
use crate::state::AppState;
pub(crate) use statement::fingerprint;
use statement::{Move, Target};

/// What an operation did: its transaction and the wallet right after it.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    pub transaction: TransactionRow,
    pub wallet: WalletRow,
}

impl Outcome {
    fn event(&self) -> BalanceEvent {
        BalanceEvent { wallet: self.wallet.clone(), transaction: Some(self.transaction.clone()), change: None }
    }
}

/// CASHIER: credits real funds received through an enabled payment system.
pub(crate) async fn top_up(state: &AppState, viewer: &Viewer, input: TopUp) -> ApiResult<Outcome> {
    viewer.require(Role::Cashier)?;
    let step = Move {
        kind: TransactionKind::TopUp,
        target: Target::Number(input.wallet.clone()),
        amount: input.amount,
        actor_id: viewer.user_id,
        payment_system_id: Some(input.payment_system_id),
        request_hash: fingerprint(json!([
            "TOP_UP",
            input.wallet.as_str(),
            input.amount.to_string(),
            input.payment_system_id,
            input.receipt,
            input.comment,
        ])),
        reference: Some(input.receipt),
        comment: input.comment,
        refund_of: None,
        invoice_id: None,
        key: input.key,
        staff_operation: true,
        role: Some(statement::Role::Cashier),
        release: Decimal::ZERO,
    };
    group::run(state, step).await
}

/// CASHIER: takes funds off a wallet, with a reason.
pub(crate) async fn write_off(state: &AppState, viewer: &Viewer, input: WriteOff) -> ApiResult<Outcome> {
    viewer.require(Role::Cashier)?;
    let step = Move {
        kind: TransactionKind::WriteOff,
        target: Target::Number(input.wallet.clone()),
        amount: input.amount,
        actor_id: viewer.user_id,
        payment_system_id: None,
        request_hash: fingerprint(json!(["WRITE_OFF", input.wallet.as_str(), input.amount.to_string(), input.reason])),
        reference: None,
        comment: Some(input.reason),
        refund_of: None,
        invoice_id: None,
        key: input.key,
        staff_operation: true,
        role: Some(statement::Role::Cashier),
        release: Decimal::ZERO,
    };
    group::run(state, step).await
}

/// Any signed-in user: pays for an order from their own wallet.
pub(crate) async fn pay(state: &AppState, viewer: &Viewer, input: Pay) -> ApiResult<Outcome> {
    let step = Move {
        kind: TransactionKind::Payment,
        target: Target::Owner(viewer.user_id),
        amount: input.amount,
        actor_id: viewer.user_id,
        payment_system_id: None,
        request_hash: fingerprint(json!([
            "PAYMENT",
            input.amount.to_string(),
            input.order_reference,
            input.description,
        ])),
        reference: Some(input.order_reference),
        comment: input.description,
        refund_of: None,
        invoice_id: None,
        key: input.key,
        staff_operation: false,
        role: None,
        release: Decimal::ZERO,
    };
    group::run(state, step).await
}

/// CASHIER, ADMIN: returns all or part of a payment to its wallet.
pub(crate) async fn refund(state: &AppState, viewer: &Viewer, input: Refund) -> ApiResult<Outcome> {
    viewer.require_staff()?;
    refund::run(state, viewer, input).await
}
