//! `kassa-bench cluster-events`: balance events through a Redis Cluster the way Kassa
//! sends them. Publishers SPUBLISH the wire payload (an envelope around a real
//! `BalanceEvent`, built from Kassa's own row types) in batches grouped by shard, one
//! pipeline per shard channel `<prefix>:events:{<shard>}`, as the publisher does; each
//! simulated instance holds one cluster connection subscribed (SSUBSCRIBE) to the shards
//! it watches, a 1/instances share of them (or every shard with `--unsharded`, which is
//! what a single shared channel costs). Prints rates and the share each instance received.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kassa::BalanceEvent;
use kassa::db::models::{TransactionRow, WalletRow};
use redis::cluster::{ClusterClient, ClusterClientBuilder, ClusterConfig};
use redis::{ProtocolVersion, PushKind};
use serde_json::{Value, json};

pub struct Spec {
    pub nodes: Vec<String>,
    pub prefix: String,
    pub shards: u16,
    pub instances: usize,
    pub publishers: usize,
    pub events: u64,
    pub wallets: i64,
    pub unsharded: bool,
}

const BATCH: usize = 256;

pub async fn run(spec: Spec) -> anyhow::Result<Value> {
    let client = ClusterClientBuilder::new(spec.nodes.iter().map(String::as_str))
        .use_protocol(ProtocolVersion::RESP3)
        .build()?;
    let channel = |shard: u16| format!("{}:events:{{{shard}}}", spec.prefix);
    let payload = payload();

    let mut counters = Vec::new();
    let mut expected = vec![0u64; spec.instances];
    let mut owners = Vec::new(); // per instance: the shards it watches
    let mut _connections = Vec::new();
    for instance in 0..spec.instances {
        let watched: Vec<u16> =
            (0..spec.shards).filter(|s| spec.unsharded || usize::from(*s) % spec.instances == instance).collect();
        let (sender, mut pushes) = tokio::sync::mpsc::unbounded_channel();
        let mut conn = client.get_async_connection_with_config(ClusterConfig::new().set_push_sender(sender)).await?;
        for shard in &watched {
            conn.ssubscribe(channel(*shard)).await?;
        }
        let received = Arc::new(AtomicU64::new(0));
        let count = received.clone();
        tokio::spawn(async move {
            while let Some(push) = pushes.recv().await {
                if push.kind == PushKind::SMessage {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        counters.push(received);
        owners.push(watched);
        _connections.push(conn);
    }

    // The events: random wallets, decided up front so the expected shares are exact.
    let per_publisher = spec.events / spec.publishers as u64;
    let mut plans = Vec::new();
    for _ in 0..spec.publishers {
        let wallets: Vec<i64> = (0..per_publisher).map(|_| 1 + rand::random_range(0..spec.wallets)).collect();
        for wallet in &wallets {
            let shard = wallet.rem_euclid(i64::from(spec.shards)) as u16;
            for (instance, watched) in owners.iter().enumerate() {
                expected[instance] += u64::from(watched.contains(&shard));
            }
        }
        plans.push(wallets);
    }

    let started = Instant::now();
    let mut tasks = Vec::new();
    for wallets in plans {
        let (client, payload, prefix, shards) = (client.clone(), payload.clone(), spec.prefix.clone(), spec.shards);
        tasks.push(tokio::spawn(async move { publish(client, &wallets, &payload, &prefix, shards).await }));
    }
    let mut published = 0;
    for task in tasks {
        published += task.await??;
    }
    let publish_seconds = started.elapsed().as_secs_f64();

    // Waits until every instance has what it should (or nothing came for two seconds).
    let total_expected: u64 = expected.iter().sum();
    let (mut last_total, mut last_change) = (0, Instant::now());
    loop {
        let total: u64 = counters.iter().map(|c| c.load(Ordering::Relaxed)).sum();
        if total >= total_expected || last_change.elapsed() > Duration::from_secs(2) {
            break;
        }
        if total != last_total {
            (last_total, last_change) = (total, Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let received: Vec<u64> = counters.iter().map(|c| c.load(Ordering::Relaxed)).collect();
    let delivered: u64 = received.iter().sum();
    Ok(json!({
        "events": published,
        "payload_bytes": payload.len(),
        "shards": spec.shards,
        "instances": spec.instances,
        "publishers": spec.publishers,
        "unsharded": spec.unsharded,
        "published_per_s": (published as f64 / publish_seconds).round(),
        "delivered_per_s": (delivered as f64 / seconds).round(),
        "received": received,
        "expected": expected,
        "share": received.iter().map(|r| (*r as f64 / published as f64 * 1000.0).round() / 1000.0).collect::<Vec<_>>(),
    }))
}

/// SPUBLISHes one event per wallet, in batches of BATCH grouped by shard.
async fn publish(
    client: ClusterClient,
    wallets: &[i64],
    payload: &str,
    prefix: &str,
    shards: u16,
) -> anyhow::Result<u64> {
    let conn = client.get_async_connection().await?;
    let mut sent = 0;
    for batch in wallets.chunks(BATCH) {
        let mut by_shard: BTreeMap<u16, redis::Pipeline> = BTreeMap::new();
        for wallet in batch {
            let shard = wallet.rem_euclid(i64::from(shards)) as u16;
            let pipe = by_shard.entry(shard).or_insert_with(redis::pipe);
            pipe.cmd("SPUBLISH").arg(format!("{prefix}:events:{{{shard}}}")).arg(payload).ignore();
        }
        let answers = futures::future::join_all(by_shard.values().map(|pipe| {
            let mut conn = conn.clone();
            async move { pipe.query_async::<()>(&mut conn).await }
        }))
        .await;
        for answer in answers {
            answer?;
        }
        sent += batch.len() as u64;
    }
    Ok(sent)
}

/// What Kassa's publisher sends for one top-up: `{"from":…,"type":"balance","event":…}`.
fn payload() -> String {
    let now = chrono::Utc::now();
    let wallet = WalletRow {
        id: 123_456,
        number: "4000123456789012".into(),
        owner_id: 123_456,
        currency: "RUB".into(),
        balance: "1250.00".parse().unwrap(),
        version: 42,
        created_at: now,
        held: "0.00".parse().unwrap(),
    };
    let transaction = TransactionRow {
        id: 9_876_543,
        kind: "TOP_UP".into(),
        amount: "100.00".parse().unwrap(),
        wallet_id: wallet.id,
        balance_after: wallet.balance,
        wallet_version: wallet.version,
        performed_by: 7,
        payment_system_id: Some(3),
        reference: Some("R-000123".into()),
        comment: None,
        refund_of: None,
        idempotency_key: "3f2a9c1e-5b7d-4e0f-9a61-2c8d4b7e1f03".into(),
        request_hash: vec![0xab; 32],
        created_at: now,
        invoice_id: None,
        held_after: "0.00".parse().unwrap(),
    };
    kassa::balance_payload("0123456789abcdef", &BalanceEvent { wallet, transaction: Some(transaction), change: None })
}
