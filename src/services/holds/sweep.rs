//! The sweeper: on every instance, every second, expires the holds past their expiresAt.
//! Instances share the work without coordination: each claims the due holds with
//! `FOR UPDATE SKIP LOCKED`, so a hold is expired by exactly one of them, once.

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use super::{HoldOutcome, announce, committed, held};
use crate::db::models::{HoldRow, WalletChangeRow};
use crate::db::schema::holds;
use crate::domain::{HoldStatus, WebhookEvent};
use crate::error::ApiError;
use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(1);
/// Holds one pass expires in one transaction.
const BATCH: i64 = 200;

/// Starts the sweeper; it stops when the server shuts down.
pub(crate) fn start(state: &AppState) {
    let state = state.clone();
    let mut shutdown = state.shutdown.subscribe();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => return,
            }
            // A full batch means more are due: go on at once.
            while let Ok(count @ 1..) = sweep_once(&state).await {
                tracing::info!(count, "expired holds");
                if count < BATCH as usize {
                    break;
                }
            }
        }
    });
}

/// One pass: claims due holds (in wallet order, so two instances lock wallets in the same
/// order and never deadlock), releases each as EXPIRED with its own wallet version, commits,
/// then publishes their events. Returns how many it expired.
pub(super) async fn sweep_once(state: &AppState) -> anyhow::Result<usize> {
    let mut conn = state.db.get().await?;
    let done = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let due: Vec<HoldRow> = holds::table
                .filter(holds::status.eq(HoldStatus::Held.as_str()))
                .filter(holds::expires_at.le(diesel::dsl::now))
                .order((holds::wallet_id.asc(), holds::id.asc()))
                .limit(BATCH)
                .select(HoldRow::as_select())
                .for_update()
                .skip_locked()
                .load(conn)
                .await?;
            let mut done: Vec<(HoldOutcome, WalletChangeRow)> = Vec::with_capacity(due.len());
            for hold in due {
                let changed = held::change(conn, hold.wallet_id, -hold.amount, hold.id, HoldStatus::Expired).await?;
                let Some((wallet, change)) = changed else { continue };
                let hold: HoldRow = diesel::update(holds::table.find(hold.id))
                    .set((holds::status.eq(HoldStatus::Expired.as_str()), holds::released_at.eq(diesel::dsl::now)))
                    .returning(HoldRow::as_returning())
                    .get_result(conn)
                    .await?;
                announce(conn, WebhookEvent::HoldExpired, &hold, &wallet.number).await?;
                done.push((HoldOutcome { hold, wallet }, change));
            }
            Ok(done)
        })
        .await;
    let done = match done {
        Ok(done) => done,
        Err(error) => {
            tracing::warn!(%error, "the hold sweeper's pass failed; the next one retries");
            return Err(error.into());
        }
    };
    drop(conn);
    let count = done.len();
    for (outcome, change) in done {
        committed(state, &outcome, change, "expired");
    }
    Ok(count)
}
