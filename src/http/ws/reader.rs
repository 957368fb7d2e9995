//! The task that reads a WebSocket: it notes when the client was last heard from (for the
//! liveness check), refuses subscriptions over the cap, hands every message to the engine,
//! and completes the closing handshake a client starts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket};
use futures::channel::mpsc;
use futures::stream::SplitStream;
use futures::{SinkExt, StreamExt};
use tokio::time::Instant;

use super::protocol::Subscriptions;

/// What the reader shares with the serve loop: the ids under the subscription cap, and
/// when the client was last heard from (an atomic, not a watch channel: this is kept by
/// every idle connection, B6).
pub(super) struct Heard {
    pub(super) subscriptions: Subscriptions,
    since: Instant,
    /// Milliseconds after `since`.
    last: AtomicU64,
}

impl Heard {
    pub(super) fn new() -> Self {
        Self { subscriptions: Subscriptions::default(), since: Instant::now(), last: AtomicU64::new(0) }
    }

    fn now(&self) {
        self.last.store(self.since.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// How long the client has been silent.
    pub(super) fn silent_for(&self) -> Duration {
        self.since.elapsed().saturating_sub(Duration::from_millis(self.last.load(Ordering::Relaxed)))
    }
}

/// Reads until the client closes or the connection fails. Waits when the engine or the
/// refusals are behind, which slows the client down instead of queueing its messages.
pub(super) async fn read(
    mut incoming: SplitStream<WebSocket>,
    mut to_engine: mpsc::Sender<Bytes>,
    mut refusals: mpsc::Sender<String>,
    heard: Arc<Heard>,
) {
    while let Some(Ok(message)) = incoming.next().await {
        heard.now();
        let text = match &message {
            // tungstenite has queued the echo of the client's close frame: the next read
            // sends it (whatever the writer is doing) and then ends the stream.
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) => continue,
            Message::Text(text) => Some(text.as_bytes()),
            Message::Binary(_) => None,
        };
        if let Some(refusal) = text.and_then(|text| heard.subscriptions.admit(text)) {
            if refusals.send(refusal).await.is_err() {
                return;
            }
            continue;
        }
        if to_engine.send(message.into_data()).await.is_err() {
            return;
        }
    }
}
