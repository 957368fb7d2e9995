//! `kassa verify-ledger`: proof that the books balance.

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, sql_query};
use diesel_async::RunQueryDsl;

use crate::db::tls;

/// One thing that does not add up, named so an operator can find it.
#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The wallet number, or the transaction id for journal-wide problems.
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Text)]
    pub problem: String,
}

/// What the ledger holds, for the report.
#[derive(QueryableByName, Debug, Clone)]
pub struct Totals {
    #[diesel(sql_type = BigInt)]
    pub wallets: i64,
    #[diesel(sql_type = BigInt)]
    pub transactions: i64,
    #[diesel(sql_type = Text)]
    pub wallet_total: String,
    #[diesel(sql_type = Text)]
    pub entries_total: String,
}

/// Each check yields rows (subject, problem); an empty result means it holds.
const CHECKS: &[&str] = &[
    // Every transaction posts exactly two entries that cancel out, and the wallet side
    // matches the transaction's kind and amount.
    "SELECT t.id::text AS subject, 'transaction entries do not balance' AS problem
     FROM transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
     GROUP BY t.id, t.kind, t.amount, t.wallet_id
     HAVING count(e.*) <> 2 OR coalesce(sum(e.amount), 1) <> 0
        OR coalesce(sum(e.amount) FILTER (WHERE e.account = 'wallet:' || t.wallet_id), 0)
           <> CASE WHEN t.kind IN ('TOP_UP', 'REFUND') THEN t.amount ELSE -t.amount END",
    // The whole ledger sums to zero.
    "SELECT 'ledger' AS subject, 'entries sum to ' || sum(amount)::text AS problem
     FROM ledger_entries HAVING sum(amount) <> 0",
    // Each wallet's balance equals the sum of its entries, and its version the number of
    // its transactions and hold changes.
    "SELECT w.number::text AS subject,
            format('balance %s, ledger says %s; version %s, %s transactions and %s hold changes',
                   w.balance, coalesce(l.total, 0), w.version, coalesce(l.count, 0), coalesce(c.count, 0)) AS problem
     FROM wallets w
     LEFT JOIN (SELECT substr(account, 8)::bigint AS wallet_id, sum(amount) AS total, count(*) AS count
                FROM ledger_entries WHERE account LIKE 'wallet:%' GROUP BY 1) l ON l.wallet_id = w.id
     LEFT JOIN (SELECT wallet_id, count(*) AS count FROM wallet_changes GROUP BY 1) c ON c.wallet_id = w.id
     WHERE w.balance <> coalesce(l.total, 0) OR w.version <> coalesce(l.count, 0) + coalesce(c.count, 0)",
    // Each wallet's held amount is the sum of its active holds.
    "SELECT w.number::text AS subject,
            format('held %s, its HELD holds add up to %s', w.held, coalesce(h.total, 0)) AS problem
     FROM wallets w
     LEFT JOIN (SELECT wallet_id, sum(amount) AS total FROM holds WHERE status = 'HELD' GROUP BY 1) h
            ON h.wallet_id = w.id
     WHERE w.held <> coalesce(h.total, 0)",
    // The chain of versions, transactions and hold changes together: 1, 2, 3... with each
    // balance_after and held_after the running sums (a capture's payment releases its hold).
    "SELECT w.number::text AS subject,
            format('%s: version %s, balance_after %s, held_after %s, expected version %s, balance %s, held %s',
                   c.what, c.wallet_version, c.balance_after, c.held_after, c.position, c.running, c.holding) AS problem
     FROM (SELECT what, wallet_id, wallet_version, balance_after, held_after,
                  row_number() OVER (PARTITION BY wallet_id ORDER BY wallet_version) AS position,
                  sum(balance_delta) OVER (PARTITION BY wallet_id ORDER BY wallet_version) AS running,
                  sum(held_delta) OVER (PARTITION BY wallet_id ORDER BY wallet_version) AS holding
           FROM (SELECT 'transaction ' || t.id AS what, t.wallet_id, t.wallet_version, t.balance_after,
                        t.held_after,
                        CASE WHEN t.kind IN ('TOP_UP', 'REFUND') THEN t.amount ELSE -t.amount END AS balance_delta,
                        -coalesce(h.amount, 0) AS held_delta
                 FROM transactions t LEFT JOIN holds h ON h.payment_id = t.id
                 UNION ALL
                 SELECT 'hold change ' || c.id, c.wallet_id, c.wallet_version, c.balance_after, c.held_after, 0,
                        CASE WHEN c.status = 'HELD' THEN h.amount ELSE -h.amount END
                 FROM wallet_changes c JOIN holds h ON h.id = c.hold_id) v) c
     JOIN wallets w ON w.id = c.wallet_id
     WHERE c.wallet_version <> c.position OR c.balance_after <> c.running OR c.held_after <> c.holding",
    // Refunds never exceed their payment.
    "SELECT p.id::text AS subject, 'refunded more than paid' AS problem
     FROM transactions p JOIN transactions r ON r.refund_of = p.id
     GROUP BY p.id, p.amount HAVING sum(r.amount) > p.amount",
];

const TOTALS: &str = "SELECT (SELECT count(*) FROM wallets) AS wallets,
        (SELECT count(*) FROM transactions) AS transactions,
        (SELECT coalesce(sum(balance), 0)::text FROM wallets) AS wallet_total,
        (SELECT coalesce(sum(amount), 0)::text FROM ledger_entries) AS entries_total";

/// Runs every check in one repeatable-read snapshot, so concurrent moves cannot make a
/// consistent ledger look wrong.
pub async fn verify(database_url: &str) -> anyhow::Result<(Totals, Vec<Problem>)> {
    let mut conn = tls::establish(database_url, "to verify the ledger").await?;
    let found = conn
        .build_transaction()
        .repeatable_read()
        .read_only()
        .run::<_, diesel::result::Error, _>(async |conn| {
            let mut problems = Vec::new();
            for check in CHECKS {
                problems.extend(sql_query(*check).load::<Problem>(conn).await?);
            }
            let totals = sql_query(TOTALS).get_result::<Totals>(conn).await?;
            Ok((totals, problems))
        })
        .await?;
    Ok(found)
}
