//! The transaction feed against a real PostgreSQL: a subscriber that lags behind its
//! buffer still sees every transaction, in order, once.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use futures::{Stream, StreamExt};
use tokio::sync::broadcast;

use super::transactions as feed;
use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::wallets;
use crate::db::{self, DbPool, SessionTimeouts};
use crate::events::BalanceEvent;
use crate::events::ring::Ring;

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// A migrated database of its own with one wallet, dropped with the value.
struct Journal {
    name: String,
    db: DbPool,
    wallet: WalletRow,
    version: i64,
}

impl Journal {
    async fn new() -> Self {
        let name = format!("kassa_unit_feed_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        db::create_database_if_missing(&url).await.expect("PostgreSQL is running");
        db::migrate(&url).await.unwrap();
        let timeouts = SessionTimeouts { statement: Duration::from_secs(30), lock: Duration::from_secs(5) };
        let db = db::pool(&url, "kassa", 2, timeouts).unwrap();
        let mut conn = db.get().await.unwrap();
        diesel::sql_query(
            "WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ('feed@example.com', 'F', '!') RETURNING id)
             INSERT INTO wallets (number, owner_id, currency) SELECT '000000000001', id, 'RUB' FROM u",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        diesel::sql_query("INSERT INTO payment_system_bindings (provider, name, enabled) VALUES ('OTHER', 'P', true)")
            .execute(&mut conn)
            .await
            .unwrap();
        let wallet = wallets::table.select(WalletRow::as_select()).first(&mut conn).await.unwrap();
        drop(conn);
        Self { name, db, wallet, version: 0 }
    }

    /// Commits `n` top-ups; returns their rows in id order.
    async fn commit(&mut self, n: i64) -> Vec<TransactionRow> {
        let mut conn = self.db.get().await.unwrap();
        let rows: Vec<TransactionRow> = diesel::sql_query(
            "INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version, performed_by,
                                       payment_system_id, idempotency_key, request_hash)
             SELECT 'TOP_UP', 1, $1, v, v, (SELECT min(id) FROM users), (SELECT min(id) FROM payment_system_bindings),
                    'k' || v, '\\x00'
             FROM generate_series($2::bigint + 1, $2::bigint + $3::bigint) AS v ORDER BY v RETURNING *",
        )
        .bind::<BigInt, _>(self.wallet.id)
        .bind::<BigInt, _>(self.version)
        .bind::<BigInt, _>(n)
        .load(&mut conn)
        .await
        .unwrap();
        self.version += n;
        let mut rows = rows;
        rows.sort_by_key(|row| row.id);
        rows
    }

    /// What the hub hands the feed for each committed row.
    fn events(&self, rows: &[TransactionRow]) -> Vec<Arc<BalanceEvent>> {
        rows.iter().map(|row| Arc::new(BalanceEvent::after(&self.wallet, row.clone()))).collect()
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                use diesel_async::AsyncConnection;
                if let Ok(mut conn) = diesel_async::AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await {
                    let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = diesel::sql_query(drop).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

async fn next_ids(feed: &mut (impl Stream<Item = TransactionRow> + Unpin), n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let next = tokio::time::timeout(Duration::from_secs(10), feed.next()).await.expect("the feed answers in time");
        ids.push(next.expect("the feed is open").id);
    }
    ids
}

fn ids(rows: &[TransactionRow]) -> Vec<i64> {
    rows.iter().map(|row| row.id).collect()
}

/// A feed with a buffer of `buffer` events, live: its first event has been received.
async fn live_feed(
    journal: &mut Journal,
    buffer: usize,
) -> (broadcast::Sender<Arc<BalanceEvent>>, impl Stream<Item = TransactionRow> + Unpin + use<>) {
    journal.commit(3).await; // before the subscription: never sent
    let (sender, receiver) = broadcast::channel(buffer);
    let mut feed = Box::pin(feed(journal.db.clone(), receiver));
    let first = journal.commit(1).await;
    for event in journal.events(&first) {
        sender.send(event).unwrap();
    }
    assert_eq!(next_ids(&mut feed, 1).await, ids(&first));
    (sender, feed)
}

#[tokio::test]
async fn a_lagging_feed_subscriber_gets_every_missed_transaction_in_order_once() {
    let mut journal = Journal::new().await;
    let (sender, mut feed) = live_feed(&mut journal, 4).await;

    // 30 commits while the subscriber does not poll: its buffer of 4 overflows.
    let missed = journal.commit(30).await;
    for event in journal.events(&missed) {
        sender.send(event).unwrap();
    }
    assert_eq!(next_ids(&mut feed, 30).await, ids(&missed), "every missed transaction, in id order");

    // The 4 still buffered were resent from the journal: not sent again; the next is live.
    let live = journal.commit(1).await;
    sender.send(journal.events(&live)[0].clone()).unwrap();
    assert_eq!(next_ids(&mut feed, 1).await, ids(&live), "no duplicate before the next live one");
}

#[tokio::test]
async fn a_feed_subscriber_that_lagged_too_far_skips_to_the_newest_and_goes_on() {
    let mut journal = Journal::new().await;
    // The hub's buffer, larger than one resync (1024 against 1000): events older than the
    // newest ones are still buffered when the resync is done and must be skipped too.
    let (sender, mut feed) = live_feed(&mut journal, 1024).await;

    let missed = journal.commit(super::MAX_FEED_RESYNC + 200).await;
    for event in journal.events(&missed) {
        sender.send(event).unwrap();
    }
    let newest = &missed[missed.len() - super::MAX_FEED_RESYNC as usize..];
    assert_eq!(next_ids(&mut feed, newest.len()).await, ids(newest), "the newest ones, in order");

    let live = journal.commit(1).await;
    sender.send(journal.events(&live)[0].clone()).unwrap();
    assert_eq!(next_ids(&mut feed, 1).await, ids(&live), "then live again, nothing older");
}

#[tokio::test]
async fn a_gap_is_filled_from_the_journal_and_the_hold_changes_in_version_order() {
    let mut journal = Journal::new().await;
    journal.commit(1).await; // version 1: a top-up of 1.00
    let mut conn = journal.db.get().await.unwrap();
    diesel::sql_query(
        "WITH h AS (INSERT INTO holds (wallet_id, amount, status, order_reference, created_by, idempotency_key,
                                       request_hash, expires_at)
                    SELECT $1, 0.40, 'HELD', 'O', min(id), 'h', '\\x00', now() + interval '1 hour' FROM users RETURNING id)
         INSERT INTO wallet_changes (wallet_id, wallet_version, hold_id, status, balance_after, held_after)
         SELECT $1, 2, h.id, 'HELD', 1, 0.40 FROM h",
    )
    .bind::<BigInt, _>(journal.wallet.id)
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);
    journal.version = 2;
    let last = journal.commit(1).await; // version 3
    let event = journal.events(&last).pop().unwrap();

    let filled = super::missed(&journal.db, &event, 0).await;
    let versions: Vec<_> = filled.iter().map(|e| (e.wallet.version, e.wallet.held.to_string())).collect();
    assert_eq!(versions, vec![(1, "0.00".to_owned()), (2, "0.40".to_owned())], "both tables, in version order");
    assert!(filled[0].transaction.is_some() && filled[0].change.is_none());
    assert!(filled[1].transaction.is_none() && filled[1].change.as_ref().is_some_and(|c| c.status == "HELD"));
}

#[tokio::test]
async fn a_balance_subscriber_that_lagged_behind_its_wallet_buffer_still_gets_every_version_in_order() {
    let mut journal = Journal::new().await;
    let ring = Ring::new(4);
    let mut balance = Box::pin(super::balance(journal.db.clone(), ring.subscribe(), journal.wallet.id));
    let first = tokio::time::timeout(Duration::from_secs(10), balance.next()).await.unwrap().unwrap();
    assert_eq!(first.wallet.version, 0, "the current state first");

    // A burst of 10 while the subscriber does not poll: 6 fall out of the wallet's buffer.
    let burst = journal.commit(10).await;
    diesel::sql_query("UPDATE wallets SET version = 10, balance = 10 WHERE id = $1")
        .bind::<BigInt, _>(journal.wallet.id)
        .execute(&mut journal.db.get().await.unwrap())
        .await
        .unwrap();
    for event in journal.events(&burst) {
        ring.send(event);
    }
    let mut versions = Vec::new();
    for _ in 0..10 {
        let event = tokio::time::timeout(Duration::from_secs(10), balance.next()).await.unwrap().unwrap();
        versions.push(event.wallet.version);
    }
    assert_eq!(versions, (1..=10).collect::<Vec<_>>(), "every version once, in order");

    // The 4 still in the buffer are older than what was sent: skipped; the next is live.
    let live = journal.commit(1).await;
    ring.send(journal.events(&live)[0].clone());
    let next = tokio::time::timeout(Duration::from_secs(10), balance.next()).await.unwrap().unwrap();
    assert_eq!(next.wallet.version, 11);
}
