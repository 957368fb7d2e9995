//! `kassa-bench reconnect`: how long 1,000 live subscribers behind HAProxy take to have the
//! current state again after the instance holding a third of them is killed with SIGKILL.
//! The chaos run's engines (its own PostgreSQL, Redis and instances) and its subscribers,
//! behind a haproxy configured by `scripts/balancer.sh config` from deploy/haproxy.cfg with
//! its production check timing. Run from the repository's root.

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::chaos::cluster::Cluster;
use crate::chaos::procs::{self, free_port};
use crate::chaos::watchers::{Last, Watcher};

pub async fn run(options: &crate::chaos::Options, subscribers: usize) -> anyhow::Result<Value> {
    let cluster = Cluster::start(options).await?;
    let (customers, _, _) = cluster.set_up(options.customers).await?;
    let mut seed = options.seed;
    let front = free_port(&mut seed);
    let config = std::process::Command::new("bash")
        .args(["scripts/balancer.sh", "config", &front.to_string()])
        .args(cluster.ports().iter().map(u16::to_string))
        .output()
        .context("scripts/balancer.sh config (run from the repository's root)")?;
    if !config.status.success() {
        bail!("balancer.sh config: {}", String::from_utf8_lossy(&config.stderr));
    }
    let file = cluster.scratch().join("haproxy.cfg");
    std::fs::write(&file, &config.stdout)?;
    let _haproxy = procs::haproxy(&file)?;
    let url = format!("http://127.0.0.1:{front}");
    let http = reqwest::Client::new();
    procs::wait_ready(&http, &format!("{url}/readyz"), Duration::from_secs(10)).await?;

    let (_stop, stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let watchers: Vec<Watcher> = (0..subscribers)
        .map(|n| {
            let (token, wallet) = customers[n % customers.len()].clone();
            Watcher::spawn(vec![url.clone()], token, wallet, 0, stopped.clone())
        })
        .collect();
    settle(&watchers, Duration::from_secs(120)).await?;
    let connected = started.elapsed();
    let before: Vec<Last> = watchers.iter().map(Watcher::last).collect();

    let mut cluster = cluster;
    let killed = Instant::now();
    cluster.kill(0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    settle(&watchers, Duration::from_secs(60)).await?;
    let mut times: Vec<Duration> = watchers
        .iter()
        .zip(&before)
        .filter_map(|(watcher, before)| {
            let now = watcher.last();
            (now.ends > before.ends).then(|| now.state_at.map_or(Duration::MAX, |at| at - killed))
        })
        .collect();
    times.sort();
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| (d.as_secs_f64() * 10_000.0).round() / 10.0);
    let at = |q: f64| times.get(((times.len() as f64 * q).ceil() as usize).saturating_sub(1));
    Ok(json!({
        "bench": "reconnect",
        "subscribers": subscribers,
        "connected_s": (connected.as_secs_f64() * 100.0).round() / 100.0,
        "cut": times.len(),
        "state_again_ms": { "p50": ms(at(0.5)), "p99": ms(at(0.99)), "max": ms(times.last()) },
    }))
}

/// Waits until every watcher has shown the state on its current socket, and nothing
/// changed for 300 ms.
async fn settle(watchers: &[Watcher], within: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + within;
    let mut quiet_since: Option<Instant> = None;
    let mut last_count = 0;
    loop {
        let lasts: Vec<Last> = watchers.iter().map(Watcher::last).collect();
        let open = lasts.iter().filter(|last| last.open).count();
        let count: u32 = lasts.iter().map(|last| last.connections).sum();
        if open == watchers.len() && count == last_count {
            if quiet_since.get_or_insert_with(Instant::now).elapsed() > Duration::from_millis(300) {
                return Ok(());
            }
        } else {
            quiet_since = None;
        }
        last_count = count;
        if Instant::now() > deadline {
            bail!("{open} of {} subscribers have the state after {within:?}", watchers.len());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
