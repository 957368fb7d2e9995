use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ApiError, ApiResult};

/// Counts attempts per key (an account, a client address) in a fixed window and refuses
/// further attempts once `limit` is reached, until the window has passed.
///
/// An attempt is counted when it starts, not when it has failed: a burst of concurrent
/// requests (or many aliased fields in one document) cannot all slip past the check before
/// the first failure is recorded. A success then resets or forgives the attempt.
pub struct Throttle {
    limit: u32,
    window: Duration,
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Entries kept before expired ones are swept, so memory stays bounded under a flood.
const SWEEP_AT: usize = 10_000;

impl Throttle {
    /// At most `limit` attempts per key in `window`; a limit of 0 switches the throttle off.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, attempts: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for `key`, or answers RATE_LIMITED (with the seconds until the
    /// window ends) when `key` has used up its attempts.
    pub fn attempt(&self, key: &str) -> ApiResult<()> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut attempts = self.attempts.lock().expect("throttle lock");
        if attempts.len() >= SWEEP_AT {
            let window = self.window;
            attempts.retain(|_, (_, since)| since.elapsed() < window);
        }
        let entry = attempts.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        if entry.0 >= self.limit {
            let left = self.window.saturating_sub(entry.1.elapsed());
            return Err(ApiError::RateLimited { retry_after_secs: left.as_secs().max(1) });
        }
        entry.0 += 1;
        Ok(())
    }

    /// Forgets every attempt of `key` (a correct password resets its account).
    pub fn reset(&self, key: &str) {
        self.attempts.lock().expect("throttle lock").remove(key);
    }

    /// Takes back one attempt of `key`: it succeeded, or failed for a reason that was not the
    /// client's (the database was down). A client address is forgiven rather than reset, so
    /// that signing in to one's own account between guesses does not clear the count.
    pub fn forgive(&self, key: &str) {
        if let Some(entry) = self.attempts.lock().expect("throttle lock").get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(throttle: &Throttle, key: &str) -> bool {
        matches!(throttle.attempt(key), Err(ApiError::RateLimited { .. }))
    }

    #[test]
    fn the_limit_applies_per_key_and_a_reset_clears_it() {
        let throttle = Throttle::new(2, Duration::from_secs(60));
        assert!(throttle.attempt("a").is_ok());
        assert!(throttle.attempt("a").is_ok());
        assert!(limited(&throttle, "a"));
        assert!(throttle.attempt("b").is_ok());
        throttle.reset("a");
        assert!(throttle.attempt("a").is_ok());
    }

    #[test]
    fn a_forgiven_attempt_frees_one_slot_only() {
        let throttle = Throttle::new(2, Duration::from_secs(60));
        throttle.attempt("a").unwrap();
        throttle.attempt("a").unwrap();
        throttle.forgive("a");
        assert!(throttle.attempt("a").is_ok());
        assert!(limited(&throttle, "a"));
    }

    #[test]
    fn the_answer_says_when_to_retry() {
        let throttle = Throttle::new(1, Duration::from_secs(60));
        throttle.attempt("a").unwrap();
        match throttle.attempt("a") {
            Err(ApiError::RateLimited { retry_after_secs }) => assert!((1..=60).contains(&retry_after_secs)),
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
    }

    #[test]
    fn attempts_expire_with_the_window() {
        let throttle = Throttle::new(1, Duration::from_millis(20));
        throttle.attempt("a").unwrap();
        assert!(limited(&throttle, "a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(throttle.attempt("a").is_ok());
    }

    #[test]
    fn a_zero_limit_never_refuses() {
        let throttle = Throttle::new(0, Duration::from_secs(60));
        assert!((0..100).all(|_| throttle.attempt("a").is_ok()));
    }
}
