//! The one statement that moves money, and what to answer when it moves nothing.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Bytea, Int8, Nullable, Numeric, Text, Timestamptz, Untyped};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::Outcome;
use crate::app::AppState;
use crate::db::models::{PaymentSystemRow, TransactionRow, WalletRow};
use crate::db::schema::{payment_system_bindings, transactions, wallets};
use crate::domain::{Money, TransactionKind, WalletNumber};
use crate::error::{ApiError, ApiResult};

/// Which wallet a move touches.
pub(super) enum Target {
    Number(WalletNumber),
    Owner(i64),
    Id(i64),
}

/// A checked operation, ready to run.
pub(super) struct Move {
    pub kind: TransactionKind,
    pub target: Target,
    pub amount: Money,
    pub actor_id: i64,
    pub payment_system_id: Option<i64>,
    pub reference: Option<String>,
    pub comment: Option<String>,
    pub refund_of: Option<i64>,
    pub key: String,
    /// Staff may not move money on their own wallet.
    pub staff_operation: bool,
    /// What makes two requests with one key "the same": see [`fingerprint`].
    pub request_hash: Vec<u8>,
}

/// A hash of everything the client chose in a request, for idempotency.
pub(super) fn fingerprint(fields: serde_json::Value) -> Vec<u8> {
    Sha256::digest(fields.to_string().as_bytes()).to_vec()
}

impl Move {
    /// The signed change of the wallet balance.
    fn delta(&self) -> Decimal {
        if self.kind.is_credit() { self.amount.decimal() } else { -self.amount.decimal() }
    }

    /// The system account on the other side of the double entry.
    fn counter_account(&self) -> String {
        match (self.kind, self.payment_system_id) {
            (TransactionKind::TopUp, Some(id)) => format!("payment_system:{id}"),
            (TransactionKind::WriteOff, _) => "written_off".to_owned(),
            _ => "sales".to_owned(),
        }
    }
}

/// The guarded UPDATE, the journal row, both ledger entries and the outbox event, as one
/// statement. No row comes back when the wallet is missing, would go below zero, belongs
/// to the staff member acting, or the payment system is not enabled.
const MOVE_SQL: &str = "
WITH w AS (
    UPDATE wallets SET balance = balance + $1, version = version + 1
    WHERE id = COALESCE($2, (SELECT id FROM wallets WHERE number = $3),
                            (SELECT id FROM wallets WHERE owner_id = $4))
      AND balance + $1 >= 0
      AND owner_id IS DISTINCT FROM $5
      AND ($6::bigint IS NULL OR EXISTS (
          SELECT 1 FROM payment_system_bindings p WHERE p.id = $6 AND p.enabled))
    RETURNING id, number, owner_id, currency, balance, version, created_at
), t AS (
    INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version,
        performed_by, payment_system_id, reference, comment, refund_of, idempotency_key,
        request_hash)
    SELECT $7, abs($1), w.id, w.balance, w.version, $8, $6, $9, $10, $11, $12, $13 FROM w
    RETURNING *
), e AS (
    INSERT INTO ledger_entries (transaction_id, account, amount)
    SELECT t.id, 'wallet:' || t.wallet_id, $1 FROM t
    UNION ALL
    SELECT t.id, $14, -$1 FROM t
), o AS (
    INSERT INTO outbox (transaction_id) SELECT t.id FROM t
)
SELECT t.*, w.number AS wallet_number, w.owner_id AS wallet_owner_id,
       w.currency AS wallet_currency, w.created_at AS wallet_created_at
FROM t, w";

#[derive(QueryableByName)]
struct MovedRow {
    #[diesel(embed)]
    transaction: TransactionRow,
    #[diesel(sql_type = Text)]
    wallet_number: String,
    #[diesel(sql_type = Int8)]
    wallet_owner_id: i64,
    #[diesel(sql_type = Text)]
    wallet_currency: String,
    #[diesel(sql_type = Timestamptz)]
    wallet_created_at: DateTime<Utc>,
}

impl MovedRow {
    fn into_outcome(self) -> Outcome {
        let tx = self.transaction;
        let wallet = WalletRow {
            id: tx.wallet_id,
            number: self.wallet_number,
            owner_id: self.wallet_owner_id,
            currency: self.wallet_currency,
            balance: tx.balance_after,
            version: tx.wallet_version,
            created_at: self.wallet_created_at,
        };
        Outcome { transaction: tx, wallet }
    }
}

/// MOVE_SQL with its parameters, as a query diesel prepares once per connection and then
/// reuses (a plain `sql_query` is parsed and planned by PostgreSQL on every call).
struct MoveQuery<'a> {
    step: &'a Move,
    delta: Decimal,
    by_id: Option<i64>,
    by_number: Option<&'a str>,
    by_owner: Option<i64>,
    staff: Option<i64>,
    counter_account: String,
}

/// The statement cache key: MOVE_SQL's text never changes, so one type identifies it.
struct MoveQueryId;

impl QueryId for MoveQuery<'_> {
    type QueryId = MoveQueryId;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for MoveQuery<'_> {
    type SqlType = Untyped;
}

/// MOVE_SQL cut at its parameters, once: (the SQL before `$n`, n), and the SQL after the last.
static MOVE_SQL_PARTS: LazyLock<(Vec<(&'static str, u32)>, &'static str)> = LazyLock::new(|| {
    let (mut parts, mut rest) = (Vec::new(), MOVE_SQL);
    while let Some(at) = rest.find('$') {
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let number = rest[at + 1..at + 1 + digits].parse().expect("MOVE_SQL numbers its parameters");
        parts.push((&rest[..at], number));
        rest = &rest[at + 1 + digits..];
    }
    (parts, rest)
});

impl QueryFragment<Pg> for MoveQuery<'_> {
    /// Writes MOVE_SQL, binding parameter `$n` at each place it appears.
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (parts, tail) = &*MOVE_SQL_PARTS;
        for (sql, number) in parts {
            out.push_sql(sql);
            self.bind(*number, &mut out)?;
        }
        out.push_sql(tail);
        Ok(())
    }
}

impl<'a> MoveQuery<'a> {
    fn new(step: &'a Move) -> Self {
        let (by_id, by_number, by_owner) = match &step.target {
            Target::Id(id) => (Some(*id), None, None),
            Target::Number(number) => (None, Some(number.as_str()), None),
            Target::Owner(id) => (None, None, Some(*id)),
        };
        Self {
            step,
            delta: step.delta(),
            by_id,
            by_number,
            by_owner,
            staff: step.staff_operation.then_some(step.actor_id),
            counter_account: step.counter_account(),
        }
    }

    fn bind<'b>(&'b self, number: u32, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let step = self.step;
        match number {
            1 => out.push_bind_param::<Numeric, _>(&self.delta),
            2 => out.push_bind_param::<Nullable<Int8>, _>(&self.by_id),
            3 => out.push_bind_param::<Nullable<Text>, _>(&self.by_number),
            4 => out.push_bind_param::<Nullable<Int8>, _>(&self.by_owner),
            5 => out.push_bind_param::<Nullable<Int8>, _>(&self.staff),
            6 => out.push_bind_param::<Nullable<Int8>, _>(&step.payment_system_id),
            7 => out.push_bind_param::<Text, _>(step.kind.as_str()),
            8 => out.push_bind_param::<Int8, _>(&step.actor_id),
            9 => out.push_bind_param::<Nullable<Text>, _>(&step.reference),
            10 => out.push_bind_param::<Nullable<Text>, _>(&step.comment),
            11 => out.push_bind_param::<Nullable<Int8>, _>(&step.refund_of),
            12 => out.push_bind_param::<Text, _>(&step.key),
            13 => out.push_bind_param::<Bytea, _>(&step.request_hash),
            14 => out.push_bind_param::<Text, _>(&self.counter_account),
            _ => unreachable!("MOVE_SQL has 14 parameters"),
        }
    }
}

/// Runs the move on `conn`; None when the guard refused it.
pub(super) async fn execute(conn: &mut AsyncPgConnection, step: &Move) -> Result<Option<Outcome>, DieselError> {
    let moved: Option<MovedRow> = MoveQuery::new(step).get_result(conn).await.optional()?;
    Ok(moved.map(MovedRow::into_outcome))
}

/// How often a move refused by its guard is tried again when a fresh read says it would
/// now pass (a concurrent credit committed in between).
const ATTEMPTS: usize = 3;

/// The result of a move: fresh (money moved now, publish it) or the replay of an earlier one.
pub(super) enum Applied {
    Fresh(Outcome),
    Replayed(Outcome),
}

/// Keeps database errors raw, so a key conflict can still be recognised by the caller.
pub(super) enum MoveError {
    Database(DieselError),
    Api(ApiError),
}

impl From<DieselError> for MoveError {
    fn from(error: DieselError) -> Self {
        Self::Database(error)
    }
}

impl From<ApiError> for MoveError {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// Executes the move; when the guard refuses, answers why, or tries again if a concurrent
/// change has since made it possible.
pub(super) async fn apply(conn: &mut AsyncPgConnection, step: &Move) -> Result<Applied, MoveError> {
    for _ in 0..ATTEMPTS {
        if let Some(outcome) = execute(conn, step).await? {
            return Ok(Applied::Fresh(outcome));
        }
        if let Some(outcome) = explain(conn, step).await? {
            return Ok(Applied::Replayed(outcome));
        }
    }
    // The balance was too low each time the guard looked.
    Err(ApiError::InsufficientFunds.into())
}

/// Runs a single-statement move and publishes its event after commit.
pub(super) async fn run(state: &AppState, step: Move) -> ApiResult<Outcome> {
    let mut conn = state.conn().await?;
    match apply(&mut conn, &step).await {
        Ok(Applied::Fresh(outcome)) => {
            drop(conn);
            log_moved(&outcome);
            state.events.publish_committed(&outcome).await;
            Ok(outcome)
        }
        Ok(Applied::Replayed(outcome)) => Ok(outcome),
        Err(MoveError::Database(error)) if is_key_conflict(&error) => {
            replay(&mut conn, &step).await?.ok_or(ApiError::IdempotencyKeyReused)
        }
        Err(MoveError::Database(error)) => Err(error.into()),
        Err(MoveError::Api(error)) => Err(error),
    }
}

pub(super) fn log_moved(outcome: &Outcome) {
    let tx = &outcome.transaction;
    tracing::info!(
        transaction_id = tx.id,
        kind = %tx.kind,
        amount = %tx.amount,
        wallet_id = tx.wallet_id,
        wallet_version = tx.wallet_version,
        performed_by = tx.performed_by,
        "money moved"
    );
}

/// True when the insert hit the (actor, idempotency key) unique index: another request
/// with this key committed first.
pub(super) fn is_key_conflict(error: &DieselError) -> bool {
    matches!(error, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some("transactions_performed_by_idempotency_key_key"))
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
    let mut wallet: WalletRow =
        wallets::table.find(earlier.wallet_id).select(WalletRow::as_select()).first(conn).await?;
    // The wallet as it was right after the first run, exactly as the first answer said.
    wallet.balance = earlier.balance_after;
    wallet.version = earlier.wallet_version;
    tracing::info!(transaction_id = earlier.id, "idempotent replay");
    Ok(Some(Outcome { transaction: earlier, wallet }))
}

/// Nothing moved: a replay (Some), which guard refused (an error, in the order a person
/// would check), or None when a fresh read says the move would now pass.
async fn explain(conn: &mut AsyncPgConnection, step: &Move) -> ApiResult<Option<Outcome>> {
    if let Some(outcome) = replay(conn, step).await? {
        return Ok(Some(outcome));
    }
    let mut query = wallets::table.select(WalletRow::as_select()).into_boxed();
    query = match &step.target {
        Target::Id(id) => query.filter(wallets::id.eq(*id)),
        Target::Number(number) => query.filter(wallets::number.eq(number.to_string())),
        Target::Owner(id) => query.filter(wallets::owner_id.eq(*id)),
    };
    let wallet = query.first(conn).await.optional()?.ok_or(ApiError::NotFound("wallet"))?;
    if step.staff_operation && wallet.owner_id == step.actor_id {
        return Err(ApiError::Forbidden("staff cannot move money on their own wallet"));
    }
    if let Some(id) = step.payment_system_id {
        let system: PaymentSystemRow = payment_system_bindings::table
            .find(id)
            .select(PaymentSystemRow::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or(ApiError::NotFound("payment system"))?;
        if !system.enabled {
            return Err(ApiError::PaymentSystemDisabled);
        }
    }
    if step.delta() < Decimal::ZERO && wallet.balance < step.amount.decimal() {
        return Err(ApiError::InsufficientFunds);
    }
    // The guard refused, yet a fresh read says it would pass: a credit committed meanwhile.
    Ok(None)
}
