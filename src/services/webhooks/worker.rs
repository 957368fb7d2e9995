//! The delivery worker, one per instance: claims due deliveries in one short statement
//! (`FOR UPDATE SKIP LOCKED`, so instances share the work), leasing each for longer than
//! an attempt can take (its `next_attempt_at` moves ahead: no other instance claims it
//! meanwhile, and if this one dies the attempt is simply made again after the lease), and
//! sends them off the request path, at most [`IN_FLIGHT`] at a time.

use std::sync::Arc;
use std::time::Duration;

use diesel::sql_types::{BigInt, Double};
use diesel_async::RunQueryDsl;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use super::deliver::{self, Claimed};
use crate::state::AppState;

/// Attempts in flight per instance.
const IN_FLIGHT: usize = 8;
/// How often the worker looks for what other instances wrote (this one's wake it at once).
const POLL: Duration = Duration::from_secs(1);
/// The least time between two claims: every money move wakes the worker, and under load
/// that must not become a query per move.
const CLAIM_GAP: Duration = Duration::from_millis(10);
/// How long a claimed attempt is this instance's: the 10 s timeout, with room to record it.
const LEASE_SECS: f64 = 30.0;

/// Due deliveries of live endpoints, claimed: the attempt counted, the lease taken.
const CLAIM_SQL: &str = "
UPDATE webhook_deliveries d
SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
FROM webhook_events e, webhook_endpoints p
WHERE d.id IN (
        SELECT c.id FROM webhook_deliveries c
        WHERE c.status = 'PENDING' AND c.next_attempt_at <= now()
          AND EXISTS (SELECT 1 FROM webhook_endpoints l WHERE l.id = c.endpoint_id AND l.deleted_at IS NULL)
        ORDER BY c.next_attempt_at
        LIMIT $1
        FOR UPDATE OF c SKIP LOCKED)
  AND e.id = d.event_id AND p.id = d.endpoint_id
RETURNING d.id, d.endpoint_id, d.attempts, d.created_at, e.id AS event_id, e.type AS event_type,
          e.data::text AS data, e.created_at AS event_created_at, p.url, p.signing_secret";

/// Starts this instance's worker; it runs until the task is aborted.
pub(crate) fn start(state: AppState) -> JoinHandle<()> {
    tokio::spawn(run(state))
}

async fn run(state: AppState) {
    let client = match deliver::client() {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "webhooks: no HTTP client; nothing will be delivered");
            return;
        }
    };
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    loop {
        let free = permits.available_permits();
        if free > 0 {
            match claim(&state, free).await {
                Ok(claimed) => {
                    // A full batch may leave more due: each finished attempt looks again.
                    let more = claimed.len() == free;
                    for delivery in claimed {
                        let permit = permits.clone().acquire_owned().await.expect("the semaphore is never closed");
                        let (state, client) = (state.clone(), client.clone());
                        tokio::spawn(async move {
                            deliver::attempt(&state, &client, delivery).await;
                            drop(permit);
                            if more {
                                state.webhooks.wake();
                            }
                        });
                    }
                }
                Err(error) => tracing::debug!(%error, "webhooks: claiming failed; will retry"),
            }
            tokio::time::sleep(CLAIM_GAP).await;
        }
        tokio::select! {
            () = state.webhooks.woken() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

async fn claim(state: &AppState, limit: usize) -> anyhow::Result<Vec<Claimed>> {
    let mut conn = state.db.get().await?;
    let claimed = diesel::sql_query(CLAIM_SQL)
        .bind::<BigInt, _>(i64::try_from(limit)?)
        .bind::<Double, _>(LEASE_SECS)
        .load(&mut conn)
        .await?;
    Ok(claimed)
}
