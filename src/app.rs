use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::db::{self, DbConn, DbPool};
use crate::error::ApiResult;
use crate::events::Events;
use crate::graphql::Api;
use crate::services::passwords::Passwords;
use crate::services::throttle::Throttle;

/// Everything a request may need, built once at start-up and shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub db: DbPool,
    pub passwords: Passwords,
    /// Sign-in attempts per account.
    pub account_throttle: Throttle,
    /// Failed sign-ins per client address.
    pub address_throttle: Throttle,
    pub events: Events,
    /// Turns true when the server begins to shut down: WebSocket connections watch it and
    /// close with 1001 (going away), which axum's graceful shutdown does not do for them.
    pub shutdown: tokio::sync::watch::Sender<bool>,
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
        db::create_database_if_missing(&config.database_url).await?;
        db::migrate(&config.database_url).await?;
        let timeouts = db::SessionTimeouts { statement: config.db_statement_timeout, lock: config.db_lock_timeout };
        let db = db::pool(&config.database_url, config.db_pool_size, timeouts)?;
        let events = if live { Events::start(&config, db.clone()).await? } else { Events::offline() };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Self(Arc::new(Inner {
            // Half the cores at most hash passwords; the rest stay free for money moves.
            passwords: Passwords::new(cores.div_ceil(2)),
            account_throttle: Throttle::new("account", 5, Duration::from_secs(15 * 60)).shared(events.redis()),
            address_throttle: Throttle::new("address", config.signin_address_limit, Duration::from_secs(15 * 60))
                .shared(events.redis()),
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

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let api = Api::new(state.clone());
    crate::http::routes(state, api)
}

/// How long a stopping server waits for its WebSocket connections to send their close frame.
pub const WS_CLOSE_GRACE: Duration = Duration::from_secs(5);

/// A running server, for `serve` and for tests that start it on port 0.
pub struct Server {
    pub addr: std::net::SocketAddr,
    pub state: AppState,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.listen).await.with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        let state = AppState::build(config).await?;
        let app = router(state.clone());
        let shutdown = state.shutdown.clone();
        let task = tokio::spawn(async move {
            let signal = async move {
                shutdown_signal().await;
                shutdown.send_replace(true);
            };
            axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
                .with_graceful_shutdown(signal)
                .await
        });
        tracing::info!(%addr, "kassa is listening");
        Ok(Self { addr, state, task })
    }

    /// Waits until the server stops (SIGINT or SIGTERM): in-flight requests finish, then the
    /// WebSocket connections get their close frame (at most [`WS_CLOSE_GRACE`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        let served = self.task.await.context("server task")?.context("serving HTTP");
        let closing = async {
            while self.state.shutdown.receiver_count() > 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        if tokio::time::timeout(WS_CLOSE_GRACE, closing).await.is_err() {
            tracing::warn!("some WebSocket connections did not close in time");
        }
        tracing::info!("stopped");
        served
    }

    /// Stops accepting and drops the server (tests).
    pub fn abort(&self) {
        self.task.abort();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}
