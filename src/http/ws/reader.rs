//! What the engine reads: the client's messages, straight from the socket, in the serve
//! loop's own task (no task and no queue of their own, B6). On the way it notes when the
//! client was last heard from (for the liveness check), refuses subscriptions over the cap
//! (the refusal waits in `Heard` until the serve loop sends it), and skips pings, pongs and
//! the client's close: tungstenite has queued the echo of a close, which the next read
//! sends before the stream ends.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket};
use futures::stream::SplitStream;
use futures::{Stream, StreamExt};
use tokio::time::Instant;

use super::protocol::Subscriptions;

/// Refusals waiting for the serve loop; past it the client is not read until they are sent.
const REFUSALS_WAITING: usize = 8;
/// Messages skipped (pings, pongs, refusals) in one turn before others get theirs.
const SKIPPED_PER_TURN: usize = 32;

/// What the reader shares with the serve loop: the ids under the subscription cap, when the
/// client was last heard from (an atomic: this is kept by every idle connection, B6), the
/// refusals to send, and whether the socket has ended.
pub(super) struct Heard {
    pub(super) subscriptions: Subscriptions,
    since: Instant,
    /// Milliseconds after `since`.
    last: AtomicU64,
    refusals: Mutex<VecDeque<String>>,
    gone: AtomicBool,
}

impl Heard {
    pub(super) fn new() -> Self {
        Self {
            subscriptions: Subscriptions::default(),
            since: Instant::now(),
            last: AtomicU64::new(0),
            refusals: Mutex::default(),
            gone: AtomicBool::new(false),
        }
    }

    fn now(&self) {
        self.last.store(self.since.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// How long the client has been silent.
    pub(super) fn silent_for(&self) -> Duration {
        self.since.elapsed().saturating_sub(Duration::from_millis(self.last.load(Ordering::Relaxed)))
    }

    /// Whether the client closed the socket or it failed.
    pub(super) fn gone(&self) -> bool {
        self.gone.load(Ordering::Relaxed)
    }

    /// The next refusal to send (the reader wakes the serve loop when it adds one).
    pub(super) fn refusal(&self) -> Poll<String> {
        self.refusals.lock().expect("refusals").pop_front().map_or(Poll::Pending, Poll::Ready)
    }
}

/// The engine's input: the socket's messages that are the engine's to handle.
pub(super) struct Incoming {
    socket: SplitStream<WebSocket>,
    heard: Arc<Heard>,
}

impl Incoming {
    pub(super) fn new(socket: SplitStream<WebSocket>, heard: Arc<Heard>) -> Self {
        Self { socket, heard }
    }
}

impl Stream for Incoming {
    type Item = Bytes;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        for _ in 0..SKIPPED_PER_TURN {
            if self.heard.refusals.lock().expect("refusals").len() >= REFUSALS_WAITING {
                // The serve loop sends them, then polls the engine (and so this) again.
                return Poll::Pending;
            }
            let message = match self.socket.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(message))) => message,
                Poll::Ready(Some(Err(_)) | None) => {
                    self.heard.gone.store(true, Ordering::Relaxed);
                    return Poll::Ready(None);
                }
            };
            self.heard.now();
            let text = match &message {
                Message::Close(_) | Message::Ping(_) | Message::Pong(_) => continue,
                Message::Text(text) => Some(text.as_bytes()),
                Message::Binary(_) => None,
            };
            if let Some(refusal) = text.and_then(|text| self.heard.subscriptions.admit(text)) {
                self.heard.refusals.lock().expect("refusals").push_back(refusal);
                cx.waker().wake_by_ref(); // the serve loop sends it
                continue;
            }
            return Poll::Ready(Some(message.into_data()));
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
