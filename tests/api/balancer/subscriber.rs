//! A live balance subscriber behind the balancer, as a real client behaves: whenever its
//! socket ends it reconnects (to whichever instance the balancer picks) and subscribes again.
//! It keeps what each connection showed, for the test to check afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const SUBSCRIPTION: &str = "subscription { myBalance { balance version } }";

/// One socket's life: the (version, balance) frames it got, the first being the state, and
/// how it ended (when, and its close code: 1006 without a close frame).
#[derive(Debug, Default)]
pub struct Connection {
    pub frames: Vec<(i64, String)>,
    /// When the first frame (the current state) arrived.
    pub first_at: Option<Instant>,
    pub ended: Option<(Instant, u16)>,
}

pub struct Subscriber {
    /// The last version seen, on any connection.
    pub last: Arc<AtomicI64>,
    /// Connections that got their first frame, the current state.
    states: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<Vec<Connection>>,
}

impl Subscriber {
    /// Subscribes to `token`'s balance through `ws_url` until `stop` turns true.
    pub fn spawn(ws_url: String, token: String, stop: watch::Receiver<bool>, seed: u64) -> Self {
        let (last, states) = (Arc::new(AtomicI64::new(-1)), Arc::new(AtomicUsize::new(0)));
        let seen = Seen { last: last.clone(), states: states.clone() };
        let task = tokio::spawn(run(ws_url, token, stop, seen, seed));
        Self { last, states, task }
    }

    pub fn states(&self) -> usize {
        self.states.load(Ordering::Relaxed)
    }

    pub async fn finish(self) -> Vec<Connection> {
        self.task.await.expect("a subscriber task panicked")
    }
}

/// What the test watches while the subscriber runs.
struct Seen {
    last: Arc<AtomicI64>,
    states: Arc<AtomicUsize>,
}

async fn run(url: String, token: String, mut stop: watch::Receiver<bool>, seen: Seen, seed: u64) -> Vec<Connection> {
    let mut connections = Vec::new();
    let mut failures = 0u32;
    while !*stop.borrow() {
        match session(&url, &token, &mut stop, &seen).await {
            Some(connection) => {
                failures = 0;
                connections.push(connection);
            }
            None => failures += 1,
        }
        // Back off like a browser client: at once with a little jitter, then doubling to 1 s.
        let jitter = Duration::from_millis((seed.wrapping_mul(2_654_435_761) >> 8) % 40);
        let pause = Duration::from_millis(20 << failures.min(6)).min(Duration::from_secs(1));
        tokio::time::sleep(jitter + if failures == 0 { Duration::ZERO } else { pause }).await;
    }
    connections
}

/// One connection: None when it never got as far as connection_ack.
async fn session(url: &str, token: &str, stop: &mut watch::Receiver<bool>, seen: &Seen) -> Option<Connection> {
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let connect = tokio_tungstenite::connect_async(request);
    let (mut socket, _) = tokio::time::timeout(Duration::from_secs(5), connect).await.ok()?.ok()?;
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    socket.send(Message::Text(init.to_string().into())).await.ok()?;
    let ack = tokio::time::timeout(Duration::from_secs(10), socket.next()).await.ok()??.ok()?;
    let ack: Value = serde_json::from_str(ack.to_text().ok()?).ok()?;
    if ack["type"] != "connection_ack" {
        return None;
    }
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIPTION } });
    socket.send(Message::Text(subscribe.to_string().into())).await.ok()?;
    let mut connection = Connection::default();
    loop {
        let message = tokio::select! {
            message = socket.next() => message,
            _ = stop.changed() => {
                let _ = socket.close(None).await;
                return Some(connection);
            }
        };
        match message {
            Some(Ok(Message::Text(text))) => {
                let message: Value = serde_json::from_str(text.as_str()).expect("a JSON message");
                if message["type"] != "next" {
                    continue; // pings of the subprotocol
                }
                let balance = &message["payload"]["data"]["myBalance"];
                let version = balance["version"].as_i64().unwrap_or_else(|| panic!("a balance frame: {message}"));
                connection.frames.push((version, balance["balance"].as_str().unwrap_or_default().to_owned()));
                seen.last.store(version, Ordering::Relaxed);
                if connection.first_at.is_none() {
                    connection.first_at = Some(Instant::now());
                    seen.states.fetch_add(1, Ordering::Relaxed);
                }
            }
            Some(Ok(Message::Close(frame))) => {
                let code = frame.map_or(1005, |frame| u16::from(frame.code));
                connection.ended = Some((Instant::now(), code));
                return Some(connection);
            }
            Some(Ok(_)) => continue,
            None | Some(Err(_)) => {
                connection.ended = Some((Instant::now(), 1006));
                return Some(connection);
            }
        }
    }
}
