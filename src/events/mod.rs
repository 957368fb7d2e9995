//! Balance events: built once per committed change, delivered to this instance's
//! subscribers at once, published to the other instances through Redis, and backed by
//! the outbox so that nothing committed is lost for good.

mod broker;
mod hub;
pub mod outbox;
mod publisher;
pub mod wire;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::config::Config;
use crate::db::DbPool;
use crate::db::models::{TransactionRow, WalletRow};
use crate::services::moves::Outcome;
pub use broker::{Broker, RedisBroker};
pub use hub::Hub;
use publisher::Publisher;
pub use wire::Control;

/// One state of a wallet: after a transaction, or the current state (no transaction).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BalanceEvent {
    pub wallet: WalletRow,
    pub transaction: Option<TransactionRow>,
}

impl BalanceEvent {
    pub fn current(wallet: WalletRow) -> Self {
        Self { wallet, transaction: None }
    }
}

/// The event side of the application, built once at start-up.
#[derive(Clone)]
pub struct Events {
    hub: Hub,
    broker: Arc<Broker>,
    publisher: Publisher,
}

impl Events {
    /// Starts the publisher, the outbox relay and, with Redis, the one subscriber.
    pub async fn start(config: &Config, db: DbPool) -> anyhow::Result<Self> {
        let hub = Hub::new(config.session_cache);
        let instance = format!("{:016x}", rand::random::<u64>());
        let broker = match &config.redis_url {
            Some(url) => {
                let redis = Arc::new(RedisBroker::new(url, &config.redis_prefix, instance)?);
                tokio::spawn(redis.clone().subscribe(hub.clone(), db.clone()));
                tracing::info!(channel = %format!("{}:events", config.redis_prefix), "events: redis broker");
                Arc::new(Broker::Redis(redis))
            }
            None => {
                tracing::info!("events: in-process broker (single instance; set REDIS_URL to run several)");
                // Every notice is made here, so none can be missed.
                hub.sessions().set_listening(true);
                Arc::new(Broker::InProcess { instance })
            }
        };
        let publisher = Publisher::start(broker.clone(), db.clone());
        tokio::spawn(outbox::relay(db, broker.clone(), hub.clone()));
        Ok(Self { hub, broker, publisher })
    }

    /// For one-off commands (create-admin): local delivery only, no relay, no publisher,
    /// so a command never marks another instance's outbox rows as published.
    pub fn offline() -> Self {
        Self {
            hub: Hub::default(),
            broker: Arc::new(Broker::InProcess { instance: "offline".into() }),
            publisher: Publisher::none(),
        }
    }

    /// Called right after a money move commits: local subscribers get the event now, other
    /// instances as soon as the publisher sends it.
    pub async fn publish_committed(&self, outcome: &Outcome) {
        let event =
            Arc::new(BalanceEvent { wallet: outcome.wallet.clone(), transaction: Some(outcome.transaction.clone()) });
        self.hub.deliver(event.clone());
        self.publisher.send(event);
    }

    /// Ends or re-checks subscriptions on every instance.
    /// Applied here at once; published to the other instances off the request path, so a
    /// sign-out never waits on a Redis that is down.
    pub async fn control(&self, control: Control) {
        self.hub.deliver_control(control.clone());
        let broker = self.broker.clone();
        tokio::spawn(async move {
            if let Err(error) = broker.publish_control(control).await {
                tracing::warn!(%error, "could not publish an access change; other instances re-check on reconnect");
            }
        });
    }

    /// The Redis connection shared with other instances, if there is one (the sign-in
    /// throttle counts there).
    pub fn redis(&self) -> Option<Arc<RedisBroker>> {
        match self.broker.as_ref() {
            Broker::Redis(redis) => Some(redis.clone()),
            Broker::InProcess { .. } => None,
        }
    }

    pub async fn ready(&self) -> bool {
        self.broker.ready().await
    }

    pub fn wallet(&self, wallet_id: i64) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.hub.wallet(wallet_id)
    }

    pub fn feed(&self) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.hub.feed()
    }

    pub fn access(&self) -> broadcast::Receiver<Arc<Control>> {
        self.hub.control()
    }

    pub fn sessions(&self) -> &crate::services::session_cache::SessionCache {
        self.hub.sessions()
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}
