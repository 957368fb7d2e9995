//! The server: the router over the shared state, serving with graceful shutdown.

mod connection;
mod serve;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;

use crate::config::Config;
use crate::graphql::Api;
use crate::http::Sockets;
use crate::state::AppState;

/// The whole HTTP surface, and the count of its open WebSockets.
fn router(state: AppState) -> (Router, Arc<Sockets>) {
    let api = Api::new(state.clone());
    let sockets = Sockets::new(&state.config);
    (crate::http::routes(state, api, sockets.clone()), sockets)
}

/// How long a stopping server waits for its WebSocket connections to send their close frame.
pub const WS_CLOSE_GRACE: Duration = Duration::from_secs(5);

/// A running server, for `serve` and for tests that start it on port 0.
pub struct Server {
    pub addr: std::net::SocketAddr,
    /// Where `/metrics` is served (`KASSA_METRICS_LISTEN`); None when switched off.
    pub metrics_addr: Option<std::net::SocketAddr>,
    pub state: AppState,
    sockets: Arc<Sockets>,
    task: tokio::task::JoinHandle<()>,
    metrics_task: Option<tokio::task::JoinHandle<()>>,
    webhooks_task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(mut config: Config) -> anyhow::Result<Self> {
        let listener = serve::bind(config.listen).with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        // From here on the configuration names the address really bound (port 0 picks one).
        config.listen = addr;
        let metrics_listener = match config.metrics_listen {
            Some(at) => Some(serve::bind(at).with_context(|| format!("binding KASSA_METRICS_LISTEN {at}"))?),
            None => None,
        };
        if metrics_listener.is_some() {
            // Installed before the state is built, so what happens while it is (Redis
            // connecting, say) is recorded too.
            crate::metrics::handle();
        }
        let state = AppState::build(config).await?;
        crate::services::payment_systems::seal_plain(&state).await.context("sealing the payment systems' secrets")?;
        let webhooks_task = crate::services::webhooks::start(state.clone());
        // On every instance, like the outbox relay: instances share the work (SKIP LOCKED).
        crate::services::holds::start_sweeper(&state);
        let (metrics_addr, metrics_task) = match metrics_listener {
            Some(listener) => {
                let (at, task) = serve_metrics(listener, state.clone())?;
                (Some(at), Some(task))
            }
            None => (None, None),
        };
        let (app, sockets) = router(state.clone());
        let (shutdown, grace) = (state.shutdown.clone(), state.config.drain_grace);
        let signal = async move {
            shutdown_signal().await;
            // From here /readyz answers 503, new WebSockets are refused and open ones close
            // with 1001; requests are still served for the grace, while a balancer notices.
            shutdown.send_replace(true);
            if !grace.is_zero() {
                tracing::info!(?grace, "draining: /readyz answers 503 until the listener closes");
                tokio::time::sleep(grace).await;
            }
        };
        let limits = serve::Limits {
            header_timeout: state.config.http_header_timeout,
            idle_timeout: state.config.http_idle_timeout,
            max_connections: state.config.http_max_connections,
        };
        let task = tokio::spawn(serve::serve(listener, app, limits, signal));
        tracing::info!(%addr, "kassa is listening");
        Ok(Self { addr, metrics_addr, state, sockets, task, metrics_task, webhooks_task })
    }

    /// WebSocket connections open right now (tests; each one holds its slot until its
    /// socket is closed).
    pub fn open_websockets(&self) -> usize {
        self.sockets.open()
    }

    /// Waits until the server stops (SIGINT or SIGTERM): in-flight requests finish, then the
    /// WebSocket connections get their close frame (at most [`WS_CLOSE_GRACE`]).
    pub async fn wait(mut self) -> anyhow::Result<()> {
        (&mut self.task).await.context("server task")?;
        self.stop_metrics();
        // An attempt cut short is made again after its lease: at least once.
        self.webhooks_task.abort();
        let closing = async {
            while self.state.shutdown.receiver_count() > 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        if tokio::time::timeout(WS_CLOSE_GRACE, closing).await.is_err() {
            tracing::warn!("some WebSocket connections did not close in time");
        }
        tracing::info!("stopped");
        Ok(())
    }

    /// Stops accepting and drops the server (tests).
    pub fn abort(&self) {
        self.task.abort();
        self.stop_metrics();
        self.webhooks_task.abort();
    }

    fn stop_metrics(&self) {
        if let Some(task) = &self.metrics_task {
            task.abort();
        }
    }
}

/// How often histogram samples are folded into their buckets.
const METRICS_UPKEEP: Duration = Duration::from_secs(5);

/// Serves `/metrics` on its own listener until the server stops (the task is aborted then).
/// Every server of the process renders the same recorder, installed by the first one.
fn serve_metrics(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    let at = listener.local_addr()?;
    if crate::metrics::handle().is_none() {
        tracing::warn!(%at, "metrics: no recorder of ours; /metrics answers 503");
    }
    let routes = crate::http::metrics::routes(state);
    let task = tokio::spawn(async move {
        let upkeep = async {
            let mut tick = tokio::time::interval(METRICS_UPKEEP);
            loop {
                tick.tick().await;
                crate::metrics::run_upkeep();
            }
        };
        tokio::select! {
            result = axum::serve(listener, routes) => {
                if let Err(error) = result {
                    tracing::error!(%error, "the metrics listener failed");
                }
            }
            () = upkeep => {}
        }
    });
    tracing::info!(%at, "metrics at /metrics");
    Ok((at, task))
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
