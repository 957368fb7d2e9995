//! The WebSocket endpoint facing the internet: the subprotocol answered is the one spoken,
//! closes are answered, slow clients are dropped, sockets are capped, and sign-in over a
//! socket is throttled per address.

mod caps;
mod slow;

use std::net::IpAddr;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{Options, TestApp};
use crate::live::{MY_BALANCE, Scene};
use crate::ws_client::{Dial, Incoming, Protocol, WsClient};

const WAIT: Duration = Duration::from_secs(5);
const SIGN_IN: &str = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";

fn options(env: &[(&'static str, &str)]) -> Options {
    Options { env: env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(), ..Options::default() }
}

/// 127.0.0.`n`: every loopback address reaches the server, each a client address of its own.
fn loopback(n: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, n])
}

/// Waits until the server holds `open` WebSockets; false if it does not within `within`.
async fn open_sockets_reach(app: &TestApp, open: usize, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    while app.server.open_websockets() != open {
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    true
}

#[tokio::test]
async fn the_subprotocol_answered_is_the_one_spoken_whatever_the_order_offered() {
    let scene = Scene::new(Options::default()).await;
    for (offer, spoken) in [
        ("graphql-ws, graphql-transport-ws", "graphql-transport-ws"),
        ("graphql-transport-ws, graphql-ws", "graphql-transport-ws"),
        ("graphql-transport-ws", "graphql-transport-ws"),
        ("graphql-ws", "graphql-ws"),
    ] {
        let (client, answered) = WsClient::dial(&scene.app.ws_url(), Dial { offer, ..Dial::default() }).await;
        assert_eq!(answered.as_deref(), Some(spoken), "offered {offer:?}");
        let mut client = client.init(Some(&scene.customer.token)).await.expect("acknowledged");
        // Both protocols take "subscribe"; the answer's type shows which one is spoken.
        client.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": MY_BALANCE } })).await;
        let data = if spoken == "graphql-ws" { "data" } else { "next" };
        match client.next_message(WAIT).await {
            Incoming::Json(message) => assert_eq!(message["type"], data, "offered {offer:?}: {message}"),
            other => panic!("offered {offer:?}: expected the first state, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_close_from_the_client_is_answered_with_a_close_frame_and_frees_the_socket() {
    let scene = Scene::new(Options::default()).await;
    for protocol in [Protocol::TransportWs, Protocol::Legacy] {
        let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, protocol).await;
        client.subscribe("b", MY_BALANCE, json!({})).await;
        client.next_payload("b", WAIT).await.unwrap();
        client.close(1000).await;
        let answer = client.close_frame(WAIT).await.map(|(code, _)| code);
        assert_eq!(answer, Some(1000), "{protocol:?}: the close is echoed, not cut off (1006)");
        assert!(open_sockets_reach(&scene.app, 0, WAIT).await, "{protocol:?}: the socket's slot is given back");
    }
}

#[tokio::test]
async fn a_refused_legacy_init_gets_connection_error_then_close_4403() {
    let app = TestApp::spawn().await;
    for payload in [json!({}), json!({ "authorization": "Bearer kassa_not-a-real-token" })] {
        let (mut client, _) = WsClient::dial(&app.ws_url(), Dial { offer: "graphql-ws", ..Dial::default() }).await;
        client.send(json!({ "type": "connection_init", "payload": payload })).await;
        match client.next_message(WAIT).await {
            Incoming::Json(message) => assert_eq!(message["type"], "connection_error", "{message}"),
            other => panic!("expected connection_error, got {other:?}"),
        }
        let close = client.close_frame(WAIT).await.map(|(code, _)| code);
        assert_eq!(close, Some(4403), "then a close frame (Forbidden), not a dropped connection (1006)");
    }
}

#[tokio::test]
async fn sign_in_over_a_websocket_is_throttled_per_client_address_as_over_http() {
    let app = TestApp::with(options(&[("KASSA_SIGNIN_ADDRESS_LIMIT", "3")])).await;
    let customer = app.customer().await;
    let url = app.ws_url();
    let mut client =
        WsClient::try_connect_from(&url, &customer.token, Protocol::TransportWs, loopback(2)).await.expect("ack");
    let mut codes = Vec::new();
    for attempt in 0..5 {
        // A different unknown email each time: the per-account limit never applies.
        let input = json!({ "input": { "email": format!("nobody{attempt}@example.com"), "password": "wrong" } });
        let id = format!("sign-in-{attempt}");
        client.subscribe(&id, SIGN_IN, input).await;
        let answer = client.next_payload(&id, WAIT).await.expect("an answer");
        codes.push(answer["errors"][0]["extensions"]["code"].as_str().unwrap_or("none").to_owned());
        assert!(client.next_payload(&id, WAIT).await.is_none(), "the mutation completes");
    }
    assert_eq!(codes, ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED", "RATE_LIMITED"]);

    // The count is this address's: over HTTP from 127.0.0.1 the first failure is a failure.
    let input = json!({ "input": { "email": "nobody9@example.com", "password": "wrong" } });
    assert_eq!(crate::helpers::code(&app.gql(None, SIGN_IN, input).await), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_client_message_many_times_the_read_buffer_but_within_the_limits_is_read_whole() {
    // The server reads into 512 bytes per connection; a 15 KiB subscribe (a long comment,
    // the document under its 16 KiB cap) spans many reads and must arrive as one message.
    let scene = Scene::new(Options::default()).await;
    let mut client = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    let padded = format!("{MY_BALANCE}\n#{}", "x".repeat(15 * 1024));
    client.subscribe("big", &padded, json!({})).await;
    let first = client.next_payload("big", WAIT).await.expect("the first state");
    assert!(first["data"]["myBalance"]["version"].is_i64(), "{first}");
    // The buffer that grew for it still serves the small messages after it.
    client.subscribe("small", MY_BALANCE, json!({})).await;
    let second = client.next_payload("small", WAIT).await.expect("the first state");
    assert_eq!(second["data"]["myBalance"], first["data"]["myBalance"]);
}
