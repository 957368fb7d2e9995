//! What writes to a WebSocket: a future the serve loop polls in its own task (a `select!`
//! branch), so a frame costs no wake-up of another task. Frames wait in a bounded queue; a
//! write that stays blocked for the write timeout ends it. The serve loop only queues, never
//! waits on the socket, so pings, liveness and shutdown keep working while a client does
//! not read.

use std::pin::Pin;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures::channel::mpsc;
use futures::future::MaybeDone;
use futures::stream::SplitSink;
use futures::{SinkExt, StreamExt};
use tokio::sync::oneshot;

pub(super) type Sink = SplitSink<WebSocket, Message>;

/// How many times a full queue lets the writer run before the client counts as behind.
const WRITER_TURNS: usize = 3;

/// Why the writer stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stopped {
    /// Its queue was closed and emptied (the last frame a close frame, if any was queued).
    Done,
    /// The socket failed.
    Broken,
    /// One write stayed blocked for the whole write timeout: the client does not read.
    Stalled,
    /// The serve loop asked it to stop.
    Asked,
}

type Writing = Pin<Box<dyn Future<Output = (Stopped, Sink)> + Send>>;

/// The serve loop's writer. It writes only while polled: by [`Self::stopped`] in the serve
/// loop's `select!`, by [`Self::push`] when the queue is full, and to the end by
/// [`Self::finish`] and [`Self::drop_now`]. Dropping it drops the socket's sink at once.
pub(super) struct Writer {
    queue: mpsc::Sender<Message>,
    /// Dropped or sent: the writer stops at once, cutting the frame it writes short.
    stop: Option<oneshot::Sender<()>>,
    /// Keeps what it ended with, when it ends inside `push`, for `stopped`.
    writing: MaybeDone<Writing>,
    timeout: Duration,
}

impl Writer {
    /// At most `capacity` frames wait for the socket.
    pub(super) fn start(sink: Sink, capacity: usize, timeout: Duration) -> Self {
        // A futures channel holds `buffer` plus one per sender, and allocates per frame
        // queued, not up front: an idle connection keeps no buffer.
        let (queue, frames) = mpsc::channel(capacity.saturating_sub(1));
        let (stop, stopping) = oneshot::channel();
        let writing: Writing = Box::pin(write(sink, frames, stopping, timeout));
        Self { queue, stop: Some(stop), writing: futures::future::maybe_done(writing), timeout }
    }

    /// Queues a frame; false when `capacity` frames are waiting already. A full queue first
    /// gives the writer a few turns: the serve loop may have queued a burst faster than
    /// the socket took it, and a client that reads keeps up once the writer runs; one that
    /// does not leaves the writer blocked on the socket and the queue full. (A writer that
    /// has stopped takes anything: `stopped` reports why.)
    pub(super) async fn push(&mut self, frame: Message) -> bool {
        let mut frame = frame;
        for turn in 0..=WRITER_TURNS {
            if turn > 0 {
                tokio::task::yield_now().await;
                let _ = futures::poll!(&mut self.writing);
            }
            match self.queue.try_send(frame) {
                Err(error) if error.is_full() => frame = error.into_inner(),
                _ => return true,
            }
        }
        false
    }

    /// Writes what is queued; resolves when the writer stops on its own (for `select!`;
    /// cancel-safe, and not to be awaited again once it has resolved).
    pub(super) async fn stopped(&mut self) -> (Stopped, Sink) {
        (&mut self.writing).await;
        Pin::new(&mut self.writing).take_output().expect("the writer's end is taken once")
    }

    /// Ends the connection in order: what is queued, then `close`, within one write timeout.
    /// A client too far behind for that gets only the close frame, as [`Self::drop_now`]
    /// sends it.
    pub(super) async fn finish(mut self, close: CloseFrame) {
        if !self.push(Message::Close(Some(close.clone()))).await {
            return self.drop_now(close).await;
        }
        // `stop` stays: the writer empties its queue, ending with the close frame.
        self.queue.close_channel();
        let _ = tokio::time::timeout(self.timeout, self.stopped()).await;
    }

    /// Drops the client: the queue is forgotten, and `close` is sent if the socket takes
    /// it within one write timeout (a frame cut short is completed first, so a client that
    /// reads again sees a well-formed close).
    pub(super) async fn drop_now(mut self, close: CloseFrame) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let (_, sink) = self.stopped().await;
        send_close(sink, close, self.timeout).await;
    }
}

/// Sends a close frame to a writer's socket, giving up after `timeout`.
pub(super) async fn send_close(mut sink: Sink, close: CloseFrame, timeout: Duration) {
    let _ = tokio::time::timeout(timeout, sink.send(Message::Close(Some(close)))).await;
}

async fn write(
    mut sink: Sink,
    mut frames: mpsc::Receiver<Message>,
    mut stop: oneshot::Receiver<()>,
    timeout: Duration,
) -> (Stopped, Sink) {
    let stopped = loop {
        let frame = tokio::select! {
            biased;
            _ = &mut stop => break Stopped::Asked,
            frame = frames.next() => match frame {
                Some(frame) => frame,
                None => break Stopped::Done,
            },
        };
        let closing = matches!(frame, Message::Close(_));
        tokio::select! {
            biased;
            _ = &mut stop => break Stopped::Asked,
            written = tokio::time::timeout(timeout, sink.send(frame)) => match written {
                Ok(Ok(())) if closing => break Stopped::Done,
                Ok(Ok(())) => {}
                Ok(Err(_)) => break Stopped::Broken,
                Err(_) => break Stopped::Stalled,
            },
        }
    };
    (stopped, sink)
}
