//! The outbox side of hold changes: a `wallet_changes` row is both the journal entry of a
//! wallet version no transaction made and its event's outbox row (`published_at`). The
//! relay republishes what the committing instance did not get out, as for transactions.

use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::{BalanceEvent, Broker, Hub};
use crate::db::DbPool;
use crate::db::models::{WalletChangeRow, WalletRow};
use crate::db::schema::{wallet_changes, wallets};

/// Marks changes as published, in one statement.
pub(super) async fn mark_published(db: &DbPool, ids: &[i64]) {
    if ids.is_empty() {
        return;
    }
    let result = async {
        let mut conn = db.get().await.map_err(|e| e.to_string())?;
        diesel::update(wallet_changes::table.filter(wallet_changes::id.eq_any(ids)))
            .set(wallet_changes::published_at.eq(Utc::now()))
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(%error, count = ids.len(), "could not mark hold changes published");
    }
}

/// The events of these changes, each with the wallet as it left it.
async fn events_of(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<BalanceEvent>> {
    let rows: Vec<(WalletChangeRow, WalletRow)> = wallet_changes::table
        .inner_join(wallets::table)
        .filter(wallet_changes::id.eq_any(ids))
        .order(wallet_changes::id.asc())
        .select((WalletChangeRow::as_select(), WalletRow::as_select()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|(change, wallet)| BalanceEvent::changed(&wallet, change)).collect())
}

/// One relay pass over overdue changes, like the outbox's (SKIP LOCKED, marked in the
/// same transaction; a failed publish leaves them for the next pass), with its pacing:
/// rows older than `grace`, at most `batch`.
pub(super) async fn relay_once(
    db: &DbPool,
    broker: &Broker,
    hub: &Hub,
    batch: i64,
    grace: Duration,
) -> anyhow::Result<usize> {
    let mut conn = db.get().await?;
    let overdue = Utc::now() - chrono::Duration::from_std(grace).expect("grace fits");
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        let ids: Vec<i64> = wallet_changes::table
            .filter(wallet_changes::published_at.is_null())
            .filter(wallet_changes::created_at.lt(overdue))
            .order(wallet_changes::created_at.asc())
            .limit(batch)
            .select(wallet_changes::id)
            .for_update()
            .skip_locked()
            .load(conn)
            .await?;
        if ids.is_empty() {
            return Ok(0);
        }
        broker.relay(hub, events_of(conn, &ids).await?).await?;
        diesel::update(wallet_changes::table.filter(wallet_changes::id.eq_any(&ids)))
            .set(wallet_changes::published_at.eq(Utc::now()))
            .execute(conn)
            .await?;
        Ok(ids.len())
    })
    .await
}

/// A wallet's hold changes with versions `from..=to`, in version order (the
/// (wallet_id, wallet_version) unique index serves it).
pub(super) async fn versions(
    conn: &mut AsyncPgConnection,
    wallet_id: i64,
    from: i64,
    to: i64,
) -> QueryResult<Vec<WalletChangeRow>> {
    wallet_changes::table
        .filter(wallet_changes::wallet_id.eq(wallet_id))
        .filter(wallet_changes::wallet_version.between(from, to))
        .order(wallet_changes::wallet_version.asc())
        .select(WalletChangeRow::as_select())
        .load(conn)
        .await
}
