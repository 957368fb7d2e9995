//! API keys checked in the last few seconds, and when each key's `last_used_at` was last
//! written from this instance.
//!
//! The cache keeps the session cache's promise (see `sessions::cache`): a revocation's
//! notice, from this instance or another one, drops the key before any request can look
//! again; an answer read from the database before a notice arrived is never stored after
//! it (the ticket); nothing is cached while notices cannot be heard; an entry lives `ttl`
//! at most.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::events::{Control, NoticeListener};
use crate::services::noticed::{NoticedCache, Ticket};
use crate::services::sessions::viewer::KeyHolder;

/// Keys kept at most (there are as many as admins created).
const CAPACITY: usize = 10_000;
/// `last_used_at` is written at most this often per key from one instance.
pub(crate) const LAST_USED_EVERY: Duration = Duration::from_secs(60);

pub(crate) struct KeyCache {
    /// Keyed by the SHA-256 of the secret.
    keys: NoticedCache<KeyHolder>,
    /// When this instance last wrote each key's `last_used_at`.
    written: Mutex<HashMap<i64, Instant>>,
}

impl KeyCache {
    /// A cache whose entries live `ttl`; zero turns it off. It starts deaf.
    pub(crate) fn new(ttl: Duration) -> Self {
        Self { keys: NoticedCache::new(ttl, CAPACITY), written: Mutex::default() }
    }

    /// The key behind `secret_hash`, if it was checked lately and no notice came since.
    pub(crate) fn get(&self, secret_hash: &[u8]) -> Option<KeyHolder> {
        self.keys.get(secret_hash, |_| true)
    }

    /// Take this before reading the key from the database.
    pub(crate) fn ticket(&self) -> Ticket {
        self.keys.ticket()
    }

    /// Stores what the database said, unless a notice arrived after `ticket` was taken.
    pub(crate) fn put(&self, ticket: Ticket, secret_hash: Vec<u8>, holder: &KeyHolder) {
        self.keys.put(ticket, secret_hash, holder);
    }

    /// True when `key_id`'s `last_used_at` is due to be written from here (then it counts
    /// as written): the first use, then at most once per [`LAST_USED_EVERY`].
    pub(crate) fn last_used_due(&self, key_id: i64) -> bool {
        let mut written = self.written.lock().expect("key cache lock");
        let now = Instant::now();
        match written.get(&key_id) {
            Some(at) if now.duration_since(*at) < LAST_USED_EVERY => false,
            _ => {
                written.insert(key_id, now);
                true
            }
        }
    }
}

impl NoticeListener for KeyCache {
    fn hear(&self, control: &Control) {
        match control {
            Control::ApiKeyRevoked { key_id } => self.keys.forget(|holder| holder.key_id == *key_id),
            Control::Recheck => self.keys.forget(|_| true),
            Control::SessionRevoked { .. } | Control::AccessChanged { .. } => {}
        }
    }

    fn set_listening(&self, listening: bool) {
        self.keys.set_listening(listening);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ApiScope;

    fn holder(key_id: i64) -> KeyHolder {
        KeyHolder { key_id, scopes: vec![ApiScope::PaymentsRead] }
    }

    fn listening(ttl: Duration) -> KeyCache {
        let cache = KeyCache::new(ttl);
        cache.set_listening(true);
        cache
    }

    #[test]
    fn a_revocation_notice_drops_that_key_only() {
        let cache = listening(Duration::from_secs(60));
        cache.put(cache.ticket(), vec![1; 32], &holder(1));
        cache.put(cache.ticket(), vec![2; 32], &holder(2));
        cache.hear(&Control::ApiKeyRevoked { key_id: 1 });
        assert!(cache.get(&[1; 32]).is_none());
        assert_eq!(cache.get(&[2; 32]).map(|h| h.key_id), Some(2));
        cache.hear(&Control::AccessChanged { user_id: 2 });
        assert!(cache.get(&[2; 32]).is_some(), "a user's notice is not about keys");
    }

    #[test]
    fn an_answer_read_before_a_notice_is_not_stored_after_it() {
        let cache = listening(Duration::from_secs(60));
        let ticket = cache.ticket();
        cache.hear(&Control::ApiKeyRevoked { key_id: 1 });
        cache.put(ticket, vec![1; 32], &holder(1));
        assert!(cache.get(&[1; 32]).is_none());
    }

    #[test]
    fn nothing_is_cached_while_deaf_or_switched_off() {
        let deaf = KeyCache::new(Duration::from_secs(60));
        deaf.put(deaf.ticket(), vec![1; 32], &holder(1));
        assert!(deaf.get(&[1; 32]).is_none());
        let off = listening(Duration::ZERO);
        off.put(off.ticket(), vec![1; 32], &holder(1));
        assert!(off.get(&[1; 32]).is_none());
        let cache = listening(Duration::from_secs(60));
        cache.put(cache.ticket(), vec![1; 32], &holder(1));
        cache.set_listening(false);
        assert!(cache.get(&[1; 32]).is_none(), "going deaf forgets everything");
    }

    #[test]
    fn last_used_is_due_once_a_minute_per_key() {
        let cache = KeyCache::new(Duration::ZERO);
        assert!(cache.last_used_due(1));
        assert!(!cache.last_used_due(1));
        assert!(cache.last_used_due(2), "another key has its own minute");
    }
}
