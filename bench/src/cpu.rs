//! Where the CPU goes during a closed-loop run: Kassa, PostgreSQL, the subscriber shards,
//! this load tool and the whole machine, read from /proc over the measured window. On two
//! shared cores every process takes from the same budget, so B7's ratio is explained by
//! these numbers (docs/benchmarks.md).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// /proc counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second.
const MICROS_PER_TICK: f64 = 10_000.0;

/// The processes to account for besides PostgreSQL (found by name) and the machine.
#[derive(Clone, Debug, Default)]
pub struct Watched {
    pub kassa: Option<u32>,
    pub subscribers: Vec<u32>,
}

#[derive(Clone, Copy, Default)]
struct Sample {
    kassa: u64,
    postgres: u64,
    subscribers: u64,
    load_tool: u64,
    machine: u64,
}

fn sample(watched: &Watched) -> Sample {
    Sample {
        kassa: watched.kassa.map_or(0, process_ticks),
        postgres: postgres_ticks(),
        subscribers: watched.subscribers.iter().copied().map(process_ticks).sum(),
        load_tool: process_ticks(std::process::id()),
        machine: machine_ticks(),
    }
}

/// Samples at `from` and `from + window` and returns each part's CPU per operation, in
/// microseconds, once the run has told how many operations it made.
pub async fn measure(watched: Watched, from: Instant, window: Duration) -> impl FnOnce(u64) -> Value {
    tokio::time::sleep_until(from.into()).await;
    let start = sample(&watched);
    tokio::time::sleep(window).await;
    let end = sample(&watched);
    let kassa_known = watched.kassa.is_some();
    let subscribers_known = !watched.subscribers.is_empty();
    move |ops: u64| {
        let per_op = |a: u64, b: u64| per_op(a, b, ops);
        let mut line = json!({
            "postgres": per_op(start.postgres, end.postgres),
            "load_tool": per_op(start.load_tool, end.load_tool),
            "machine": per_op(start.machine, end.machine),
        });
        if kassa_known {
            line["kassa"] = json!(per_op(start.kassa, end.kassa));
        }
        if subscribers_known {
            line["subscribers"] = json!(per_op(start.subscribers, end.subscribers));
        }
        line
    }
}

/// Microseconds of CPU per operation between two tick counts, to a tenth.
pub fn per_op(before: u64, after: u64, ops: u64) -> f64 {
    let micros = after.saturating_sub(before) as f64 * MICROS_PER_TICK / ops.max(1) as f64;
    (micros * 10.0).round() / 10.0
}

/// utime + stime of a process (all its threads), or 0 when it is gone.
pub fn process_ticks(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0 };
    // The command name (field 2) may hold spaces; the fields after it are plain numbers.
    let Some(after_name) = stat.rfind(')').map(|at| &stat[at + 1..]) else { return 0 };
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15, that is 11 and 12 after the name.
    fields.get(11).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0)
        + fields.get(12).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0)
}

fn postgres_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|comm| comm.trim() == "postgres"))
        .map(process_ticks)
        .sum()
}

/// Busy time of all CPUs: user, nice, system, irq, softirq and steal.
fn machine_ticks() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/stat") else { return 0 };
    let Some(line) = stat.lines().find(|line| line.starts_with("cpu ")) else { return 0 };
    let fields: Vec<u64> = line.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    [0, 1, 2, 5, 6, 7].iter().filter_map(|&i| fields.get(i)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_and_the_machine_show_the_cpu_they_spent() {
        let (before, machine_before) = (process_ticks(std::process::id()), machine_ticks());
        // Spin until 50 ms of CPU show (however busy the machine is), or give up after 20 s.
        let started = Instant::now();
        let mut x = 0u64;
        while process_ticks(std::process::id()) < before + 5 && started.elapsed() < Duration::from_secs(20) {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
        assert!(process_ticks(std::process::id()) >= before + 5, "this process's CPU time did not grow");
        assert!(machine_ticks() >= machine_before + 5, "the machine's busy time did not grow");
        assert_eq!(process_ticks(u32::MAX), 0, "a missing process counts nothing");
    }

    #[test]
    fn per_op_is_in_microseconds_to_a_tenth() {
        assert_eq!(per_op(100, 130, 3_000), 100.0); // 30 ticks = 300 ms over 3,000 ops
        assert_eq!(per_op(0, 1, 3), 3333.3);
        assert_eq!(per_op(5, 5, 0), 0.0);
    }
}
