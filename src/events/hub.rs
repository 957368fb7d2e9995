use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::ring::{self, Ring};
use super::wire::{self, Control, Message};
use super::{BalanceEvent, NoticeListener};

/// Events a wallet keeps for a slow subscriber (only while one has them still to read);
/// past this it lags and resyncs from the database.
const WALLET_BUFFER: usize = 64;
const FEED_BUFFER: usize = 1024;
const CONTROL_BUFFER: usize = 256;

/// In-process fan-out: one `Ring` per watched wallet (which holds nothing while the wallet
/// is idle), a broadcast channel for the transaction feed and one for access control.
/// Each event is one `Arc`, shared by every receiver.
/// Access notices go to the notice listener (the session cache) first.
#[derive(Clone)]
pub(super) struct Hub {
    wallets: Arc<Mutex<HashMap<i64, Ring<Arc<BalanceEvent>>>>>,
    feed: broadcast::Sender<Arc<BalanceEvent>>,
    control: broadcast::Sender<Arc<Control>>,
    listener: Arc<dyn NoticeListener>,
}

impl Hub {
    /// Hands a message from Redis to this hub, unless this instance (`instance`) sent it.
    pub(super) fn dispatch(&self, instance: &str, payload: &[u8]) {
        crate::metrics::event_received();
        if wire::sent_by(payload, instance) {
            return; // delivered locally before it was published
        }
        if wire::wallet_of(payload).is_some_and(|wallet_id| !self.wants(wallet_id)) {
            return; // nobody here watches that wallet: not read any further
        }
        let Some((from, message)) = std::str::from_utf8(payload).ok().and_then(wire::decode) else {
            tracing::warn!("ignored a malformed event from redis");
            return;
        };
        if from == instance {
            return; // delivered locally before it was published
        }
        match message {
            Message::Balance(event) => self.deliver(Arc::from(event)),
            Message::Control(control) => self.deliver_control(control),
        }
    }

    /// Whether an event of this wallet has a receiver here: a stream of the wallet, or the
    /// transaction feed (every wallet). One that has none is skipped unread: with one Redis
    /// channel every instance receives every event.
    fn wants(&self, wallet_id: i64) -> bool {
        self.feed.receiver_count() > 0 || self.wallets.lock().expect("hub lock").contains_key(&wallet_id)
    }

    pub(super) fn new(listener: Arc<dyn NoticeListener>) -> Self {
        Self {
            wallets: Arc::default(),
            feed: broadcast::channel(FEED_BUFFER).0,
            control: broadcast::channel(CONTROL_BUFFER).0,
            listener,
        }
    }

    /// Whether notices from every instance reach this one (see [`NoticeListener`]).
    pub(super) fn set_listening(&self, listening: bool) {
        self.listener.set_listening(listening);
    }

    pub(super) fn wallet(&self, wallet_id: i64) -> ring::Receiver<Arc<BalanceEvent>> {
        let mut wallets = self.wallets.lock().expect("hub lock");
        wallets.entry(wallet_id).or_insert_with(|| Ring::new(WALLET_BUFFER)).subscribe()
    }

    pub(super) fn feed(&self) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.feed.subscribe()
    }

    pub(super) fn control(&self) -> broadcast::Receiver<Arc<Control>> {
        self.control.subscribe()
    }

    /// Hands the event to this instance's subscribers; forgets wallets nobody watches.
    pub(super) fn deliver(&self, event: Arc<BalanceEvent>) {
        let wallet_id = event.wallet.id;
        {
            let mut wallets = self.wallets.lock().expect("hub lock");
            if wallets.get(&wallet_id).is_some_and(|ring| !ring.send(event.clone())) {
                wallets.remove(&wallet_id);
            }
        }
        if event.transaction.is_some() {
            let _ = self.feed.send(event);
        }
    }

    /// Hands an access notice to the listener (before any request can look again), then
    /// to the subscriptions.
    pub(super) fn deliver_control(&self, control: Control) {
        self.listener.hear(&control);
        let _ = self.control.send(Arc::new(control));
    }

    /// Wallets that someone on this instance watches (for a resync after missed events).
    pub(super) fn watched(&self) -> Vec<i64> {
        let mut wallets = self.wallets.lock().expect("hub lock");
        wallets.retain(|_, sender| sender.receiver_count() > 0);
        wallets.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    struct Deaf;

    impl NoticeListener for Deaf {
        fn hear(&self, _: &Control) {}
        fn set_listening(&self, _: bool) {}
    }

    fn payload(wallet_id: i64) -> String {
        wire::balance_payload("elsewhere", &wire::tests::event(wallet_id))
    }

    #[test]
    fn an_event_reaches_the_watchers_of_its_wallet_and_the_feed() {
        let hub = Hub::new(Arc::new(Deaf));
        let mut seven = hub.wallet(7);
        hub.dispatch("here", payload(7).as_bytes());
        hub.dispatch("here", payload(8).as_bytes()); // nobody watches 8, and no feed: skipped
        let received = seven.recv().now_or_never().expect("delivered at once").expect("an event");
        assert_eq!(received.wallet.id, 7);
        assert!(seven.recv().now_or_never().is_none(), "wallet 8's event is not wallet 7's");

        let mut feed = hub.feed();
        hub.dispatch("here", payload(8).as_bytes());
        // The feed takes transactions only; this event has none, so it is read and dropped.
        assert!(matches!(feed.try_recv(), Err(broadcast::error::TryRecvError::Empty)));
        assert!(hub.wants(8), "with a feed open every wallet's event is read");
        drop(feed);
        assert!(!hub.wants(8) && hub.wants(7));
    }

    #[test]
    fn an_instance_skips_its_own_envelopes() {
        let hub = Hub::new(Arc::new(Deaf));
        let mut seven = hub.wallet(7);
        hub.dispatch("elsewhere", payload(7).as_bytes());
        assert!(seven.recv().now_or_never().is_none(), "delivered locally before it was published");
    }
}
