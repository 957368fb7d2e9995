//! Sessions checked in the last few seconds, so that most requests skip the session query.
//!
//! It never answers with something the database no longer says, as long as this instance
//! hears the access notices that sign-outs and role changes send (`events` hands each one
//! to the cache as a [`NoticeListener`] before any subscription sees it):
//! - every notice, from this instance or another one, drops what it concerns before any
//!   request can look again, and an answer read from the database before a notice arrived
//!   is never stored after it (the generation check);
//! - while the notices cannot be heard (the Redis subscriber is disconnected), nothing is
//!   cached and every request reads the database;
//! - an entry lives `ttl` at most, which bounds what no notice announces (a session revoked
//!   by hand in SQL), and never past the session's own expiry.

use std::time::Duration;

use chrono::Utc;

use super::Viewer;
use crate::events::{Control, NoticeListener};
use crate::services::noticed::NoticedCache;
pub(crate) use crate::services::noticed::Ticket;

/// Sessions kept at most; when full, those older than half the TTL are dropped, and if
/// that frees nothing, all of them.
const CAPACITY: usize = 50_000;

pub(crate) struct SessionCache(NoticedCache<Viewer>);

impl SessionCache {
    /// A cache whose entries live `ttl`; zero turns it off. It starts deaf: nothing is
    /// cached until [`NoticeListener::set_listening`] says notices can arrive.
    pub(crate) fn new(ttl: Duration) -> Self {
        Self(NoticedCache::new(ttl, CAPACITY))
    }

    /// The session behind `token_hash`, if it was checked lately and nothing changed since
    /// (and never past the session's own expiry).
    pub(crate) fn get(&self, token_hash: &[u8]) -> Option<Viewer> {
        self.0.get(token_hash, |viewer| viewer.expires_at > Utc::now())
    }

    /// Take this before reading the session from the database.
    pub(crate) fn ticket(&self) -> Ticket {
        self.0.ticket()
    }

    /// Stores what the database said, unless a notice arrived after `ticket` was taken.
    pub(crate) fn put(&self, ticket: Ticket, viewer: &Viewer) {
        self.0.put(ticket, viewer.token_hash.clone(), viewer);
    }

    /// A session was revoked.
    pub(crate) fn forget_session(&self, token_hash: &[u8]) {
        self.0.forget(|viewer| viewer.token_hash == token_hash);
    }

    /// A user's roles changed.
    pub(crate) fn forget_user(&self, user_id: i64) {
        self.0.forget(|viewer| viewer.user_id == user_id);
    }

    /// Notices may have been missed.
    pub(crate) fn forget_all(&self) {
        self.0.forget(|_| true);
    }
}

impl NoticeListener for SessionCache {
    /// Drops what the notice concerns.
    fn hear(&self, control: &Control) {
        match control {
            Control::SessionRevoked { token_hash } => match hex::decode(token_hash) {
                Ok(hash) => self.forget_session(&hash),
                Err(_) => self.forget_all(),
            },
            Control::AccessChanged { user_id } => self.forget_user(*user_id),
            Control::Recheck => self.forget_all(),
            Control::ApiKeyRevoked { .. } => {}
        }
    }

    /// Turning it off forgets all.
    fn set_listening(&self, listening: bool) {
        self.0.set_listening(listening);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(user_id: i64, token: u8) -> Viewer {
        Viewer {
            user_id,
            is_admin: false,
            is_cashier: true,
            token_hash: vec![token; 32],
            portal: false,
            expires_at: Utc::now() + chrono::Duration::hours(1),
        }
    }

    fn listening(ttl: Duration) -> SessionCache {
        let cache = SessionCache::new(ttl);
        cache.set_listening(true);
        cache
    }

    #[test]
    fn answers_what_was_stored_until_a_notice_concerns_it() {
        let cache = listening(Duration::from_secs(60));
        let (a, b) = (viewer(1, 1), viewer(2, 2));
        cache.put(cache.ticket(), &a);
        cache.put(cache.ticket(), &b);
        assert_eq!(cache.get(&a.token_hash).map(|v| v.user_id), Some(1));
        cache.forget_session(&a.token_hash);
        assert!(cache.get(&a.token_hash).is_none());
        assert!(cache.get(&b.token_hash).is_some(), "another session is untouched");
        cache.forget_user(2);
        assert!(cache.get(&b.token_hash).is_none());
    }

    #[test]
    fn an_answer_read_before_a_notice_is_not_stored_after_it() {
        let cache = listening(Duration::from_secs(60));
        let a = viewer(1, 1);
        let ticket = cache.ticket();
        // The database was read here, then a notice about someone else arrived.
        cache.forget_user(99);
        cache.put(ticket, &a);
        assert!(cache.get(&a.token_hash).is_none());
        cache.put(cache.ticket(), &a);
        assert!(cache.get(&a.token_hash).is_some());
    }

    #[test]
    fn nothing_is_cached_while_deaf_or_switched_off() {
        let deaf = SessionCache::new(Duration::from_secs(60));
        let a = viewer(1, 1);
        deaf.put(deaf.ticket(), &a);
        assert!(deaf.get(&a.token_hash).is_none());

        let cache = listening(Duration::from_secs(60));
        cache.put(cache.ticket(), &a);
        cache.set_listening(false);
        assert!(cache.get(&a.token_hash).is_none(), "going deaf forgets everything");

        let off = listening(Duration::ZERO);
        off.put(off.ticket(), &a);
        assert!(off.get(&a.token_hash).is_none());
    }

    #[test]
    fn it_never_holds_more_than_its_capacity() {
        let cache = listening(Duration::from_secs(60));
        for i in 0..CAPACITY + 10 {
            let mut v = viewer(1, 0);
            v.token_hash = (i as u64).to_le_bytes().to_vec();
            cache.put(cache.ticket(), &v);
        }
        let held = cache.0.entries.lock().unwrap().len();
        assert!(held <= CAPACITY, "{held} entries");
        assert!(held > 0, "the newest are kept");
    }

    #[test]
    fn entries_expire_with_the_ttl_and_with_the_session() {
        let cache = listening(Duration::from_millis(30));
        let a = viewer(1, 1);
        cache.put(cache.ticket(), &a);
        assert!(cache.get(&a.token_hash).is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get(&a.token_hash).is_none());

        let long = listening(Duration::from_secs(60));
        let mut ending = viewer(2, 2);
        ending.expires_at = Utc::now() - chrono::Duration::seconds(1);
        long.put(long.ticket(), &ending);
        assert!(long.get(&ending.token_hash).is_none());
    }
}
