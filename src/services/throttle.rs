use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ApiError, ApiResult};

/// Counts failed attempts per key (an account, a client address) in a sliding window and
/// refuses further attempts once `limit` is reached, until the window has passed.
pub struct Throttle {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Entries kept before expired ones are swept, so memory stays bounded under a flood.
const SWEEP_AT: usize = 10_000;

impl Throttle {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, failures: Mutex::new(HashMap::new()) }
    }

    /// RATE_LIMITED while `key` has used up its failures.
    pub fn check(&self, key: &str) -> ApiResult<()> {
        let failures = self.failures.lock().expect("throttle lock");
        match failures.get(key) {
            Some(&(count, since)) if count >= self.limit && since.elapsed() < self.window => {
                let left = self.window.saturating_sub(since.elapsed());
                Err(ApiError::RateLimited { retry_after_secs: left.as_secs().max(1) })
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, key: &str) {
        let mut failures = self.failures.lock().expect("throttle lock");
        if failures.len() >= SWEEP_AT {
            let window = self.window;
            failures.retain(|_, (_, since)| since.elapsed() < window);
        }
        let entry = failures.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn record_success(&self, key: &str) {
        self.failures.lock().expect("throttle lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_key_and_success_resets_it() {
        let throttle = Throttle::new(2, Duration::from_secs(60));
        throttle.record_failure("a");
        assert!(throttle.check("a").is_ok());
        throttle.record_failure("a");
        assert!(matches!(throttle.check("a"), Err(ApiError::RateLimited { .. })));
        assert!(throttle.check("b").is_ok());
        throttle.record_success("a");
        assert!(throttle.check("a").is_ok());
    }

    #[test]
    fn failures_expire_with_the_window() {
        let throttle = Throttle::new(1, Duration::from_millis(20));
        throttle.record_failure("a");
        assert!(throttle.check("a").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(throttle.check("a").is_ok());
    }
}
