//! Which event shards this instance's clients watch, in cluster mode: a count per shard,
//! raised by a [`Watching`] guard that every live stream holds and lowered when it drops.
//! The subscriber (`cluster`) is woken on every change and subscribes to the shards now
//! watched, unsubscribing from the ones nobody watches any more. The transaction feed
//! watches every shard: it is every wallet's events.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, watch};

/// How long a new feed waits for every shard's subscription before it starts anyway.
const FEED_WAIT: Duration = Duration::from_secs(2);

pub(super) struct Interest {
    shards: u16,
    counts: Mutex<Counts>,
    changed: Notify,
    /// How many shard channels the subscriber holds right now.
    subscribed: watch::Sender<usize>,
}

#[derive(Default)]
struct Counts {
    shards: HashMap<u16, usize>,
    feeds: usize,
}

/// Held by a live stream for as long as it lives.
pub(super) struct Watching {
    interest: Arc<Interest>,
    /// None: the feed (every shard).
    shard: Option<u16>,
}

impl Interest {
    pub(super) fn new(shards: u16) -> Arc<Self> {
        let subscribed = watch::channel(0).0;
        Arc::new(Self { shards: shards.max(1), counts: Mutex::default(), changed: Notify::new(), subscribed })
    }

    pub(super) fn shard_of(&self, wallet_id: i64) -> u16 {
        wallet_id.rem_euclid(i64::from(self.shards)) as u16
    }

    pub(super) fn watch_wallet(self: &Arc<Self>, wallet_id: i64) -> Watching {
        let shard = self.shard_of(wallet_id);
        *self.counts.lock().expect("interest lock").shards.entry(shard).or_default() += 1;
        self.changed.notify_one();
        Watching { interest: self.clone(), shard: Some(shard) }
    }

    pub(super) fn watch_feed(self: &Arc<Self>) -> Watching {
        self.counts.lock().expect("interest lock").feeds += 1;
        self.changed.notify_one();
        Watching { interest: self.clone(), shard: None }
    }

    /// The shards someone here watches now.
    pub(super) fn wanted(&self) -> BTreeSet<u16> {
        let counts = self.counts.lock().expect("interest lock");
        if counts.feeds > 0 {
            return (0..self.shards).collect();
        }
        counts.shards.keys().copied().collect()
    }

    /// Told by the subscriber after every change of its subscriptions.
    pub(super) fn set_subscribed(&self, shards: usize) {
        self.subscribed.send_replace(shards);
    }

    /// Waits (at most FEED_WAIT) until every shard is subscribed, so that a feed that reads
    /// its starting point afterwards misses nothing committed elsewhere.
    pub(super) async fn all_subscribed(&self) {
        let mut subscribed = self.subscribed.subscribe();
        let all = usize::from(self.shards);
        if tokio::time::timeout(FEED_WAIT, subscribed.wait_for(|count| *count >= all)).await.is_err() {
            tracing::warn!("the transaction feed starts before every event shard is subscribed");
        }
    }

    /// Returns after the next change (at once if one came since the last call).
    pub(super) async fn changed(&self) {
        self.changed.notified().await;
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut counts = self.interest.counts.lock().expect("interest lock");
        match self.shard {
            None => counts.feeds -= 1,
            Some(shard) => {
                if let Some(count) = counts.shards.get_mut(&shard) {
                    *count -= 1;
                    if *count == 0 {
                        counts.shards.remove(&shard);
                    }
                }
            }
        }
        drop(counts);
        self.interest.changed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::Interest;

    #[test]
    fn a_shard_is_wanted_from_its_first_watcher_to_its_last() {
        let interest = Interest::new(4);
        assert_eq!(interest.shard_of(6), 2);
        assert_eq!(interest.shard_of(-1), 3);
        let first = interest.watch_wallet(6);
        let second = interest.watch_wallet(10);
        assert_eq!(interest.wanted().into_iter().collect::<Vec<_>>(), [2]);
        drop(first);
        assert_eq!(interest.wanted().len(), 1, "one watcher of shard 2 is left");
        drop(second);
        assert!(interest.wanted().is_empty());
    }

    #[test]
    fn the_feed_wants_every_shard() {
        let interest = Interest::new(4);
        let _wallet = interest.watch_wallet(1);
        let feed = interest.watch_feed();
        assert_eq!(interest.wanted().len(), 4);
        drop(feed);
        assert_eq!(interest.wanted().into_iter().collect::<Vec<_>>(), [1]);
    }
}
