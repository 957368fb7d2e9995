//! `kassa-bench chaos`: a seeded, randomised workload across several kassa instances on a
//! PostgreSQL and a Redis of the run's own, while faults are injected (kill -9 and restart
//! an instance, restart Redis, restart PostgreSQL, cut one instance's path to Redis). Then
//! every invariant is checked and printed. The same seed gives the same workload and the
//! same fault plan (timing on a busy machine still varies). tests/api/chaos.rs runs a short
//! one; docs/scaling.md gives the long one.

pub(crate) mod cluster;
mod faults;
mod invariants;
pub(crate) mod procs;
mod proxy;
pub(crate) mod watchers;
mod workload;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use cluster::Cluster;
use watchers::Watcher;

/// Live subscribers per customer, spread over the instances.
const WATCHERS_PER_CUSTOMER: usize = 3;

pub struct Options {
    pub seed: u64,
    /// How long the workload and the faults run.
    pub duration: Duration,
    pub instances: usize,
    pub workers: usize,
    pub customers: usize,
    /// The `kassa` binary to run.
    pub kassa_bin: PathBuf,
}

/// Runs it all, prints each invariant; Ok(true) when every one held.
pub async fn run(options: &Options) -> anyhow::Result<bool> {
    let seed = options.seed;
    println!("chaos: seed {seed} (replay with --seed {seed}), {:?}, {} instances", options.duration, options.instances);
    let mut cluster = Cluster::start(options).await?;
    let (customers, cashier, system) = cluster.set_up(options.customers).await?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watchers: Vec<Watcher> = (0..customers.len() * WATCHERS_PER_CUSTOMER)
        .map(|n| {
            let (token, wallet) = customers[n % customers.len()].clone();
            Watcher::spawn(cluster.urls(), token, wallet, n, stopped.clone())
        })
        .collect();

    let started = Instant::now();
    let until = started + options.duration;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
    let give_up = until + Duration::from_secs(60);
    let ctx = Arc::new(workload::Ctx { urls: cluster.urls(), cashier, system, customers, http, give_up });
    let workers: Vec<_> =
        (0..options.workers as u64).map(|n| tokio::spawn(workload::worker(ctx.clone(), seed, n, until))).collect();
    let plan = faults::plan(seed, options.duration, options.instances);
    let injected = faults::inject(&mut cluster, &plan, started).await;
    cluster.all_ready().await?;
    injected?;
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await?);
    }
    println!("chaos: {} requests answered or given up in {:?}", outcomes.len(), started.elapsed());

    // Quiet now: every subscriber must come to the database's state.
    let quiet = Instant::now();
    let url = cluster.database_url();
    while quiet.elapsed() < Duration::from_secs(30) {
        let verdicts = invariants::check(&url, &[], &watchers).await?;
        if verdicts.iter().all(|verdict| verdict.held) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let verdicts = invariants::check(&url, &outcomes, &watchers).await?;
    stop.send_replace(true);
    let mut held = true;
    for verdict in &verdicts {
        println!("  {} {}: {}", if verdict.held { "PASS" } else { "FAIL" }, verdict.name, verdict.detail);
        held &= verdict.held;
    }
    println!("chaos: seed {seed}: {}", if held { "every invariant held" } else { "INVARIANT VIOLATED" });
    if !held {
        println!("chaos: logs kept in {}", cluster.keep_logs()?.display());
    }
    Ok(held)
}
