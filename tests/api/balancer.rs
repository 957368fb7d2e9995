//! Three kassa processes behind a real HAProxy (deploy/haproxy.cfg, via scripts/balancer.sh
//! config) with 1,000 live subscribers through it. One instance is killed with SIGKILL: its
//! clients reconnect through the balancer, get the current state first and go on with
//! gapless versions, and no acknowledged top-up is lost or applied twice. Then every
//! instance in turn gets SIGTERM and restarts: it drains (503 on /readyz for
//! KASSA_DRAIN_GRACE, sockets closed with 1001) and not one mutation fails.

mod check;
mod drain;
mod haproxy;
mod subscriber;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::faults::{KassaProcess, free_port};
use crate::helpers::{Options, REDIS_URL, TestApp};
use haproxy::Haproxy;
use subscriber::Subscriber;
use writer::{DONE, KILL, ROLLING};

const CUSTOMERS: usize = 25;
/// Subscribers per customer: 25 × 40 = 1,000 sockets.
const PER_CUSTOMER: usize = 40;

/// One instance: its process and its fixed ports (a restart keeps them).
struct Instance {
    process: KassaProcess,
    port: u16,
    metrics: u16,
}

async fn start(port: u16, metrics: u16, database_url: &str, prefix: &str) -> KassaProcess {
    let metrics_at = format!("127.0.0.1:{metrics}");
    let env = [
        ("REDIS_URL", REDIS_URL),
        ("KASSA_REDIS_PREFIX", prefix),
        ("KASSA_METRICS_LISTEN", &metrics_at),
        // 1 s: well above haproxy's 3 checks 100 ms apart that mark a draining one down.
        ("KASSA_DRAIN_GRACE", "1s"),
        // Behind the balancer every socket comes from 127.0.0.1.
        ("KASSA_WS_MAX_PER_ADDRESS", "0"),
        ("KASSA_WS_MAX_PER_USER", "0"),
    ];
    KassaProcess::start_at(Path::new("."), port, database_url, &env).await
}

/// `kassa_websockets_open` of an instance's /metrics.
async fn open_websockets(metrics: u16) -> u64 {
    let text = reqwest::get(format!("http://127.0.0.1:{metrics}/metrics")).await.unwrap().text().await.unwrap();
    let line = text.lines().find(|line| line.starts_with("kassa_websockets_open")).expect("the websocket gauge");
    line.rsplit(' ').next().unwrap().parse::<f64>().unwrap() as u64
}

/// Waits until `count` states have been received in all, or panics after `within`.
async fn states_reach(subscribers: &[Subscriber], count: usize, within: Duration, what: &str) -> Duration {
    let started = Instant::now();
    loop {
        let seen: usize = subscribers.iter().map(Subscriber::states).sum();
        if seen >= count {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "{what}: {seen} of {count} states in {within:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_haproxy_a_killed_and_a_restarted_instance_lose_nothing_and_fail_no_mutation() {
    let options = Options { redis: true, env: vec![("KASSA_SIGNUP_ADDRESS_LIMIT", "0".into())], ..Options::default() };
    let app = TestApp::with(options).await; // the setup's instance, on the same Redis prefix
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let mut customers = Vec::new();
    for _ in 0..CUSTOMERS {
        customers.push(app.customer().await);
    }
    let mut instances = Vec::new();
    for _ in 0..3 {
        let (port, metrics) = (free_port(), free_port());
        let process = start(port, metrics, &app.database_url, &app.redis_prefix).await;
        instances.push(Instance { process, port, metrics });
    }
    let proxy = Haproxy::start(&instances.iter().map(|instance| instance.port).collect::<Vec<_>>()).await;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let subscribers: Vec<Subscriber> = (0..CUSTOMERS * PER_CUSTOMER)
        .map(|n| Subscriber::spawn(proxy.ws_url(), customers[n % CUSTOMERS].token.clone(), stopped.clone(), n as u64))
        .collect();
    let connected = states_reach(&subscribers, subscribers.len(), Duration::from_secs(60), "connecting").await;
    println!("balancer: {} subscribers connected through haproxy in {connected:?}", subscribers.len());
    let mut spread = Vec::new();
    for instance in &instances {
        spread.push(open_websockets(instance.metrics).await);
    }
    assert!(spread.iter().all(|&n| n >= 200), "leastconn spreads 1,000 sockets over 3 instances: {spread:?}");
    assert_eq!(spread.iter().sum::<u64>(), subscribers.len() as u64, "{spread:?}");

    let phase = Arc::new(AtomicU8::new(writer::WARM));
    let wallets: Vec<String> = customers.iter().map(|customer| customer.wallet.clone()).collect();
    let writers: Vec<_> = ["lb-a", "lb-b"]
        .into_iter()
        .map(|name| {
            let (url, token) = (proxy.url.clone(), cashier.token.clone());
            tokio::spawn(writer::write(url, token, system.clone(), wallets.clone(), phase.clone(), name))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;

    // SIGKILL: the victim's clients come back through the balancer, the others stay.
    phase.store(KILL, Ordering::SeqCst);
    let victims = spread[0] as usize;
    let killed_at = Instant::now();
    instances[0].process.signal("KILL");
    let back = states_reach(&subscribers, subscribers.len() + victims, Duration::from_secs(30), "reconnecting").await;
    println!("balancer: {victims} clients of the killed instance had the current state again after {back:?}");
    let restart = start(instances[0].port, instances[0].metrics, &app.database_url, &app.redis_prefix).await;
    instances[0].process = restart;
    tokio::time::sleep(Duration::from_millis(800)).await; // haproxy: 2 good checks 100 ms apart
    let kill_window = (killed_at, Instant::now());

    // SIGTERM to each in turn, each restarted before the next: not one mutation fails.
    phase.store(ROLLING, Ordering::SeqCst);
    let rolling_from = Instant::now();
    for instance in &mut instances {
        instance.process.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = instance.process.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "kassa did not exit 20 s after SIGTERM");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(status.code(), Some(0), "a drained instance exits cleanly");
        instance.process = start(instance.port, instance.metrics, &app.database_url, &app.redis_prefix).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    let rolling_window = (rolling_from, Instant::now());
    tokio::time::sleep(Duration::from_millis(500)).await;
    phase.store(DONE, Ordering::SeqCst);
    let mut written = Vec::new();
    for writer in writers {
        written.push(writer.await.unwrap());
    }

    let database = check::Database::read(&app.database_url, &wallets).await;
    check::writes(&written, &database);
    check::subscribers_catch_up(&subscribers, &customers, &database).await;
    stop.send_replace(true);
    let mut seen = Vec::new();
    for subscriber in subscribers {
        seen.push(subscriber.finish().await);
    }
    check::gapless(&seen, &customers, &database);
    check::kill(&seen, kill_window, victims);
    check::rolling(&seen, rolling_window);
    let (_, problems) = kassa::services::ledger::verify(&app.database_url).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    println!(
        "balancer: {} top-ups acknowledged, {} failed attempts while killed (retried), 0 while rolling; {:?} in all",
        written.iter().map(|w| w.acked.len()).sum::<usize>(),
        written.iter().map(|w| w.failures[KILL as usize]).sum::<u32>(),
        started.elapsed()
    );
}
