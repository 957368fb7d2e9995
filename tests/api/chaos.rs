//! A short chaos run (`kassa-bench chaos`, whose code this shares): its own PostgreSQL and
//! Redis, three kassa processes, a seeded random workload with retries under the same
//! idempotency keys, and faults (kill -9, Redis and PostgreSQL restarts, an instance cut
//! from Redis). Every invariant must hold. The seed is random unless KASSA_CHAOS_SEED sets
//! it, and printed: a failure replays with it (here, or with the bench's --seed).

// The bench's reconnect measurement uses parts a chaos run does not.
#[allow(dead_code)]
#[path = "../../bench/src/chaos/mod.rs"]
mod engine;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_chaos_run_keeps_every_invariant() {
    let seed = std::env::var("KASSA_CHAOS_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or_else(rand::random);
    let options = engine::Options {
        seed,
        duration: Duration::from_secs(40),
        instances: 3,
        workers: 6,
        customers: 8,
        kassa_bin: env!("CARGO_BIN_EXE_kassa").into(),
    };
    let held = engine::run(&options).await.unwrap_or_else(|error| panic!("chaos seed {seed}: {error:#}"));
    assert!(held, "an invariant was broken; replay with KASSA_CHAOS_SEED={seed}");
}
