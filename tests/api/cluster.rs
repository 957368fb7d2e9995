//! Redis Cluster mode: sharded pub/sub between instances, a master killed under top-ups,
//! the sign-in throttle across instances, and an instance receiving only its shards.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::cluster_server::RedisCluster;
use crate::helpers::{Actor, Options, PASSWORD, TestApp, code};
use crate::live::{FEED, MY_BALANCE, Scene, event};
use crate::metrics::Scrape;
use crate::ws_client::{Protocol, WsClient};

const WAIT: Duration = Duration::from_secs(10);
/// Few shards, so that a handful of wallets covers several of them.
const SHARDS: u16 = 8;

fn on_cluster(cluster: &RedisCluster) -> Vec<(&'static str, String)> {
    // Sign-ups are not what is tested: many customers come from one address here.
    vec![
        ("REDIS_URL", cluster.url()),
        ("KASSA_EVENT_SHARDS", SHARDS.to_string()),
        ("KASSA_SIGNUP_ADDRESS_LIMIT", "0".to_owned()),
    ]
}

/// Instance A on the cluster with a scene, and instance B beside it.
async fn pair(cluster: &RedisCluster) -> (Scene, TestApp) {
    let scene = Scene::new(Options { env: on_cluster(cluster), ..Options::default() }).await;
    let b = scene.app.sibling_with(on_cluster(cluster)).await;
    (scene, b)
}

/// The wallet's id in the database (its shard is id % SHARDS).
async fn wallet_id(app: &TestApp, number: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let mut conn = app.state().conn().await.unwrap();
    let row: Id = diesel::sql_query("SELECT id FROM wallets WHERE number = $1")
        .bind::<Text, _>(number)
        .get_result(&mut conn)
        .await
        .unwrap();
    row.id
}

/// How many connections the master of `channel`'s slot has subscribed to it.
fn subscribers(cluster: &RedisCluster, channel: &str) -> u32 {
    let master = cluster.master_of(cluster.slot_of(channel));
    let answer = cluster.cli(master.port, &["PUBSUB", "SHARDNUMSUB", channel]);
    answer.lines().nth(1).and_then(|count| count.trim().parse().ok()).unwrap_or(0)
}

/// A subscriber on `app` to `owner`'s balance, past its first (current) state.
async fn watch(app: &TestApp, owner: &Actor) -> WsClient {
    let mut client = WsClient::connect(&app.ws_url(), &owner.token, Protocol::TransportWs).await;
    client.subscribe("b", MY_BALANCE, json!({})).await;
    let first = event(&client.next_payload("b", WAIT).await.expect("the current state"), "myBalance");
    assert!(first["version"].is_i64(), "{first}");
    client
}

/// Reads states until `version`; answers the last version seen.
async fn follow_until(client: &mut WsClient, version: i64, within: Duration) -> i64 {
    let deadline = Instant::now() + within;
    let mut last = -1;
    while last < version {
        let Some(payload) = client.next_payload("b", deadline.saturating_duration_since(Instant::now())).await else {
            break;
        };
        let seen = event(&payload, "myBalance")["version"].as_i64().unwrap();
        assert!(seen > last, "versions strictly increase: {seen} after {last}");
        last = seen;
    }
    last
}

#[tokio::test]
async fn an_event_and_a_sign_out_committed_through_one_instance_reach_another() {
    let cluster = RedisCluster::start().await;
    let (scene, b) = pair(&cluster).await;
    let mut client = watch(&b, &scene.customer).await;
    // The cashiers' feed on B subscribes B to every shard before it starts.
    let mut feed = WsClient::connect(&b.ws_url(), &scene.cashier.token, Protocol::TransportWs).await;
    feed.subscribe("f", FEED, json!({})).await;
    let started = Instant::now();
    while !(0..SHARDS).all(|shard| subscribers(&cluster, &format!("{}:events:{{{shard}}}", b.redis_prefix)) > 0) {
        assert!(started.elapsed() < WAIT, "B subscribes to every shard for its feed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let moved = scene.app.top_up(&scene.cashier, &scene.customer.wallet, "7.00", &scene.system).await;
    let live = event(&client.next_payload("b", WAIT).await.expect("A's top-up reaches B"), "myBalance");
    assert_eq!((live["balance"].as_str(), live["version"].as_i64()), (Some("7.00"), Some(1)));
    let fed = event(&feed.next_payload("f", WAIT).await.expect("A's top-up reaches B's feed"), "transactionFeed");
    assert_eq!(fed["id"], moved["transaction"]["id"]);

    // The access notice travels on its own channel: signing out on A ends B's subscription.
    scene.app.ok(Some(&scene.customer.token), "mutation { signOut }", json!({})).await;
    let last = client.next_payload("b", WAIT).await.expect("B's subscription ends");
    assert_eq!(last["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{last}");
    let me = b.gql(Some(&scene.customer.token), "{ myWallet { number } }", json!({})).await;
    assert_eq!(code(&me), "UNAUTHENTICATED", "{me:#}");
}

#[tokio::test]
async fn a_master_killed_during_top_ups_fails_no_mutation_and_subscribers_end_at_the_database_version() {
    let cluster = RedisCluster::start().await;
    let (scene, b) = pair(&cluster).await;
    let mut customers = vec![scene.customer.clone()];
    for _ in 0..5 {
        customers.push(scene.app.customer().await);
    }
    let mut clients = Vec::new();
    for customer in &customers {
        clients.push(watch(&b, customer).await);
    }
    // The master that serves the first wallet's shard channel goes down.
    let shard = wallet_id(&scene.app, &customers[0].wallet).await.rem_euclid(i64::from(SHARDS));
    let channel = format!("{}:events:{{{shard}}}", scene.app.redis_prefix);
    let master = cluster.master_of(cluster.slot_of(&channel));
    let replica = cluster.replica_of(&master);

    let (app, cashier, system) = (&scene.app, &scene.cashier, &scene.system);
    let done = AtomicUsize::new(0);
    let stream = async {
        let mut failed = Vec::new();
        for round in 0..30 {
            for customer in &customers {
                let key = format!("chaos-{round}-{}", customer.wallet);
                let body = app.try_top_up(cashier, &customer.wallet, "1.00", system, &key).await;
                if body.get("errors").is_some() {
                    failed.push(body);
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        failed
    };
    let chaos = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut cluster = cluster;
        cluster.kill(master.port);
        let at_kill = AtomicUsize::load(&done, Ordering::Relaxed);
        // The replica takes over at once instead of after the node timeout.
        let answer = cluster.cli(replica.port, &["CLUSTER", "FAILOVER", "TAKEOVER"]);
        assert!(answer.contains("OK"), "CLUSTER FAILOVER TAKEOVER: {answer}");
        assert!(cluster.wait_ok(Duration::from_secs(20)).await, "the cluster recovers without the killed master");
        (cluster, at_kill, AtomicUsize::load(&done, Ordering::Relaxed))
    };
    let (failed, (cluster, at_kill, at_recovery)) = tokio::join!(stream, chaos);
    assert!(
        at_kill > 0 && at_recovery < 180,
        "the master died mid-stream ({at_kill}), recovered before its end ({at_recovery})"
    );
    assert!(failed.is_empty(), "no top-up fails while a master fails over: {failed:#?}");
    assert_eq!(cluster.master_of(cluster.slot_of(&channel)).port, replica.port, "the replica serves the shard now");

    for (customer, client) in customers.iter().zip(clients.iter_mut()) {
        let (_, version) = scene.app.balance(customer).await;
        assert_eq!(version, 30, "every top-up committed once");
        assert_eq!(follow_until(client, version, Duration::from_secs(20)).await, version, "{}", customer.wallet);
    }
    assert!(scene.app.verify_ledger().await.is_empty());
    drop(b);
}

#[tokio::test]
async fn the_sign_in_throttle_counts_across_two_instances_in_cluster_mode() {
    let cluster = RedisCluster::start().await;
    let mut env = on_cluster(&cluster);
    env.push(("KASSA_SIGNIN_ADDRESS_LIMIT", "0".to_owned()));
    let scene = Scene::new(Options { env: env.clone(), ..Options::default() }).await;
    let b = scene.app.sibling_with(env).await;
    let email = &scene.customer.email;
    // Five wrong passwords in all, alternating between the instances.
    for attempt in 0..5 {
        let app = if attempt % 2 == 0 { &scene.app } else { &b };
        assert_eq!(code(&sign_in_on(app, email, "wrong password").await), "UNAUTHENTICATED");
    }
    for app in [&scene.app, &b] {
        assert_eq!(code(&sign_in_on(app, email, PASSWORD).await), "RATE_LIMITED", "five failures counted in all");
    }
}

async fn sign_in_on(app: &TestApp, email: &str, password: &str) -> serde_json::Value {
    let variables = json!({ "input": { "email": email, "password": password } });
    app.gql(None, "mutation($input: SignInInput!) { signIn(input: $input) { token } }", variables).await
}

#[tokio::test]
async fn an_instance_receives_only_the_events_of_the_shards_its_clients_watch() {
    let cluster = RedisCluster::start().await;
    let (scene, b) = pair(&cluster).await;
    let watched = wallet_id(&scene.app, &scene.customer.wallet).await.rem_euclid(i64::from(SHARDS));
    // Twenty wallets on other shards, each topped up through A.
    let mut others = Vec::new();
    while others.len() < 20 {
        let customer = scene.app.customer().await;
        if wallet_id(&scene.app, &customer.wallet).await.rem_euclid(i64::from(SHARDS)) != watched {
            others.push(customer);
        }
    }
    let mut client = watch(&b, &scene.customer).await;
    let received = |scrape: &Scrape| scrape.value("kassa_events_received_total", &[]);
    let published = |scrape: &Scrape| {
        scrape.value("kassa_events_published_total", &[("path", "publisher")])
            + scrape.value("kassa_events_published_total", &[("path", "relay")])
    };
    let before = Scrape::of(&b).await;

    for other in &others {
        scene.app.top_up(&scene.cashier, &other.wallet, "1.00", &scene.system).await;
    }
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    assert_eq!(follow_until(&mut client, 1, WAIT).await, 1, "the watched wallet's event arrives");
    // Everything is published (the counter is the process's: both instances run here).
    let started = Instant::now();
    let after = loop {
        let scrape = Scrape::of(&b).await;
        if published(&scrape) - published(&before) >= 21.0 || started.elapsed() > WAIT {
            break scrape;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(published(&after) - published(&before) >= 21.0, "all 21 events were published");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = Scrape::of(&b).await;
    // B watches one shard and A none: of 21 events, B receives its one (A receives none).
    let got = received(&after) - received(&before);
    assert!((1.0..=2.0).contains(&got), "received {got} of 21 published events");
}
