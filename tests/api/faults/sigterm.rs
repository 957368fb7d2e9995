//! SIGTERM: an in-flight request finishes, WebSocket clients get a close frame (1001, going
//! away), then the process exits 0.

use std::time::{Duration, Instant};

use diesel_async::SimpleAsyncConnection;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::row_lock::lock_wallet;
use super::{KassaProcess, create_admin, gql, outcome, top_up_input};
use crate::helpers::{PASSWORD, TOP_UP, TestApp};

async fn next_json<S>(socket: &mut S) -> Value
where
    S: StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await.expect("a message in 10 s") {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn sigterm_finishes_requests_closes_websockets_and_exits_zero() {
    let database = TestApp::spawn().await;
    let url = database.database_url.clone();
    create_admin(&url, "admin@example.com").await;
    let mut server = KassaProcess::start(&url, &[("KASSA_DB_LOCK_TIMEOUT", "20s")]).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
    let input = json!({ "input": { "email": "admin@example.com", "password": PASSWORD } });
    let admin = gql(&http, &server.url, None, sign_in, input).await.unwrap()["data"]["signIn"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let create = "mutation { createPaymentSystemBinding(input: { provider: QIWI, name: \"Q\", merchantId: \"m\", secret: \"s\", enabled: true }) { id } }";
    let system = gql(&http, &server.url, Some(&admin), create, json!({})).await.unwrap()["data"]
        ["createPaymentSystemBinding"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sign_up = "mutation { signUp(input: { email: \"c@example.com\", password: \"correct horse battery\", name: \"C\" }) { token user { wallet { number } } } }";
    let customer = gql(&http, &server.url, None, sign_up, json!({})).await.unwrap();
    let wallet = customer["data"]["signUp"]["user"]["wallet"]["number"].as_str().unwrap().to_owned();
    let customer_token = customer["data"]["signUp"]["token"].as_str().unwrap().to_owned();

    // A subscriber, acknowledged and holding its first event.
    let mut request = format!("{}/graphql/ws", server.url.replace("http", "ws")).into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket");
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {customer_token}") } });
    socket.send(Message::Text(init.to_string().into())).await.unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { myBalance { balance version } }" } });
    socket.send(Message::Text(subscribe.to_string().into())).await.unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "next");

    // An in-flight top-up: it waits on a row lock held by the test.
    let mut holder = lock_wallet(&url, &wallet).await;
    let in_flight = tokio::spawn({
        let (http, url, admin, input) =
            (http.clone(), server.url.clone(), admin.clone(), top_up_input(&wallet, &system, "term-1"));
        async move { gql(&http, &url, Some(&admin), TOP_UP, input).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.signal("TERM");

    // The subscriber is told the server is going away.
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await.expect("a close frame in 10 s") {
            Some(Ok(Message::Close(frame))) => break frame,
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    let code: u16 = close.expect("a close frame with a code").code.into();
    assert!(code == 1001 || code == 1012, "close code {code}");

    // The in-flight request finishes once the lock is released.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(server.child.try_wait().unwrap().is_none(), "the process waits for the in-flight request");
    holder.batch_execute("ROLLBACK").await.unwrap();
    let answer = in_flight.await.unwrap().expect("the in-flight request got its answer");
    assert_eq!(outcome(&answer), "OK", "{answer:#}");

    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "kassa did not exit 20 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(status.code(), Some(0), "a clean exit");
    let (_, problems) = kassa::services::ledger::verify(&url).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}
