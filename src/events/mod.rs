//! Balance events: built once per committed change, delivered to this instance's
//! subscribers at once, published to the other instances through Redis, and backed by
//! the outbox so that nothing committed is lost for good. Live streams read from here
//! (`stream`): the current state first, then every version in order.
//!
//! This layer knows rows, not rules: who may watch what is decided by the services.

mod broker;
mod changes;
mod cluster;
mod hub;
mod interest;
mod notices;
mod outbox;
mod publisher;
mod ring;
mod stream;
mod wire;

use std::sync::Arc;

use futures::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::db::DbPool;
use crate::db::models::{TransactionRow, WalletChangeRow, WalletRow};
use crate::redis::Redis;
use broker::Broker;
use hub::Hub;
use interest::Interest;
pub(crate) use notices::{Notice, record};
use publisher::Publisher;
pub use wire::{Control, balance_payload};

/// One state of a wallet: after a transaction, after a hold's change (created, voided,
/// expired: a version with no transaction), or the current state (neither). The wallet
/// carries `held` too; on the wire both are new fields, absent from older instances'
/// events (read as 0 and none).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BalanceEvent {
    pub wallet: WalletRow,
    pub transaction: Option<TransactionRow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<WalletChangeRow>,
}

impl BalanceEvent {
    pub(crate) fn current(wallet: WalletRow) -> Self {
        Self { wallet, transaction: None, change: None }
    }

    /// The wallet as `transaction` left it: its balance and version right after it.
    pub(crate) fn after(wallet: &WalletRow, transaction: TransactionRow) -> Self {
        Self { wallet: wallet.as_of(&transaction), transaction: Some(transaction), change: None }
    }

    /// The wallet as a hold's `change` left it.
    pub(crate) fn changed(wallet: &WalletRow, change: WalletChangeRow) -> Self {
        Self { wallet: wallet.as_of_change(&change), transaction: None, change: Some(change) }
    }
}

/// Hears access notices (sign-outs, role changes) before any subscription does: the
/// session cache implements it, so a notice clears the cache before a request can look.
pub trait NoticeListener: Send + Sync {
    /// A notice, from this instance or another one.
    fn hear(&self, control: &Control);
    /// Whether notices from every instance can reach this one right now.
    fn set_listening(&self, listening: bool);
}

/// Several listeners (the session cache, the API key cache), told in order.
impl NoticeListener for Vec<Arc<dyn NoticeListener>> {
    fn hear(&self, control: &Control) {
        self.iter().for_each(|listener| listener.hear(control));
    }

    fn set_listening(&self, listening: bool) {
        self.iter().for_each(|listener| listener.set_listening(listening));
    }
}

/// The event side of the application, built once at start-up.
#[derive(Clone)]
pub struct Events {
    hub: Hub,
    broker: Arc<Broker>,
    publisher: Publisher,
    db: DbPool,
    /// In cluster mode, the shards this instance's streams watch.
    interest: Option<Arc<Interest>>,
}

impl Events {
    /// Starts the publisher, the outbox relay and, with Redis, the one subscriber.
    pub(crate) fn start(db: DbPool, redis: Option<Arc<Redis>>, listener: Arc<dyn NoticeListener>) -> Self {
        let hub = Hub::new(listener);
        let instance = format!("{:016x}", rand::random::<u64>());
        let mut interest = None;
        let broker = match redis {
            Some(redis) if redis.is_cluster() => {
                let watched = Interest::new(redis.event_shards());
                interest = Some(watched.clone());
                let broker = Arc::new(cluster::ClusterBroker::new(redis.clone(), instance, watched));
                tokio::spawn(broker.clone().subscribe(hub.clone(), db.clone()));
                tracing::info!(shards = redis.event_shards(), "events: redis cluster broker, sharded pub/sub");
                Arc::new(Broker::Cluster(broker))
            }
            Some(redis) => {
                let broker = Arc::new(broker::RedisBroker::new(redis, instance));
                tokio::spawn(broker.clone().subscribe(hub.clone(), db.clone()));
                tracing::info!(channel = %broker.channel(), "events: redis broker");
                Arc::new(Broker::Redis(broker))
            }
            None => {
                tracing::info!("events: in-process broker (single instance; set REDIS_URL to run several)");
                // Every notice is made here, so none can be missed.
                hub.set_listening(true);
                Arc::new(Broker::InProcess)
            }
        };
        let publisher = Publisher::start(broker.clone(), db.clone());
        tokio::spawn(outbox::relay(db.clone(), broker.clone(), hub.clone()));
        Self { hub, broker, publisher, db, interest }
    }

    /// For one-off commands (create-admin): local delivery only, no relay, no publisher,
    /// so a command never marks another instance's outbox rows as published.
    pub(crate) fn offline(db: DbPool, listener: Arc<dyn NoticeListener>) -> Self {
        Self {
            hub: Hub::new(listener),
            broker: Arc::new(Broker::InProcess),
            publisher: Publisher::none(),
            db,
            interest: None,
        }
    }

    /// Called right after a money move commits: local subscribers get the event now, other
    /// instances as soon as the publisher sends it.
    pub(crate) fn publish_committed(&self, event: BalanceEvent) {
        let event = Arc::new(event);
        self.hub.deliver(event.clone());
        self.publisher.send(event);
    }

    /// Ends or re-checks subscriptions on every instance, once the change that `notice` was
    /// [`record`]ed with has committed. Applied here at once; published to the other
    /// instances off the request path, so a sign-out never waits on a Redis that is down;
    /// what fails to go out is left to the relay.
    pub(crate) fn notify(&self, notice: Notice) {
        self.hub.deliver_control(notice.control().clone());
        if !self.publisher.is_live() {
            return; // a one-off command: a running instance's relay sends it
        }
        let (broker, db) = (self.broker.clone(), self.db.clone());
        tokio::spawn(async move {
            match broker.publish_control(notice.control().clone()).await {
                Ok(()) => notices::mark_published(&db, notice.id()).await,
                Err(error) => tracing::warn!(%error, "could not publish an access change; the relay will retry"),
            }
        });
    }

    pub(crate) async fn ready(&self) -> bool {
        self.broker.ready().await
    }

    /// Access notices, for subscriptions that must end when access does.
    pub(crate) fn access(&self) -> broadcast::Receiver<Arc<Control>> {
        self.hub.control()
    }

    /// One wallet's states: the current one, then every version in order (see `stream`).
    pub(crate) fn balance(&self, wallet_id: i64) -> impl Stream<Item = Arc<BalanceEvent>> + use<> {
        let watching = self.interest.as_ref().map(|interest| interest.watch_wallet(wallet_id));
        stream::balance(self.db.clone(), self.hub.wallet(wallet_id), wallet_id).map(move |event| {
            let _watching = &watching; // the shard stays subscribed while the stream lives
            event
        })
    }

    /// Every new transaction on any wallet, as it commits.
    /// In cluster mode the feed first waits for every shard's subscription (briefly).
    pub(crate) fn transactions(&self) -> impl Stream<Item = TransactionRow> + use<> {
        let Some(interest) = self.interest.clone() else {
            return stream::transactions(self.db.clone(), self.hub.feed()).left_stream();
        };
        let watching = interest.watch_feed();
        let (db, hub) = (self.db.clone(), self.hub.clone());
        let subscribed = async move {
            interest.all_subscribed().await;
            stream::transactions(db, hub.feed())
        };
        futures::stream::once(subscribed)
            .flatten()
            .map(move |transaction| {
                let _watching = &watching; // every shard stays subscribed while the feed lives
                transaction
            })
            .right_stream()
    }
}
