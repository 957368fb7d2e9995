//! A client that stops reading is dropped within a bound, by the queue cap or the write
//! timeout, while pings and the liveness check go on; a client that reads is unaffected.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio_tungstenite::tungstenite::{Bytes, Message};

use super::{WAIT, open_sockets_reach, options};
use crate::live::{Scene, event};
use crate::ws_client::{Dial, WsClient};

/// Subscriptions the slow client holds (the most one connection may).
const SUBSCRIPTIONS: usize = 32;

/// A balance event of about 1 KiB (30 aliases, the most a document may have), so that each
/// top-up sends the slow client about 32 KiB.
fn wide_balance() -> String {
    let fields: String = (0..30).map(|i| format!(" a{i}: walletNumber")).collect();
    format!("subscription {{ myBalance {{ version{fields} }} }}")
}

/// A client holding `SUBSCRIPTIONS` live subscriptions to the customer's wide balance, each
/// past its first state; `receive_buffer` sets its SO_RCVBUF.
async fn wide_client(scene: &Scene, receive_buffer: Option<u32>) -> WsClient {
    let dial = Dial { offer: "graphql-transport-ws", receive_buffer, ..Dial::default() };
    let (client, _) = WsClient::dial(&scene.app.ws_url(), dial).await;
    let mut client = client.init(Some(&scene.customer.token)).await.expect("ack");
    let query = wide_balance();
    for id in 0..SUBSCRIPTIONS {
        client.subscribe(&id.to_string(), &query, json!({})).await;
        client.next_payload(&id.to_string(), WAIT).await.expect("the first state");
    }
    client
}

/// A wide client with a small receive buffer: from here on it reads nothing.
async fn slow_client(scene: &Scene) -> WsClient {
    wide_client(scene, Some(4096)).await
}

/// Tops up the customer's wallet until `done` (checked after each), at most `most` times;
/// returns how many were made.
async fn top_up_until(scene: &Scene, most: usize, done: impl Fn() -> bool) -> usize {
    for made in 1..=most {
        scene.app.top_up(&scene.cashier, &scene.customer.wallet, "1.00", &scene.system).await;
        if done() {
            return made;
        }
    }
    most
}

/// Data frames until the connection ends, and how it ended.
async fn drain(client: &mut WsClient) -> (usize, (u16, String)) {
    let mut frames = 0;
    loop {
        match client.text_or_close(WAIT).await {
            Some(Ok(())) => frames += 1,
            Some(Err(close)) => return (frames, close),
            None => panic!("the connection is still open after {frames} frames"),
        }
    }
}

#[tokio::test]
async fn ws_a_client_that_falls_max_queue_frames_behind_is_dropped_and_readers_go_on() {
    let env = [("KASSA_WS_MAX_QUEUE", "8"), ("KASSA_WS_WRITE_TIMEOUT", "30s"), ("KASSA_WS_PING", "60s")];
    let scene = Scene::new(options(&env)).await;
    // A reader whose every top-up brings 32 frames at once, four times the queue.
    let mut fast = wide_client(&scene, None).await;
    let mut slow = slow_client(&scene).await;

    // About 10 MB for the slow client, more than the kernel buffers of both ends hold.
    const TOP_UPS: i64 = 300;
    let reader = async {
        let mut versions = vec![Vec::new(); SUBSCRIPTIONS];
        for _ in 0..TOP_UPS as usize * SUBSCRIPTIONS {
            let (id, payload) = fast.next_any_payload(WAIT).await.expect("an event for the reader");
            versions[id.parse::<usize>().unwrap()].push(event(&payload, "myBalance")["version"].as_i64().unwrap());
        }
        versions
    };
    let (versions, _) = tokio::join!(reader, top_up_until(&scene, TOP_UPS as usize, || false));
    for (id, seen) in versions.iter().enumerate() {
        assert_eq!(*seen, (1..=TOP_UPS).collect::<Vec<_>>(), "subscription {id}: every version, in order");
    }

    let (frames, (code, reason)) = drain(&mut slow).await;
    let sent = TOP_UPS as usize * SUBSCRIPTIONS;
    eprintln!("slow client: {frames} of {sent} frames delivered before close {code} {reason:?}");
    assert_eq!((code, reason.as_str()), (1008, "client too slow: 8 frames behind"));
    assert!(frames < sent / 2, "the server dropped the rest instead of queueing it: {frames} of {sent}");
    assert!(open_sockets_reach(&scene.app, 1, WAIT).await, "only the reading client is left");
}

#[tokio::test]
async fn ws_a_client_whose_write_stays_blocked_is_dropped_within_the_write_timeout() {
    let env = [("KASSA_WS_MAX_QUEUE", "100000"), ("KASSA_WS_WRITE_TIMEOUT", "500ms"), ("KASSA_WS_PING", "60s")];
    let scene = Scene::new(options(&env)).await;
    let mut slow = slow_client(&scene).await;
    assert_eq!(scene.app.server.open_websockets(), 1);

    let started = Instant::now();
    let made = top_up_until(&scene, 400, || scene.app.server.open_websockets() == 0).await;
    let elapsed = started.elapsed();
    eprintln!("write-timeout drop after {made} top-ups, {elapsed:?}");
    assert!(open_sockets_reach(&scene.app, 0, Duration::from_secs(2)).await, "still open after {made} top-ups");

    // The client, reading again, finds the connection closed by the server.
    let (frames, (code, _)) = drain(&mut slow).await;
    eprintln!("then {frames} frames, close {code}");
    assert!(code == 1008 || code == 1006, "closed by the server: {code}");
}

#[tokio::test]
async fn ws_pings_and_the_liveness_check_go_on_while_a_write_is_blocked() {
    let env = [("KASSA_WS_MAX_QUEUE", "100000"), ("KASSA_WS_WRITE_TIMEOUT", "60s"), ("KASSA_WS_PING", "300ms")];
    let scene = Scene::new(options(&env)).await;
    let mut slow = slow_client(&scene).await;

    // Pongs keep the client alive while the top-ups fill every buffer and the server's
    // write blocks; then it goes silent too.
    let filled = std::sync::atomic::AtomicBool::new(false);
    let keep_alive = async {
        while !filled.load(std::sync::atomic::Ordering::Relaxed) {
            slow.send_raw(Message::Pong(Bytes::new())).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let fill = async {
        // About 10 MB, more than the kernel buffers of both ends hold (4 MB at most here).
        top_up_until(&scene, 300, || false).await;
        filled.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    tokio::join!(keep_alive, fill);
    let silent = Instant::now();
    assert_eq!(scene.app.server.open_websockets(), 1, "alive while it answered");
    assert!(
        open_sockets_reach(&scene.app, 0, Duration::from_secs(3)).await,
        "dropped two intervals after it went silent"
    );
    eprintln!("liveness drop {:?} after the client went silent", silent.elapsed());
}
