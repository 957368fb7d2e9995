//! The one shared Redis connection of an instance: events are published on it and the
//! sign-in throttle counts on it. Subscribing opens connections of its own (`events`),
//! from the same client, so TLS (`rediss://`, roots from `KASSA_REDIS_CA`) and AUTH (the
//! user and password in REDIS_URL) apply to both.

use std::time::Duration;

use anyhow::{Context, bail};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::Mutex;

/// How long one Redis command, or opening the connection, may take.
const TIMEOUT: Duration = Duration::from_millis(1500);

pub struct Redis {
    client: redis::Client,
    prefix: String,
    shared: Mutex<Option<ConnectionManager>>,
}

impl Redis {
    /// A handle for `url`; nothing connects until the first command. `ca`: a PEM file of
    /// the roots a `rediss://` server's certificate must chain to (else the system roots).
    pub fn new(url: &str, prefix: &str, ca: Option<&str>) -> anyhow::Result<Self> {
        let tls = url.starts_with("rediss://");
        if tls {
            // The redis crate builds its rustls configuration from the process default
            // provider; ring is the one Kassa links. Already installed is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let client = match ca {
            None => redis::Client::open(url).context("REDIS_URL is not a Redis URL")?,
            Some(path) if tls => {
                let root_cert = std::fs::read(path).with_context(|| format!("reading KASSA_REDIS_CA {path}"))?;
                let certificates = redis::TlsCertificates { client_tls: None, root_cert: Some(root_cert) };
                redis::Client::build_with_tls(url, certificates)
                    .with_context(|| format!("REDIS_URL with the roots of KASSA_REDIS_CA {path}"))?
            }
            Some(_) => bail!("KASSA_REDIS_CA is set but REDIS_URL is not a rediss:// (TLS) URL"),
        };
        Ok(Self { client, prefix: prefix.to_owned(), shared: Mutex::new(None) })
    }

    /// A Redis key or channel of this deployment: `<KASSA_REDIS_PREFIX>:<name>`.
    pub fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// The client, for connections of their own (the pub/sub subscriber).
    pub fn client(&self) -> &redis::Client {
        &self.client
    }

    /// Runs commands on the shared connection; a broken connection is dropped, to be
    /// reopened by the next caller.
    pub async fn run<T: redis::FromRedisValue>(&self, commands: &redis::Pipeline) -> Result<T, String> {
        let mut conn = self.connection().await?;
        match commands.query_async::<T>(&mut conn).await {
            Ok(answer) => Ok(answer),
            Err(error) => {
                if error.is_connection_dropped() || error.is_io_error() || error.is_timeout() {
                    *self.shared.lock().await = None;
                }
                Err(error.to_string())
            }
        }
    }

    /// PING, for /readyz.
    pub async fn ping(&self) -> bool {
        match self.connection().await {
            Ok(mut conn) => redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok(),
            Err(_) => false,
        }
    }

    /// The shared connection, opened on first use and reopened after a failure.
    async fn connection(&self) -> Result<ConnectionManager, String> {
        let mut slot = self.shared.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(1);
        let conn = tokio::time::timeout(TIMEOUT * 2, self.client.get_connection_manager_with_config(config))
            .await
            .map_err(|_| "timed out connecting to Redis".to_owned())?
            .map_err(|e| e.to_string())?;
        *slot = Some(conn.clone());
        Ok(conn)
    }
}
