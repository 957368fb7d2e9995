//! Publishes committed events off the request path, in batches, in commit order, and marks
//! their outbox rows published a little later, in larger batches of their own.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::{BalanceEvent, Broker, changes, outbox};
use crate::db::DbPool;

/// Events queued for publishing; past this, new ones are left to the outbox relay.
const QUEUE: usize = 10_000;
/// Events sent in one Redis round trip.
const BATCH: usize = 256;
/// The least time between two marking statements. Each is an UPDATE and a commit on the
/// primary; marking every publish round trip cost PostgreSQL about one extra commit per few
/// moves under load (docs/benchmarks.md). Well inside the relay's grace, so it still leaves
/// published rows alone.
const MARK_EVERY: Duration = Duration::from_millis(200);

#[derive(Clone)]
pub(super) struct Publisher {
    /// None for one-off commands, which publish nothing.
    queue: Option<mpsc::Sender<Arc<BalanceEvent>>>,
}

impl Publisher {
    pub(super) fn start(broker: Arc<Broker>, db: DbPool) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(run(receiver, broker, db));
        Self { queue: Some(queue) }
    }

    pub(super) fn none() -> Self {
        Self { queue: None }
    }

    /// False for one-off commands, which publish nothing.
    pub(super) fn is_live(&self) -> bool {
        self.queue.is_some()
    }

    /// Never blocks a request: a full queue leaves the event to the outbox relay.
    pub(super) fn send(&self, event: Arc<BalanceEvent>) {
        let Some(queue) = &self.queue else { return };
        if queue.try_send(event).is_err() {
            tracing::warn!("event queue full; the outbox relay will publish it");
        }
    }
}

/// What went out and is still to be marked: journal rows and hold changes, by id.
enum Sent {
    Transaction(i64),
    Change(i64),
}

async fn run(mut receiver: mpsc::Receiver<Arc<BalanceEvent>>, broker: Arc<Broker>, db: DbPool) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut failing = false;
    let (sent, to_mark) = mpsc::unbounded_channel();
    tokio::spawn(mark(to_mark, db));
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        match broker.publish_events(&batch).await {
            Ok(()) => {
                crate::metrics::events_published("publisher", batch.len());
                if failing {
                    tracing::info!("publishing events works again");
                    failing = false;
                }
                for event in &batch {
                    if let Some(transaction) = &event.transaction {
                        let _ = sent.send(Sent::Transaction(transaction.id));
                    }
                    if let Some(change) = &event.change {
                        let _ = sent.send(Sent::Change(change.id));
                    }
                }
            }
            Err(error) => {
                // Logged once per outage; the rows stay in the outbox for the relay.
                if !failing {
                    tracing::warn!(%error, count = batch.len(), "could not publish events; the outbox relay will retry");
                    failing = true;
                }
            }
        }
        batch.clear();
    }
}

/// Marks what went out, at most once per [`MARK_EVERY`], all that gathered in one statement
/// per table. Ends when the publisher does, after marking what is left.
async fn mark(mut sent: mpsc::UnboundedReceiver<Sent>, db: DbPool) {
    let mut gathered = Vec::new();
    while sent.recv_many(&mut gathered, usize::MAX).await > 0 {
        let (mut transactions, mut changes) = (Vec::new(), Vec::new());
        for id in gathered.drain(..) {
            match id {
                Sent::Transaction(id) => transactions.push(id),
                Sent::Change(id) => changes.push(id),
            }
        }
        outbox::mark_published(&db, &transactions).await;
        changes::mark_published(&db, &changes).await;
        tokio::time::sleep(MARK_EVERY).await;
    }
}
