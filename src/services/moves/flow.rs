//! One move from start to answer: run the statement, explain a refusal, replay a retry,
//! publish what committed.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Outcome;
use super::errors::{MoveError, explain, is_key_conflict};
use super::statement::{Move, execute};
use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::{transactions, wallets};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// How often a move refused by its guard is tried again when a fresh read says it would
/// now pass (a concurrent credit committed in between).
const ATTEMPTS: usize = 3;

/// The result of a move: fresh (money moved now, publish it) or the replay of an earlier one.
pub(super) enum Applied {
    Fresh(Outcome),
    Replayed(Outcome),
}

/// Executes the move; when the guard refuses, replays an earlier run with this key,
/// answers why, or tries again if a concurrent change has since made it possible.
pub(super) async fn apply(conn: &mut AsyncPgConnection, step: &Move) -> Result<Applied, MoveError> {
    for _ in 0..ATTEMPTS {
        if let Some(outcome) = execute(conn, step).await? {
            return Ok(Applied::Fresh(outcome));
        }
        if let Some(outcome) = replay(conn, step).await? {
            return Ok(Applied::Replayed(outcome));
        }
        explain(conn, step).await?;
    }
    // The balance was too low each time the guard looked.
    Err(ApiError::InsufficientFunds.into())
}

/// Runs a single-statement move and publishes its event after commit.
pub(super) async fn run(state: &AppState, step: Move) -> ApiResult<Outcome> {
    let mut conn = state.conn().await?;
    match apply(&mut conn, &step).await {
        Ok(applied) => {
            drop(conn);
            Ok(answer(state, applied))
        }
        Err(MoveError::Database(error)) if is_key_conflict(&error) => {
            replay(&mut conn, &step).await?.ok_or(ApiError::IdempotencyKeyReused)
        }
        Err(MoveError::Database(error)) => Err(error.into()),
        Err(MoveError::Api(error)) => Err(error),
    }
}

/// What a committed move answers: a fresh one is published first, a replay as it was.
pub(super) fn answer(state: &AppState, applied: Applied) -> Outcome {
    match applied {
        Applied::Fresh(outcome) => {
            committed(state, &outcome);
            outcome
        }
        Applied::Replayed(outcome) => outcome,
    }
}

/// After the commit of a fresh move: logs it and hands its event to the subscribers. The
/// line is at debug: the ledger is the record of every move and `kassa_money_moves_total`
/// counts them, while formatting and writing a line was a tenth of a top-up's CPU
/// (docs/benchmarks.md, change 27).
pub(crate) fn committed(state: &AppState, outcome: &Outcome) {
    let tx = &outcome.transaction;
    tracing::debug!(
        transaction_id = tx.id,
        kind = %tx.kind,
        amount = %tx.amount,
        wallet_id = tx.wallet_id,
        wallet_version = tx.wallet_version,
        performed_by = tx.performed_by,
        "money moved"
    );
    crate::metrics::money_moved(&tx.kind, tx.payment_system_id, tx.amount);
    state.events.publish_committed(outcome.event());
    // Its webhook events (written by the move's statement, or by the caller's transaction).
    state.webhooks.wake();
}

/// The first result of an earlier request with this key, if it had the same input.
pub(super) async fn replay(conn: &mut AsyncPgConnection, step: &Move) -> ApiResult<Option<Outcome>> {
    let earlier: Option<TransactionRow> = transactions::table
        .filter(transactions::performed_by.eq(step.actor_id))
        .filter(transactions::idempotency_key.eq(&step.key))
        .select(TransactionRow::as_select())
        .first(conn)
        .await
        .optional()?;
    let Some(earlier) = earlier else { return Ok(None) };
    if earlier.request_hash != step.request_hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let wallet: WalletRow = wallets::table.find(earlier.wallet_id).select(WalletRow::as_select()).first(conn).await?;
    tracing::info!(transaction_id = earlier.id, "idempotent replay");
    // The wallet as it was right after the first run, exactly as the first answer said.
    Ok(Some(Outcome { wallet: wallet.as_of(&earlier), transaction: earlier }))
}
