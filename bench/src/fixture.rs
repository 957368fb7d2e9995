//! The seeded world every benchmark agrees on: customer i has a deterministic wallet
//! number and bearer token, so the load tool, pgbench and the seed SQL need no lookups.
//!
//! Seeding is direct SQL through psql (fast: 10,000 customers in about a second): users
//! get a placeholder password hash (they never sign in; the benchmark uses sessions
//! inserted with the SHA-256 of known tokens, exactly as Kassa stores them).

use std::fmt::Write;

pub const CASHIER_TOKEN: &str = "kassa_bench_cashier";

pub fn customer_token(i: usize) -> String {
    format!("kassa_bench_customer_{i}")
}

/// 12 digits with a Luhn check digit, unique per customer (Kassa's own rule).
pub fn wallet_number(i: usize) -> String {
    let payload = format!("{:011}", 50_000_000_000u64 + i as u64);
    kassa::domain::WalletNumber::with_check_digit(&payload).expect("11 digits").as_str().to_owned()
}

/// SQL that adds a payment system, a session for the admin (`admin_email`, created
/// beforehand with `kassa create-admin --cashier`) and `customers` customers with wallets
/// and sessions. Customer i (1-based) gets wallet id i + 1 on a fresh database (the
/// admin's wallet is 1); the script checks that with psql. Each customer also gets
/// `history` past top-ups (see [`history_sql`]).
pub fn seed_sql(customers: usize, admin_email: &str, currency: &str, history: usize) -> String {
    let mut sql = String::from("BEGIN;\n");
    sql.push_str("INSERT INTO payment_system_bindings (provider, name, enabled) VALUES ('OTHER', 'Bench', true);\n");
    let _ = writeln!(
        sql,
        "INSERT INTO sessions (token_hash, user_id, expires_at) SELECT sha256('{CASHIER_TOKEN}'::bytea), id, \
         now() + interval '30 days' FROM users WHERE email = '{admin_email}';"
    );
    for chunk_start in (1..=customers).step_by(1000) {
        let chunk_end = (chunk_start + 999).min(customers);
        let _ = writeln!(
            sql,
            "INSERT INTO users (email, name, password_hash) SELECT 'customer' || g || '@bench.local', \
             'Customer ' || g, 'seeded-no-password' FROM generate_series({chunk_start}, {chunk_end}) g ORDER BY g;"
        );
        sql.push_str("INSERT INTO wallets (number, owner_id, currency) SELECT v.number, u.id, ");
        let _ = write!(sql, "'{currency}' FROM (VALUES ");
        for i in chunk_start..=chunk_end {
            let sep = if i == chunk_end { "" } else { "," };
            let _ = write!(sql, "({i}, '{}'){sep}", wallet_number(i));
        }
        sql.push_str(") v(i, number) JOIN users u ON u.email = 'customer' || v.i || '@bench.local' ORDER BY v.i;\n");
        let _ = writeln!(
            sql,
            "INSERT INTO sessions (token_hash, user_id, expires_at) SELECT \
             sha256(convert_to('kassa_bench_customer_' || g, 'UTF8')), u.id, now() + interval '30 days' \
             FROM generate_series({chunk_start}, {chunk_end}) g JOIN users u ON u.email = 'customer' || g || '@bench.local';"
        );
    }
    sql.push_str(&history_sql(admin_email, history));
    sql.push_str("COMMIT;\nVACUUM ANALYZE;\n");
    sql
}

/// `history` top-ups of 1.00 by the admin for every customer wallet, spread over the past
/// days, exactly as Kassa would have journaled them: versions 1..=history, running
/// balances, two ledger entries each, and the wallets' balance and version to match (so
/// `kassa verify-ledger` stays clean). Their events went out long ago: no outbox rows.
fn history_sql(admin_email: &str, history: usize) -> String {
    if history == 0 {
        return String::new();
    }
    format!(
        "CREATE TEMP TABLE seed_ids AS SELECT (SELECT id FROM users WHERE email = '{admin_email}') AS admin_id, \
         (SELECT max(id) FROM payment_system_bindings) AS ps_id;
INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version, performed_by, \
 payment_system_id, reference, idempotency_key, request_hash, created_at)
 SELECT 'TOP_UP', 1.00, w.id, v, v, s.admin_id, s.ps_id, 'seed', 'seed-' || w.id || '-' || v, \
 sha256(('seed-' || w.id || '-' || v)::bytea), now() - ({history} - v + 1) * interval '1 hour'
 FROM seed_ids s, wallets w CROSS JOIN generate_series(1, {history}) v
 WHERE w.owner_id <> s.admin_id ORDER BY v, w.id;
INSERT INTO ledger_entries (transaction_id, account, amount)
 SELECT t.id, 'wallet:' || t.wallet_id, t.amount FROM transactions t WHERE t.reference = 'seed'
 UNION ALL
 SELECT t.id, 'payment_system:' || t.payment_system_id, -t.amount FROM transactions t WHERE t.reference = 'seed';
UPDATE wallets w SET balance = {history}, version = {history} FROM seed_ids s WHERE w.owner_id <> s.admin_id;
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_numbers_have_twelve_digits_and_a_luhn_check_digit() {
        let number = wallet_number(1);
        assert_eq!(number.len(), 12);
        assert!(kassa::domain::WalletNumber::parse(&number).is_ok());
        assert_ne!(wallet_number(1), wallet_number(2));
    }
}
