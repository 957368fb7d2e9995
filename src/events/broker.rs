//! Where events go after this instance delivered them locally: nowhere else (in-process
//! broker, one instance), Redis pub/sub on one channel for every other instance (one
//! Redis node), or sharded pub/sub on a Redis Cluster (`cluster`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{PushInfo, PushKind, Value};
use tokio::sync::Notify;

use super::cluster::ClusterBroker;
use super::wire::{self, Body, Control, Envelope};
use super::{BalanceEvent, Hub, stream};
use crate::db::DbPool;
use crate::redis::Redis;

/// How often the subscriber connection is asked for a PING (a dead peer sends no close).
const PING_EVERY: Duration = Duration::from_secs(15);

pub(super) enum Broker {
    /// One instance: local delivery is all there is.
    InProcess,
    Redis(Arc<RedisBroker>),
    Cluster(Arc<ClusterBroker>),
}

pub(super) struct RedisBroker {
    redis: Arc<Redis>,
    /// This instance's name, so that it can skip its own messages coming back.
    instance: String,
    channel: String,
}

impl Broker {
    /// Sends events to the other instances (this one has delivered them already).
    pub(super) async fn publish_events(&self, events: &[Arc<BalanceEvent>]) -> Result<(), String> {
        let redis = match self {
            Self::InProcess => return Ok(()),
            Self::Cluster(cluster) => return cluster.publish_events(events).await,
            Self::Redis(redis) => redis,
        };
        let payloads = events.iter().map(|event| wire::balance_payload(&redis.instance, event));
        redis.publish(payloads.collect()).await
    }

    /// What a relay found unpublished: to the other instances, then to this one's
    /// subscribers. An error leaves the rows for the next pass.
    pub(super) async fn relay(&self, hub: &Hub, events: Vec<BalanceEvent>) -> anyhow::Result<()> {
        let events: Vec<Arc<BalanceEvent>> = events.into_iter().map(Arc::new).collect();
        self.publish_events(&events).await.map_err(anyhow::Error::msg)?;
        crate::metrics::events_published("relay", events.len());
        for event in events {
            hub.deliver(event);
        }
        Ok(())
    }

    pub(super) async fn publish_control(&self, control: Control) -> Result<(), String> {
        let redis = match self {
            Self::InProcess => return Ok(()),
            Self::Cluster(cluster) => return cluster.publish_control(control).await,
            Self::Redis(redis) => redis,
        };
        let payload = Envelope { from: redis.instance.clone(), body: Body::Control { control } }.encode();
        redis.publish(vec![payload]).await
    }

    /// PING for /readyz; always true in process.
    pub(super) async fn ready(&self) -> bool {
        match self {
            Self::InProcess => true,
            Self::Redis(redis) => redis.redis.ping().await,
            Self::Cluster(cluster) => cluster.ready().await,
        }
    }
}

impl RedisBroker {
    pub(super) fn new(redis: Arc<Redis>, instance: String) -> Self {
        let channel = redis.key("events");
        Self { redis, instance, channel }
    }

    pub(super) fn channel(&self) -> &str {
        &self.channel
    }

    /// Publishes a batch in one round trip (a pipeline of PUBLISH commands).
    async fn publish(&self, payloads: Vec<String>) -> Result<(), String> {
        let mut pipe = redis::pipe();
        for payload in &payloads {
            pipe.cmd("PUBLISH").arg(&self.channel).arg(payload).ignore();
        }
        self.redis.run::<()>(&pipe).await
    }

    /// Runs forever: ONE subscriber connection for the whole instance, fanned out through
    /// the hub. Its messages are dispatched where the connection reads them (the push
    /// sender runs in redis's connection task), so an event crosses no task of its own on
    /// the way to a subscriber's. After a reconnect, watched wallets get their current
    /// state from PostgreSQL and every subscription re-checks its access, since events may
    /// have been missed. A connection that stops answering PING is opened again.
    pub(super) async fn subscribe(self: Arc<Self>, hub: Hub, db: DbPool) {
        let mut delay = Duration::from_millis(100);
        let mut connected_before = false;
        crate::metrics::redis_connected(false);
        loop {
            let lost = Arc::new(Notify::new());
            let pushes = {
                let (hub, instance, lost) = (hub.clone(), self.instance.clone(), lost.clone());
                move |push: PushInfo| -> Result<(), Infallible> {
                    match (push.kind, push.data.get(1)) {
                        (PushKind::Message, Some(Value::BulkString(payload))) => hub.dispatch(&instance, payload),
                        (PushKind::Disconnection, _) => lost.notify_one(),
                        _ => {}
                    }
                    Ok(())
                }
            };
            let Some(opened) = self.redis.node_subscriber(pushes).await else { return };
            match opened {
                Ok(mut connection) => match connection.subscribe(&self.channel).await {
                    Ok(()) => {
                        delay = Duration::from_millis(100);
                        if connected_before {
                            tracing::info!("redis subscriber reconnected; resyncing watched wallets");
                            stream::resync(&hub, &db).await;
                        }
                        connected_before = true;
                        crate::metrics::redis_connected(true);
                        // Access notices from every instance reach this one from now on.
                        hub.set_listening(true);
                        watch(&mut connection, &lost).await;
                        hub.set_listening(false);
                        crate::metrics::redis_connected(false);
                        tracing::warn!("redis subscriber connection lost");
                    }
                    Err(error) => tracing::warn!(%error, "redis SUBSCRIBE failed"),
                },
                Err(error) => tracing::debug!(%error, "redis subscriber cannot connect"),
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(2));
        }
    }
}

/// Returns when the subscriber connection drops or stops answering PING.
async fn watch(connection: &mut MultiplexedConnection, lost: &Notify) {
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = lost.notified() => return,
            _ = ping.tick() => {
                if let Err(error) = redis::cmd("PING").query_async::<()>(connection).await {
                    tracing::warn!(%error, "redis subscriber did not answer PING");
                    return;
                }
            }
        }
    }
}
