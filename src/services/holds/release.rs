//! captureHold and voidHold: the hold locked, checked, and released once.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::held::{self, is_key_conflict};
use super::input::Release;
use super::{By, HoldOutcome, announce, committed};
use crate::db::models::{HoldRow, TransactionRow, WalletRow};
use crate::db::schema::{holds, transactions, wallets};
use crate::domain::{HoldStatus, Money, WebhookEvent};
use crate::error::{ApiError, ApiResult};
use crate::services::moves::{self, HoldCapture, MoveError};
use crate::services::sessions::viewer::Actor;
use crate::state::AppState;

/// What the transaction did: released now (publish it) or the replay of an earlier request.
enum Done {
    Captured(HoldOutcome, Box<moves::Outcome>),
    Voided(HoldOutcome, crate::db::models::WalletChangeRow),
    Replayed(HoldOutcome),
}

/// An API key with PAYMENTS_WRITE, or the wallet's owner: pays `amount` (all by default)
/// of a HELD, unexpired hold as one PAYMENT and releases the rest.
pub(crate) async fn capture(state: &AppState, actor: Actor<'_>, input: Release) -> ApiResult<HoldOutcome> {
    run(state, actor, input, HoldStatus::Captured).await
}

/// An API key with PAYMENTS_WRITE, the owner, CASHIER or ADMIN: releases a HELD hold.
pub(crate) async fn void(state: &AppState, actor: Actor<'_>, input: Release) -> ApiResult<HoldOutcome> {
    run(state, actor, input, HoldStatus::Voided).await
}

async fn run(state: &AppState, actor: Actor<'_>, input: Release, to: HoldStatus) -> ApiResult<HoldOutcome> {
    if let Actor::Key(key) = actor {
        key.require_write()?;
    }
    let by = By::of(actor);
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<_, MoveError, _>(async |conn| {
            if let Some(outcome) = replay(conn, by, &input).await? {
                return Ok(Done::Replayed(outcome));
            }
            let (hold, expired): (HoldRow, bool) = holds::table
                .find(input.hold_id)
                .select((HoldRow::as_select(), holds::expires_at.le(diesel::dsl::now)))
                .for_update()
                .first(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound("hold"))?;
            let wallet: WalletRow =
                wallets::table.find(hold.wallet_id).select(WalletRow::as_select()).first(conn).await?;
            if !may_release(actor, &wallet, to) {
                // Not theirs: answered as if there were no such hold.
                return Err(ApiError::NotFound("hold").into());
            }
            if hold.status != HoldStatus::Held.as_str() {
                let status = &hold.status;
                return Err(
                    ApiError::bad_input(format!("this hold is {status}; only a HELD hold can be released")).into()
                );
            }
            if to == HoldStatus::Captured {
                if expired {
                    let at = hold.expires_at.to_rfc3339();
                    return Err(ApiError::bad_input(format!(
                        "this hold expired at {at}; it can no longer be captured"
                    ))
                    .into());
                }
                let (hold, outcome) = capture_now(conn, by, &input, hold, &wallet).await?;
                return Ok(Done::Captured(HoldOutcome { hold, wallet: outcome.wallet.clone() }, Box::new(outcome)));
            }
            let changed = held::change(conn, wallet.id, -hold.amount, hold.id, to).await?;
            let (wallet, change) = changed.ok_or_else(|| ApiError::internal("void", "release refused"))?;
            let hold = mark(conn, by, &input, hold.id, to, None).await?;
            announce(conn, WebhookEvent::HoldVoided, &hold, &wallet.number).await?;
            Ok(Done::Voided(HoldOutcome { hold, wallet }, change))
        })
        .await;
    match result {
        Ok(Done::Captured(outcome, moved)) => {
            drop(conn);
            moves::published(state, &moved);
            tracing::info!(hold_id = outcome.hold.id, transaction_id = moved.transaction.id, "hold captured");
            crate::metrics::hold_changed(&outcome.hold.status);
            Ok(outcome)
        }
        Ok(Done::Voided(outcome, change)) => {
            drop(conn);
            committed(state, &outcome, change, "voided");
            Ok(outcome)
        }
        Ok(Done::Replayed(outcome)) => Ok(outcome),
        Err(MoveError::Database(error)) if is_key_conflict(&error) => {
            replay(&mut conn, by, &input).await?.ok_or(ApiError::IdempotencyKeyReused)
        }
        Err(MoveError::Database(error)) => Err(error.into()),
        Err(MoveError::Api(error)) => Err(error),
    }
}

/// Keys need PAYMENTS_WRITE (checked first); users must own the wallet, or be staff to void.
fn may_release(actor: Actor<'_>, wallet: &WalletRow, to: HoldStatus) -> bool {
    match actor {
        Actor::Key(_) => true,
        Actor::User(viewer) => viewer.user_id == wallet.owner_id || (to == HoldStatus::Voided && viewer.is_staff()),
    }
}

/// The PAYMENT of `amount` (the whole hold by default) that releases the hold.
async fn capture_now(
    conn: &mut AsyncPgConnection,
    by: By,
    input: &Release,
    hold: HoldRow,
    wallet: &WalletRow,
) -> Result<(HoldRow, moves::Outcome), MoveError> {
    let amount = input.amount.map_or(hold.amount, Money::decimal);
    if amount > hold.amount {
        let held = Money::from_decimal(hold.amount);
        return Err(ApiError::bad_input(format!("the capture is above the hold's amount ({held})")).into());
    }
    let capture = HoldCapture {
        hold_id: hold.id,
        wallet_id: wallet.id,
        owner_id: wallet.owner_id,
        amount: Money::from_decimal(amount),
        held: hold.amount,
        order_reference: hold.order_reference.clone(),
        description: hold.description.clone(),
    };
    let outcome = moves::capture_hold(conn, capture).await?;
    let hold = mark(conn, by, input, hold.id, HoldStatus::Captured, Some(&outcome.transaction)).await?;
    announce(conn, WebhookEvent::HoldCaptured, &hold, &wallet.number).await?;
    Ok((hold, outcome))
}

/// The hold released: its new status, who did it and with which key.
async fn mark(
    conn: &mut AsyncPgConnection,
    by: By,
    input: &Release,
    hold_id: i64,
    to: HoldStatus,
    payment: Option<&TransactionRow>,
) -> QueryResult<HoldRow> {
    diesel::update(holds::table.find(hold_id))
        .set((
            holds::status.eq(to.as_str()),
            holds::released_at.eq(diesel::dsl::now),
            holds::released_by.eq(by.user),
            holds::released_by_key_id.eq(by.key),
            holds::release_key.eq(&input.key),
            holds::release_hash.eq(&input.request_hash),
            holds::payment_id.eq(payment.map(|tx| tx.id)),
            holds::captured_amount.eq(payment.map(|tx| tx.amount)),
        ))
        .returning(HoldRow::as_returning())
        .get_result(conn)
        .await
}

/// The first answer to an earlier release with this key, if it had the same input.
async fn replay(conn: &mut AsyncPgConnection, by: By, input: &Release) -> ApiResult<Option<HoldOutcome>> {
    let mut query = holds::table.filter(holds::release_key.eq(&input.key)).select(HoldRow::as_select()).into_boxed();
    query = match (by.user, by.key) {
        (Some(user), _) => query.filter(holds::released_by.eq(user)),
        (None, key) => query.filter(holds::released_by_key_id.eq(key)),
    };
    let Some(hold) = query.first(conn).await.optional()? else { return Ok(None) };
    if hold.release_hash.as_ref() != Some(&input.request_hash) {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let wallet = match hold.payment_id {
        Some(payment_id) => {
            let (tx, wallet): (TransactionRow, WalletRow) = transactions::table
                .inner_join(wallets::table)
                .filter(transactions::id.eq(payment_id))
                .select((TransactionRow::as_select(), WalletRow::as_select()))
                .first(conn)
                .await?;
            wallet.as_of(&tx)
        }
        None => held::as_of(conn, hold.id, HoldStatus::Voided).await?,
    };
    tracing::info!(hold_id = hold.id, "idempotent replay of a hold's release");
    Ok(Some(HoldOutcome { hold, wallet }))
}
