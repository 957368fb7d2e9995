//! Open sockets are capped per client address (counted at the upgrade) and per user
//! (counted at connection_init), and a socket that ends gives its place back.

use serde_json::json;

use super::{WAIT, loopback, open_sockets_reach, options};
use crate::live::Scene;
use crate::ws_client::{Dial, Protocol, Refusal, WsClient};

#[tokio::test]
async fn ws_sockets_are_capped_per_client_address() {
    let scene = Scene::new(options(&[("KASSA_WS_MAX_PER_ADDRESS", "2"), ("KASSA_WS_MAX_PER_USER", "0")])).await;
    let (url, token) = (scene.app.ws_url(), scene.customer.token.as_str());
    let mut first = WsClient::try_connect_from(&url, token, Protocol::TransportWs, loopback(2)).await.unwrap();
    let _second = WsClient::try_connect_from(&url, token, Protocol::Legacy, loopback(2)).await.unwrap();

    // The third from 127.0.0.2 is closed at once, before any message, saying why.
    let (mut third, _) =
        WsClient::dial(&url, Dial { offer: "graphql-transport-ws", from: Some(loopback(2)), ..Dial::default() }).await;
    let (code, reason) = third.close_frame(WAIT).await.expect("closed at once");
    assert_eq!((code, reason.as_str()), (4429, "too many connections from this address"));

    // Another address has places of its own.
    let mut others = Vec::new();
    for _ in 0..2 {
        others.push(WsClient::try_connect_from(&url, token, Protocol::TransportWs, loopback(3)).await.expect("apart"));
    }
    // A socket that ends gives its place back.
    first.close(1000).await;
    first.close_frame(WAIT).await;
    assert!(open_sockets_reach(&scene.app, 3, WAIT).await);
    let mut again =
        WsClient::try_connect_from(&url, token, Protocol::TransportWs, loopback(2)).await.expect("a place again");
    again.subscribe("b", crate::live::MY_BALANCE, json!({})).await;
    assert!(again.next_payload("b", WAIT).await.is_some());
}

#[tokio::test]
async fn ws_sockets_are_capped_per_user_across_addresses() {
    let scene = Scene::new(options(&[("KASSA_WS_MAX_PER_USER", "2")])).await;
    let url = scene.app.ws_url();
    let (customer, cashier) = (scene.customer.token.as_str(), scene.cashier.token.as_str());
    let mut first = WsClient::try_connect_from(&url, customer, Protocol::TransportWs, loopback(2)).await.unwrap();
    let _second = WsClient::try_connect_from(&url, customer, Protocol::TransportWs, loopback(3)).await.unwrap();

    // A third for the same user, from yet another address, is refused at connection_init.
    match WsClient::try_connect_from(&url, customer, Protocol::TransportWs, loopback(4)).await {
        Err(Refusal::Closed(code)) => assert_eq!(code, 4429),
        other => panic!("expected close 4429, got {:?}", other.err()),
    }
    let (legacy, _) =
        WsClient::dial(&url, Dial { offer: "graphql-ws", from: Some(loopback(4)), ..Dial::default() }).await;
    let mut legacy = legacy;
    legacy
        .send(json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {customer}") } }))
        .await;
    match legacy.next_message(WAIT).await {
        crate::ws_client::Incoming::Json(message) => {
            assert_eq!(message["type"], "connection_error");
            assert_eq!(message["payload"]["message"], "too many connections for this user");
        }
        other => panic!("expected connection_error, got {other:?}"),
    }
    let (code, reason) = legacy.close_frame(WAIT).await.expect("then closed");
    assert_eq!((code, reason.as_str()), (4429, "too many connections for this user"));

    // Another user from that address is not affected; a socket that ends frees its place.
    let _cashier =
        WsClient::try_connect_from(&url, cashier, Protocol::TransportWs, loopback(4)).await.expect("another user");
    first.close(1000).await;
    first.close_frame(WAIT).await;
    assert!(open_sockets_reach(&scene.app, 2, WAIT).await);
    WsClient::try_connect_from(&url, customer, Protocol::TransportWs, loopback(4)).await.expect("a place again");
}
