//! Publishes committed events off the request path, in batches, in commit order.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::{BalanceEvent, Broker, changes, outbox};
use crate::db::DbPool;

/// Events queued for publishing; past this, new ones are left to the outbox relay.
const QUEUE: usize = 10_000;
/// Events sent in one Redis round trip.
const BATCH: usize = 256;

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

async fn run(mut receiver: mpsc::Receiver<Arc<BalanceEvent>>, broker: Arc<Broker>, db: DbPool) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut failing = false;
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        match broker.publish_events(&batch).await {
            Ok(()) => {
                crate::metrics::events_published("publisher", batch.len());
                if failing {
                    tracing::info!("publishing events works again");
                    failing = false;
                }
                let ids: Vec<i64> = batch.iter().filter_map(|e| e.transaction.as_ref().map(|t| t.id)).collect();
                outbox::mark_published(&db, &ids).await;
                let changes: Vec<i64> = batch.iter().filter_map(|e| e.change.as_ref().map(|c| c.id)).collect();
                changes::mark_published(&db, &changes).await;
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
