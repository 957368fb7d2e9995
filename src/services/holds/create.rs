//! createHold: the API key with PAYMENTS_WRITE, or the owner for their own wallet.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Integer, Nullable, Numeric, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::held::{self, is_key_conflict};
use super::input::{CreateHold, Holder};
use super::{By, HoldOutcome, announce, committed};
use crate::db::models::{HoldRow, WalletRow};
use crate::db::schema::{holds, users, wallets};
use crate::domain::{HoldStatus, WebhookEvent};
use crate::error::{ApiError, ApiResult};
use crate::services::moves::MoveError;
use crate::services::sessions::viewer::Actor;
use crate::state::AppState;

const INSERT_HOLD: &str = "
INSERT INTO holds (wallet_id, amount, status, order_reference, description, created_by,
    created_by_key_id, idempotency_key, request_hash, expires_at)
VALUES ($1, $2, 'HELD', $3, $4, $5, $6, $7, $8, now() + $9 * interval '1 second')
RETURNING *";

/// Reserves the amount on the wallet, in one transaction: the guarded change of `held`,
/// the hold, its wallet version. A retry with the key replays the first answer.
pub(crate) async fn create(state: &AppState, actor: Actor<'_>, input: CreateHold) -> ApiResult<HoldOutcome> {
    if let Actor::Key(key) = actor {
        key.require_write()?;
    }
    let by = By::of(actor);
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<_, MoveError, _>(async |conn| {
            if let Some(outcome) = replay(conn, by, &input).await? {
                return Ok(Err(outcome));
            }
            let wallet = target(conn, &input.holder).await?;
            // A customer holds only on their own wallet; whether another exists stays unsaid.
            let wallet = match (actor, wallet) {
                (Actor::User(viewer), wallet) if wallet.as_ref().is_none_or(|w| w.owner_id != viewer.user_id) => {
                    return Err(ApiError::Forbidden("you can hold funds only on your own wallet").into());
                }
                (_, wallet) => wallet.ok_or(ApiError::NotFound("wallet"))?,
            };
            let hold: HoldRow = diesel::sql_query(INSERT_HOLD)
                .bind::<BigInt, _>(wallet.id)
                .bind::<Numeric, _>(input.amount.decimal())
                .bind::<Text, _>(&input.order_reference)
                .bind::<Nullable<Text>, _>(&input.description)
                .bind::<Nullable<BigInt>, _>(by.user)
                .bind::<Nullable<BigInt>, _>(by.key)
                .bind::<Text, _>(&input.key)
                .bind::<Bytea, _>(&input.request_hash)
                .bind::<Integer, _>(input.seconds)
                .get_result(conn)
                .await?;
            let changed = held::change(conn, wallet.id, input.amount.decimal(), hold.id, HoldStatus::Held).await?;
            let (wallet, change) = changed.ok_or(ApiError::InsufficientFunds)?;
            announce(conn, WebhookEvent::HoldCreated, &hold, &wallet.number).await?;
            Ok(Ok((HoldOutcome { hold, wallet }, change)))
        })
        .await;
    match result {
        Ok(Ok((outcome, change))) => {
            drop(conn);
            committed(state, &outcome, change, "created");
            Ok(outcome)
        }
        Ok(Err(replayed)) => Ok(replayed),
        Err(MoveError::Database(error)) if is_key_conflict(&error) => {
            replay(&mut conn, by, &input).await?.ok_or(ApiError::IdempotencyKeyReused)
        }
        Err(MoveError::Database(error)) => Err(error.into()),
        Err(MoveError::Api(error)) => Err(error),
    }
}

/// The wallet the input names, if any.
async fn target(conn: &mut AsyncPgConnection, holder: &Holder) -> QueryResult<Option<WalletRow>> {
    let query = wallets::table.select(WalletRow::as_select());
    match holder {
        Holder::Number(number) => query.filter(wallets::number.eq(number.as_str())).first(conn).await.optional(),
        Holder::External(id) => query
            .filter(
                wallets::owner_id
                    .nullable()
                    .eq(users::table.filter(users::external_id.eq(id)).select(users::id).single_value()),
            )
            .first(conn)
            .await
            .optional(),
    }
}

/// The first answer to an earlier request with this key, if it had the same input: the
/// hold (as it is now) and the wallet as that request left it.
async fn replay(conn: &mut AsyncPgConnection, by: By, input: &CreateHold) -> ApiResult<Option<HoldOutcome>> {
    let mut query =
        holds::table.filter(holds::idempotency_key.eq(&input.key)).select(HoldRow::as_select()).into_boxed();
    query = match (by.user, by.key) {
        (Some(user), _) => query.filter(holds::created_by.eq(user)),
        (None, key) => query.filter(holds::created_by_key_id.eq(key)),
    };
    let Some(hold) = query.first(conn).await.optional()? else { return Ok(None) };
    if hold.request_hash != input.request_hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let wallet = held::as_of(conn, hold.id, HoldStatus::Held).await?;
    tracing::info!(hold_id = hold.id, "idempotent replay of a hold");
    Ok(Some(HoldOutcome { hold, wallet }))
}
