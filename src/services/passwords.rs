use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

/// argon2id with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Requests that may wait for a hashing slot, per slot; past that a sign-in is refused at
/// once instead of queueing (a flood from many addresses must not pile up without end).
const QUEUE_PER_PERMIT: usize = 32;

/// Hashes and verifies passwords on the blocking pool, at most `limit` at a time, so a flood
/// of sign-ins can neither block the async threads nor take every core from money moves.
#[derive(Clone)]
pub(crate) struct Passwords {
    permits: Arc<Semaphore>,
    /// Requests waiting for or holding a permit, bounded by `max_queued`.
    queued: Arc<AtomicUsize>,
    max_queued: usize,
    /// A real hash of nothing in particular, verified when the email is unknown so that an
    /// unknown email takes as long as a wrong password.
    dummy_hash: Arc<String>,
}

impl Passwords {
    pub(crate) fn new(limit: usize) -> Self {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let dummy =
            argon2().hash_password(b"kassa-dummy-password", &salt).expect("hashing the dummy password").to_string();
        let limit = limit.max(1);
        Self {
            permits: Arc::new(Semaphore::new(limit)),
            queued: Arc::new(AtomicUsize::new(0)),
            max_queued: limit * (QUEUE_PER_PERMIT + 1),
            dummy_hash: Arc::new(dummy),
        }
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    pub(crate) async fn hash(&self, password: &str) -> ApiResult<String> {
        let password = password.to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|error| ApiError::internal("hashing a password", error))
        })
        .await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no user.
    pub(crate) async fn verify(&self, stored: Option<String>, password: &str) -> ApiResult<bool> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.as_ref().clone());
        let password = password.to_owned();
        let matches = self
            .run(move || {
                PasswordHash::new(&stored)
                    .map(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
                    .map_err(|error| ApiError::internal("reading a stored password hash", error))
            })
            .await??;
        Ok(known && matches)
    }

    /// Runs `work` on the blocking pool once a permit is free; RATE_LIMITED when the queue
    /// is already full.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
        let _slot = QueueSlot::take(&self.queued, self.max_queued)?;
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal("password pool", e))?;
        tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::internal("password task", e))
    }
}

/// One place in the hashing queue, given back on drop (also when the request is dropped).
struct QueueSlot<'a>(&'a AtomicUsize);

impl<'a> QueueSlot<'a> {
    fn take(queued: &'a AtomicUsize, max: usize) -> ApiResult<Self> {
        if queued.fetch_add(1, Ordering::AcqRel) >= max {
            queued.fetch_sub(1, Ordering::AcqRel);
            tracing::warn!("password hashing queue is full; refusing a request");
            return Err(ApiError::RateLimited { retry_after_secs: 1 });
        }
        Ok(Self(queued))
    }
}

impl Drop for QueueSlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let passwords = Passwords::new(2);
        let hash = passwords.hash("correct horse").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(passwords.verify(Some(hash.clone()), "correct horse").await.unwrap());
        assert!(!passwords.verify(Some(hash), "wrong horse").await.unwrap());
        assert!(!passwords.verify(None, "kassa-dummy-password").await.unwrap());
    }

    #[test]
    fn a_full_queue_refuses_at_once_and_frees_its_places() {
        let queued = AtomicUsize::new(0);
        let first = QueueSlot::take(&queued, 2).unwrap();
        let _second = QueueSlot::take(&queued, 2).unwrap();
        assert!(matches!(QueueSlot::take(&queued, 2), Err(ApiError::RateLimited { retry_after_secs: 1 })));
        drop(first);
        assert!(QueueSlot::take(&queued, 2).is_ok());
    }
}
