//! B4 and B5 (live balances under load) and B6 (idle subscriptions): subscribers in shard
//! processes, a rate-limited driver here, and the commit-to-frame latency measured as
//! frame arrival minus the transaction's `createdAt`.
//!
//! `createdAt` is PostgreSQL's `now()`, the start of the single-statement transaction, so
//! the latency includes the statement itself and its commit: an upper bound on
//! commit-to-frame. The raw baseline stamps `createdAt` right before its driver sends the
//! frame, so both sides are measured from "the change is being made" to "a client has it".

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::SinkExt;
use rand::Rng;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::cpu;
use crate::dialect::{Dialect, TopUp};
use crate::fixture::{CASHIER_TOKEN, wallet_number};
use crate::hist::Hist;
use crate::http::HttpConn;
use crate::load::merge_into;
use crate::shards;
use crate::subscribers::Watch;

/// Which customers the driver changes: always one, or a random one of a range.
#[derive(Clone, Copy, Debug)]
pub enum Touch {
    One(usize),
    Range { first: usize, count: usize },
}

pub struct LiveSpec {
    pub subscribers: usize,
    pub shards: usize,
    pub watch_as: Watch,
    pub touch: Touch,
    pub rate: f64,
    pub duration: Duration,
    pub grace: Duration,
    /// Whose documents the driver sends and where the subscribers connect.
    pub dialect: Dialect,
    /// Changes published on Redis instead of top-ups (Kassa only, see `inject`).
    pub inject: bool,
}

/// Runs subscribers against Kassa (`raw` None) or the raw server, drives changes, merges.
/// With the server's `pid`, the line also tells the CPU each delivered frame cost the server
/// and the subscriber processes while the driver ran (for the server, the driver's own
/// changes included: one per 1,000 frames in B4).
pub async fn run(
    spec: &LiveSpec,
    kassa: SocketAddr,
    raw: Option<SocketAddr>,
    payment_system: &str,
    pid: Option<u32>,
) -> anyhow::Result<Value> {
    let url = match raw {
        Some(raw) => format!("ws://{raw}/"),
        None => spec.dialect.ws_url(kassa),
    };
    let started = Instant::now();
    let shards = shards::start(&url, spec.subscribers, spec.shards, spec.watch_as).await?;
    let setup_s = started.elapsed().as_secs_f64();
    let (ready, failed) = (shards.ready, shards.failed);
    let shard_pids = shards.pids();
    let cpu_ticks =
        || (pid.map_or(0, cpu::process_ticks), shard_pids.iter().copied().map(cpu::process_ticks).sum::<u64>());
    let before = cpu_ticks();
    let (mut line, finals) = match raw {
        Some(raw) => drive_raw(raw, spec).await?,
        None if spec.inject => {
            let Touch::Range { first, count } = spec.touch else { anyhow::bail!("--inject needs --first-customer") };
            crate::inject::drive(first, count, spec.rate, spec.duration).await?
        }
        None => drive_kassa(kassa, spec, payment_system).await?,
    };
    let after = cpu_ticks();
    let (subs, hist) = shards.finish(&finals, spec.grace).await?;
    line["subscribers_ready"] = json!(ready);
    line["subscribers_failed"] = json!(failed);
    line["setup_s"] = json!((setup_s * 10.0).round() / 10.0);
    let frames = subs["delivered_frames"].as_u64().unwrap_or(0);
    merge_into(&mut line, subs);
    line["commit_to_frame"] = hist.summary();
    if pid.is_some() {
        // Per change the driver made, whether or not anyone watched it (see `unwatched`).
        let events = line["events"].as_u64().unwrap_or(0);
        line["cpu_us_per_event"] = json!({ "server": cpu::per_op(before.0, after.0, events) });
        line["cpu_us_per_frame"] = json!({
            "server": cpu::per_op(before.0, after.0, frames),
            "subscribers": cpu::per_op(before.1, after.1, frames),
        });
    }
    Ok(line)
}

/// The top-up driver: event i is due at start + i / rate; up to 64 requests in flight.
async fn drive_kassa(
    addr: SocketAddr,
    spec: &LiveSpec,
    payment_system: &str,
) -> anyhow::Result<(Value, HashMap<usize, i64>)> {
    let events = (spec.rate * spec.duration.as_secs_f64()).round() as u64;
    let workers = 64.min(events.max(1)) as usize;
    let finals = Arc::new(Mutex::new(HashMap::<usize, i64>::new()));
    let start = Instant::now() + Duration::from_millis(100);
    let run_id: u64 = rand::random();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let (finals, payment_system, touch, rate, dialect) =
            (finals.clone(), payment_system.to_owned(), spec.touch, spec.rate, spec.dialect);
        tasks.push(tokio::spawn(async move {
            let mut conn = HttpConn::new(addr);
            let (mut hist, mut errors, mut behind, mut first_error) = (Hist::default(), 0u64, Duration::ZERO, None);
            let mut i = w as u64;
            while i < events {
                let due = start + Duration::from_secs_f64(i as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
                behind = behind.max(due.elapsed());
                let customer = match touch {
                    Touch::One(customer) => customer,
                    Touch::Range { first, count } => first + rand::rng().random_range(0..count),
                };
                let (number, receipt, key) =
                    (wallet_number(customer), format!("live-{i}"), format!("live-{run_id:x}-{i}"));
                let top_up = TopUp {
                    wallet_number: &number,
                    amount: "1.00",
                    payment_system: &payment_system,
                    receipt: &receipt,
                    key: &key,
                };
                let body = dialect.live_top_up(&top_up);
                let sent = Instant::now();
                match conn.post(Some(CASHIER_TOKEN), &body).await.map(serde_json::from_slice::<Value>) {
                    Ok(Ok(response)) => match dialect.top_up_version(&response) {
                        Some(version) => {
                            hist.record(sent.elapsed().as_micros() as u64);
                            let mut finals = finals.lock().expect("finals");
                            let last = finals.entry(customer).or_insert(version);
                            *last = (*last).max(version);
                        }
                        None => {
                            errors += 1;
                            first_error.get_or_insert(response.to_string());
                        }
                    },
                    Ok(Err(error)) => {
                        errors += 1;
                        first_error.get_or_insert(error.to_string());
                    }
                    Err(error) => {
                        errors += 1;
                        first_error.get_or_insert(error.to_string());
                    }
                }
                i += workers as u64;
            }
            (hist, errors, behind, first_error)
        }));
    }
    let mut hist = Hist::default();
    let (mut errors, mut behind, mut first_error) = (0, Duration::ZERO, None);
    for task in tasks {
        let (h, e, b, f) = task.await?;
        hist.merge(&h);
        errors += e;
        behind = behind.max(b);
        first_error = first_error.or(f);
    }
    let elapsed = start.elapsed().as_secs_f64();
    let line = json!({
        "events": hist.count(), "driver_errors": errors, "driver_first_error": first_error,
        "events_per_s": (hist.count() as f64 / elapsed).round(),
        "driver_max_behind_ms": behind.as_millis() as u64, "mutation_latency": hist.summary(),
    });
    let finals = finals.lock().expect("finals").clone();
    Ok((line, finals))
}

/// The raw driver: the same schedule, frames of the same shape and size as Kassa's. With
/// one wallet (B4) every frame goes to every subscriber; with a range, each frame goes to
/// the one subscriber of a random customer of it, as a top-up does in Kassa.
async fn drive_raw(raw: SocketAddr, spec: &LiveSpec) -> anyhow::Result<(Value, HashMap<usize, i64>)> {
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(
        format!("ws://{raw}/"),
        Some(crate::subscribers::client_config()),
        true,
    )
    .await
    .context("raw server")?;
    let events = (spec.rate * spec.duration.as_secs_f64()).round() as i64;
    let start = Instant::now() + Duration::from_millis(100);
    let mut behind = Duration::ZERO;
    let mut versions = HashMap::<usize, i64>::new();
    for i in 1..=events {
        let due = start + Duration::from_secs_f64((i - 1) as f64 / spec.rate);
        tokio::time::sleep_until(due.into()).await;
        behind = behind.max(due.elapsed());
        let (customer, routed) = match spec.touch {
            Touch::One(customer) => (customer, String::new()),
            Touch::Range { first, count } => {
                let customer = first + rand::rng().random_range(0..count);
                (customer, format!(r#""to":{customer},"#))
            }
        };
        let version = versions.entry(customer).or_default();
        *version += 1;
        let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        let frame = format!(
            r#"{{"type":"next",{routed}"id":"1","payload":{{"data":{{"myBalance":{{"version":{version},"balance":"{}.00","transaction":{{"id":"{}","createdAt":"{created_at}"}}}}}}}}}}"#,
            1_000_000 + *version,
            100_000 + i
        );
        ws.send(Message::text(frame)).await?;
    }
    let _ = ws.close(None).await;
    let line = json!({"events": events, "driver_errors": 0, "driver_max_behind_ms": behind.as_millis() as u64});
    Ok((line, versions))
}

/// Resident memory of a process, in KiB, from /proc/<pid>/status.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .context("no VmRSS line")
}

/// B6: `count` idle subscriptions; memory before, after, and sampled over `soak`.
#[allow(clippy::too_many_arguments)]
pub async fn idle(
    dialect: Dialect,
    kassa: SocketAddr,
    pid: u32,
    count: usize,
    shards: usize,
    first: usize,
    soak: Duration,
    every: Duration,
) -> anyhow::Result<Value> {
    let before = rss_kib(pid)?;
    let url = dialect.ws_url(kassa);
    let started = Instant::now();
    let shards = shards::start(&url, count, shards, Watch::Each { first }).await?;
    let setup_s = started.elapsed().as_secs_f64();
    let ready = shards.ready;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = rss_kib(pid)?;
    let soak_start = Instant::now();
    let mut samples = vec![(0u64, after)];
    while soak_start.elapsed() < soak {
        tokio::time::sleep(every.min(soak.saturating_sub(soak_start.elapsed()))).await;
        samples.push((soak_start.elapsed().as_secs(), rss_kib(pid)?));
    }
    let (subs, _) = shards.finish(&HashMap::new(), Duration::ZERO).await?;
    let rss: Vec<u64> = samples.iter().map(|(_, kib)| *kib).collect();
    let (min, max, last) =
        (*rss.iter().min().unwrap_or(&0), *rss.iter().max().unwrap_or(&0), *rss.last().unwrap_or(&0));
    let per_sub = (after.saturating_sub(before)) as f64 / (ready.max(1) as f64);
    let mut line = json!({
        "subscriptions": ready, "failed": (count as u64).saturating_sub(ready),
        "setup_s": (setup_s * 10.0).round() / 10.0,
        "rss_before_kib": before, "rss_after_kib": after, "kib_per_subscription": (per_sub * 10.0).round() / 10.0,
        "soak_s": soak.as_secs(), "rss_min_kib": min, "rss_max_kib": max, "rss_last_kib": last,
        "soak_growth_kib": last as i64 - after as i64,
        "soak_growth_pct": ((last as f64 - after as f64) / after.max(1) as f64 * 1000.0).round() / 10.0,
        "samples": samples,
    });
    merge_into(&mut line, json!({"ws_errors": subs["ws_errors"], "first_ws_error": subs["first_ws_error"]}));
    Ok(line)
}
