//! B7's CPU per delivered frame, Kassa's side (`live --inject`): balance events published on
//! Redis as another Kassa instance publishes them, instead of top-ups. The server's CPU per
//! change is then what fanning one event out costs (receiving and decoding it, and for a
//! watched wallet routing, resolving, serialising and writing its frame), not a top-up's
//! 250–350 µs, whose drift from run to run was larger than a frame. The raw server gets its
//! routed frames over its own socket the same way. Each wallet's versions go on from its
//! own, read from PostgreSQL, so no subscriber sees a gap.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use kassa::BalanceEvent;
use kassa::db::models::{TransactionRow, WalletRow};
use rand::Rng;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::fixture::wallet_number;

/// Publishes `rate × duration` events on random wallets of customers `first..first + count`,
/// on schedule; returns the driver's line and each changed customer's last version.
pub async fn drive(
    first: usize,
    count: usize,
    rate: f64,
    duration: Duration,
) -> anyhow::Result<(Value, HashMap<usize, i64>)> {
    let database = std::env::var("DATABASE_URL").context("--inject reads the wallets' versions from DATABASE_URL")?;
    let redis_url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let channel = format!("{}:events", std::env::var("KASSA_REDIS_PREFIX").unwrap_or_else(|_| "kassa".into()));
    let mut wallets = current(&database, first, count).await?;
    let mut redis = redis::Client::open(redis_url)?.get_multiplexed_async_connection().await.context("redis")?;

    let events = (rate * duration.as_secs_f64()).round() as i64;
    let start = Instant::now() + Duration::from_millis(100);
    let mut behind = Duration::ZERO;
    let mut finals = HashMap::<usize, i64>::new();
    for i in 1..=events {
        let due = start + Duration::from_secs_f64((i - 1) as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        behind = behind.max(due.elapsed());
        let customer = first + rand::rng().random_range(0..count);
        let wallet = wallets.get_mut(&customer).context("a wallet per customer")?;
        wallet.version += 1;
        wallet.balance += Decimal::ONE;
        finals.insert(customer, wallet.version);
        let payload = envelope(wallet, i);
        redis::cmd("PUBLISH").arg(&channel).arg(payload).query_async::<()>(&mut redis).await?;
    }
    let line = json!({"events": events, "driver_errors": 0, "driver_max_behind_ms": behind.as_millis() as u64});
    Ok((line, finals))
}

/// The wallets of customers `first..first + count` as they are now (customer i's wallet
/// has id i + 1: the seed makes them so).
async fn current(database: &str, first: usize, count: usize) -> anyhow::Result<HashMap<usize, WalletRow>> {
    let (client, connection) = tokio_postgres::connect(database, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    let (low, high) = (first as i64 + 1, (first + count) as i64);
    let rows = client
        .query(
            "SELECT id, owner_id, balance::text, held::text, version FROM wallets WHERE id BETWEEN $1 AND $2",
            &[&low, &high],
        )
        .await?;
    let mut wallets = HashMap::new();
    for row in rows {
        let id: i64 = row.get(0);
        let customer = (id - 1) as usize;
        let wallet = WalletRow {
            id,
            number: wallet_number(customer),
            owner_id: row.get(1),
            currency: "RUB".into(),
            balance: row.get::<_, String>(2).parse()?,
            version: row.get(4),
            created_at: chrono::Utc::now(),
            held: row.get::<_, String>(3).parse()?,
        };
        wallets.insert(customer, wallet);
    }
    if wallets.len() != count {
        bail!("expected {count} wallets with ids {low}..={high}, found {}", wallets.len());
    }
    Ok(wallets)
}

/// What a Kassa instance publishes for a top-up that left `wallet` as it is.
fn envelope(wallet: &WalletRow, i: i64) -> String {
    let transaction = TransactionRow {
        id: 1_000_000_000_000 + i,
        kind: "TOP_UP".into(),
        amount: Decimal::ONE,
        wallet_id: wallet.id,
        balance_after: wallet.balance,
        wallet_version: wallet.version,
        performed_by: 1,
        payment_system_id: Some(1),
        reference: Some(format!("inject-{i}")),
        comment: None,
        refund_of: None,
        idempotency_key: format!("inject-{i}"),
        request_hash: vec![0; 32],
        created_at: chrono::Utc::now(),
        invoice_id: None,
        held_after: wallet.held,
    };
    let event = BalanceEvent { wallet: wallet.clone(), transaction: Some(transaction), change: None };
    kassa::balance_payload("kassa-bench-inject", &event)
}
