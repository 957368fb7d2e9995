use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::redis::Redis;

/// Counts attempts per key (an account, a client address) in a fixed window and refuses
/// further attempts once `limit` is reached, until the window has passed.
///
/// An attempt is counted when it starts, not when it has failed: a burst of concurrent
/// requests (or many aliased fields in one document) cannot all slip past the check before
/// the first failure is recorded. A success then resets or forgives the attempt.
///
/// With Redis the counts are shared by every instance, so running more instances gives a
/// guesser no more attempts; the keys hold a hash of the account or address, not the text.
/// While Redis cannot be reached, each instance counts on its own, in a map of bounded
/// size with O(1) work per attempt (least recently used keys give way first).
pub(crate) struct Throttle {
    name: &'static str,
    limit: u32,
    window: Duration,
    here: Mutex<LruCache<String, (u32, Instant)>>,
    shared: Option<Arc<Redis>>,
    /// After Redis failed to answer, counting stays on this instance until then, so that a
    /// Redis outage does not make every sign-in wait for a timeout.
    shared_down_until: Mutex<Option<Instant>>,
}

/// Every throttle of sign-in and sign-up, built once with the state.
pub(crate) struct Throttles {
    /// Failed sign-ins per client address.
    pub(crate) address: Throttle,
    /// Sign-ins per account at one client address.
    pub(crate) account: Throttle,
    /// Sign-ins per account from anywhere: counted, never refused (see `auth`).
    pub(crate) slowdown: Throttle,
    /// Sign-ups per client address.
    pub(crate) signup: Throttle,
    /// Refused payment notifications recorded per client address (beyond it they are
    /// answered but no longer stored).
    pub(crate) notifications: Throttle,
}

impl Throttles {
    pub(crate) fn new(config: &Config, redis: Option<Arc<Redis>>) -> Self {
        let window = Duration::from_secs(15 * 60);
        Self {
            address: Throttle::new("address", config.signin_address_limit, window).shared(redis.clone()),
            account: Throttle::new("account", 5, window).shared(redis.clone()),
            slowdown: Throttle::counter("slowdown", window).shared(redis.clone()),
            signup: Throttle::new("signup", config.signup_address_limit, Duration::from_secs(3600))
                .shared(redis.clone()),
            notifications: Throttle::new("notify", 60, Duration::from_secs(60)).shared(redis),
        }
    }
}

/// How long to count locally after Redis failed.
const SHARED_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Keys counted on one instance at most (about 100 bytes each): to push out the count of
/// one account, a flood needs this many other keys inside one window.
const CAPACITY: usize = 100_000;

impl Throttle {
    /// At most `limit` attempts per key in `window`, counted on this instance; a limit of 0
    /// switches the throttle off.
    pub(crate) fn new(name: &'static str, limit: u32, window: Duration) -> Self {
        Self::with_capacity(name, limit, window, CAPACITY)
    }

    fn with_capacity(name: &'static str, limit: u32, window: Duration, capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).expect("a positive capacity");
        let here = Mutex::new(LruCache::new(capacity));
        Self { name, limit, window, here, shared: None, shared_down_until: Mutex::default() }
    }

    /// Counts without ever refusing (to slow attempts down rather than stop them).
    pub(crate) fn counter(name: &'static str, window: Duration) -> Self {
        Self::new(name, u32::MAX, window)
    }

    /// The same, counted in Redis for every instance when `redis` is given.
    pub(crate) fn shared(self, redis: Option<Arc<Redis>>) -> Self {
        Self { shared: redis, ..self }
    }

    /// Counts one attempt for `key` and answers how many it has made in this window, or
    /// RATE_LIMITED (with the seconds until the window ends) when `key` has used up its
    /// attempts. A throttle switched off counts nothing and answers 0.
    pub(crate) async fn attempt(&self, key: &str) -> ApiResult<u32> {
        if self.limit == 0 {
            return Ok(0);
        }
        if let Some(redis) = self.redis() {
            let shared_key = self.shared_key(redis, key);
            let window_ms = self.window.as_millis() as u64;
            let mut count = redis::pipe();
            count.atomic().incr(&shared_key, 1).cmd("PEXPIRE").arg(&shared_key).arg(window_ms).arg("NX").ignore();
            count.pttl(&shared_key);
            match redis.run::<(u64, i64)>(&count).await {
                Ok((attempts, _)) if attempts <= u64::from(self.limit) => {
                    return Ok(u32::try_from(attempts).unwrap_or(u32::MAX));
                }
                Ok((_, left_ms)) => {
                    // A refused attempt is not counted, as on one instance.
                    self.uncount_shared(redis, &shared_key).await;
                    let left = Duration::from_millis(left_ms.max(0) as u64);
                    return Err(ApiError::RateLimited { retry_after_secs: left.as_secs().max(1) });
                }
                Err(error) => self.shared_failed(&error),
            }
        }
        self.attempt_here(key)
    }

    /// Forgets every attempt of `key` (a correct password resets its account).
    pub(crate) async fn reset(&self, key: &str) {
        self.here.lock().expect("throttle lock").pop(key);
        if let Some(redis) = self.redis() {
            let mut delete = redis::pipe();
            delete.del(self.shared_key(redis, key)).ignore();
            if let Err(error) = redis.run::<()>(&delete).await {
                self.shared_failed(&error);
            }
        }
    }

    /// Takes back one attempt of `key`: it succeeded, or failed for a reason that was not the
    /// client's (the database was down). A client address is forgiven rather than reset, so
    /// that signing in to one's own account between guesses does not clear the count.
    pub(crate) async fn forgive(&self, key: &str) {
        if let Some(entry) = self.here.lock().expect("throttle lock").peek_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
        if let Some(redis) = self.redis() {
            self.uncount_shared(redis, &self.shared_key(redis, key)).await;
        }
    }

    /// Takes one attempt off a shared count.
    async fn uncount_shared(&self, redis: &Redis, shared_key: &str) {
        let mut decrement = redis::pipe();
        decrement.decr(shared_key, 1);
        match redis.run::<(i64,)>(&decrement).await {
            // The window ended in between: DECR made a key without expiry; drop it.
            Ok((left,)) if left < 0 => {
                let mut delete = redis::pipe();
                delete.del(shared_key).ignore();
                let _ = redis.run::<()>(&delete).await;
            }
            Ok(_) => {}
            Err(error) => self.shared_failed(&error),
        }
    }

    /// Redis, unless there is none or it failed moments ago.
    fn redis(&self) -> Option<&Redis> {
        let down = self.shared_down_until.lock().expect("throttle lock").is_some_and(|until| Instant::now() < until);
        if down { None } else { self.shared.as_deref() }
    }

    fn shared_failed(&self, error: &str) {
        tracing::warn!(throttle = self.name, %error, "shared sign-in throttle unreachable; counting on this instance");
        *self.shared_down_until.lock().expect("throttle lock") = Some(Instant::now() + SHARED_RETRY_AFTER);
    }

    fn shared_key(&self, redis: &Redis, key: &str) -> String {
        redis.key(&format!("throttle:{}:{}", self.name, hex::encode(Sha256::digest(key.as_bytes()))))
    }

    fn attempt_here(&self, key: &str) -> ApiResult<u32> {
        let mut attempts = self.here.lock().expect("throttle lock");
        let entry = attempts.get_or_insert_mut(key.to_owned(), || (0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        if entry.0 >= self.limit {
            let left = self.window.saturating_sub(entry.1.elapsed());
            return Err(ApiError::RateLimited { retry_after_secs: left.as_secs().max(1) });
        }
        entry.0 += 1;
        Ok(entry.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Without Redis nothing in the throttle waits, so the futures finish at the first poll.
    fn attempt(throttle: &Throttle, key: &str) -> ApiResult<u32> {
        futures::executor::block_on(throttle.attempt(key))
    }

    fn limited(throttle: &Throttle, key: &str) -> bool {
        matches!(attempt(throttle, key), Err(ApiError::RateLimited { .. }))
    }

    fn local(limit: u32, window: Duration) -> Throttle {
        Throttle::new("test", limit, window)
    }

    #[test]
    fn the_limit_applies_per_key_and_a_reset_clears_it() {
        let throttle = local(2, Duration::from_secs(60));
        assert!(attempt(&throttle, "a").is_ok());
        assert!(attempt(&throttle, "a").is_ok());
        assert!(limited(&throttle, "a"));
        assert!(attempt(&throttle, "b").is_ok());
        futures::executor::block_on(throttle.reset("a"));
        assert!(attempt(&throttle, "a").is_ok());
    }

    #[test]
    fn a_forgiven_attempt_frees_one_slot_only() {
        let throttle = local(2, Duration::from_secs(60));
        attempt(&throttle, "a").unwrap();
        attempt(&throttle, "a").unwrap();
        futures::executor::block_on(throttle.forgive("a"));
        assert!(attempt(&throttle, "a").is_ok());
        assert!(limited(&throttle, "a"));
    }

    #[test]
    fn the_answer_says_when_to_retry() {
        let throttle = local(1, Duration::from_secs(60));
        attempt(&throttle, "a").unwrap();
        match attempt(&throttle, "a") {
            Err(ApiError::RateLimited { retry_after_secs }) => assert!((1..=60).contains(&retry_after_secs)),
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
    }

    #[test]
    fn attempts_expire_with_the_window() {
        let throttle = local(1, Duration::from_millis(20));
        attempt(&throttle, "a").unwrap();
        assert!(limited(&throttle, "a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(attempt(&throttle, "a").is_ok());
    }

    #[test]
    fn attempts_are_counted_and_a_counter_never_refuses() {
        let throttle = local(3, Duration::from_secs(60));
        assert_eq!((attempt(&throttle, "a").unwrap(), attempt(&throttle, "a").unwrap()), (1, 2));
        let counter = Throttle::counter("test", Duration::from_secs(60));
        assert_eq!((0..1000).map(|_| attempt(&counter, "a").unwrap()).last(), Some(1000));
    }

    #[test]
    fn the_local_map_stays_within_its_capacity_and_keeps_the_keys_in_use() {
        let throttle = Throttle::with_capacity("test", 2, Duration::from_secs(60), 100);
        attempt(&throttle, "target").unwrap();
        attempt(&throttle, "target").unwrap();
        for i in 0..10_000 {
            attempt(&throttle, &format!("flood-{i}")).unwrap();
            if i % 50 == 0 {
                assert!(limited(&throttle, "target"), "a key in use keeps its count");
            }
        }
        assert_eq!(throttle.here.lock().unwrap().len(), 100);
    }

    #[test]
    fn a_zero_limit_never_refuses() {
        let throttle = local(0, Duration::from_secs(60));
        assert!((0..100).all(|_| attempt(&throttle, "a").is_ok()));
    }
}
