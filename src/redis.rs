//! The one shared Redis connection of an instance: events are published on it and the
//! sign-in throttle counts on it. Subscribing opens connections of its own (`events`),
//! from the same client, so TLS (`rediss://`, roots from `KASSA_REDIS_CA`) and AUTH (the
//! user and password in REDIS_URL) apply to both. REDIS_URL naming two or more nodes
//! means a Redis Cluster: commands are routed by key slot (`redis::cluster_async`).

use std::time::Duration;

use anyhow::{Context, bail};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClient, ClusterClientBuilder, ClusterConfig};
use redis::cluster_async::ClusterConnection;
use tokio::sync::Mutex;

/// How long one Redis command, or opening the connection, may take.
const TIMEOUT: Duration = Duration::from_millis(1500);

pub struct Redis {
    target: Target,
    prefix: String,
    event_shards: u16,
    shared: Mutex<Option<Shared>>,
}

enum Target {
    /// The client of commands, and the same one speaking RESP3 for the subscriber.
    Node {
        client: redis::Client,
        subscriber: redis::Client,
    },
    Cluster(ClusterClient),
}

#[derive(Clone)]
enum Shared {
    Node(ConnectionManager),
    Cluster(ClusterConnection),
}

impl Redis {
    /// A handle for REDIS_URL's `nodes` (one: a single Redis; more: a cluster); nothing
    /// connects until the first command. `ca`: a PEM file of the roots a `rediss://`
    /// server's certificate must chain to (else the system roots). `event_shards`: how many
    /// sharded channels balance events use in cluster mode.
    pub fn new(nodes: &[String], prefix: &str, ca: Option<&str>, event_shards: u16) -> anyhow::Result<Self> {
        let Some(first) = nodes.first() else { bail!("REDIS_URL names no node") };
        let tls = first.starts_with("rediss://");
        if tls {
            // The redis crate builds its rustls configuration from the process default
            // provider; ring is the one Kassa links. Already installed is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let root_cert = match ca {
            None => None,
            Some(path) if tls => Some(std::fs::read(path).with_context(|| format!("reading KASSA_REDIS_CA {path}"))?),
            Some(_) => bail!("KASSA_REDIS_CA is set but REDIS_URL is not a rediss:// (TLS) URL"),
        };
        let certificates =
            root_cert.map(|root_cert| redis::TlsCertificates { client_tls: None, root_cert: Some(root_cert) });
        let target = if nodes.len() == 1 {
            let client = match certificates {
                None => redis::Client::open(first.as_str()).context("REDIS_URL is not a Redis URL")?,
                Some(certificates) => redis::Client::build_with_tls(first.as_str(), certificates)
                    .context("REDIS_URL with the roots of KASSA_REDIS_CA")?,
            };
            let info = client.get_connection_info().clone();
            let resp3 = info.redis_settings().clone().set_protocol(redis::ProtocolVersion::RESP3);
            let subscriber = redis::Client::open(info.set_redis_settings(resp3)).context("REDIS_URL (RESP3)")?;
            Target::Node { client, subscriber }
        } else {
            // RESP3: sharded pub/sub reaches a cluster connection as push messages.
            let mut builder = ClusterClientBuilder::new(nodes.iter().map(String::as_str))
                .use_protocol(redis::ProtocolVersion::RESP3)
                .connection_timeout(TIMEOUT)
                .response_timeout(TIMEOUT)
                .retries(2)
                .min_retry_wait(50)
                .max_retry_wait(500);
            if let Some(certificates) = certificates {
                builder = builder.certs(certificates);
            }
            Target::Cluster(builder.build().context("REDIS_URL's nodes are not a Redis Cluster's URLs")?)
        };
        Ok(Self { target, prefix: prefix.to_owned(), event_shards: event_shards.max(1), shared: Mutex::new(None) })
    }

    /// A Redis key or channel of this deployment: `<KASSA_REDIS_PREFIX>:<name>`.
    pub fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// Whether REDIS_URL names a cluster.
    pub fn is_cluster(&self) -> bool {
        matches!(self.target, Target::Cluster(_))
    }

    /// How many sharded channels balance events use (cluster mode).
    pub fn event_shards(&self) -> u16 {
        self.event_shards
    }

    /// A RESP3 connection of its own to the single node whose push messages (pub/sub, and
    /// a `Disconnection` when it drops) go to `pushes`, called in the connection's own task;
    /// None for a cluster.
    pub async fn node_subscriber(
        &self,
        pushes: impl redis::aio::AsyncPushSender,
    ) -> Option<Result<redis::aio::MultiplexedConnection, String>> {
        let Target::Node { subscriber, .. } = &self.target else { return None };
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_push_sender(pushes);
        Some(subscriber.get_multiplexed_async_connection_with_config(&config).await.map_err(|e| e.to_string()))
    }

    /// A cluster connection of its own whose push messages (sharded pub/sub, and a
    /// `Disconnection` when a node's connection drops) go to `pushes`; None for one node.
    pub async fn cluster_subscriber(
        &self,
        pushes: tokio::sync::mpsc::UnboundedSender<redis::PushInfo>,
    ) -> Option<Result<ClusterConnection, String>> {
        let Target::Cluster(client) = &self.target else { return None };
        let config = cluster_config().set_push_sender(pushes);
        let opened = tokio::time::timeout(TIMEOUT * 2, client.get_async_connection_with_config(config)).await;
        Some(
            opened
                .map_err(|_| "timed out connecting to the Redis Cluster".to_owned())
                .and_then(|r| r.map_err(|e| e.to_string())),
        )
    }

    /// Runs commands on the shared connection; a broken connection is dropped, to be
    /// reopened by the next caller. In a cluster, every command of one pipeline must have
    /// its keys in one slot.
    pub async fn run<T: redis::FromRedisValue>(&self, commands: &redis::Pipeline) -> Result<T, String> {
        let answer = match self.connection().await? {
            Shared::Node(mut conn) => commands.query_async::<T>(&mut conn).await,
            Shared::Cluster(mut conn) => {
                match tokio::time::timeout(TIMEOUT * 2, commands.query_async::<T>(&mut conn)).await {
                    Ok(answer) => answer,
                    Err(_) => return Err("timed out waiting for the Redis Cluster".to_owned()),
                }
            }
        };
        match answer {
            Ok(answer) => Ok(answer),
            Err(error) => {
                if error.is_connection_dropped() || error.is_io_error() || error.is_timeout() {
                    *self.shared.lock().await = None;
                }
                Err(error.to_string())
            }
        }
    }

    /// PING (one node of a cluster: a master failing over does not make every instance
    /// unready), for /readyz.
    pub async fn ping(&self) -> bool {
        let mut ping = redis::pipe();
        ping.cmd("PING");
        self.run::<redis::Value>(&ping).await.is_ok()
    }

    /// The shared connection, opened on first use and reopened after a failure.
    async fn connection(&self) -> Result<Shared, String> {
        let mut slot = self.shared.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let conn = match &self.target {
            Target::Node { client, .. } => {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(TIMEOUT))
                    .set_response_timeout(Some(TIMEOUT))
                    .set_number_of_retries(1);
                let opened = tokio::time::timeout(TIMEOUT * 2, client.get_connection_manager_with_config(config)).await;
                Shared::Node(
                    opened.map_err(|_| "timed out connecting to Redis".to_owned())?.map_err(|e| e.to_string())?,
                )
            }
            Target::Cluster(client) => {
                let opened =
                    tokio::time::timeout(TIMEOUT * 2, client.get_async_connection_with_config(cluster_config())).await;
                Shared::Cluster(
                    opened
                        .map_err(|_| "timed out connecting to the Redis Cluster".to_owned())?
                        .map_err(|e| e.to_string())?,
                )
            }
        };
        *slot = Some(conn.clone());
        Ok(conn)
    }
}

fn cluster_config() -> ClusterConfig {
    ClusterConfig::new().set_connection_timeout(TIMEOUT).set_response_timeout(TIMEOUT)
}
