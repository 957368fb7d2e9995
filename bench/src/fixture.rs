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
/// admin's wallet is 1); the script checks that with psql.
pub fn seed_sql(customers: usize, admin_email: &str, currency: &str) -> String {
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
    sql.push_str("COMMIT;\nANALYZE;\n");
    sql
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
