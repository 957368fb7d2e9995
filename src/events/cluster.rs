//! Events over a Redis Cluster's sharded pub/sub. A wallet's events go to the channel of
//! its shard, `<prefix>:events:{<wallet id % KASSA_EVENT_SHARDS>}` (the hash tag puts each
//! channel in one slot, so on one master), with SPUBLISH; access notices to
//! `<prefix>:notices`, which every instance subscribes to. An instance subscribes only to
//! the shards its clients watch (`interest`), so it receives only their events.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use redis::cluster_async::ClusterConnection;
use redis::{PushInfo, PushKind, Value};
use tokio::sync::mpsc;

use super::interest::Interest;
use super::wire::{self, Body, Control, Envelope};
use super::{BalanceEvent, Hub, stream};
use crate::db::DbPool;
use crate::redis::Redis;

pub(super) struct ClusterBroker {
    redis: Arc<Redis>,
    /// This instance's name, so that it can skip its own messages coming back.
    instance: String,
    interest: Arc<Interest>,
    notices: String,
}

/// The subscriptions one cluster connection holds.
struct Session {
    conn: ClusterConnection,
    subscribed: BTreeSet<String>,
}

impl ClusterBroker {
    pub(super) fn new(redis: Arc<Redis>, instance: String, interest: Arc<Interest>) -> Self {
        let notices = redis.key("notices");
        Self { redis, instance, interest, notices }
    }

    pub(super) fn shard_channel(&self, shard: u16) -> String {
        self.redis.key(&format!("events:{{{shard}}}"))
    }

    /// One pipeline of SPUBLISH per shard (a pipeline stays in one slot), all sent at once;
    /// within a shard the events keep their order. Any shard failing fails the batch, which
    /// the outbox relay then sends again (subscribers skip what they already have).
    pub(super) async fn publish_events(&self, events: &[Arc<BalanceEvent>]) -> Result<(), String> {
        let mut by_shard: BTreeMap<u16, redis::Pipeline> = BTreeMap::new();
        for event in events {
            let shard = self.interest.shard_of(event.wallet.id);
            let payload = wire::balance_payload(&self.instance, event);
            let pipe = by_shard.entry(shard).or_insert_with(redis::pipe);
            pipe.cmd("SPUBLISH").arg(self.shard_channel(shard)).arg(payload).ignore();
        }
        let sent = futures::future::join_all(by_shard.values().map(|pipe| self.redis.run::<()>(pipe))).await;
        sent.into_iter().collect()
    }

    pub(super) async fn publish_control(&self, control: Control) -> Result<(), String> {
        let payload = Envelope { from: self.instance.clone(), body: Body::Control { control } }.encode();
        let mut pipe = redis::pipe();
        pipe.cmd("SPUBLISH").arg(&self.notices).arg(payload).ignore();
        self.redis.run::<()>(&pipe).await
    }

    pub(super) async fn ready(&self) -> bool {
        self.redis.ping().await
    }

    /// Runs forever: one cluster connection for the whole instance's subscriptions, fanned
    /// out through the hub. When a node's connection drops (a master died, say) the whole
    /// connection is opened again from the cluster's current map, every channel subscribed
    /// again, and then watched wallets get their current state and every subscription
    /// re-checks its access, since events may have been missed.
    pub(super) async fn subscribe(self: Arc<Self>, hub: Hub, db: DbPool) {
        let mut delay = Duration::from_millis(100);
        let mut connected_before = false;
        crate::metrics::redis_connected(false);
        loop {
            let (pushes, mut received) = mpsc::unbounded_channel();
            match self.redis.cluster_subscriber(pushes).await {
                None => return,
                Some(Ok(conn)) => {
                    let mut session = Session { conn, subscribed: BTreeSet::new() };
                    if self.listen(&mut session, &mut received, &hub, &db, connected_before).await {
                        delay = Duration::from_millis(100);
                        connected_before = true;
                    }
                    hub.set_listening(false);
                    crate::metrics::redis_connected(false);
                    self.interest.set_subscribed(0);
                }
                Some(Err(error)) => tracing::debug!(%error, "redis cluster subscriber cannot connect"),
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(1));
        }
    }

    /// Keeps the subscriptions equal to what is wanted and dispatches what arrives, until
    /// the connection breaks. True when it got as far as listening.
    async fn listen(
        &self,
        session: &mut Session,
        received: &mut mpsc::UnboundedReceiver<PushInfo>,
        hub: &Hub,
        db: &DbPool,
        reconnected: bool,
    ) -> bool {
        let mut listening = false;
        loop {
            let added = match self.reconcile(session).await {
                Ok(added) => added,
                Err(error) => {
                    tracing::warn!(%error, "redis cluster SSUBSCRIBE failed; reconnecting");
                    return listening;
                }
            };
            if added.contains(&self.notices) {
                if reconnected || listening {
                    tracing::info!("redis cluster subscriber reconnected; resyncing watched wallets");
                    stream::resync(hub, db).await;
                }
                // Access notices from every instance reach this one from now on.
                hub.set_listening(true);
                crate::metrics::redis_connected(true);
                listening = true;
            } else if !added.is_empty() {
                // Whatever committed before the new shards' subscriptions took effect.
                let shards: BTreeSet<u16> = (0..self.redis.event_shards())
                    .filter(|shard| added.contains(&self.shard_channel(*shard)))
                    .collect();
                let ids: Vec<i64> =
                    hub.watched().into_iter().filter(|id| shards.contains(&self.interest.shard_of(*id))).collect();
                stream::resync_wallets(hub, db, &ids).await;
            }
            tokio::select! {
                () = self.interest.changed() => {}
                push = received.recv() => match push {
                    None => return listening,
                    Some(push) => {
                        if !self.handle(session, hub, push) {
                            tracing::warn!("redis cluster subscriber connection lost");
                            return listening;
                        }
                    }
                },
            }
        }
    }

    /// Subscribes to what is wanted and not held, unsubscribes from what is held and not
    /// wanted; answers the channels newly subscribed.
    async fn reconcile(&self, session: &mut Session) -> Result<BTreeSet<String>, String> {
        let mut wanted: BTreeSet<String> = self.interest.wanted().into_iter().map(|s| self.shard_channel(s)).collect();
        wanted.insert(self.notices.clone());
        let stale: Vec<String> = session.subscribed.difference(&wanted).cloned().collect();
        for channel in stale {
            session.subscribed.remove(&channel);
            session.conn.sunsubscribe(&channel).await.map_err(|e| e.to_string())?;
        }
        let mut added = BTreeSet::new();
        for channel in wanted.difference(&session.subscribed.clone()) {
            // One channel per command: each is in a slot of its own.
            session.conn.ssubscribe(channel).await.map_err(|e| e.to_string())?;
            session.subscribed.insert(channel.clone());
            added.insert(channel.clone());
        }
        self.interest.set_subscribed(session.subscribed.len() - 1); // less the notices
        Ok(added)
    }

    /// One push from the cluster; false when the connection must be opened again.
    fn handle(&self, session: &mut Session, hub: &Hub, push: PushInfo) -> bool {
        match push.kind {
            PushKind::SMessage | PushKind::Message => {
                if let Some(Value::BulkString(payload)) = push.data.get(1) {
                    hub.dispatch(&self.instance, payload);
                }
                true
            }
            PushKind::Disconnection => false,
            PushKind::SUnsubscribe => {
                // Unasked (its slot moved to another master): subscribed again next round.
                if let Some(channel) = push.data.first().and_then(|v| redis::from_redis_value_ref::<String>(v).ok())
                    && session.subscribed.remove(&channel)
                {
                    tracing::info!(%channel, "redis cluster dropped a sharded subscription; subscribing again");
                    if channel == self.notices {
                        hub.set_listening(false);
                    }
                }
                true
            }
            _ => true,
        }
    }
}
