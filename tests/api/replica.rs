//! DATABASE_READ_URL on a real streaming replica (`replica_server`): history pages,
//! `recentTransactions` and `users` are read there, money and sessions stay on the primary,
//! and a replica that lags past KASSA_READ_MAX_LAG, fails a read or stops hands its reads to
//! the primary without a client noticing.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Actor, TestApp};
use crate::replica_server::{ReplicaPair, app_on, ready, wait_replica};

/// Kassa's pools as pg_stat_activity names them.
const READ_POOL: &str = "kassa-read";
const PRIMARY_POOL: &str = "kassa";
/// The last statement of each read: a wallet's history page, recentTransactions, users.
const HISTORY_SQL: &str = r#""transactions"."wallet_id" ="#;
const RECENT_SQL: &str = r#""transactions"."created_at" >="#;
const USERS_SQL: &str = r#""users"."email" ILIKE"#;

/// An admin, a cashier, a customer with one top-up of 10.00, and the reads under test.
struct Desk<'a> {
    app: &'a TestApp,
    admin: Actor,
    cashier: Actor,
    customer: Actor,
    system: String,
}

impl<'a> Desk<'a> {
    async fn open(app: &'a TestApp) -> Self {
        let admin = app.admin().await;
        let cashier = app.cashier(&admin).await;
        let customer = app.customer().await;
        let system = app.payment_system(&admin).await;
        app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
        Self { app, admin, cashier, customer, system }
    }

    async fn top_up(&self, amount: &str) -> serde_json::Value {
        self.app.top_up(&self.cashier, &self.customer.wallet, amount, &self.system).await
    }

    /// The customer's history page (read directly: myWallet is a wallet on its own), as its owner sees it.
    async fn history(&self) -> usize {
        let query = "{ myWallet { transactions(first: 50) { edges { node { id } } } } }";
        let data = self.app.ok(Some(&self.customer.token), query, json!({})).await;
        data["myWallet"]["transactions"]["edges"].as_array().unwrap().len()
    }

    async fn recent(&self) -> usize {
        let query = "{ recentTransactions(first: 50) { edges { node { id } } } }";
        let data = self.app.ok(Some(&self.cashier.token), query, json!({})).await;
        data["recentTransactions"]["edges"].as_array().unwrap().len()
    }

    async fn users(&self, search: &str) -> usize {
        let query = "query($search: String) { users(search: $search, first: 50) { edges { node { id } } } }";
        let data = self.app.ok(Some(&self.admin.token), query, json!({ "search": search })).await;
        data["users"]["edges"].as_array().unwrap().len()
    }

    /// (history, recentTransactions, users named `search`) until they equal `want` (10 s at most).
    async fn reads_reach(&self, search: &str, want: (usize, usize, usize)) {
        let started = Instant::now();
        loop {
            let seen = (self.history().await, self.recent().await, self.users(search).await);
            if seen == want {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "reads stayed at {seen:?}, not {want:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn reads_that_may_lag_come_from_the_replica_and_money_from_the_primary() {
    let pair = ReplicaPair::start();
    // A bound far above this test's length: the paused replica keeps serving throughout.
    let (app, database) = app_on(&pair, &[("KASSA_READ_MAX_LAG", "60s")]).await;
    let desk = Desk::open(&app).await;
    wait_replica(&app, "serving", |replica| replica["serving"] == true).await;
    desk.reads_reach("latecomer", (1, 1, 0)).await;

    // Each read ran on the replica, through the read pool (pg_stat_activity shows each
    // connection's last statement); the primary's pool never connects there, nor the read
    // pool to the primary.
    let on_replica = |needle: &str| ReplicaPair::queries(&pair.replica, &database, READ_POOL, needle);
    assert_eq!(desk.history().await, 1);
    assert!(on_replica(HISTORY_SQL) >= 1, "the history page was not read on the replica");
    assert_eq!(desk.recent().await, 1);
    assert!(on_replica(RECENT_SQL) >= 1, "recentTransactions was not read on the replica");
    assert_eq!(desk.users("latecomer").await, 0);
    assert!(on_replica(USERS_SQL) >= 1, "users was not read on the replica");
    assert_eq!(ReplicaPair::queries(&pair.replica, &database, PRIMARY_POOL, ""), 0);
    assert_eq!(ReplicaPair::queries(&pair.primary, &database, READ_POOL, ""), 0);

    // Replay paused: what the replica serves stands still, the primary goes on.
    pair.pause_replay();
    let moved = desk.top_up("5.00").await;
    assert_eq!(moved["wallet"]["balance"], "15.00", "the move's own answer comes from the primary");
    // Creating and signing in a user: the sessions are the primary's.
    app.user_by_admin(&desk.admin, "Latecomer").await;
    assert_eq!(app.balance(&desk.customer).await, ("15.00".to_owned(), 2), "balances are read on the primary");
    let stale = (desk.history().await, desk.recent().await, desk.users("latecomer").await);
    assert_eq!(stale, (1, 1, 0), "the paused replica served all three reads");
    let replica = ready(&app).await.1["replica"].clone();
    assert_eq!((replica["reachable"].clone(), replica["serving"].clone()), (json!(true), json!(true)));

    // Replay resumed: the replica catches up with everything written on the primary.
    pair.resume_replay();
    desk.reads_reach("latecomer", (2, 2, 1)).await;
    assert_eq!(pair.replica.sql(&database, "SELECT balance FROM wallets ORDER BY balance DESC LIMIT 1"), "15.00");
    let (_, problems) = kassa::services::ledger::verify(&pair.primary.url(&database)).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

/// Top-ups of 1.00 from 4 clients at once for `length`, /readyz read every 100 ms meanwhile:
/// the number of moves and the largest lag seen.
async fn load(desk: &Desk<'_>, length: Duration) -> (usize, f64) {
    let started = Instant::now();
    let client = async || {
        let mut moves = 0;
        while started.elapsed() < length {
            desk.top_up("1.00").await;
            moves += 1;
        }
        moves
    };
    let watch = async {
        let mut worst: f64 = 0.0;
        while started.elapsed() < length {
            worst = worst.max(ready(desk.app).await.1["replica"]["lag_seconds"].as_f64().unwrap_or(f64::INFINITY));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        worst
    };
    let (a, b, c, d, worst) = tokio::join!(client(), client(), client(), client(), watch);
    (a + b + c + d, worst)
}

#[tokio::test]
async fn a_replica_lagging_past_the_bound_hands_its_reads_to_the_primary() {
    let pair = ReplicaPair::start();
    let (app, database) = app_on(&pair, &[("KASSA_READ_MAX_LAG", "1s")]).await;
    let desk = Desk::open(&app).await;
    desk.reads_reach("nobody", (1, 1, 0)).await;
    // Idle for longer than the bound: the last commit grows old, but nothing is missing,
    // so the replica is not lagging and keeps serving.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let idle = wait_replica(&app, "serving", |replica| replica["serving"] == true).await;
    assert!(idle["lag_seconds"].as_f64().unwrap() < 1.0, "an idle primary is no lag: {idle}");

    pair.pause_replay();
    desk.top_up("5.00").await;
    let written = Instant::now();
    let lagging = wait_replica(&app, "falling back", |replica| replica["serving"] == false).await;
    let noticed = written.elapsed();
    assert_eq!(lagging["reachable"], true, "{lagging}");
    assert!(lagging["lag_seconds"].as_f64().unwrap() > 1.0, "{lagging}");
    assert!(noticed < Duration::from_secs(4), "the monitor took {noticed:?} to notice the lag");
    // The reads now come from the primary: the new top-up is there, though never replayed.
    assert_eq!((desk.history().await, desk.recent().await), (2, 2));
    // The metrics say so too.
    let metrics = app.server.metrics_addr.expect("the test servers serve metrics");
    let scrape = app.http.get(format!("http://{metrics}/metrics")).send().await.unwrap().text().await.unwrap();
    let value = |name: &str| {
        scrape.lines().find_map(|line| line.strip_prefix(name)?.trim().parse::<f64>().ok()).unwrap_or(f64::NAN)
    };
    assert_eq!((value("kassa_replica_reachable"), value("kassa_replica_serving")), (1.0, 0.0), "{scrape}");
    assert!(value("kassa_replica_lag_seconds") > 1.0, "{scrape}");

    pair.resume_replay();
    let back = wait_replica(&app, "serving again", |replica| replica["serving"] == true).await;
    assert!(back["lag_seconds"].as_f64().unwrap() <= 1.0, "{back}");
    assert_eq!((desk.history().await, desk.recent().await), (2, 2));

    // Under load (4 clients topping up for 1 s) the replica keeps up: every move reaches it;
    // the largest lag /readyz showed meanwhile is printed.
    let (moves, worst) = load(&desk, Duration::from_secs(1)).await;
    let started = Instant::now();
    while pair.replica.sql(&database, "SELECT count(*) FROM transactions") != (2 + moves).to_string() {
        assert!(started.elapsed() < Duration::from_secs(10), "the replica never caught up with {moves} moves");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("under load: {moves} top-ups in 1 s, the largest lag /readyz showed {worst:.3} s");
    eprintln!("replica lag noticed {noticed:?} after the write; at fallback {lagging}");
}

#[tokio::test]
async fn with_the_replica_stopped_every_read_still_answers() {
    let pair = ReplicaPair::start();
    let (app, database) = app_on(&pair, &[]).await;
    let desk = Desk::open(&app).await;
    wait_replica(&app, "serving", |replica| replica["serving"] == true).await;
    desk.reads_reach("customer", (1, 1, 1)).await;

    // The replica turns new connections away and its read pool's are cut, while the lag
    // probe's connection stays, so the monitor still finds it serving: each read then fails
    // there (no connection to be had) and is retried on the primary. The client sees nothing.
    pair.replica.refuse_tcp(true);
    let cut = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'kassa-read'";
    assert_ne!(pair.replica.sql("postgres", cut), "0");
    for _ in 0..3 {
        wait_replica(&app, "serving with its probe", |replica| replica["serving"] == true).await;
        assert_eq!((desk.history().await, desk.recent().await, desk.users("customer").await), (1, 1, 1));
    }
    pair.replica.refuse_tcp(false);

    // Stopped as a crash would stop it: every read answers, from the primary.
    pair.replica.down();
    assert_eq!((desk.history().await, desk.recent().await, desk.users("customer").await), (1, 1, 1));
    let (status, body) = ready(&app).await;
    assert_eq!((status, body["database"].clone()), (200, json!(true)), "{body}");
    let down = wait_replica(&app, "unreachable", |replica| replica["reachable"] == false).await;
    assert_eq!(down, json!({ "configured": true, "reachable": false, "lag_seconds": null, "serving": false }));
    desk.top_up("5.00").await;
    assert_eq!((desk.history().await, desk.recent().await, desk.users("customer").await), (2, 2, 1));

    // Back up: it catches up and serves again.
    pair.replica.up();
    wait_replica(&app, "serving after the restart", |replica| replica["serving"] == true).await;
    assert_eq!(desk.history().await, 2);
    assert!(ReplicaPair::queries(&pair.replica, &database, READ_POOL, HISTORY_SQL) >= 1);
}
