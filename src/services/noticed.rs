//! The mechanism of the caches that access notices keep truthful (the session cache, the
//! API key cache): values under a hash, each living `ttl` at most.
//! - A notice, from this instance or another one, drops what it concerns before any request
//!   can look again, and an answer read from the database before a notice arrived is never
//!   stored after it: a [`Ticket`] is taken before the read and checked under the lock that
//!   notices take too.
//! - While notices cannot be heard (the Redis subscriber is disconnected), nothing is cached.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Taken before a database read; the read's answer is stored only if no notice came since.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ticket(u64);

pub(crate) struct NoticedCache<V> {
    ttl: Duration,
    capacity: usize,
    pub(super) entries: Mutex<HashMap<Vec<u8>, (V, Instant)>>,
    /// Bumped by every notice.
    generation: AtomicU64,
    listening: AtomicBool,
}

impl<V: Clone> NoticedCache<V> {
    /// Entries live `ttl` (zero turns the cache off), `capacity` at most: when full, those
    /// older than half the TTL go, and if that frees nothing, all. It starts deaf.
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity,
            entries: Mutex::default(),
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
        }
    }

    /// The value under `key`, if stored lately, no notice dropped it, and `fresh` agrees.
    pub(crate) fn get(&self, key: &[u8], fresh: impl Fn(&V) -> bool) -> Option<V> {
        if !self.enabled() {
            return None;
        }
        let entries = self.entries.lock().expect("cache lock");
        let (value, stored) = entries.get(key)?;
        (stored.elapsed() < self.ttl && fresh(value)).then(|| value.clone())
    }

    /// Take this before reading from the database.
    pub(crate) fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    /// Stores what the database said, unless a notice arrived after `ticket` was taken.
    pub(crate) fn put(&self, ticket: Ticket, key: Vec<u8>, value: &V) {
        if !self.enabled() {
            return;
        }
        let mut entries = self.entries.lock().expect("cache lock");
        // Checked under the lock that notices take too, so none can slip in between.
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (_, stored)| stored.elapsed() < ttl / 2);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, (value.clone(), Instant::now()));
    }

    /// Drops every value `matches` picks (a notice concerns it).
    pub(crate) fn forget(&self, matches: impl Fn(&V) -> bool) {
        let mut entries = self.entries.lock().expect("cache lock");
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.retain(|_, (value, _)| !matches(value));
    }

    /// Notices can (or can no longer) be heard; either way everything is forgotten.
    pub(crate) fn set_listening(&self, listening: bool) {
        // Deaf before forgetting, and forgetting before hearing: no entry outlives either.
        if !listening {
            self.listening.store(false, Ordering::Release);
        }
        self.forget(|_| true);
        if listening {
            self.listening.store(true, Ordering::Release);
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.listening.load(Ordering::Acquire)
    }
}
