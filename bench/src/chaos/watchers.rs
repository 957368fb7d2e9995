//! Live balance subscribers for the chaos run: each watches one customer's wallet on a
//! random instance, and reconnects (to the next instance) whenever its socket ends. At the
//! end, once everything is quiet, each must show the database's balance and version.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// What a watcher saw last: (version, balance), how many times it connected, and (for
/// `kassa-bench reconnect`) how many sockets ended and when the last state frame came.
#[derive(Debug, Default, Clone)]
pub struct Last {
    pub shown: Option<(i64, String)>,
    pub connections: u32,
    pub ends: u32,
    /// The current socket has shown the state.
    pub open: bool,
    pub state_at: Option<tokio::time::Instant>,
}

pub struct Watcher {
    pub wallet: String,
    pub last: Arc<Mutex<Last>>,
    task: tokio::task::JoinHandle<()>,
}

impl Watcher {
    pub fn spawn(urls: Vec<String>, token: String, wallet: String, first: usize, stop: watch::Receiver<bool>) -> Self {
        let last = Arc::new(Mutex::new(Last::default()));
        let task = tokio::spawn(run(urls, token, first, last.clone(), stop));
        Self { wallet, last, task }
    }

    pub fn last(&self) -> Last {
        self.last.lock().expect("watcher").clone()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(urls: Vec<String>, token: String, mut at: usize, last: Arc<Mutex<Last>>, stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let url = format!("{}/graphql/ws", urls[at % urls.len()].replace("http", "ws"));
        if watch_once(&url, &token, &last).await.is_none() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        at += 1;
    }
}

/// One connection, until it ends; None when it was not acknowledged.
async fn watch_once(url: &str, token: &str, last: &Mutex<Last>) -> Option<()> {
    let mut request = url.into_client_request().ok()?;
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().ok()?);
    let connect = tokio_tungstenite::connect_async(request);
    let (mut socket, _) = tokio::time::timeout(Duration::from_secs(5), connect).await.ok()?.ok()?;
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    socket.send(Message::Text(init.to_string().into())).await.ok()?;
    let ack = tokio::time::timeout(Duration::from_secs(10), socket.next()).await.ok()??.ok()?;
    let ack: Value = serde_json::from_str(ack.to_text().ok()?).ok()?;
    if ack["type"] != "connection_ack" {
        return None;
    }
    let subscribe = json!({ "id": "1", "type": "subscribe",
                            "payload": { "query": "subscription { myBalance { balance version } }" } });
    socket.send(Message::Text(subscribe.to_string().into())).await.ok()?;
    last.lock().expect("watcher").connections += 1;
    let ended = |last: &Mutex<Last>| {
        let mut last = last.lock().expect("watcher");
        (last.ends, last.open) = (last.ends + 1, false);
    };
    while let Some(Ok(message)) = socket.next().await {
        let Message::Text(text) = message else { continue };
        let Ok(message) = serde_json::from_str::<Value>(text.as_str()) else { continue };
        if message["type"] == "complete" || message["type"] == "error" {
            ended(last);
            return Some(()); // the subscription ended: subscribe again, elsewhere
        }
        let balance = &message["payload"]["data"]["myBalance"];
        if let (Some(version), Some(shown)) = (balance["version"].as_i64(), balance["balance"].as_str()) {
            let mut last = last.lock().expect("watcher");
            last.shown = Some((version, shown.to_owned()));
            if !last.open {
                (last.open, last.state_at) = (true, Some(tokio::time::Instant::now()));
            }
        }
    }
    ended(last);
    Some(())
}
