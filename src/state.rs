//! What every request shares, built once at start-up.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

use crate::config::Config;
use crate::db::replica::{Replica, ReplicaStatus};
use crate::db::{self, DbConn, DbPool};
use crate::error::{ApiError, ApiResult};
use crate::events::Events;
use crate::events::NoticeListener;
use crate::redis::Redis;
use crate::services::api_keys::cache::KeyCache;
use crate::services::moves::queue::Queues as MoveQueues;
use crate::services::passwords::Passwords;
use crate::services::sessions::cache::SessionCache;
use crate::services::sessions::jwt::JwtKeys;
use crate::services::throttle::Throttles;
use crate::services::webhooks::signal::Signal as WebhookSignal;

/// A read for [`AppState::read`]: an async closure over a connection whose future is `Send`
/// (resolvers run on any worker thread). Named because the bound cannot say it otherwise.
pub(crate) trait ReadQuery<'c, T>: Fn(&'c mut AsyncPgConnection) -> <Self as ReadQuery<'c, T>>::Fut {
    type Fut: Future<Output = QueryResult<T>> + Send;
}

impl<'c, T, F, Fut> ReadQuery<'c, T> for F
where
    F: Fn(&'c mut AsyncPgConnection) -> Fut,
    Fut: Future<Output = QueryResult<T>> + Send,
{
    type Fut = Fut;
}

/// Everything a request may need, shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub(crate) config: Config,
    pub(crate) db: DbPool,
    /// DATABASE_READ_URL's replica, for the reads that may lag (see [`AppState::read`]).
    replica: Option<Replica>,
    pub(crate) passwords: Passwords,
    /// Sign-in and sign-up attempts, per address and per account.
    pub(crate) throttles: Throttles,
    /// Sessions checked lately, kept truthful by the access notices that `events` carries.
    pub(crate) sessions: Arc<SessionCache>,
    /// API keys checked lately (revocations clear it like sign-outs clear sessions), and
    /// when each key's last use was written.
    pub(crate) api_keys: Arc<KeyCache>,
    /// The keys portal JWTs are verified with, and the portal's JWKS as last fetched.
    pub(crate) jwt: JwtKeys,
    pub(crate) events: Events,
    /// The moves waiting for their wallet's next batch (group commit, `services::moves`).
    pub(crate) moves: MoveQueues,
    /// Wakes this instance's webhook worker after a commit that wrote webhook events.
    pub(crate) webhooks: WebhookSignal,
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
        let db = db::pool(&config.database_url, "kassa", config.db_pool_size, timeouts)?;
        let replica = match (&config.database_read_url, live) {
            (Some(url), true) => {
                Some(Replica::start(url, config.db_pool_size, timeouts, config.read_max_lag, db.clone())?)
            }
            _ => None,
        };
        let redis = match (&config.redis_url, live) {
            (Some(_), true) => Some(Arc::new(Redis::new(
                &config.redis_nodes,
                &config.redis_prefix,
                config.redis_ca.as_deref(),
                config.event_shards,
            )?)),
            _ => None,
        };
        let cache_ttl = if live { config.session_cache } else { Duration::ZERO };
        let sessions = Arc::new(SessionCache::new(cache_ttl));
        let api_keys = Arc::new(KeyCache::new(cache_ttl));
        let listeners: Vec<Arc<dyn NoticeListener>> = vec![sessions.clone(), api_keys.clone()];
        let events = if live {
            Events::start(db.clone(), redis.clone(), Arc::new(listeners))
        } else {
            Events::offline(db.clone(), Arc::new(listeners))
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Self(Arc::new(Inner {
            // Half the cores at most hash passwords; the rest stay free for money moves.
            passwords: Passwords::new(cores.div_ceil(2)),
            throttles: Throttles::new(&config, redis),
            sessions,
            api_keys,
            jwt: JwtKeys::new(&config.jwt)?,
            db,
            replica,
            events,
            moves: MoveQueues::default(),
            webhooks: WebhookSignal::default(),
            config,
            shutdown: tokio::sync::watch::channel(false).0,
        })))
    }

    /// A pooled connection, or SERVICE_UNAVAILABLE when PostgreSQL cannot be reached.
    pub async fn conn(&self) -> ApiResult<DbConn> {
        Ok(self.db.get().await?)
    }

    /// Runs `query`, a read that may lag behind the last commits (a history page, the users
    /// list, a report), on the replica while it serves, else on the primary. A failure on
    /// the replica is retried once on the primary. Never for what decides money, a balance
    /// shown after a move, sessions or idempotency: those use [`conn`](Self::conn).
    pub(crate) async fn read<T, F>(&self, query: F) -> ApiResult<T>
    where
        for<'c> F: AsyncFn(&'c mut AsyncPgConnection) -> QueryResult<T> + ReadQuery<'c, T> + Send + Sync,
    {
        if let Some(replica) = &self.replica
            && let Some(pool) = replica.serving()
        {
            match pool.get().await {
                Ok(mut conn) => match query(&mut conn).await {
                    Ok(found) => return Ok(found),
                    Err(diesel::result::Error::NotFound) => return Err(ApiError::NotFound("record")),
                    Err(error) => replica.failed(&error),
                },
                Err(error) => replica.failed(&error),
            }
        }
        let mut conn = self.conn().await?;
        Ok(query(&mut conn).await?)
    }

    /// The replica as the lag monitor last saw it; None without DATABASE_READ_URL.
    pub(crate) fn replica_status(&self) -> Option<ReplicaStatus> {
        self.replica.as_ref().map(Replica::status)
    }
}
