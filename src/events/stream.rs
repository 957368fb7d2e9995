//! Live streams as subscribers see them: the current state first, then one event per
//! version, in order, with no gap left open; and the resync after missed events.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use futures::{Stream, stream};
use tokio::sync::broadcast::{self, error::RecvError};

use super::ring::Receiver;
use super::{BalanceEvent, Control, Hub, changes};
use crate::db::DbPool;
use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::{transactions, wallets};

/// The longest gap filled from the journal; past it a subscriber gets the current state.
const MAX_GAP: i64 = 100;
/// The most transactions a lagging feed subscriber gets back from the journal in one read.
const MAX_FEED_RESYNC: i64 = 1000;

/// The current state from PostgreSQL, then one event per version, in order. The receiver is
/// taken before the read, so nothing committed in between is missed. When versions arrive
/// out of order, or a slow subscriber lagged behind its buffer, the missing versions are
/// read from the journal (one indexed query, only on a gap) and sent first; a gap longer
/// than MAX_GAP is closed by the current state instead. Ends when the database cannot
/// give the current state.
pub(super) fn balance(
    db: DbPool,
    receiver: Receiver<Arc<BalanceEvent>>,
    wallet_id: i64,
) -> impl Stream<Item = Arc<BalanceEvent>> {
    struct Cursor {
        db: DbPool,
        wallet_id: i64,
        receiver: Receiver<Arc<BalanceEvent>>,
        last_version: Option<i64>,
        pending: VecDeque<Arc<BalanceEvent>>,
        _live: crate::metrics::Held,
    }
    let live = crate::metrics::subscription("balance");
    let start = Cursor { db, wallet_id, receiver, last_version: None, pending: VecDeque::new(), _live: live };
    // The database reads are boxed: whatever a subscription's future holds, it holds for
    // as long as the subscription lives (B6 in docs/benchmarks.md).
    stream::unfold(start, |mut cursor| async move {
        loop {
            let event = match (cursor.pending.pop_front(), cursor.last_version) {
                (Some(event), _) => event,
                (None, None) => Box::pin(current(&cursor.db, cursor.wallet_id)).await?,
                (None, Some(last)) => {
                    let event = match cursor.receiver.recv().await {
                        Ok(event) => event,
                        Err(RecvError::Lagged(_)) => Box::pin(current(&cursor.db, cursor.wallet_id)).await?,
                        Err(RecvError::Closed) => return None,
                    };
                    if event.wallet.version > last + 1 {
                        cursor.pending.extend(Box::pin(missed(&cursor.db, &event, last)).await);
                        cursor.pending.push_back(event);
                        continue;
                    }
                    event
                }
            };
            if cursor.last_version.is_none_or(|last| event.wallet.version > last) {
                cursor.last_version = Some(event.wallet.version);
                crate::metrics::event_delivered("balance");
                return Some((event, cursor));
            }
            crate::metrics::event_skipped("balance");
        }
    })
}

/// Every new transaction, as it commits on any instance, from the highest id committed
/// when the subscription starts. A subscriber that lagged behind its buffer gets what it
/// missed from the journal (see [`Feed::resync`]), so none is lost and nothing is buffered
/// beyond the broadcast channel and one bounded read.
pub(super) fn transactions(
    db: DbPool,
    receiver: broadcast::Receiver<Arc<BalanceEvent>>,
) -> impl Stream<Item = TransactionRow> {
    let start = Feed {
        db,
        receiver,
        started: false,
        high: None,
        floor: i64::MIN,
        resent: HashSet::new(),
        pending: VecDeque::new(),
        _live: crate::metrics::subscription("transactions"),
    };
    stream::unfold(start, |mut feed| async move {
        if !feed.started {
            // The receiver was taken first, so nothing after this id can be missed.
            feed.high = Box::pin(highest(&feed.db)).await.ok().flatten();
            feed.started = true;
        }
        loop {
            if let Some(transaction) = feed.pending.pop_front() {
                crate::metrics::event_delivered("transactions");
                return Some((transaction, feed));
            }
            match feed.receiver.recv().await {
                Ok(event) => match feed.take(&event) {
                    Some(transaction) => {
                        crate::metrics::event_delivered("transactions");
                        return Some((transaction, feed));
                    }
                    None => crate::metrics::event_skipped("transactions"),
                },
                Err(RecvError::Lagged(missed)) => Box::pin(feed.resync(missed)).await,
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// A transaction feed subscriber's place.
struct Feed {
    db: DbPool,
    receiver: broadcast::Receiver<Arc<BalanceEvent>>,
    /// Whether the highest id at the start has been read.
    started: bool,
    /// The highest id sent (or committed when the subscription started).
    high: Option<i64>,
    /// Ids below it were skipped on purpose (a lag longer than MAX_FEED_RESYNC).
    floor: i64,
    /// Ids the last resync read from the journal, still buffered in the channel: skipped
    /// when they come (each once), instead of sent twice.
    resent: HashSet<i64>,
    /// Read from the journal, not yet sent.
    pending: VecDeque<TransactionRow>,
    /// `kassa_subscriptions_active{stream="transactions"}` while the feed lives.
    _live: crate::metrics::Held,
}

impl Feed {
    /// The event's transaction, unless it is none, already sent, or skipped.
    fn take(&mut self, event: &BalanceEvent) -> Option<TransactionRow> {
        let transaction = event.transaction.as_ref()?;
        if transaction.id < self.floor || self.resent.remove(&transaction.id) {
            if self.resent.is_empty() {
                self.resent = HashSet::new();
            }
            return None;
        }
        self.high = self.high.max(Some(transaction.id));
        Some(transaction.clone())
    }

    /// Reads the transactions after the highest sent, in id order: all of them when there
    /// are at most MAX_FEED_RESYNC, else the newest MAX_FEED_RESYNC (the older ones are
    /// skipped, with a warning). The events still in the channel that this read covers are
    /// then skipped when they come.
    async fn resync(&mut self, missed: u64) {
        let Some(high) = self.high else {
            tracing::warn!(missed, "transaction feed subscriber lagged before its start was known");
            return;
        };
        let mut rows = match after(&self.db, high, MAX_FEED_RESYNC + 1).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, missed, "transaction feed subscriber lagged and could not resync");
                return;
            }
        };
        if rows.len() > MAX_FEED_RESYNC as usize {
            rows.truncate(MAX_FEED_RESYNC as usize);
            tracing::warn!(missed, "transaction feed subscriber lagged too far: skipped to the newest transactions");
            self.floor = rows.last().map_or(self.floor, |oldest| oldest.id);
        }
        rows.reverse();
        tracing::debug!(missed, resent = rows.len(), "transaction feed subscriber lagged: resent from the journal");
        self.high = rows.last().map(|newest| newest.id).max(self.high);
        self.resent = rows.iter().map(|row| row.id).collect();
        self.pending.extend(rows);
    }
}

/// Delivers the current state of every watched wallet (one query), and asks every
/// subscription to re-check its access (events may have been missed).
pub(super) async fn resync(hub: &Hub, db: &DbPool) {
    resync_wallets(hub, db, &hub.watched()).await;
    hub.deliver_control(Control::Recheck);
}

/// Delivers the current state of these wallets (one query): after subscribing to their
/// shard, whatever committed before the subscription took effect.
pub(super) async fn resync_wallets(hub: &Hub, db: &DbPool, ids: &[i64]) {
    if ids.is_empty() {
        return;
    }
    match wallets_by_ids(db, ids).await {
        Ok(found) => {
            for wallet in found {
                hub.deliver(Arc::new(BalanceEvent::current(wallet)));
            }
        }
        Err(error) => tracing::warn!(%error, "resync could not read wallets"),
    }
}

/// The events between `last` and `event` (exclusive), rebuilt from the journal and the
/// hold changes (together they hold every version); empty when the gap is too long or
/// they cannot be read (the event itself then closes the gap).
async fn missed(db: &DbPool, event: &BalanceEvent, last: i64) -> Vec<Arc<BalanceEvent>> {
    let (from, to) = (last + 1, event.wallet.version - 1);
    if to - from + 1 > MAX_GAP {
        return Vec::new();
    }
    let mut found = versions(db, event.wallet.id, from, to).await.unwrap_or_default();
    found.sort_by_key(|missed| missed.wallet.version);
    found.into_iter().map(Arc::new).collect()
}

async fn current(db: &DbPool, wallet_id: i64) -> Option<Arc<BalanceEvent>> {
    let mut found = wallets_by_ids(db, &[wallet_id]).await.ok()?;
    found.pop().map(|wallet| Arc::new(BalanceEvent::current(wallet)))
}

async fn wallets_by_ids(db: &DbPool, ids: &[i64]) -> anyhow::Result<Vec<WalletRow>> {
    let mut conn = db.get().await?;
    Ok(wallets::table.filter(wallets::id.eq_any(ids)).select(WalletRow::as_select()).load(&mut conn).await?)
}

/// A wallet's states with versions `from..=to`: its transactions' and its hold changes'
/// (the (wallet_id, wallet_version) unique indexes serve both), unordered.
async fn versions(db: &DbPool, wallet_id: i64, from: i64, to: i64) -> anyhow::Result<Vec<BalanceEvent>> {
    let mut conn = db.get().await?;
    let wallet: WalletRow = wallets::table.find(wallet_id).select(WalletRow::as_select()).first(&mut conn).await?;
    let moved: Vec<TransactionRow> = transactions::table
        .filter(transactions::wallet_id.eq(wallet_id))
        .filter(transactions::wallet_version.between(from, to))
        .select(TransactionRow::as_select())
        .load(&mut conn)
        .await?;
    let changed = changes::versions(&mut conn, wallet_id, from, to).await?;
    let mut found: Vec<BalanceEvent> = moved.into_iter().map(|tx| BalanceEvent::after(&wallet, tx)).collect();
    found.extend(changed.into_iter().map(|change| BalanceEvent::changed(&wallet, change)));
    Ok(found)
}

/// The highest transaction id committed so far (None for an empty journal).
async fn highest(db: &DbPool) -> anyhow::Result<Option<i64>> {
    let mut conn = db.get().await?;
    Ok(transactions::table.select(diesel::dsl::max(transactions::id)).first(&mut conn).await?)
}

/// Up to `limit` transactions with ids above `id`, the newest first (the primary key
/// serves it).
async fn after(db: &DbPool, id: i64, limit: i64) -> anyhow::Result<Vec<TransactionRow>> {
    let mut conn = db.get().await?;
    Ok(transactions::table
        .filter(transactions::id.gt(id))
        .order(transactions::id.desc())
        .limit(limit)
        .select(TransactionRow::as_select())
        .load(&mut conn)
        .await?)
}

#[cfg(test)]
mod tests;
