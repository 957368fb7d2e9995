//! One watched wallet's recent events, shared by its receivers on this instance: the hub's
//! broadcast channel per wallet, sized by what is in flight instead of up front.
//!
//! tokio's broadcast channel allocates all its slots when it is made and keeps them for its
//! life: 2.5 KiB for 64, in every idle subscription on a wallet of its own (B6). Here an idle
//! wallet holds no event at all; a burst (a group commit publishes up to 64 events at once)
//! keeps each event until every receiver counted when it was sent has read it, up to
//! `capacity`; a receiver further behind is told it lagged, as tokio's would be, and its
//! stream fills the gap from the database.

use std::collections::VecDeque;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;
use tokio::sync::broadcast::error::RecvError;

/// The sending side, held by the hub; dropping it ends every receiver.
pub(super) struct Ring<T> {
    shared: Arc<Shared<T>>,
}

/// A place in a ring: the next event it reads.
pub(super) struct Receiver<T> {
    shared: Arc<Shared<T>>,
    next: u64,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    sent: Notify,
    capacity: usize,
}

struct State<T> {
    /// Events some receiver has still to read, oldest first, each with how many have.
    events: VecDeque<(T, usize)>,
    /// The position of the next event sent; the oldest kept is at `next - events.len()`.
    next: u64,
    receivers: usize,
    closed: bool,
}

/// Past this many slots, a ring that has emptied gives its memory back.
const KEPT_WHEN_EMPTY: usize = 4;

impl<T> State<T> {
    fn first(&self) -> u64 {
        self.next - self.events.len() as u64
    }

    /// Drops the events every receiver has read.
    fn trim(&mut self) {
        while self.events.front().is_some_and(|(_, left)| *left == 0) {
            self.events.pop_front();
        }
        if self.events.is_empty() && self.events.capacity() > KEPT_WHEN_EMPTY {
            self.events = VecDeque::new();
        }
    }
}

impl<T: Clone> Ring<T> {
    pub(super) fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a ring keeps at least one event");
        let state = State { events: VecDeque::new(), next: 0, receivers: 0, closed: false };
        Self { shared: Arc::new(Shared { state: Mutex::new(state), sent: Notify::new(), capacity }) }
    }

    /// Hands `value` to every receiver (false when there is none); the oldest event goes
    /// when the ring is full.
    pub(super) fn send(&self, value: T) -> bool {
        let mut state = self.shared.lock();
        if state.receivers == 0 {
            return false;
        }
        if state.events.len() == self.shared.capacity {
            state.events.pop_front();
        }
        let receivers = state.receivers;
        state.events.push_back((value, receivers));
        state.next += 1;
        drop(state);
        self.shared.sent.notify_waiters();
        true
    }

    /// A receiver of every event sent from now on.
    pub(super) fn subscribe(&self) -> Receiver<T> {
        let mut state = self.shared.lock();
        state.receivers += 1;
        Receiver { shared: self.shared.clone(), next: state.next }
    }

    pub(super) fn receiver_count(&self) -> usize {
        self.shared.lock().receivers
    }
}

impl<T> Drop for Ring<T> {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.sent.notify_waiters();
    }
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().expect("ring lock")
    }
}

impl<T: Clone> Receiver<T> {
    /// The next event; `Lagged(n)` when `n` were dropped before this receiver read them
    /// (it then reads on from the oldest kept), `Closed` once the ring is gone and read.
    pub(super) async fn recv(&mut self) -> Result<T, RecvError> {
        loop {
            // Registered before the look, so an event sent in between still wakes it.
            let mut sent = pin!(self.shared.sent.notified());
            sent.as_mut().enable();
            if let Some(received) = self.shared.try_recv(&mut self.next) {
                return received;
            }
            sent.await;
        }
    }
}

impl<T: Clone> Shared<T> {
    /// The event at `next` for a receiver there, moving it on.
    fn try_recv(&self, next: &mut u64) -> Option<Result<T, RecvError>> {
        let mut state = self.lock();
        let first = state.first();
        if *next < first {
            let missed = first - *next;
            *next = first;
            return Some(Err(RecvError::Lagged(missed)));
        }
        if *next < state.next {
            let (value, left) = &mut state.events[(*next - first) as usize];
            let value = value.clone();
            *left -= 1;
            *next += 1;
            state.trim();
            return Some(Ok(value));
        }
        state.closed.then_some(Err(RecvError::Closed))
    }
}

impl<T> Drop for Receiver<T> {
    /// The events it had still to read no longer wait for it.
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.receivers -= 1;
        let first = state.first();
        let unread = self.next.max(first) - first;
        for (_, left) in state.events.iter_mut().skip(unread as usize) {
            *left -= 1;
        }
        state.trim();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn kept<T>(ring: &Ring<T>) -> (usize, usize) {
        let state = ring.shared.lock();
        (state.events.len(), state.events.capacity())
    }

    async fn next<T: Clone>(receiver: &mut Receiver<T>) -> Result<T, RecvError> {
        tokio::time::timeout(Duration::from_secs(5), receiver.recv()).await.expect("an answer in time")
    }

    #[tokio::test]
    async fn every_receiver_reads_every_event_in_order_and_then_the_ring_is_empty() {
        let ring = Ring::new(64);
        let (mut a, mut b) = (ring.subscribe(), ring.subscribe());
        for n in 0..10 {
            ring.send(n);
        }
        for n in 0..10 {
            assert_eq!(next(&mut a).await.unwrap(), n);
        }
        assert_eq!(kept(&ring).0, 10, "b has read none yet");
        for n in 0..10 {
            assert_eq!(next(&mut b).await.unwrap(), n);
        }
        assert_eq!(kept(&ring), (0, 0), "read by all: nothing kept, memory given back");
    }

    #[tokio::test]
    async fn an_idle_ring_and_one_without_receivers_keep_nothing() {
        let ring = Ring::new(64);
        assert!(!ring.send(1), "nobody listens");
        assert_eq!(kept(&ring), (0, 0), "dropped at once");
        let receiver = ring.subscribe();
        assert_eq!(kept(&ring), (0, 0));
        ring.send(2);
        assert_eq!(kept(&ring).0, 1);
        drop(receiver);
        let (events, slots) = kept(&ring);
        assert_eq!(events, 0, "its last receiver gone, the event goes too");
        assert!(slots <= KEPT_WHEN_EMPTY, "a few slots at most: {slots}");
        assert_eq!(ring.receiver_count(), 0);
    }

    #[tokio::test]
    async fn a_receiver_further_behind_than_the_capacity_lags_then_reads_the_oldest_kept() {
        let ring = Ring::new(4);
        let mut slow = ring.subscribe();
        for n in 0..10 {
            ring.send(n);
        }
        assert_eq!(kept(&ring).0, 4);
        assert_eq!(next(&mut slow).await, Err(RecvError::Lagged(6)));
        for n in 6..10 {
            assert_eq!(next(&mut slow).await.unwrap(), n);
        }
    }

    #[tokio::test]
    async fn a_receiver_subscribed_later_sees_only_what_comes_after() {
        let ring = Ring::new(8);
        let mut early = ring.subscribe();
        ring.send("before");
        let mut late = ring.subscribe();
        ring.send("after");
        assert_eq!(next(&mut late).await.unwrap(), "after");
        assert_eq!(next(&mut early).await.unwrap(), "before");
        assert_eq!(next(&mut early).await.unwrap(), "after");
        assert_eq!(kept(&ring).0, 0);
    }

    #[tokio::test]
    async fn a_waiting_receiver_wakes_on_send_and_ends_when_the_ring_is_dropped() {
        let ring = Ring::new(8);
        let mut receiver = ring.subscribe();
        let waiting = tokio::spawn(async move {
            let first = receiver.recv().await;
            let second = receiver.recv().await;
            (first, second)
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        ring.send(7);
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(ring);
        let (first, second) = tokio::time::timeout(Duration::from_secs(5), waiting).await.unwrap().unwrap();
        assert_eq!(first, Ok(7));
        assert_eq!(second, Err(RecvError::Closed));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_receivers_on_two_threads_each_read_all_of_a_concurrent_burst() {
        let ring = Arc::new(Ring::new(1024));
        let readers: Vec<_> = (0..50)
            .map(|_| {
                let mut receiver = ring.subscribe();
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    while seen.len() < 1000 {
                        seen.push(receiver.recv().await.unwrap());
                    }
                    seen
                })
            })
            .collect();
        let sender = ring.clone();
        tokio::spawn(async move {
            for n in 0..1000 {
                sender.send(n);
                if n % 100 == 0 {
                    tokio::task::yield_now().await;
                }
            }
        });
        for reader in readers {
            let seen = tokio::time::timeout(Duration::from_secs(10), reader).await.unwrap().unwrap();
            assert_eq!(seen, (0..1000).collect::<Vec<_>>());
        }
        assert_eq!(kept(&ring), (0, 0));
    }
}
