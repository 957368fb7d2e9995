//! The outbox: every committed move has a row here until its event went out. The relay
//! republishes rows that the committing instance did not get out (Redis down, crash),
//! and access notices the same way (`notices`).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use super::{BalanceEvent, Broker, Hub, changes, notices};
use crate::db::DbPool;
use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::{outbox, transactions, wallets};

/// How long the committing instance has to publish before the relay steps in.
const GRACE: Duration = Duration::from_secs(2);
/// How often the relay looks.
const RELAY_EVERY: Duration = Duration::from_secs(1);
/// Rows one relay pass takes.
const BATCH: i64 = 500;
/// Relay passes between two samples of the backlog for the metrics (the first pass samples).
const SAMPLE_EVERY: u64 = 5;
/// Published rows are kept this long (for inspection), then deleted.
const KEEP: Duration = Duration::from_secs(3600);

/// Marks rows as published, in one statement for a batch of events.
pub(super) async fn mark_published(db: &DbPool, transaction_ids: &[i64]) {
    if transaction_ids.is_empty() {
        return;
    }
    let result = async {
        let mut conn = db.get().await.map_err(|e| e.to_string())?;
        diesel::update(outbox::table.filter(outbox::transaction_id.eq_any(transaction_ids)))
            .set(outbox::published_at.eq(Utc::now()))
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    if let Err(error) = result {
        // The relay will publish these again; subscribers skip what they already have.
        tracing::warn!(%error, count = transaction_ids.len(), "could not mark outbox rows published");
    }
}

/// The event each transaction made, with the wallet as it was right after it.
async fn events_of(conn: &mut diesel_async::AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<BalanceEvent>> {
    let rows: Vec<(TransactionRow, WalletRow)> = transactions::table
        .inner_join(wallets::table)
        .filter(transactions::id.eq_any(ids))
        .order(transactions::id.asc())
        .select((TransactionRow::as_select(), WalletRow::as_select()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|(transaction, wallet)| BalanceEvent::after(&wallet, transaction)).collect())
}

/// Runs forever: republishes what is overdue, and prunes what is long published.
pub(super) async fn relay(db: DbPool, broker: Arc<Broker>, hub: Hub) {
    let mut tick = tokio::time::interval(RELAY_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut passes: u64 = 0;
    loop {
        tick.tick().await;
        passes += 1;
        // Never hold row locks while waiting on a broker that is down: others may do better.
        // One PING per pass answers for both kinds of rows.
        if broker.ready().await {
            match relay_once(&db, &broker, &hub).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "relay republished overdue events"),
                Err(error) => tracing::debug!(%error, "relay pass failed; will retry"),
            }
            match changes::relay_once(&db, &broker, &hub, BATCH, GRACE).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "relay republished overdue hold changes"),
                Err(error) => tracing::debug!(%error, "hold change relay pass failed; will retry"),
            }
            match notices::relay_once(&db, &broker, &hub).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "relay republished overdue access notices"),
                Err(error) => tracing::debug!(%error, "access notice relay pass failed; will retry"),
            }
        } else {
            tracing::debug!("relay pass skipped: the broker is unreachable");
        }
        if passes % SAMPLE_EVERY == 1 {
            sample(&db).await;
        }
        if passes % 60 == 0 {
            prune(&db).await;
        }
    }
}

/// One pass: claims overdue rows (SKIP LOCKED, so instances share the work), publishes
/// them to the other instances and to this one's subscribers, and marks them in the same
/// transaction. A failed publish leaves them for the next pass. The caller has checked
/// that the broker answers.
async fn relay_once(db: &DbPool, broker: &Broker, hub: &Hub) -> anyhow::Result<usize> {
    let mut conn = db.get().await?;
    let overdue = Utc::now() - chrono::Duration::from_std(GRACE).expect("grace fits");
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        let ids: Vec<i64> = outbox::table
            .filter(outbox::published_at.is_null())
            .filter(outbox::created_at.lt(overdue))
            .order(outbox::created_at.asc())
            .limit(BATCH)
            .select(outbox::transaction_id)
            .for_update()
            .skip_locked()
            .load(conn)
            .await?;
        if ids.is_empty() {
            return Ok(0);
        }
        broker.relay(hub, events_of(conn, &ids).await?).await?;
        diesel::update(outbox::table.filter(outbox::transaction_id.eq_any(&ids)))
            .set(outbox::published_at.eq(Utc::now()))
            .execute(conn)
            .await?;
        Ok(ids.len())
    })
    .await
}

/// Samples the unpublished rows and the age of the oldest for the metrics (the partial
/// index on unpublished rows serves it).
async fn sample(db: &DbPool) {
    let Ok(mut conn) = db.get().await else { return };
    let found: QueryResult<(i64, Option<chrono::DateTime<Utc>>)> = outbox::table
        .filter(outbox::published_at.is_null())
        .select((diesel::dsl::count_star(), diesel::dsl::min(outbox::created_at)))
        .first(&mut conn)
        .await;
    match found {
        Ok((rows, oldest)) => {
            let age = oldest.and_then(|at| (Utc::now() - at).to_std().ok()).unwrap_or_default();
            crate::metrics::outbox_backlog(rows, age);
        }
        Err(error) => tracing::debug!(%error, "could not sample the outbox backlog"),
    }
}

async fn prune(db: &DbPool) {
    let before = Utc::now() - chrono::Duration::from_std(KEEP).expect("keep fits");
    if let Ok(mut conn) = db.get().await {
        let deleted = diesel::delete(outbox::table.filter(outbox::published_at.lt(before))).execute(&mut conn).await;
        if let Ok(count @ 1..) = deleted {
            tracing::debug!(count, "pruned published outbox rows");
        }
        if let Ok(count @ 1..) = notices::prune(&mut conn, before).await {
            tracing::debug!(count, "pruned published access notices");
        }
    }
}
