//! SIGTERM with KASSA_DRAIN_GRACE: for the grace the instance is not ready (so a balancer
//! stops sending it requests) yet still answers requests; new WebSockets are refused and
//! open ones closed with 1001; then it exits 0.

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use crate::faults::{KassaProcess, free_port, gql};
use crate::helpers::TestApp;
use crate::ws_client::{Protocol, WsClient};

#[tokio::test]
async fn a_draining_instance_is_not_ready_but_still_answers_until_its_grace_is_over() {
    let database = TestApp::spawn().await;
    let env = [("KASSA_DRAIN_GRACE", "2s")];
    let mut server = KassaProcess::start_at(Path::new("."), free_port(), &database.database_url, &env).await;
    let ws_url = format!("{}/graphql/ws", server.url.replace("http", "ws"));
    let mut open = WsClient::open(&ws_url, Protocol::TransportWs).await;
    let http = reqwest::Client::new();
    let ready = |http: reqwest::Client, url: String| async move {
        http.get(format!("{url}/readyz")).send().await.unwrap().status().as_u16()
    };
    assert_eq!(ready(http.clone(), server.url.clone()).await, 200);

    let signalled = Instant::now();
    server.signal("TERM");
    assert_eq!(open.close_frame(Duration::from_secs(2)).await.map(|(code, _)| code), Some(1001));
    let deadline = Instant::now() + Duration::from_secs(1);
    while ready(http.clone(), server.url.clone()).await != 503 {
        assert!(Instant::now() < deadline, "/readyz still 200 a second after SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let body = gql(&http, &server.url, None, "{ __typename }", json!({})).await.expect("served while draining");
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
    let upgrade = tokio_tungstenite::connect_async(ws_url.as_str()).await;
    let refused = match upgrade {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        other => panic!("a new WebSocket while draining: {other:?}"),
    };
    assert_eq!(refused, 503);
    assert!(signalled.elapsed() < Duration::from_secs(2), "all of the above within the grace");

    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "kassa did not exit after its grace");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(signalled.elapsed() >= Duration::from_secs(2), "the listener stayed open for the grace");
    assert_eq!(status.code(), Some(0));
}
