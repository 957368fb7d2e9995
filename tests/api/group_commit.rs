//! Group commit: payments that queue for one wallet while a batch of its moves runs share
//! the next transaction and its one commit, and each still gets its own answer: exactly
//! the payments that fit get through, the rest INSUFFICIENT_FUNDS, versions stay gapless,
//! and a retry with a used key, in the same batch or a later one, moves nothing.
//!
//! To make a batch certain (no timing), the tests hold the wallet's row lock from a
//! connection of their own: the first payment waits on it, the others queue behind it
//! (the `kassa_move_batch_waiting` gauge counts them), then the lock is let go.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::helpers::{Actor, Options, TestApp, code};
use crate::metrics::Scrape;

const PAY: &str = "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) {
    transaction { id amount balanceAfter walletVersion reference } wallet { balance version } } }";

/// Only ends a test that got stuck; no assertion depends on it.
const STUCK: Duration = Duration::from_secs(30);

/// A customer with `balance` on their wallet, on a server whose statements may wait for
/// the test's row lock longer than the test takes.
async fn hot_wallet(balance: &str) -> (TestApp, Actor) {
    let app = TestApp::with(Options {
        env: vec![("KASSA_DB_LOCK_TIMEOUT", "60s".into()), ("KASSA_DB_STATEMENT_TIMEOUT", "60s".into())],
        ..Default::default()
    })
    .await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let customer = app.customer().await;
    app.top_up(&cashier, &customer.wallet, balance, &system).await;
    (app, customer)
}

/// Sends a payment in a task of its own; the task answers the whole body.
fn pay(app: &TestApp, customer: &Actor, amount: &str, order: &str, key: &str) -> JoinHandle<Value> {
    let (http, url, token) = (app.http.clone(), format!("{}/graphql", app.url), customer.token.clone());
    let input = json!({ "amount": amount, "orderReference": order, "idempotencyKey": key });
    tokio::spawn(async move {
        let body = json!({ "query": PAY, "variables": { "input": input } });
        let response = http.post(url).bearer_auth(token).json(&body).send().await.expect("POST /graphql");
        response.json().await.expect("a JSON body")
    })
}

async fn connect(app: &TestApp) -> AsyncPgConnection {
    AsyncPgConnection::establish(&app.database_url).await.expect("PostgreSQL is running")
}

/// The wallet's row lock, held by a transaction of the test's own.
struct RowLock(AsyncPgConnection);

impl RowLock {
    async fn take(app: &TestApp, wallet: &str) -> Self {
        let mut conn = connect(app).await;
        conn.batch_execute(&format!("BEGIN; SELECT 1 FROM wallets WHERE number = '{wallet}' FOR UPDATE"))
            .await
            .expect("locking the wallet");
        Self(conn)
    }

    async fn release(mut self) {
        self.0.batch_execute("COMMIT").await.expect("releasing the wallet");
    }
}

/// Waits until a statement of the app waits for a row lock.
async fn until_a_statement_waits_for_the_lock(app: &TestApp) {
    let mut conn = connect(app).await;
    let deadline = Instant::now() + STUCK;
    loop {
        let waiting: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
            "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')",
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "no statement waits for the wallet's lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until `count` moves are queued behind the running batch.
async fn until_queued(app: &TestApp, count: usize) {
    let deadline = Instant::now() + STUCK;
    loop {
        let queued = Scrape::of(app).await.value("kassa_move_batch_waiting", &[]);
        if queued == count as f64 {
            return;
        }
        assert!(Instant::now() < deadline, "{queued} moves queued, not {count}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// How many distinct transactions of the database wrote the wallet's payments.
async fn commits_of_payments(app: &TestApp, wallet: &str) -> i64 {
    let mut conn = connect(app).await;
    diesel::select(diesel::dsl::sql::<BigInt>(&format!(
        "(SELECT count(DISTINCT t.xmin::text) FROM transactions t JOIN wallets w ON w.id = t.wallet_id
          WHERE w.number = '{wallet}' AND t.kind = 'PAYMENT')"
    )))
    .get_result(&mut conn)
    .await
    .unwrap()
}

fn cents(value: &Value) -> i64 {
    let text = value.as_str().expect("money is a string");
    let (units, fraction) = text.split_once('.').expect("two decimals");
    units.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn payments_queued_behind_a_batch_share_one_commit_and_exactly_those_that_fit_get_through() {
    let (app, customer) = hot_wallet("12.50").await;
    let before = Scrape::of(&app).await;
    let lock = RowLock::take(&app, &customer.wallet).await;
    let mut sent = vec![pay(&app, &customer, "1.00", "O-0", "p-0")];
    until_a_statement_waits_for_the_lock(&app).await;
    sent.extend((1..20).map(|i| pay(&app, &customer, "1.00", &format!("O-{i}"), &format!("p-{i}"))));
    until_queued(&app, 19).await;
    lock.release().await;

    let (mut paid, mut refused) = (Vec::new(), BTreeMap::<String, usize>::new());
    for task in sent {
        let body = task.await.unwrap();
        if body.get("errors").is_none() {
            let moved = &body["data"]["payFromWallet"];
            let version = moved["transaction"]["walletVersion"].as_i64().unwrap();
            assert_eq!(moved["wallet"]["version"], version, "{moved}");
            assert_eq!(moved["wallet"]["balance"], moved["transaction"]["balanceAfter"], "{moved}");
            paid.push((version, cents(&moved["transaction"]["balanceAfter"])));
        } else {
            *refused.entry(code(&body).to_owned()).or_default() += 1;
        }
    }
    paid.sort();
    assert_eq!(paid, (0..12).map(|i| (i + 2, 1_150 - 100 * i)).collect::<Vec<_>>(), "twelve fit in 12.50, gapless");
    assert_eq!(refused, BTreeMap::from([("INSUFFICIENT_FUNDS".to_owned(), 8)]));
    assert_eq!(app.balance(&customer).await, ("0.50".to_owned(), 13));
    assert_eq!(app.verify_ledger().await, vec![]);

    // The first payment committed alone; the nineteen behind it in one transaction.
    assert_eq!(commits_of_payments(&app, &customer.wallet).await, 2, "twelve payments, two commits");
    let after = Scrape::of(&app).await;
    let grew = |name: &str| after.value(name, &[]) - before.value(name, &[]);
    assert_eq!((grew("kassa_move_batch_size_count"), grew("kassa_move_batch_size_sum")), (2.0, 20.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retries_in_one_batch_and_across_batches_move_money_once_and_answer_alike() {
    let (app, customer) = hot_wallet("100.00").await;
    let lock = RowLock::take(&app, &customer.wallet).await;
    let first = pay(&app, &customer, "1.00", "O-0", "k-0");
    until_a_statement_waits_for_the_lock(&app).await;
    // Behind it, in one batch: a retry of the first, three copies of one request, one key
    // sent with two inputs, and one plain payment.
    let retry_of_first = pay(&app, &customer, "1.00", "O-0", "k-0");
    let copies: Vec<_> = (0..3).map(|_| pay(&app, &customer, "2.00", "O-1", "k-1")).collect();
    let one_key = [pay(&app, &customer, "3.00", "O-2", "k-2"), pay(&app, &customer, "3.00", "O-2-other", "k-2")];
    let plain = pay(&app, &customer, "4.00", "O-3", "k-3");
    until_queued(&app, 7).await;
    lock.release().await;

    let first = first.await.unwrap();
    assert!(first.get("errors").is_none(), "{first:#}");
    assert_eq!(retry_of_first.await.unwrap(), first, "a retry in the next batch answers as the first run did");
    let mut copies_answered = Vec::new();
    for copy in copies {
        copies_answered.push(copy.await.unwrap());
    }
    assert!(copies_answered[0].get("errors").is_none(), "{:#}", copies_answered[0]);
    assert!(
        copies_answered.iter().all(|body| *body == copies_answered[0]),
        "copies answer alike: {copies_answered:#?}"
    );
    let [a, b] = one_key;
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let codes: Vec<&str> = [&a, &b].iter().filter(|body| body.get("errors").is_some()).map(|body| code(body)).collect();
    assert_eq!(codes, ["IDEMPOTENCY_KEY_REUSED"], "one key, two inputs: {a:#} {b:#}");
    let plain = plain.await.unwrap();
    assert!(plain.get("errors").is_none(), "{plain:#}");

    // Four keys moved money, once each: 1 + 2 + 3 + 4.
    assert_eq!(app.balance(&customer).await, ("90.00".to_owned(), 5));
    assert_eq!(commits_of_payments(&app, &customer.wallet).await, 2);
    // A later retry, alone, still answers as the first run of its key did.
    assert_eq!(pay(&app, &customer, "2.00", "O-1", "k-1").await.unwrap(), copies_answered[0]);
    let reused = pay(&app, &customer, "2.00", "O-1-other", "k-1").await.unwrap();
    assert_eq!(code(&reused), "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(app.balance(&customer).await, ("90.00".to_owned(), 5));
    assert_eq!(app.verify_ledger().await, vec![]);
}
