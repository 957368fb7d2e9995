//! PostgreSQL stops under load: requests fail fast with SERVICE_UNAVAILABLE, the server stays
//! up and recovers by itself, and retries with the original idempotency keys apply once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::{PrivatePostgres, app_on, outcome, top_up_input};
use crate::helpers::{TOP_UP, TestApp};

/// What one worker saw: key -> (outcome, how long the answer took).
type Seen = Arc<Mutex<BTreeMap<String, (String, Duration)>>>;

async fn load(
    app: Arc<TestApp>,
    token: String,
    wallet: String,
    system: String,
    worker: usize,
    stop: Arc<AtomicBool>,
    seen: Seen,
) {
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        let key = format!("down-{worker}-{i}");
        let started = Instant::now();
        let response = app
            .http
            .post(format!("{}/graphql", app.url))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "query": TOP_UP, "variables": top_up_input(&wallet, &system, &key) }))
            .send()
            .await
            .expect("the server stays up: every request gets an answer");
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        seen.lock().await.insert(key, (outcome(&body), started.elapsed()));
        i += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn postgres_stopping_under_load_gives_service_unavailable_and_recovery_applies_retries_once() {
    let cluster = PrivatePostgres::start();
    let (app, database_url) = app_on(&cluster, &[]).await;
    let app = Arc::new(app);
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let system = app.payment_system(&admin).await;

    let stop = Arc::new(AtomicBool::new(false));
    let seen: Seen = Arc::default();
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let args = (app.clone(), cashier.token.clone(), customer.wallet.clone(), system.clone());
            tokio::spawn(load(args.0, args.1, args.2, args.3, worker, stop.clone(), seen.clone()))
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(800)).await;
    let stopped_at = Instant::now();
    cluster.down();
    tokio::time::sleep(Duration::from_secs(4)).await;
    // Alive, and honest about not being ready.
    let alive = app.http.get(format!("{}/healthz", app.url)).send().await.unwrap();
    assert_eq!(alive.status(), 200);
    let ready = app.http.get(format!("{}/readyz", app.url)).send().await.unwrap();
    assert_eq!(ready.status(), 503);

    cluster.up();
    let restarted_at = Instant::now();
    let recovered = loop {
        let ready = app.http.get(format!("{}/readyz", app.url)).send().await.unwrap();
        if ready.status() == 200 {
            break restarted_at.elapsed();
        }
        assert!(restarted_at.elapsed() < Duration::from_secs(30), "no recovery 30 s after PostgreSQL came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }

    let seen = seen.lock().await.clone();
    let unavailable: Vec<_> = seen.values().filter(|(code, _)| code == "SERVICE_UNAVAILABLE").collect();
    let others: Vec<_> = seen.values().filter(|(code, _)| code != "OK" && code != "SERVICE_UNAVAILABLE").collect();
    assert!(others.is_empty(), "only success or SERVICE_UNAVAILABLE may come back: {others:?}");
    assert!(!unavailable.is_empty(), "the outage was seen");
    let slowest = unavailable.iter().map(|(_, took)| *took).max().unwrap();
    // Loose bound: the pool gives up after 5 s; nothing hangs on a dead database.
    assert!(slowest < Duration::from_secs(15), "a failure took {slowest:?}");

    // Every operation is retried with its original key: each applies exactly once.
    for key in seen.keys() {
        let body = app.try_top_up(&cashier, &customer.wallet, "1.00", &system, key).await;
        assert!(body.get("errors").is_none(), "retrying {key}: {body:#}");
    }
    let (balance, version) = app.balance(&customer).await;
    assert_eq!(balance, format!("{}.00", seen.len()), "one top-up of 1.00 per key");
    assert_eq!(version, seen.len() as i64);
    let (_, problems) = kassa::services::ledger::verify(&database_url).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    println!(
        "database down: {} operations, {} SERVICE_UNAVAILABLE (slowest {slowest:?}), outage {:?}, ready again {recovered:?} after PostgreSQL",
        seen.len(),
        unavailable.len(),
        restarted_at - stopped_at,
    );
}
