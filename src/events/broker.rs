//! Where events go after this instance delivered them locally: nowhere else (in-process
//! broker, one instance), or Redis pub/sub for every other instance.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::Mutex;

use super::wire::{self, Body, Control, Envelope};
use super::{BalanceEvent, Hub};
use crate::db::DbPool;
use crate::services::wallets;

const REDIS_TIMEOUT: Duration = Duration::from_millis(1500);

pub enum Broker {
    /// One instance: local delivery is all there is.
    InProcess {
        instance: String,
    },
    Redis(Arc<RedisBroker>),
}

pub struct RedisBroker {
    instance: String,
    client: redis::Client,
    prefix: String,
    channel: String,
    publisher: Mutex<Option<ConnectionManager>>,
}

impl Broker {
    pub fn instance(&self) -> &str {
        match self {
            Self::InProcess { instance } => instance,
            Self::Redis(redis) => &redis.instance,
        }
    }

    /// Delivers to this instance's subscribers, then to the other instances.
    pub async fn publish_events(&self, events: &[Arc<BalanceEvent>]) -> Result<(), String> {
        let Self::Redis(redis) = self else { return Ok(()) };
        let payloads = events.iter().map(|event| {
            Envelope {
                from: redis.instance.clone(),
                body: Body::Balance { event: Box::new(BalanceEvent::clone(event)) },
            }
            .encode()
        });
        redis.publish(payloads.collect()).await
    }

    pub async fn publish_control(&self, control: Control) -> Result<(), String> {
        let Self::Redis(redis) = self else { return Ok(()) };
        let payload = Envelope { from: redis.instance.clone(), body: Body::Control { control } }.encode();
        redis.publish(vec![payload]).await
    }

    /// PING for /readyz; always true in process.
    pub async fn ready(&self) -> bool {
        match self {
            Self::InProcess { .. } => true,
            Self::Redis(redis) => match redis.connection().await {
                Ok(mut conn) => redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok(),
                Err(_) => false,
            },
        }
    }
}

impl RedisBroker {
    pub fn new(url: &str, prefix: &str, instance: String) -> anyhow::Result<Self> {
        Ok(Self {
            instance,
            client: redis::Client::open(url)?,
            prefix: prefix.to_owned(),
            channel: format!("{prefix}:events"),
            publisher: Mutex::new(None),
        })
    }

    /// A Redis key of this deployment: `<KASSA_REDIS_PREFIX>:<name>`.
    pub fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// Runs commands on the shared connection (the one events are published on); a broken
    /// connection is dropped, to be reopened by the next caller.
    pub async fn run<T: redis::FromRedisValue>(&self, commands: &redis::Pipeline) -> Result<T, String> {
        let mut conn = self.connection().await?;
        match commands.query_async::<T>(&mut conn).await {
            Ok(answer) => Ok(answer),
            Err(error) => {
                if error.is_connection_dropped() || error.is_io_error() || error.is_timeout() {
                    *self.publisher.lock().await = None;
                }
                Err(error.to_string())
            }
        }
    }

    /// The shared publishing connection, opened on first use and reopened after a failure.
    async fn connection(&self) -> Result<ConnectionManager, String> {
        let mut slot = self.publisher.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1);
        let conn = tokio::time::timeout(REDIS_TIMEOUT * 2, self.client.get_connection_manager_with_config(config))
            .await
            .map_err(|_| "timed out connecting to Redis".to_owned())?
            .map_err(|e| e.to_string())?;
        *slot = Some(conn.clone());
        Ok(conn)
    }

    /// Publishes a batch in one round trip (a pipeline of PUBLISH commands).
    async fn publish(&self, payloads: Vec<String>) -> Result<(), String> {
        let mut pipe = redis::pipe();
        for payload in &payloads {
            pipe.cmd("PUBLISH").arg(&self.channel).arg(payload).ignore();
        }
        self.run::<()>(&pipe).await
    }

    /// Runs forever: ONE subscriber connection for the whole instance, fanned out through
    /// the hub. After a reconnect, watched wallets get their current state from PostgreSQL
    /// and every subscription re-checks its access, since events may have been missed.
    pub async fn subscribe(self: Arc<Self>, hub: Hub, db: DbPool) {
        let mut delay = Duration::from_millis(100);
        let mut connected_before = false;
        loop {
            match self.client.get_async_pubsub().await {
                Ok(mut pubsub) => match pubsub.subscribe(&self.channel).await {
                    Ok(()) => {
                        delay = Duration::from_millis(100);
                        if connected_before {
                            tracing::info!("redis subscriber reconnected; resyncing watched wallets");
                            resync(&hub, &db).await;
                        }
                        connected_before = true;
                        // Access notices from every instance reach this one from now on.
                        hub.sessions().set_listening(true);
                        let mut messages = pubsub.into_on_message();
                        while let Some(message) = messages.next().await {
                            self.dispatch(&hub, message.get_payload_bytes());
                        }
                        hub.sessions().set_listening(false);
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

    fn dispatch(&self, hub: &Hub, payload: &[u8]) {
        if wire::sent_by(payload, &self.instance) {
            return; // delivered locally before it was published
        }
        let Some(envelope) = std::str::from_utf8(payload).ok().and_then(Envelope::decode) else {
            tracing::warn!("ignored a malformed event from redis");
            return;
        };
        if envelope.from == self.instance {
            return; // delivered locally before it was published
        }
        match envelope.body {
            Body::Balance { event } => hub.deliver(Arc::from(event)),
            Body::Control { control } => hub.deliver_control(control),
        }
    }
}

/// Delivers the current state of every watched wallet (one query), and asks every
/// subscription to re-check its access.
pub async fn resync(hub: &Hub, db: &DbPool) {
    let watched = hub.watched();
    if !watched.is_empty() {
        match wallets::by_ids_on(db, &watched).await {
            Ok(found) => {
                for wallet in found {
                    hub.deliver(Arc::new(BalanceEvent::current(wallet)));
                }
            }
            Err(error) => tracing::warn!(%error, "resync could not read wallets"),
        }
    }
    hub.deliver_control(Control::Recheck);
}
