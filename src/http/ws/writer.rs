//! What writes to a WebSocket: a future the serve loop polls in its own task (a `select!`
//! branch), so a frame costs no wake-up of another task. Frames wait in a bounded queue; a
//! write that stays blocked for the write timeout ends it. The serve loop only queues, never
//! waits on the socket, so pings, liveness and shutdown keep working while a client does
//! not read.
//!
//! A queued frame wakes nothing at all: only the serve loop queues, and it polls the writer
//! after every push (its next `select!`, or `push`, `finish` and `drop_now` themselves), so
//! the writer waiting for frames needs no waker. A channel would wake the connection's own
//! task once per frame, for one more poll of everything it waits on.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures::SinkExt;
use futures::future::MaybeDone;
use futures::stream::SplitSink;
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

/// The frames waiting for the socket, shared by the serve loop and the writing future
/// (both in the connection's task: the lock is never contended).
#[derive(Default)]
struct Queue {
    frames: VecDeque<Message>,
    /// No more frames will come: the writer stops once it has written these.
    closed: bool,
}

type Shared = Arc<Mutex<Queue>>;

/// The serve loop's writer. It writes only while polled: by [`Self::stopped`] in the serve
/// loop's `select!`, by [`Self::push`] when the queue is full, and to the end by
/// [`Self::finish`] and [`Self::drop_now`]. Dropping it drops the socket's sink at once.
pub(super) struct Writer {
    queue: Shared,
    capacity: usize,
    /// Dropped or sent: the writer stops at once, cutting the frame it writes short.
    stop: Option<oneshot::Sender<()>>,
    /// Keeps what it ended with, when it ends inside `push`, for `stopped`.
    writing: MaybeDone<Writing>,
    timeout: Duration,
}

impl Writer {
    /// At most `capacity` frames wait for the socket.
    pub(super) fn start(sink: Sink, capacity: usize, timeout: Duration) -> Self {
        // The queue allocates at its first frame, not up front.
        let queue = Shared::default();
        let (stop, stopping) = oneshot::channel();
        let writing: Writing = Box::pin(write(sink, queue.clone(), stopping, timeout));
        Self { queue, capacity, stop: Some(stop), writing: futures::future::maybe_done(writing), timeout }
    }

    /// Queues a frame; false when `capacity` frames are waiting already. A full queue first
    /// gives the writer a few turns: the serve loop may have queued a burst faster than
    /// the socket took it, and a client that reads keeps up once the writer runs; one that
    /// does not leaves the writer blocked on the socket and the queue full. (A writer that
    /// has stopped takes anything: `stopped` reports why.)
    pub(super) async fn push(&mut self, frame: Message) -> bool {
        for turn in 0..=WRITER_TURNS {
            if turn > 0 {
                tokio::task::yield_now().await;
                let _ = futures::poll!(&mut self.writing);
            }
            if !matches!(self.writing, MaybeDone::Future(_)) {
                return true;
            }
            let mut queue = self.queue.lock().expect("writer queue");
            if queue.frames.len() < self.capacity {
                queue.frames.push_back(frame);
                return true;
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
        self.queue.lock().expect("writer queue").closed = true;
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

async fn write(mut sink: Sink, queue: Shared, mut stop: oneshot::Receiver<()>, timeout: Duration) -> (Stopped, Sink) {
    let stopped = loop {
        let frame = tokio::select! {
            biased;
            _ = &mut stop => break Stopped::Asked,
            frame = next(&queue) => match frame {
                Some(frame) => frame,
                None => break Stopped::Done,
            },
        };
        let closing = matches!(frame, Message::Close(_));
        // A write nearly always completes at once; the timeout's timer is armed only for
        // one that blocks.
        let mut send = sink.send(frame);
        let written = match futures::poll!(&mut send) {
            Poll::Ready(written) => Ok(written),
            Poll::Pending => tokio::select! {
                biased;
                _ = &mut stop => break Stopped::Asked,
                written = tokio::time::timeout(timeout, send) => written,
            },
        };
        match written {
            Ok(Ok(())) if closing => break Stopped::Done,
            Ok(Ok(())) => {}
            Ok(Err(_)) => break Stopped::Broken,
            Err(_) => break Stopped::Stalled,
        }
    };
    (stopped, sink)
}

/// The next queued frame; None once the queue is closed and empty. An empty queue leaves
/// no waker: the serve loop polls the writer after every push (see the module's comment).
fn next(queue: &Shared) -> impl Future<Output = Option<Message>> + '_ {
    std::future::poll_fn(move |_| {
        let mut queue = queue.lock().expect("writer queue");
        match queue.frames.pop_front() {
            Some(frame) => Poll::Ready(Some(frame)),
            None if queue.closed => Poll::Ready(None),
            None => Poll::Pending,
        }
    })
}
