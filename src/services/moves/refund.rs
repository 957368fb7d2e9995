//! Refunds: the one move that reads first, under a lock on the payment it returns.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rust_decimal::Decimal;
use serde_json::json;

use super::Outcome;
use super::errors::{MoveError, is_key_conflict};
use super::flow::{self, Applied};
use super::input::{self, Refund};
use super::statement::{Move, Role, Target, fingerprint};
use crate::db::models::TransactionRow;
use crate::db::schema::transactions;
use crate::domain::{Money, TransactionKind};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::Viewer;
use crate::state::AppState;

/// Invariant: the refunds of a payment never add up to more than the payment. Refunds of
/// one payment serialise on a row lock of the payment itself (the journal is append-only:
/// the lock changes nothing), and the remainder is read under that lock.
pub(super) async fn run(state: &AppState, viewer: &Viewer, input: Refund) -> ApiResult<Outcome> {
    let Refund { payment_id, amount: requested, reason, key } = input;
    let actor_id = viewer.user_id;
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<_, MoveError, _>(async move |conn| {
            let payment: TransactionRow = transactions::table
                .find(payment_id)
                .select(TransactionRow::as_select())
                .for_update()
                .first(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound("payment"))?;
            if payment.kind != TransactionKind::Payment.as_str() {
                return Err(ApiError::bad_input("only a PAYMENT can be refunded").into());
            }
            let mut step = Move {
                kind: TransactionKind::Refund,
                target: Target::Id(payment.wallet_id),
                // Provisional until the remainder is known; the hash covers what was asked.
                amount: Money::from_decimal(payment.amount),
                actor_id,
                payment_system_id: None,
                reference: payment.reference.clone(),
                comment: Some(reason.clone()),
                refund_of: Some(payment.id),
                invoice_id: None,
                key,
                staff_operation: true,
                role: Some(Role::Staff),
                release: Decimal::ZERO,
                request_hash: fingerprint(json!(["REFUND", payment_id, requested.map(|a| a.to_string()), reason])),
            };
            if let Some(outcome) = flow::replay(conn, &step).await? {
                return Ok((outcome, false));
            }
            let refunded: Option<Decimal> = transactions::table
                .filter(transactions::refund_of.eq(payment.id))
                .select(diesel::dsl::sum(transactions::amount))
                .first(conn)
                .await?;
            let remaining = payment.amount - refunded.unwrap_or_default();
            if remaining <= Decimal::ZERO {
                return Err(ApiError::bad_input("this payment is already refunded in full").into());
            }
            let amount = requested.map_or(remaining, Money::decimal);
            if amount > remaining {
                let left = Money::from_decimal(remaining);
                return Err(ApiError::bad_input(format!("the refund is above what is left to refund ({left})")).into());
            }
            step.amount = input::within_limit(&state.config, Money::from_decimal(amount))?;
            match flow::apply(conn, &step).await? {
                Applied::Fresh(outcome) => Ok((outcome, true)),
                Applied::Replayed(outcome) => Ok((outcome, false)),
            }
        })
        .await;
    match result {
        Ok((outcome, fresh)) => {
            if fresh {
                flow::committed(state, &outcome);
            }
            Ok(outcome)
        }
        // The same key on another payment, committed concurrently: other input.
        Err(MoveError::Database(error)) if is_key_conflict(&error) => Err(ApiError::IdempotencyKeyReused),
        Err(MoveError::Database(error)) => Err(error.into()),
        Err(MoveError::Api(error)) => Err(error),
    }
}
