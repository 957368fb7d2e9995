//! What every request shares, built once at start-up.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::db::{self, DbConn, DbPool};
use crate::error::ApiResult;
use crate::events::Events;
use crate::redis::Redis;
use crate::services::passwords::Passwords;
use crate::services::sessions::cache::SessionCache;
use crate::services::throttle::Throttles;

/// Everything a request may need, shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub(crate) config: Config,
    pub(crate) db: DbPool,
    pub(crate) passwords: Passwords,
    /// Sign-in and sign-up attempts, per address and per account.
    pub(crate) throttles: Throttles,
    /// Sessions checked lately, kept truthful by the access notices that `events` carries.
    pub(crate) sessions: Arc<SessionCache>,
    pub(crate) events: Events,
    /// Turns true when the server begins to shut down: WebSocket connections watch it and
    /// close with 1001 (going away), which axum's graceful shutdown does not do for them.
    pub(crate) shutdown: tokio::sync::watch::Sender<bool>,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Prepares the database (create, migrate), then builds the pool and the event broker.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with(config, true).await
    }

    /// The same for one-off commands: no event tasks run.
    pub async fn build_offline(config: Config) -> anyhow::Result<Self> {
        Self::build_with(config, false).await
    }

    async fn build_with(config: Config, live: bool) -> anyhow::Result<Self> {
        db::prepare(&config).await?;
        let timeouts = db::SessionTimeouts { statement: config.db_statement_timeout, lock: config.db_lock_timeout };
        let db = db::pool(&config.database_url, config.db_pool_size, timeouts)?;
        let redis = match (&config.redis_url, live) {
            (Some(url), true) => Some(Arc::new(Redis::new(url, &config.redis_prefix, config.redis_ca.as_deref())?)),
            _ => None,
        };
        let sessions = Arc::new(SessionCache::new(if live { config.session_cache } else { Duration::ZERO }));
        let events = if live {
            Events::start(db.clone(), redis.clone(), sessions.clone())
        } else {
            Events::offline(db.clone(), sessions.clone())
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Self(Arc::new(Inner {
            // Half the cores at most hash passwords; the rest stay free for money moves.
            passwords: Passwords::new(cores.div_ceil(2)),
            throttles: Throttles::new(&config, redis),
            sessions,
            db,
            events,
            config,
            shutdown: tokio::sync::watch::channel(false).0,
        })))
    }

    /// A pooled connection, or SERVICE_UNAVAILABLE when PostgreSQL cannot be reached.
    pub async fn conn(&self) -> ApiResult<DbConn> {
        Ok(self.db.get().await?)
    }
}
