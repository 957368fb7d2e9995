//! The one statement that moves money: the guarded UPDATE, the journal row, both ledger
//! entries, the outbox row and the `transaction.created` webhook event (with its
//! deliveries; nothing when no endpoint subscribes), prepared once per connection.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error as DieselError;
use diesel::sql_types::{Bytea, Int8, Nullable, Numeric, Text, Timestamptz, Untyped};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::Outcome;
use crate::db::models::{TransactionRow, WalletRow};
use crate::domain::{Money, TransactionKind, WalletNumber};

/// Which wallet a move touches.
pub(super) enum Target {
    Number(WalletNumber),
    Owner(i64),
    Id(i64),
}

/// The role the actor must still hold when the statement runs (checked in SQL, so a
/// cashier removed after their request was authorised cannot commit it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Cashier,
    /// A cashier or an admin.
    Staff,
}

impl Role {
    fn as_sql(self) -> &'static str {
        match self {
            Self::Cashier => "CASHIER",
            Self::Staff => "STAFF",
        }
    }
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
    /// The online top-up invoice a TOP_UP pays (unique in the journal: paid once).
    pub invoice_id: Option<i64>,
    pub key: String,
    /// Staff may not move money on their own wallet.
    pub staff_operation: bool,
    /// The role the actor needs, re-checked by the statement itself.
    pub role: Option<Role>,
    /// What makes two requests with one key "the same": see [`fingerprint`].
    pub request_hash: Vec<u8>,
    /// Held funds the same statement releases (a captured hold's amount); zero otherwise.
    pub release: Decimal,
}

/// A hash of everything the client chose in a request, for idempotency.
pub(crate) fn fingerprint(fields: serde_json::Value) -> Vec<u8> {
    Sha256::digest(fields.to_string().as_bytes()).to_vec()
}

impl Move {
    /// The signed change of the wallet balance.
    pub(super) fn delta(&self) -> Decimal {
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

/// The guarded UPDATE, the journal row, both ledger entries, the outbox event and the
/// webhook event (the Transaction in the API's field names, as `services::webhooks` sends
/// it; written only when a live endpoint subscribes to it), as one statement. No row comes
/// back when the actor's key is already used (committed, or earlier in this transaction:
/// a retry then replays, and a batch of moves goes on), the wallet is missing, its available funds (balance minus held, plus what this
/// statement releases) would go below zero, it belongs
/// to the staff member acting, the payment system is not enabled (unless the move pays an
/// invoice made while it was: the customer has paid), or the actor no longer holds the role
/// the move needs.
const MOVE_SQL: &str = "
WITH w AS (
    UPDATE wallets SET balance = balance + $1, held = held - $17, version = version + 1
    WHERE id = COALESCE($2, (SELECT id FROM wallets WHERE number = $3),
                            (SELECT id FROM wallets WHERE owner_id = $4))
      AND balance - held + $17 + $1 >= 0
      AND held - $17 >= 0
      AND NOT EXISTS (SELECT 1 FROM transactions k WHERE k.performed_by = $8 AND k.idempotency_key = $12)
      AND owner_id IS DISTINCT FROM $5
      AND ($6::bigint IS NULL OR $16::bigint IS NOT NULL OR EXISTS (
          SELECT 1 FROM payment_system_bindings p WHERE p.id = $6 AND p.enabled))
      AND ($15::text IS NULL
           OR EXISTS (SELECT 1 FROM cashiers c WHERE c.user_id = $8)
           OR ($15 = 'STAFF' AND EXISTS (SELECT 1 FROM users u WHERE u.id = $8 AND u.is_admin)))
    RETURNING id, number, owner_id, currency, balance, held, version, created_at
), t AS (
    INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version,
        performed_by, payment_system_id, reference, comment, refund_of, idempotency_key,
        request_hash, invoice_id, held_after)
    SELECT $7, abs($1), w.id, w.balance, w.version, $8, $6, $9, $10, $11, $12, $13, $16, w.held FROM w
    RETURNING *
), e AS (
    INSERT INTO ledger_entries (transaction_id, account, amount)
    SELECT t.id, 'wallet:' || t.wallet_id, $1 FROM t
    UNION ALL
    SELECT t.id, $14, -$1 FROM t
), o AS (
    INSERT INTO outbox (transaction_id) SELECT t.id FROM t
), he AS (
    INSERT INTO webhook_events (type, data)
    SELECT 'transaction.created', jsonb_build_object(
        'id', t.id::text, 'kind', t.kind, 'amount', t.amount::text, 'walletNumber', w.number,
        'balanceAfter', t.balance_after::text, 'walletVersion', t.wallet_version,
        'performedById', t.performed_by::text, 'paymentSystemId', t.payment_system_id::text,
        'invoiceId', t.invoice_id::text, 'reference', t.reference, 'comment', t.comment,
        'refundOfId', t.refund_of::text,
        -- RFC 3339 as the API writes it: no fraction, or 3 or 6 digits.
        'createdAt', regexp_replace(regexp_replace(
            to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
            '\\.000000Z\\Z', 'Z'), '(\\.\\d{3})000Z\\Z', '\\1Z'))
    FROM t, w
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints p
                  WHERE p.deleted_at IS NULL AND 'transaction.created' = ANY (p.events))
    RETURNING id
), hd AS (
    INSERT INTO webhook_deliveries (event_id, endpoint_id)
    SELECT he.id, p.id FROM he, webhook_endpoints p
    WHERE p.deleted_at IS NULL AND 'transaction.created' = ANY (p.events)
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
            held: tx.held_after,
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
    role: Option<&'static str>,
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

/// The SQL `walk_ast` writes: MOVE_SQL with its places numbered in order (`$1`, `$2`, … one
/// per place, as diesel numbers the binds it pushes), made once.
static MOVE_SQL_WRITTEN: LazyLock<String> = LazyLock::new(|| {
    let (parts, tail) = &*MOVE_SQL_PARTS;
    let mut sql: String = parts.iter().enumerate().map(|(place, (sql, _))| format!("{sql}${}", place + 1)).collect();
    sql.push_str(tail);
    sql
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

    /// What the walk writes, copied at once: diesel-async asks for the SQL on every
    /// execution, even when the statement is already prepared, and the walk cost more
    /// than the copy (docs/benchmarks.md, change 27).
    fn to_sql(&self, out: &mut <Pg as diesel::backend::Backend>::QueryBuilder, _: &Pg) -> QueryResult<()> {
        use diesel::query_builder::QueryBuilder;
        out.push_sql(&MOVE_SQL_WRITTEN);
        for _ in 0..MOVE_SQL_PARTS.0.len() {
            out.push_bind_param_value_only();
        }
        Ok(())
    }

    /// The walk never marks itself unsafe to cache: no need to walk to learn it.
    fn is_safe_to_cache_prepared(&self, _: &Pg) -> QueryResult<bool> {
        Ok(true)
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
            role: step.role.map(Role::as_sql),
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
            15 => out.push_bind_param::<Nullable<Text>, _>(&self.role),
            16 => out.push_bind_param::<Nullable<Int8>, _>(&step.invoice_id),
            17 => out.push_bind_param::<Numeric, _>(&step.release),
            _ => unreachable!("MOVE_SQL has 17 parameters"),
        }
    }
}

/// Runs the move on `conn`; None when the guard refused it.
pub(super) async fn execute(conn: &mut AsyncPgConnection, step: &Move) -> Result<Option<Outcome>, DieselError> {
    let moved: Option<MovedRow> = MoveQuery::new(step).get_result(conn).await.optional()?;
    Ok(moved.map(MovedRow::into_outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the walk writes through diesel's Pg query builder: each place's SQL, then `$`
    /// and the count of binds so far.
    #[test]
    fn the_written_sql_is_the_walks_numbering_of_move_sql() {
        let (parts, tail) = &*MOVE_SQL_PARTS;
        assert!(parts.len() > 17, "parameters are bound at several places each");
        let mut rest = MOVE_SQL_WRITTEN.as_str();
        let mut original = String::new();
        for (place, (sql, number)) in parts.iter().enumerate() {
            let numbered = format!("{sql}${}", place + 1);
            assert!(rest.starts_with(&numbered), "place {}", place + 1);
            rest = &rest[numbered.len()..];
            original.push_str(&format!("{sql}${number}"));
        }
        assert_eq!(rest, *tail);
        original.push_str(tail);
        assert_eq!(original, MOVE_SQL, "renumbering the places back gives MOVE_SQL");
    }
}
