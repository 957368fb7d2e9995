//! The fault plan, drawn from the seed, and its injection while the workload runs. Every
//! kind comes at least once; each fault is healed before the next begins.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use tokio::time::Instant;

use super::cluster::Cluster;

#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// kill -9 an instance, start it again after the pause.
    Kill(usize),
    /// kill -9 Redis, start it again (empty: it keeps nothing).
    RestartRedis,
    /// PostgreSQL stopped immediately (a crash), started again.
    RestartPostgres,
    /// An instance's path to Redis cut: its connections dropped, new ones refused.
    BlockRedis(usize),
}

/// (when, what, for how long), in order.
pub fn plan(seed: u64, duration: Duration, instances: usize) -> Vec<(Duration, Fault, Duration)> {
    let mut rng = StdRng::seed_from_u64(seed.rotate_left(17) ^ 0xC4A0_5EED);
    let count = (duration.as_secs() / 10).max(4) as usize;
    let mut kinds: Vec<Fault> = (0..count)
        .map(|n| match n % 4 {
            0 => Fault::Kill(rng.random_range(0..instances)),
            1 => Fault::RestartRedis,
            2 => Fault::RestartPostgres,
            _ => Fault::BlockRedis(rng.random_range(0..instances)),
        })
        .collect();
    kinds.shuffle(&mut rng);
    let slot = duration / (count as u32 + 1);
    kinds
        .into_iter()
        .enumerate()
        .map(|(n, fault)| {
            let at = slot * (n as u32 + 1) - slot / 2 + slot.mul_f64(rng.random_range(0.0..0.3));
            let pause = match fault {
                Fault::BlockRedis(_) => Duration::from_millis(rng.random_range(2000..6000)),
                _ => Duration::from_millis(rng.random_range(1000..3000)),
            };
            (at, fault, pause)
        })
        .collect()
}

/// Injects the plan from `started` on, logging each fault as it happens.
pub async fn inject(
    cluster: &mut Cluster,
    plan: &[(Duration, Fault, Duration)],
    started: Instant,
) -> anyhow::Result<()> {
    for &(at, fault, pause) in plan {
        tokio::time::sleep_until(started + at).await;
        println!("chaos: t={:.1}s {fault:?} for {pause:?}", started.elapsed().as_secs_f64());
        match fault {
            Fault::Kill(i) => {
                cluster.kill(i);
                tokio::time::sleep(pause).await;
                cluster.restart(i)?;
            }
            Fault::RestartRedis => {
                cluster.redis_down();
                tokio::time::sleep(pause).await;
                cluster.redis_up()?;
            }
            Fault::RestartPostgres => {
                cluster.postgres.down().await?;
                tokio::time::sleep(pause).await;
                cluster.postgres.up().await?;
            }
            Fault::BlockRedis(i) => {
                cluster.proxies[i].block(true);
                tokio::time::sleep(pause).await;
                cluster.proxies[i].block(false);
            }
        }
        cluster.all_ready().await?;
    }
    Ok(())
}
