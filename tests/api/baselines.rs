//! The pgbench baselines (bench/pgbench, docs/benchmarks.md) stand for Kassa's own
//! statement: one run of each writes, table by table, what the move it stands for writes
//! through the API, and leaves the ledger balanced.

use serde_json::json;

use crate::helpers::{Actor, TestApp};
use crate::online::sql;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every table a move could write to.
const TABLES: [&str; 8] = [
    "transactions",
    "ledger_entries",
    "outbox",
    "webhook_events",
    "webhook_deliveries",
    "wallet_changes",
    "holds",
    "audit_log",
];

/// What MOVE_SQL writes with one endpoint subscribed to transaction.created.
const ONE_MOVE: [i64; 8] = [1, 2, 1, 1, 1, 0, 0, 0];

/// The rows of each of TABLES, in one query.
async fn counts(app: &TestApp) -> Vec<i64> {
    let columns: Vec<String> = TABLES.iter().map(|table| format!("(SELECT count(*) FROM {table})")).collect();
    let row = &sql(app, &format!("SELECT {}", columns.join(", "))).await[0];
    (0..TABLES.len()).map(|column| row.get(column)).collect()
}

fn delta(before: &[i64], after: &[i64]) -> Vec<i64> {
    before.iter().zip(after).map(|(before, after)| after - before).collect()
}

/// (balance, held, version) of the wallet.
async fn wallet(app: &TestApp, owner: &Actor) -> (String, String, i64) {
    let row =
        &sql(app, &format!("SELECT balance::text, held::text, version FROM wallets WHERE owner_id = {}", owner.id))
            .await[0];
    (row.get(0), row.get(1), row.get(2))
}

/// The pgbench script with its `\set` lines dropped and its variables filled in, run once.
async fn run_script(app: &TestApp, file: &str, variables: &[(&str, &str)]) {
    let script = std::fs::read_to_string(format!("{ROOT}/bench/pgbench/{file}")).unwrap();
    let mut statement: String =
        script.lines().filter(|line| !line.starts_with('\\')).map(|line| format!("{line}\n")).collect();
    for (name, value) in variables {
        statement = statement.replace(&format!(":{name}"), value);
    }
    // pgbench takes any other `:name` for a variable too, even in a string literal (a
    // `HH24:MI` there made it bind two parameters too many).
    let bytes = statement.as_bytes();
    let stray = (1..bytes.len())
        .find(|&at| bytes[at - 1] == b':' && bytes[at].is_ascii_alphabetic() && (at < 2 || bytes[at - 2] != b':'));
    assert_eq!(
        stray.map(|at| &statement[at - 1..(at + 8).min(statement.len())]),
        None,
        "{file}: pgbench would read a variable"
    );
    let rows = sql(app, statement.trim_end().trim_end_matches(';')).await;
    assert_eq!(rows.len(), 1, "{file} moved no money");
}

/// A server with a cashier, a payment system, a customer holding 10.00, and one webhook
/// endpoint for transaction.created (so the webhook steps write rows too).
async fn desk() -> (TestApp, Actor, Actor, String) {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let customer = app.customer().await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    app.ok(
        Some(&admin.token),
        "mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }",
        json!({ "input": { "url": "https://portal.example/hooks", "events": ["TRANSACTION_CREATED"] } }),
    )
    .await;
    (app, cashier, customer, system)
}

#[tokio::test]
async fn the_top_up_baseline_writes_what_a_top_up_writes() {
    let (app, cashier, customer, system) = desk().await;
    let before = counts(&app).await;
    app.top_up(&cashier, &customer.wallet, "1.00", &system).await;
    let after_kassa = counts(&app).await;
    assert_eq!(delta(&before, &after_kassa), ONE_MOVE);
    assert_eq!(wallet(&app, &customer).await, ("11.00".into(), "0.00".into(), 2));

    let variables = [("id", customer.id.as_str()), ("staff", cashier.id.as_str()), ("ps", system.as_str())];
    run_script(&app, "topup.sql", &variables).await;
    assert_eq!(delta(&after_kassa, &counts(&app).await), ONE_MOVE);
    assert_eq!(wallet(&app, &customer).await, ("12.00".into(), "0.00".into(), 3));
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances");
}

#[tokio::test]
async fn the_hot_wallet_baseline_writes_what_a_payment_writes() {
    let (app, _, customer, _) = desk().await;
    let before = counts(&app).await;
    app.ok(
        Some(&customer.token),
        "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id } } }",
        json!({ "input": { "amount": "0.01", "orderReference": "order-1", "idempotencyKey": "pay-1" } }),
    )
    .await;
    let after_kassa = counts(&app).await;
    assert_eq!(delta(&before, &after_kassa), ONE_MOVE);
    assert_eq!(wallet(&app, &customer).await, ("9.99".into(), "0.00".into(), 2));

    run_script(&app, "hot_wallet.sql", &[("owner", customer.id.as_str())]).await;
    assert_eq!(delta(&after_kassa, &counts(&app).await), ONE_MOVE);
    assert_eq!(wallet(&app, &customer).await, ("9.98".into(), "0.00".into(), 3));
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances");
}
