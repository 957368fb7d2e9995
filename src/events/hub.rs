use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::BalanceEvent;
use super::wire::Control;
use crate::services::session_cache::SessionCache;

/// Events waiting for a slow subscriber; past this it lags and resyncs from the database.
const WALLET_BUFFER: usize = 64;
const FEED_BUFFER: usize = 1024;
const CONTROL_BUFFER: usize = 256;

/// In-process fan-out: one broadcast channel per watched wallet, one for the transaction
/// feed and one for access control. Each event is one `Arc`, shared by every receiver.
/// Access notices also pass through the session cache, which they keep truthful.
#[derive(Clone)]
pub struct Hub {
    wallets: Arc<Mutex<HashMap<i64, broadcast::Sender<Arc<BalanceEvent>>>>>,
    feed: broadcast::Sender<Arc<BalanceEvent>>,
    control: broadcast::Sender<Arc<Control>>,
    sessions: Arc<SessionCache>,
}

impl Default for Hub {
    /// A hub whose session cache is off.
    fn default() -> Self {
        Self::new(std::time::Duration::ZERO)
    }
}

impl Hub {
    /// A hub whose session cache keeps entries `session_ttl` (zero: off).
    pub fn new(session_ttl: std::time::Duration) -> Self {
        Self {
            wallets: Arc::default(),
            feed: broadcast::channel(FEED_BUFFER).0,
            control: broadcast::channel(CONTROL_BUFFER).0,
            sessions: Arc::new(SessionCache::new(session_ttl)),
        }
    }

    pub fn sessions(&self) -> &SessionCache {
        &self.sessions
    }

    pub fn wallet(&self, wallet_id: i64) -> broadcast::Receiver<Arc<BalanceEvent>> {
        let mut wallets = self.wallets.lock().expect("hub lock");
        wallets.entry(wallet_id).or_insert_with(|| broadcast::channel(WALLET_BUFFER).0).subscribe()
    }

    pub fn feed(&self) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.feed.subscribe()
    }

    pub fn control(&self) -> broadcast::Receiver<Arc<Control>> {
        self.control.subscribe()
    }

    /// Hands the event to this instance's subscribers; forgets wallets nobody watches.
    pub fn deliver(&self, event: Arc<BalanceEvent>) {
        let wallet_id = event.wallet.id;
        {
            let mut wallets = self.wallets.lock().expect("hub lock");
            if let Some(sender) = wallets.get(&wallet_id) {
                if sender.receiver_count() == 0 {
                    wallets.remove(&wallet_id);
                } else {
                    let _ = sender.send(event.clone());
                }
            }
        }
        if event.transaction.is_some() {
            let _ = self.feed.send(event);
        }
    }

    /// Applies an access notice to the session cache (before any request can look again),
    /// then hands it to the subscriptions.
    pub fn deliver_control(&self, control: Control) {
        match &control {
            Control::SessionRevoked { token_hash } => match hex::decode(token_hash) {
                Ok(hash) => self.sessions.forget_session(&hash),
                Err(_) => self.sessions.forget_all(),
            },
            Control::AccessChanged { user_id } => self.sessions.forget_user(*user_id),
            Control::Recheck => self.sessions.forget_all(),
        }
        let _ = self.control.send(Arc::new(control));
    }

    /// Wallets that someone on this instance watches (for a resync after missed events).
    pub fn watched(&self) -> Vec<i64> {
        let mut wallets = self.wallets.lock().expect("hub lock");
        wallets.retain(|_, sender| sender.receiver_count() > 0);
        wallets.keys().copied().collect()
    }

    /// Subscribers on this instance, for metrics and tests.
    pub fn subscriber_count(&self) -> usize {
        let wallets = self.wallets.lock().expect("hub lock");
        wallets.values().map(broadcast::Sender::receiver_count).sum::<usize>() + self.feed.receiver_count()
    }
}
