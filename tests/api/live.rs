//! Live balances over WebSocket: both subprotocols, access rules, and the connection's limits.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Actor, Options, TestApp};
use crate::ws_client::{Incoming, Protocol, Refusal, WsClient};

pub const MY_BALANCE: &str =
    "subscription { myBalance { walletId walletNumber balance currency version transaction { id kind amount } } }";
pub const WALLET_BALANCE: &str =
    "subscription($n: String!) { walletBalance(walletNumber: $n) { walletNumber balance version transaction { id } } }";
pub const FEED: &str = "subscription { transactionFeed { id kind amount wallet { number } } }";
const WAIT: Duration = Duration::from_secs(5);

/// An app with a payment system, a cashier and a customer.
pub struct Scene {
    pub app: TestApp,
    pub admin: Actor,
    pub cashier: Actor,
    pub customer: Actor,
    pub system: String,
}

impl Scene {
    pub async fn new(options: Options) -> Self {
        let app = TestApp::with(options).await;
        let admin = app.admin().await;
        let system = app.payment_system(&admin).await;
        let cashier = app.cashier(&admin).await;
        let customer = app.customer().await;
        Self { app, admin, cashier, customer, system }
    }
}

pub fn event(payload: &Value, field: &str) -> Value {
    assert!(payload.get("errors").is_none(), "subscription error: {payload}");
    payload["data"][field].clone()
}

#[tokio::test]
async fn both_subprotocols_send_the_current_state_then_each_change_within_a_second() {
    let scene = Scene::new(Options::default()).await;
    let app = &scene.app;
    for (round, protocol) in [Protocol::TransportWs, Protocol::Legacy].into_iter().enumerate() {
        let mut client = WsClient::connect(&app.ws_url(), &scene.customer.token, protocol).await;
        client.subscribe("1", MY_BALANCE, json!({})).await;
        let first = event(&client.next_payload("1", WAIT).await.unwrap(), "myBalance");
        assert_eq!(first["version"], round as i64, "{protocol:?}: first the current state");
        assert_eq!(first["transaction"], Value::Null);
        assert_eq!(first["walletNumber"], scene.customer.wallet.as_str());

        let started = Instant::now();
        app.top_up(&scene.cashier, &scene.customer.wallet, "25.00", &scene.system).await;
        let live = event(&client.next_payload("1", WAIT).await.unwrap(), "myBalance");
        let latency = started.elapsed();
        assert_eq!(live["version"], round as i64 + 1, "{protocol:?}");
        assert_eq!(live["balance"], if round == 0 { "25.00" } else { "50.00" });
        assert_eq!(live["transaction"]["kind"], "TOP_UP");
        assert!(latency < Duration::from_secs(1), "{protocol:?}: the event took {latency:?}");
    }
}

#[tokio::test]
async fn a_missing_or_bad_token_is_refused_without_an_ack() {
    let app = TestApp::spawn().await;
    for token in [None, Some("kassa_not-a-real-token")] {
        match WsClient::try_connect(&app.ws_url(), token, Protocol::TransportWs).await {
            Err(Refusal::Closed(code)) => assert_eq!(code, 4403, "graphql-transport-ws closes with 4403"),
            other => panic!("expected close 4403, got {:?}", other.err()),
        }
        match WsClient::try_connect(&app.ws_url(), token, Protocol::Legacy).await {
            Err(Refusal::ConnectionError(_)) => {}
            other => panic!("expected connection_error, got {:?}", other.err()),
        }
    }
}

#[tokio::test]
async fn signing_out_ends_the_subscriptions_of_that_session_only() {
    let scene = Scene::new(Options::default()).await;
    let app = &scene.app;
    let other_session = app.sign_in(&scene.customer.email).await;
    let mut ended = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    let mut kept = WsClient::connect(&app.ws_url(), &other_session.token, Protocol::TransportWs).await;
    for client in [&mut ended, &mut kept] {
        client.subscribe("b", MY_BALANCE, json!({})).await;
        client.next_payload("b", WAIT).await.unwrap();
    }

    app.ok(Some(&scene.customer.token), "mutation { signOut }", json!({})).await;

    let last = ended.next_payload("b", WAIT).await.expect("an error before the end");
    assert_eq!(last["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(ended.next_payload("b", WAIT).await.is_none(), "then the subscription completes");

    app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
    let live = event(&kept.next_payload("b", WAIT).await.unwrap(), "myBalance");
    assert_eq!(live["version"], 1, "the other session still receives events");
}

#[tokio::test]
async fn removing_the_cashier_role_ends_staff_subscriptions_on_every_instance() {
    let scene = Scene::new(Options { redis: true, ..Options::default() }).await;
    let other = scene.app.sibling().await;
    let mut client = WsClient::connect(&other.ws_url(), &scene.cashier.token, Protocol::TransportWs).await;
    client.subscribe("feed", FEED, json!({})).await;
    client.subscribe("wallet", WALLET_BALANCE, json!({ "n": scene.customer.wallet })).await;
    client.next_payload("wallet", WAIT).await.unwrap();
    // The feed has no first state: prove it is live before the removal.
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "5.00", &scene.system).await;
    assert_eq!(event(&client.next_payload("feed", WAIT).await.unwrap(), "transactionFeed")["amount"], "5.00");

    scene
        .app
        .ok(
            Some(&scene.admin.token),
            "mutation($id: ID!) { removeCashier(userId: $id) }",
            json!({ "id": scene.cashier.id }),
        )
        .await;

    for id in ["feed", "wallet"] {
        let mut last = client.next_payload(id, WAIT).await.expect("an error before the end");
        while last.get("errors").is_none() {
            last = client.next_payload(id, WAIT).await.expect("an error before the end");
        }
        assert_eq!(last["errors"][0]["extensions"]["code"], "FORBIDDEN", "{id}");
        assert!(client.next_payload(id, WAIT).await.is_none(), "{id} completes");
    }
}

#[tokio::test]
async fn a_customer_cannot_watch_another_wallet_or_the_feed() {
    let scene = Scene::new(Options::default()).await;
    let stranger = scene.app.customer().await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &stranger.token, Protocol::TransportWs).await;
    client.subscribe("w", WALLET_BALANCE, json!({ "n": scene.customer.wallet })).await;
    let refused = client.next_payload("w", WAIT).await.unwrap();
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
    client.subscribe("f", FEED, json!({})).await;
    let refused = client.next_payload("f", WAIT).await.unwrap();
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn a_cashier_watches_any_wallet_and_the_feed() {
    let scene = Scene::new(Options::default()).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.cashier.token, Protocol::TransportWs).await;
    client.subscribe("w", WALLET_BALANCE, json!({ "n": scene.customer.wallet })).await;
    client.subscribe("f", FEED, json!({})).await;
    assert_eq!(event(&client.next_payload("w", WAIT).await.unwrap(), "walletBalance")["version"], 0);
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "7.00", &scene.system).await;
    assert_eq!(event(&client.next_payload("w", WAIT).await.unwrap(), "walletBalance")["balance"], "7.00");
    let fed = event(&client.next_payload("f", WAIT).await.unwrap(), "transactionFeed");
    assert_eq!(
        (fed["kind"].as_str(), fed["wallet"]["number"].as_str()),
        (Some("TOP_UP"), Some(scene.customer.wallet.as_str()))
    );
}

#[tokio::test]
async fn one_connection_holds_a_bounded_number_of_subscriptions() {
    let scene = Scene::new(Options::default()).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    for id in 0..32 {
        client.subscribe(&id.to_string(), MY_BALANCE, json!({})).await;
        client.next_payload(&id.to_string(), WAIT).await.unwrap();
    }
    client.subscribe("one-too-many", MY_BALANCE, json!({})).await;
    let refused = client.next_payload("one-too-many", WAIT).await.unwrap();
    assert_eq!(refused["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    // Completing one frees a slot.
    client.send(json!({ "id": "0", "type": "complete" })).await;
    client.subscribe("fits-again", MY_BALANCE, json!({})).await;
    assert_eq!(event(&client.next_payload("fits-again", WAIT).await.unwrap(), "myBalance")["version"], 0);
}

#[tokio::test]
async fn a_burst_of_subscribes_over_the_cap_gets_one_refusal_each_in_order_and_the_connection_goes_on() {
    let scene = Scene::new(Options::default()).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    for id in 0..32 {
        client.subscribe(&id.to_string(), MY_BALANCE, json!({})).await;
        client.next_payload(&id.to_string(), WAIT).await.unwrap();
    }
    // Five times as many refusals as wait for the server at once: the client is read as fast
    // as they go out.
    for n in 0..40 {
        client.subscribe(&format!("over-{n}"), MY_BALANCE, json!({})).await;
    }
    for n in 0..40 {
        let Incoming::Json(refused) = client.next_message(WAIT).await else { panic!("refusal {n}: no message") };
        assert_eq!(
            (refused["id"].as_str(), refused["type"].as_str()),
            (Some(format!("over-{n}").as_str()), Some("error"))
        );
        assert_eq!(refused["payload"][0]["extensions"]["code"], "RATE_LIMITED", "refusal {n}: {refused}");
    }
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "3.00", &scene.system).await;
    let live = event(&client.next_payload("31", WAIT).await.unwrap(), "myBalance").clone();
    assert_eq!(live["balance"], "3.00", "the admitted subscriptions still get their events");
}

#[tokio::test]
async fn an_oversized_message_closes_the_connection() {
    let scene = Scene::new(Options::default()).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.send_raw(WsClient::oversized(200 * 1024)).await;
    match client.next_message(WAIT).await {
        Incoming::Closed(code) => assert!(code == 1009 || code == 1006, "closed with {code}"),
        other => panic!("expected the connection to close, got {other:?}"),
    }
}

#[tokio::test]
async fn the_server_pings_clients_and_drops_the_ones_that_stop_answering() {
    let options = Options { env: vec![("KASSA_WS_PING", "200ms".into())], ..Options::default() };
    let scene = Scene::new(options).await;
    let url = scene.app.ws_url();
    let mut alive = WsClient::connect(&url, &scene.customer.token, Protocol::TransportWs).await;
    let mut silent = WsClient::connect(&url, &scene.customer.token, Protocol::Legacy).await;
    alive.subscribe("b", MY_BALANCE, json!({})).await;
    alive.next_payload("b", WAIT).await.unwrap();

    // The silent client reads nothing, so it answers no ping: after two intervals the
    // server drops it. The live one answers every ping (it reads) and keeps its subscription.
    let (idle, ()) =
        tokio::join!(alive.next_message(Duration::from_millis(1200)), tokio::time::sleep(Duration::from_millis(1200)));
    assert!(matches!(idle, Incoming::TimedOut), "nothing but pings for the live client: {idle:?}");
    assert!(silent.wait_for_server_ping(WAIT).await, "the server pinged the silent client (legacy protocol)");
    match silent.next_message(WAIT).await {
        Incoming::Closed(_) => {}
        other => panic!("the silent client should have been dropped, got {other:?}"),
    }
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "2.00", &scene.system).await;
    assert_eq!(event(&alive.next_payload("b", WAIT).await.unwrap(), "myBalance")["version"], 1);
}
