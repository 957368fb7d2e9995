//! How far behind the primary a streaming replica is, from what the probe reads each tick.
//!
//! `now() - pg_last_xact_replay_timestamp()` alone is wrong both ways: on an idle primary it
//! grows without any lag (nothing to replay, the last commit only gets older), and with the
//! replica cut off from the primary (`pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()`
//! since nothing arrives) it looks caught up while the primary moves on. So the primary is
//! asked too, and the positions are compared:
//!
//! 1. Each tick reads the primary's WAL position `P` (and its clock), then the replica's
//!    replay position `R`. If `R >= P`, the replica holds everything the primary had when it
//!    was asked: caught up, lag 0 (an idle primary stays there, tick after tick).
//! 2. Otherwise the replica holds at least what the primary had at the last tick whose `P` it
//!    has replayed: `now - that tick` bounds the lag. The samples not yet replayed are kept
//!    in order until they are.
//! 3. Between two ticks that bound is coarse (under steady writes the replica is always a
//!    few milliseconds behind the newest `P`). The replay timestamp sharpens it: the replica
//!    shows the primary as of its last replayed commit at least, so `primary's clock - that
//!    commit's time` bounds the lag too; both times are the primary's clock, so no skew.
//!    The smaller bound wins. Neither bound known (the replica never caught up since the
//!    server started, and replayed no commit): the lag is unknown and the replica does
//!    not serve.
//!
//! Both are upper bounds: the lag shown is never below the real one, and above it by at
//! most a tick when writes resume after a quiet spell (the first write after the last tick
//! that caught up may have come up to a tick later). So a replica falls back a little early,
//! never late.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Samples kept while the replica does not catch up: an hour of ticks. Dropping the oldest
/// loses nothing: the lag is measured from the newest sample replayed, older than all.
const MAX_PENDING: usize = 3600;

/// What the primary said at one tick.
#[derive(Clone, Copy, Debug)]
pub(super) struct PrimarySample {
    pub(super) at: Instant,
    /// `pg_current_wal_lsn()`, in bytes.
    pub(super) lsn: i64,
}

/// What the replica said right after.
#[derive(Clone, Copy, Debug)]
pub(super) struct ReplicaSample {
    /// `pg_last_wal_replay_lsn()`, in bytes.
    pub(super) replayed: i64,
    /// The primary's clock at its sample minus the last replayed commit's time, when the
    /// primary answered this tick and the replica has replayed a commit.
    pub(super) commit_age: Option<Duration>,
}

/// The primary's positions the replica has not replayed yet, and when it last had.
#[derive(Debug, Default)]
pub(super) struct LagClock {
    pending: VecDeque<PrimarySample>,
    caught_up_at: Option<Instant>,
}

impl LagClock {
    /// Takes one tick's samples (`primary` is None when the primary did not answer) and
    /// returns the lag at `now`, or None when it cannot be bounded.
    pub(super) fn observe(
        &mut self,
        now: Instant,
        primary: Option<PrimarySample>,
        replica: ReplicaSample,
    ) -> Option<Duration> {
        if let Some(sample) = primary {
            if self.pending.len() == MAX_PENDING {
                self.pending.pop_front();
            }
            self.pending.push_back(sample);
        }
        while let Some(sample) = self.pending.front().filter(|sample| sample.lsn <= replica.replayed) {
            self.caught_up_at = Some(sample.at);
            self.pending.pop_front();
        }
        let since_caught_up = self.caught_up_at.map(|at| now.saturating_duration_since(at));
        if self.pending.is_empty() {
            return since_caught_up;
        }
        let since_commit = match (primary, replica.commit_age) {
            (Some(sample), Some(age)) => Some(age + now.saturating_duration_since(sample.at)),
            _ => None,
        };
        match (since_caught_up, since_commit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICK: Duration = Duration::from_secs(1);

    fn tick(
        clock: &mut LagClock,
        start: Instant,
        n: u32,
        primary: i64,
        replayed: i64,
        age: Option<u64>,
    ) -> Option<Duration> {
        let at = start + TICK * n;
        let commit_age = age.map(Duration::from_millis);
        clock.observe(at, Some(PrimarySample { at, lsn: primary }), ReplicaSample { replayed, commit_age })
    }

    #[test]
    fn an_idle_primary_shows_no_lag_however_old_its_last_commit() {
        let (mut clock, start) = (LagClock::default(), Instant::now());
        for n in 0..10 {
            // The last commit was an hour ago, and stays the newest.
            assert_eq!(tick(&mut clock, start, n, 500, 500, Some(3_600_000)), Some(Duration::ZERO));
        }
    }

    #[test]
    fn paused_replay_grows_the_lag_from_the_last_tick_it_caught() {
        let (mut clock, start) = (LagClock::default(), Instant::now());
        assert_eq!(tick(&mut clock, start, 0, 100, 100, None), Some(Duration::ZERO));
        // Writes go on, the replica stays at 100 and has never replayed a commit.
        assert_eq!(tick(&mut clock, start, 1, 200, 100, None), Some(TICK));
        assert_eq!(tick(&mut clock, start, 5, 900, 100, None), Some(TICK * 5));
        // It replays up to the sample of tick 1: measured from there.
        assert_eq!(tick(&mut clock, start, 6, 950, 200, None), Some(TICK * 5));
        assert_eq!(tick(&mut clock, start, 7, 950, 950, None), Some(Duration::ZERO));
    }

    #[test]
    fn a_recent_replayed_commit_sharpens_the_bound_under_steady_writes() {
        let (mut clock, start) = (LagClock::default(), Instant::now());
        tick(&mut clock, start, 0, 100, 100, Some(10));
        // Always a little behind the newest position, but its last commit is 8 ms old.
        assert_eq!(tick(&mut clock, start, 1, 200, 190, Some(8)), Some(Duration::from_millis(8)));
        // A stale commit time (only non-commit WAL since) never makes it worse than the ticks.
        assert_eq!(tick(&mut clock, start, 2, 300, 290, Some(60_000)), Some(TICK));
    }

    #[test]
    fn a_replica_behind_since_start_without_a_commit_has_no_known_lag() {
        let (mut clock, start) = (LagClock::default(), Instant::now());
        assert_eq!(tick(&mut clock, start, 0, 100, 50, None), None);
        // Without the primary's answer nothing new is learnt, and the bound keeps ageing.
        let later = start + TICK * 3;
        let replica = ReplicaSample { replayed: 100, commit_age: None };
        assert_eq!(clock.observe(later, None, replica), Some(TICK * 3));
        assert_eq!(clock.observe(later + TICK, None, replica), Some(TICK * 4));
    }
}
