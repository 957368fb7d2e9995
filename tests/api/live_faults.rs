//! Nothing committed is lost for good: Redis outages and publishes lost after commit.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{Options, TestApp};
use crate::live::{MY_BALANCE, Scene, event};
use crate::metrics::{Scrape, eventually_within};
use crate::redis_server::RedisServer;
use crate::ws_client::{Protocol, WsClient};

fn on_redis(url: &str) -> Options {
    Options { env: vec![("REDIS_URL", url.to_owned())], ..Options::default() }
}

/// Reads events until one reaches `version`; returns (version, events seen with a transaction).
async fn follow_until(client: &mut WsClient, version: i64, within: Duration) -> (i64, usize) {
    let deadline = tokio::time::Instant::now() + within;
    let (mut last, mut with_transaction) = (-1, 0);
    while last < version {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let Some(payload) = client.next_payload("b", left).await else { break };
        let state = event(&payload, "myBalance");
        let seen = state["version"].as_i64().unwrap();
        assert!(seen > last, "versions strictly increase: {seen} after {last}");
        last = seen;
        with_transaction += usize::from(!state["transaction"].is_null());
    }
    (last, with_transaction)
}

#[tokio::test]
async fn top_ups_committed_while_redis_is_down_reach_a_subscriber_on_another_instance() {
    let mut redis = RedisServer::start().await;
    let scene = Scene::new(on_redis(&redis.url())).await;
    let other = TestApp::with(Options {
        database: Some(scene.app.database.clone()),
        redis_prefix: Some(scene.app.redis_prefix.clone()),
        ..on_redis(&redis.url())
    })
    .await;
    let mut client = WsClient::connect(&other.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("b", MY_BALANCE, json!({})).await;
    assert_eq!(event(&client.next_payload("b", Duration::from_secs(5)).await.unwrap(), "myBalance")["version"], 0);
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    assert_eq!(follow_until(&mut client, 1, Duration::from_secs(5)).await.0, 1);

    redis.stop();
    for _ in 0..5 {
        // Every mutation succeeds while Redis is down (top_up asserts no errors).
        scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    }
    redis.resume().await;

    let (reached, _) = follow_until(&mut client, 6, Duration::from_secs(15)).await;
    assert_eq!(reached, 6, "the subscriber ends at the database's version");
    assert_eq!(scene.app.balance(&scene.customer).await, ("6.00".to_owned(), 6));
    drop(other);
}

/// A Redis that stops answering but keeps its sockets open (SIGSTOP: a host gone without
/// a close) is found by the subscriber's PING, every 15 s: the connection counts as lost
/// (`kassa_redis_connected` 0) and is opened again once Redis answers, and a commit on
/// another instance then reaches the subscriber.
#[tokio::test]
async fn a_redis_that_stops_answering_is_found_by_ping_and_reconnected() {
    let redis = RedisServer::start().await;
    let scene = Scene::new(on_redis(&redis.url())).await;
    let until = async |app: &TestApp, value: f64, within: Duration| {
        let connected = |scrape: &Scrape| scrape.value("kassa_redis_connected", &[]);
        let last = eventually_within(app, within, |scrape| connected(scrape) == value).await;
        assert_eq!(connected(&last), value, "kassa_redis_connected after {within:?}");
    };
    until(&scene.app, 1.0, Duration::from_secs(5)).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("b", MY_BALANCE, json!({})).await;
    assert_eq!(event(&client.next_payload("b", Duration::from_secs(5)).await.unwrap(), "myBalance")["version"], 0);

    redis.freeze(true);
    // One PING interval, its 1.5 s reply timeout and a scrape's worth of slack.
    until(&scene.app, 0.0, Duration::from_secs(20)).await;
    redis.freeze(false);
    until(&scene.app, 1.0, Duration::from_secs(10)).await;

    let other = TestApp::with(Options {
        database: Some(scene.app.database.clone()),
        redis_prefix: Some(scene.app.redis_prefix.clone()),
        ..on_redis(&redis.url())
    })
    .await;
    other.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    assert_eq!(follow_until(&mut client, 1, Duration::from_secs(5)).await.0, 1);
}

/// Instance A cannot reach any Redis, so every publish it makes after a commit is lost.
/// Instance B shares the database, reaches Redis and delivers its own commits at once; the
/// customer's subscriber on B has received its first state.
async fn lossy_pair() -> (Scene, TestApp, WsClient) {
    let scene = Scene::new(on_redis("redis://127.0.0.1:1")).await;
    let b = TestApp::with(Options {
        redis: true,
        database: Some(scene.app.database.clone()),
        redis_prefix: Some(scene.app.redis_prefix.clone()),
        ..Options::default()
    })
    .await;
    let mut client = WsClient::connect(&b.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("b", MY_BALANCE, json!({})).await;
    client.next_payload("b", Duration::from_secs(5)).await.unwrap();
    (scene, b, client)
}

#[tokio::test]
async fn an_event_whose_publish_was_lost_after_commit_is_delivered_by_the_relay() {
    let (scene, b, mut client) = lossy_pair().await;

    let made = scene.app.top_up(&scene.cashier, &scene.customer.wallet, "3.00", &scene.system).await;

    let payload = client.next_payload("b", Duration::from_secs(10)).await.expect("the relay delivers it");
    let delivered = event(&payload, "myBalance");
    assert_eq!(delivered["version"], 1);
    assert_eq!(delivered["transaction"]["id"], made["transaction"]["id"], "the event itself, not only a fresh state");
    drop(b);
}

#[tokio::test]
async fn a_version_that_arrives_late_is_filled_in_from_the_journal_so_none_is_skipped() {
    let (scene, b, mut client) = lossy_pair().await;

    // Version 1 commits through A (its event is not out yet), version 2 through B.
    let first = scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    let second = b.top_up(&scene.cashier, &scene.customer.wallet, "2.00", &scene.system).await;

    let mut seen = Vec::new();
    for _ in 0..2 {
        let state = event(&client.next_payload("b", Duration::from_secs(10)).await.unwrap(), "myBalance");
        seen.push((state["version"].as_i64().unwrap(), state["transaction"]["id"].clone()));
    }
    assert_eq!(
        seen,
        vec![(1, first["transaction"]["id"].clone()), (2, second["transaction"]["id"].clone())],
        "every version, in order, each with its own transaction"
    );
    drop(b);
}

#[tokio::test]
async fn published_events_are_marked_so_the_relay_leaves_them_alone() {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let scene = Scene::new(Options { redis: true, ..Options::default() }).await;
    for _ in 0..5 {
        scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    }
    let unpublished = "SELECT count(*) AS count FROM outbox WHERE published_at IS NULL";
    let started = std::time::Instant::now();
    loop {
        let mut conn = scene.app.state().conn().await.unwrap();
        let left = diesel::sql_query(unpublished).get_result::<Count>(&mut conn).await.unwrap().count;
        if left == 0 {
            break;
        }
        // Well inside the relay's 2 s grace: it is the publisher that marked them.
        assert!(started.elapsed() < Duration::from_secs(1), "{left} events still unmarked");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
