//! A streaming replica for the reads that may lag (DATABASE_READ_URL): a pool of its own,
//! and one background task that measures the replica's lag every second (`lag`) and
//! decides whether it serves. The task stops when the server's state is dropped.

mod lag;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bool, Nullable, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use lag::{LagClock, PrimarySample, ReplicaSample};

use super::{DbPool, SessionTimeouts, tls};

/// `application_name` of the read pool's connections, and of the lag probe's.
pub(crate) const READ_POOL_NAME: &str = "kassa-read";
const PROBE_NAME: &str = "kassa-lag-probe";
/// How often the lag is measured, and how long one measurement may take.
const PROBE_EVERY: Duration = Duration::from_secs(1);
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What the lag monitor saw at its last tick (for /readyz and metrics).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ReplicaStatus {
    /// The replica answered the last probe, as a standby.
    pub(crate) reachable: bool,
    /// How far behind the primary it is; None when that cannot be bounded.
    pub(crate) lag: Option<Duration>,
    /// Reads go to it: reachable, the lag within KASSA_READ_MAX_LAG, and no read failed
    /// there since the last probe.
    pub(crate) serving: bool,
}

/// The replica's pool and the monitor's verdict.
pub(crate) struct Replica {
    pool: DbPool,
    status: Arc<Mutex<ReplicaStatus>>,
    monitor: tokio::task::AbortHandle,
}

impl Replica {
    /// Builds the pool (lazily, like the primary's) and starts the lag monitor, which asks
    /// `primary` for its WAL position each tick. Reads go to the primary until the first
    /// tick finds the replica caught up.
    pub(crate) fn start(
        url: &str,
        size: usize,
        timeouts: SessionTimeouts,
        max_lag: Duration,
        primary: DbPool,
    ) -> anyhow::Result<Self> {
        let pool = super::pool(url, READ_POOL_NAME, size, timeouts)?;
        let probe = tls::Connector::new(url)?;
        let status = Arc::new(Mutex::new(ReplicaStatus::default()));
        let monitor = tokio::spawn(monitor(probe, primary, status.clone(), max_lag)).abort_handle();
        Ok(Self { pool, status, monitor })
    }

    /// The replica's pool while it serves reads.
    pub(crate) fn serving(&self) -> Option<&DbPool> {
        self.status().serving.then_some(&self.pool)
    }

    /// A read on the replica failed (logged here, once): reads go to the primary until the
    /// next tick finds the replica well again.
    pub(crate) fn failed(&self, error: &dyn std::fmt::Display) {
        tracing::warn!(%error, "a read on the replica failed; retrying it on the primary");
        self.status.lock().unwrap_or_else(|poison| poison.into_inner()).serving = false;
    }

    pub(crate) fn status(&self) -> ReplicaStatus {
        *self.status.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.monitor.abort();
    }
}

/// Every tick: the primary's position, then the replica's; the verdict; a log line when
/// the replica starts or stops serving.
async fn monitor(probe: tls::Connector, primary: DbPool, status: Arc<Mutex<ReplicaStatus>>, max_lag: Duration) {
    let mut tick = tokio::time::interval(PROBE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let (mut clock, mut conn) = (LagClock::default(), None);
    loop {
        tick.tick().await;
        let ours = tokio::time::timeout(PROBE_TIMEOUT, primary_position(&primary)).await.ok().flatten();
        let theirs = tokio::time::timeout(PROBE_TIMEOUT, replica_position(&probe, &mut conn)).await;
        let now = Instant::now();
        let (next, why) = match theirs {
            Ok(Ok(Position { standby: true, replayed: Some(replayed), replayed_commit })) => {
                let commit_age = ours.zip(replayed_commit).map(|((_, clock), commit)| {
                    (clock - commit).to_std().unwrap_or_default() // a commit "after" the clock: none
                });
                let sample = ReplicaSample { replayed, commit_age };
                let lag = clock.observe(now, ours.map(|(sample, _)| sample), sample);
                let serving = lag.is_some_and(|lag| lag <= max_lag);
                (ReplicaStatus { reachable: true, lag, serving }, "its lag is unknown or over KASSA_READ_MAX_LAG")
            }
            Ok(Ok(_)) => (ReplicaStatus::default(), "it is not a standby (promoted, or not a replica)"),
            Ok(Err(error)) => {
                conn = None;
                tracing::debug!(%error, "the replica did not answer the lag probe");
                (ReplicaStatus::default(), "it cannot be reached")
            }
            Err(_) => {
                conn = None;
                (ReplicaStatus::default(), "it did not answer the lag probe in time")
            }
        };
        let before = std::mem::replace(&mut *status.lock().unwrap_or_else(|poison| poison.into_inner()), next);
        crate::metrics::replica(next.reachable, next.lag, next.serving);
        let lag_ms = next.lag.map(|lag| lag.as_millis() as u64);
        if next.serving && !before.serving {
            tracing::info!(?lag_ms, "reads that may lag are served by the replica");
        } else if !next.serving && (before.serving || before.reachable != next.reachable) {
            tracing::warn!(?lag_ms, reachable = next.reachable, "reads go to the primary: {why}");
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Written {
    #[diesel(sql_type = BigInt)]
    lsn: i64,
    #[diesel(sql_type = Timestamptz)]
    clock: DateTime<Utc>,
}

/// The primary's WAL position, when it was asked, and its clock; None when it did not answer
/// (its outage is /readyz's `database`, and logged by the requests that fail).
async fn primary_position(primary: &DbPool) -> Option<(PrimarySample, DateTime<Utc>)> {
    let mut conn = primary.get().await.ok()?;
    let at = Instant::now();
    let sql = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS lsn, clock_timestamp() AS clock";
    let written: Written = diesel::sql_query(sql).get_result(&mut conn).await.ok()?;
    Some((PrimarySample { at, lsn: written.lsn }, written.clock))
}

#[derive(diesel::QueryableByName)]
struct Position {
    #[diesel(sql_type = Bool)]
    standby: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    replayed: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    replayed_commit: Option<DateTime<Utc>>,
}

/// The replica's replay position, on the probe's own connection (opened again after a failure).
async fn replica_position(probe: &tls::Connector, conn: &mut Option<AsyncPgConnection>) -> anyhow::Result<Position> {
    if conn.is_none() {
        let mut opened = probe.connect_for("to measure the replica's lag").await?;
        let setup = format!("SET application_name = '{PROBE_NAME}'; SET statement_timeout = 1000");
        opened.batch_execute(&setup).await?;
        *conn = Some(opened);
    }
    let conn = conn.as_mut().expect("opened above");
    let sql = "SELECT pg_is_in_recovery() AS standby, \
               pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint AS replayed, \
               pg_last_xact_replay_timestamp() AS replayed_commit";
    Ok(diesel::sql_query(sql).get_result(conn).await?)
}
