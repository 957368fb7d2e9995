//! kassa-bench: the load tool behind docs/benchmarks.md. Each benchmark subcommand prints
//! one JSON line of results; `scripts/bench.sh` runs them next to their baselines.

mod chaos;
mod cluster;
mod cpu;
mod dialect;
mod fixture;
mod hist;
mod http;
mod inject;
mod live;
mod load;
mod raw;
mod reconnect;
mod shards;
mod storm;
mod subscribers;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};

use dialect::Dialect;
use live::{LiveSpec, Touch};
use load::{Op, Spec};
use subscribers::Watch;

#[derive(Parser, Debug)]
#[command(about = "Kassa's benchmark load tool; every loop stops by itself")]
struct Cli {
    /// Tokio worker threads of this process.
    #[arg(long, global = true, default_value_t = 1)]
    threads: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct Target {
    /// The measured server's address (HTTP and WebSocket): Kassa's, or a peer's with --dialect.
    #[arg(long, default_value = "127.0.0.1:18200")]
    kassa: SocketAddr,
    /// Whose documents to send: Kassa's or a peer's in bench/peers (topups, reads, live, idle).
    #[arg(long, value_enum, default_value_t = Dialect::Kassa)]
    dialect: Dialect,
}

impl Target {
    /// The payment system to name in top-ups: Kassa's first enabled one; the peers use their own.
    async fn payment_system(&self) -> anyhow::Result<String> {
        if self.dialect.needs_payment_system() { load::payment_system(self.kassa).await } else { Ok(String::new()) }
    }
}

#[derive(Args, Debug, Clone)]
struct Closed {
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Measured seconds.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Unmeasured seconds before them.
    #[arg(long, default_value_t = 1)]
    warmup: u64,
    /// Upper bound on requests, whatever the duration.
    #[arg(long, default_value_t = 5_000_000)]
    max_ops: u64,
}

/// The customers a closed-loop benchmark picks from at random: from..=to.
#[derive(Args, Debug, Clone, Copy)]
struct Customers {
    #[arg(long, default_value_t = 1)]
    from: usize,
    #[arg(long, default_value_t = 1000)]
    to: usize,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Prints the seed SQL (pipe it into psql).
    SeedSql {
        #[arg(long, default_value_t = 10_000)]
        customers: usize,
        #[arg(long, default_value = "admin@bench.local")]
        admin_email: String,
        #[arg(long, default_value = "RUB")]
        currency: String,
        /// Past top-ups of 1.00 per customer, so tables have the size of a portal in use.
        #[arg(long, default_value_t = 20)]
        history: usize,
    },
    /// Tops up customer `customer`'s wallet `times` times by the largest amount (for B2).
    Fund {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        customer: usize,
        #[arg(long, default_value = "1000000.00")]
        amount: String,
        #[arg(long, default_value_t = 1)]
        times: usize,
    },
    /// B1 (and B7 with --subscribers): topUpWallet on random wallets of customers from..=to.
    Topups {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        closed: Closed,
        #[command(flatten)]
        customers: Customers,
        /// B7: one live subscriber on each touched wallet (customers from..from+N-1).
        #[arg(long, default_value_t = 0)]
        subscribers: usize,
        #[arg(long, default_value_t = 1)]
        shards: usize,
        /// Kassa's process id: its CPU per top-up goes into the result line.
        #[arg(long)]
        pid: Option<u32>,
    },
    /// B2: payFromWallet from ONE wallet, every client its owner.
    HotWallet {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        closed: Closed,
        #[arg(long)]
        customer: usize,
    },
    /// B3: myWallet { balance } and one history page (first: 20) as random customers.
    Reads {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        closed: Closed,
        #[command(flatten)]
        customers: Customers,
        /// The server's process id: its CPU per read goes into the result line.
        #[arg(long)]
        pid: Option<u32>,
    },
    /// B4 (--same-customer) and B5 (--first-customer): subscribers plus a rate-limited driver.
    Live {
        #[command(flatten)]
        target: Target,
        /// Measure the raw tokio-tungstenite server at this address instead of Kassa.
        #[arg(long)]
        raw: Option<SocketAddr>,
        #[arg(long, default_value_t = 1000)]
        subscribers: usize,
        #[arg(long, default_value_t = 1)]
        shards: usize,
        /// Every subscriber watches this customer's wallet (B4).
        #[arg(long, conflicts_with = "first_customer")]
        same_customer: Option<usize>,
        /// Subscriber j watches customer first+j's wallet (B5).
        #[arg(long)]
        first_customer: Option<usize>,
        /// With --first-customer: change the next `subscribers` customers' wallets, which
        /// nobody watches, so that the server's CPU per change without a frame can be
        /// subtracted from the watched run's (B7's CPU per frame).
        #[arg(long, requires = "first_customer")]
        unwatched: bool,
        /// With --first-customer, against Kassa: publish the changes on Redis as another
        /// instance would, instead of making top-ups (B7's CPU per frame; see src/inject.rs).
        #[arg(long, requires = "first_customer", conflicts_with = "raw")]
        inject: bool,
        /// Top-ups per second.
        #[arg(long, default_value_t = 20.0)]
        rate: f64,
        #[arg(long, default_value_t = 10)]
        duration: u64,
        /// Milliseconds subscribers get to receive the last frames.
        #[arg(long, default_value_t = 3000)]
        grace_ms: u64,
        /// The measured server's process id (Kassa's or the raw server's): its CPU per frame
        /// goes into the result line.
        #[arg(long)]
        pid: Option<u32>,
    },
    /// B6: idle subscriptions and the server's resident memory.
    Idle {
        #[command(flatten)]
        target: Target,
        /// Kassa's process id (its /proc/<pid>/status is read).
        #[arg(long)]
        pid: u32,
        #[arg(long, default_value_t = 10_000)]
        subscribers: usize,
        #[arg(long, default_value_t = 4)]
        shards: usize,
        #[arg(long, default_value_t = 1)]
        first_customer: usize,
        /// Seconds to keep them open while sampling memory (300 for the full soak).
        #[arg(long, default_value_t = 30)]
        soak: u64,
        #[arg(long, default_value_t = 10)]
        sample_every: u64,
    },
    /// The raw baseline server for B4.
    RawWsServer {
        #[arg(long, default_value = "127.0.0.1:18201")]
        listen: SocketAddr,
        /// Stops by itself after this many seconds.
        #[arg(long, default_value_t = 3600)]
        lifetime: u64,
    },
    /// Balance events through a Redis Cluster's sharded pub/sub (docs/scaling.md): publishers
    /// SPUBLISH the wire payload as Kassa does, simulated instances each watch a share of the
    /// shards; prints the rates and each instance's share of the events.
    ClusterEvents {
        /// The cluster's nodes, comma-separated (REDIS_URL's cluster form, plain URLs).
        #[arg(long)]
        redis: String,
        #[arg(long, default_value = "bench")]
        prefix: String,
        /// KASSA_EVENT_SHARDS.
        #[arg(long, default_value_t = 64)]
        shards: u16,
        #[arg(long, default_value_t = 3)]
        instances: usize,
        #[arg(long, default_value_t = 4)]
        publishers: usize,
        #[arg(long, default_value_t = 200_000)]
        events: u64,
        /// Events go to wallets 1..=wallets at random.
        #[arg(long, default_value_t = 100_000)]
        wallets: i64,
        /// Every instance subscribes to every shard (what one shared channel costs).
        #[arg(long)]
        unsharded: bool,
    },
    /// A seeded chaos run: its own PostgreSQL, Redis and instances, a random workload, faults;
    /// prints every invariant and exits non-zero when one is broken (docs/scaling.md).
    Chaos {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seconds of workload and faults.
        #[arg(long, default_value_t = 60)]
        duration: u64,
        #[arg(long, default_value_t = 3)]
        instances: usize,
        #[arg(long, default_value_t = 8)]
        workers: usize,
        #[arg(long, default_value_t = 12)]
        customers: usize,
        /// The kassa binary (default: the one next to kassa-bench, target/release/kassa).
        #[arg(long)]
        kassa_bin: Option<std::path::PathBuf>,
    },
    /// 1,000 subscribers behind HAProxy, one of three instances killed: how long until the
    /// cut ones have the current state again (docs/scaling.md). Run from the repo's root.
    Reconnect {
        #[arg(long, default_value_t = 1000)]
        subscribers: usize,
        #[arg(long, default_value_t = 25)]
        customers: usize,
        #[arg(long)]
        kassa_bin: Option<std::path::PathBuf>,
    },
    /// B8: a connection storm. Starts the server from the command line after `--`, has
    /// `clients` subscribers connect at once, restarts the server (SIGTERM, start again) and
    /// has them all reconnect at once; prints how long until every one had its first frame.
    Storm {
        #[arg(long, value_enum)]
        target: storm::Target,
        /// The server's address (the one its command line listens on).
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long, default_value_t = 10_000)]
        clients: usize,
        #[arg(long, default_value_t = 2)]
        shards: usize,
        #[arg(long, default_value_t = 1)]
        first_customer: usize,
        #[arg(last = true, required = true)]
        server: Vec<String>,
    },
    /// Internal: one shard of the storm's subscribers (see src/storm.rs for the protocol).
    StormShard {
        #[arg(long)]
        url: String,
        #[arg(long)]
        count: usize,
        /// i/n
        #[arg(long)]
        shard: String,
        #[arg(long, default_value_t = 1)]
        first_customer: usize,
    },
    /// Internal: one shard of subscribers (see src/subscribers.rs for the protocol).
    Subscribers {
        #[arg(long)]
        url: String,
        #[arg(long)]
        count: usize,
        /// i/n
        #[arg(long, default_value = "0/1")]
        shard: String,
        #[arg(long)]
        same_customer: Option<usize>,
        #[arg(long, default_value_t = 1)]
        first_customer: usize,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(cli.threads.max(1)).enable_all().build()?;
    runtime.block_on(run(cli.command))
}

/// The kassa binary given, else the one next to kassa-bench (target/release/kassa).
fn kassa_bin_or_sibling(given: Option<std::path::PathBuf>) -> anyhow::Result<std::path::PathBuf> {
    match given {
        Some(path) => Ok(path),
        None => Ok(std::env::current_exe()?.with_file_name("kassa")),
    }
}

fn spec(target: &Target, closed: &Closed) -> Spec {
    Spec {
        addr: target.kassa,
        clients: closed.clients,
        duration: Duration::from_secs(closed.duration),
        warmup: Duration::from_secs(closed.warmup),
        max_ops: closed.max_ops,
        dialect: target.dialect,
    }
}

fn print(bench: &str, target: &str, mut line: Value) {
    load::merge_into(&mut line, json!({"bench": bench, "target": target}));
    println!("{line}");
}

/// A closed-loop run with the watched processes' CPU per operation in its line.
async fn metered(spec: &Spec, watched: cpu::Watched, op: Op) -> anyhow::Result<Value> {
    let meter = tokio::spawn(cpu::measure(watched, Instant::now() + spec.warmup, spec.duration));
    let mut line = load::run(spec, op).await;
    line["cpu_us_per_op"] = (meter.await?)(line["ops"].as_u64().unwrap_or(0));
    Ok(line)
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::ClusterEvents { redis, prefix, shards, instances, publishers, events, wallets, unsharded } => {
            let nodes = redis.split(',').map(|node| node.trim().to_owned()).collect();
            let spec = cluster::Spec {
                nodes,
                prefix,
                shards: shards.max(1),
                instances: instances.max(1),
                publishers: publishers.max(1),
                events,
                wallets: wallets.max(1),
                unsharded,
            };
            print("cluster_events", "redis-cluster", cluster::run(spec).await?);
        }
        Command::SeedSql { customers, admin_email, currency, history } => {
            print!("{}", fixture::seed_sql(customers, &admin_email, &currency, history));
        }
        Command::Fund { target, customer, amount, times } => {
            anyhow::ensure!(target.dialect == Dialect::Kassa, "fund speaks to Kassa only");
            let payment_system = load::payment_system(target.kassa).await?;
            let mut conn = http::HttpConn::new(target.kassa);
            let run_id: u64 = rand::random();
            for n in 0..times.min(1000) {
                let input = json!({"walletNumber": fixture::wallet_number(customer), "amount": amount,
                    "paymentSystemId": payment_system, "receipt": format!("fund-{n}"),
                    "idempotencyKey": format!("fund-{run_id:x}-{n}")});
                let body = json!({"query": "mutation($i:TopUpWalletInput!){topUpWallet(input:$i){wallet{balance}}}",
                    "variables": {"i": input}});
                http::query(&mut conn, Some(fixture::CASHIER_TOKEN), &body).await?;
            }
        }
        Command::Topups { target, closed, customers: Customers { from, to }, subscribers, shards, pid } => {
            let payment_system = target.payment_system().await?;
            let live = if subscribers > 0 {
                let url = target.dialect.ws_url(target.kassa);
                Some(shards::start(&url, subscribers, shards.max(1), Watch::Each { first: from }).await?)
            } else {
                None
            };
            let ready = live.as_ref().map_or(0, |live| live.ready);
            let spec = spec(&target, &closed);
            let watched =
                cpu::Watched { kassa: pid, subscribers: live.as_ref().map(|live| live.pids()).unwrap_or_default() };
            let mut line = metered(&spec, watched, Op::TopUp { from, to, payment_system }).await?;
            line["subscribers"] = json!(ready);
            if let Some(live) = live {
                let (subs, hist) = live.finish(&HashMap::new(), Duration::ZERO).await?;
                line["frames"] = subs["frames"].clone();
                line["ws_errors"] = subs["ws_errors"].clone();
                line["commit_to_frame"] = hist.summary();
            }
            print(if subscribers > 0 { "B7" } else { "B1" }, target.dialect.name(), line);
        }
        Command::HotWallet { target, closed, customer } => {
            anyhow::ensure!(target.dialect == Dialect::Kassa, "hot-wallet speaks to Kassa only");
            print("B2", "kassa", load::run(&spec(&target, &closed), Op::Pay { customer }).await);
        }
        Command::Reads { target, closed, customers: Customers { from, to }, pid } => {
            let watched = cpu::Watched { kassa: pid, subscribers: Vec::new() };
            print("B3", target.dialect.name(), metered(&spec(&target, &closed), watched, Op::Read { from, to }).await?);
        }
        Command::Live {
            target,
            raw,
            subscribers,
            shards,
            same_customer,
            first_customer,
            unwatched,
            inject,
            rate,
            duration,
            grace_ms,
            pid,
        } => {
            let (watch_as, touch, bench) = match (same_customer, first_customer) {
                (Some(customer), _) => (Watch::Same(customer), Touch::One(customer), "B4"),
                (None, Some(first)) if unwatched => (
                    Watch::Each { first },
                    Touch::Range { first: first + subscribers, count: subscribers },
                    "B7-frames-off",
                ),
                (None, Some(first)) => (Watch::Each { first }, Touch::Range { first, count: subscribers }, "B5"),
                (None, None) => anyhow::bail!("pass --same-customer (B4) or --first-customer (B5)"),
            };
            let spec = LiveSpec {
                subscribers,
                shards: shards.max(1),
                watch_as,
                touch,
                rate: rate.clamp(0.1, 100_000.0),
                duration: Duration::from_secs(duration),
                grace: Duration::from_millis(grace_ms),
                dialect: target.dialect,
                inject,
            };
            let payment_system = match raw {
                Some(_) => String::new(),
                None => target.payment_system().await?,
            };
            let line = live::run(&spec, target.kassa, raw, &payment_system, pid).await?;
            print(bench, if raw.is_some() { "raw" } else { target.dialect.name() }, line);
        }
        Command::Idle { target, pid, subscribers, shards, first_customer, soak, sample_every } => {
            let line = live::idle(
                target.dialect,
                target.kassa,
                pid,
                subscribers,
                shards.max(1),
                first_customer,
                Duration::from_secs(soak),
                Duration::from_secs(sample_every.max(1)),
            )
            .await?;
            print("B6", target.dialect.name(), line);
        }
        Command::Reconnect { subscribers, customers, kassa_bin } => {
            let kassa_bin = kassa_bin_or_sibling(kassa_bin)?;
            let options =
                chaos::Options { seed: 1, duration: Duration::ZERO, instances: 3, workers: 0, customers, kassa_bin };
            println!("{}", reconnect::run(&options, subscribers).await?);
        }
        Command::Chaos { seed, duration, instances, workers, customers, kassa_bin } => {
            let kassa_bin = kassa_bin_or_sibling(kassa_bin)?;
            let duration = Duration::from_secs(duration);
            let options = chaos::Options { seed, duration, instances: instances.max(2), workers, customers, kassa_bin };
            if !chaos::run(&options).await? {
                anyhow::bail!("chaos: an invariant was broken with seed {seed}");
            }
        }
        Command::RawWsServer { listen, lifetime } => raw::serve(listen, Duration::from_secs(lifetime)).await?,
        Command::Storm { target, addr, clients, shards, first_customer, server } => {
            let spec = storm::Spec { target, addr, clients, shards: shards.max(1), first_customer, server };
            let name = if target == storm::Target::Raw { "raw" } else { "kassa" };
            print("B8", name, storm::run(&spec).await?);
        }
        Command::StormShard { url, count, shard, first_customer } => {
            storm::run_shard(url, count, &shard, first_customer).await?
        }
        Command::Subscribers { url, count, shard, same_customer, first_customer } => {
            let (shard, shards) = shard
                .split_once('/')
                .and_then(|(i, n)| Some((i.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
                .filter(|(i, n)| i < n)
                .ok_or_else(|| anyhow::anyhow!("--shard takes i/n with i < n"))?;
            let watch_as = match same_customer {
                Some(customer) => Watch::Same(customer),
                None => Watch::Each { first: first_customer },
            };
            subscribers::run_shard(url, count, shard, shards, watch_as).await?;
        }
    }
    Ok(())
}
