//! The task that reads a WebSocket: it notes when the client was last heard from (for the
//! liveness check), refuses subscriptions over the cap, hands every message to the engine,
//! and completes the closing handshake a client starts.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket};
use futures::channel::mpsc;
use futures::stream::SplitStream;
use futures::{SinkExt, StreamExt};
use tokio::sync::watch;
use tokio::time::Instant;

use super::protocol::Subscriptions;

/// Reads until the client closes or the connection fails. Waits when the engine or the
/// refusals are behind, which slows the client down instead of queueing its messages.
pub(super) async fn read(
    mut incoming: SplitStream<WebSocket>,
    mut to_engine: mpsc::Sender<Bytes>,
    mut refusals: mpsc::Sender<String>,
    seen: watch::Sender<Instant>,
    subscriptions: Arc<Subscriptions>,
) {
    while let Some(Ok(message)) = incoming.next().await {
        seen.send_replace(Instant::now());
        let text = match &message {
            // tungstenite has queued the echo of the client's close frame: the next read
            // sends it (whatever the writer is doing) and then ends the stream.
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) => continue,
            Message::Text(text) => Some(text.as_bytes()),
            Message::Binary(_) => None,
        };
        if let Some(refusal) = text.and_then(|text| subscriptions.admit(text)) {
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
