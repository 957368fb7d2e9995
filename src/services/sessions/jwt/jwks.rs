//! The portal's JWKS: fetched over HTTP, kept in memory, fetched again when a token names
//! a `kid` it does not hold, at most once a minute. No lock is held while it is fetched:
//! concurrent requests for an unknown `kid` share one fetch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey};

/// The most often the JWKS is fetched again.
const REFRESH_AT_MOST_EVERY: Duration = Duration::from_secs(60);
/// A fetch that takes longer fails; the token is refused and a later one tries again.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The keys by `kid`, each with the one algorithm it verifies.
type Keys = Arc<HashMap<String, (Algorithm, Arc<DecodingKey>)>>;

pub(crate) struct Jwks {
    url: String,
    client: reqwest::Client,
    state: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    keys: Keys,
    last_fetch: Option<Instant>,
    in_flight: Option<Shared<BoxFuture<'static, Keys>>>,
}

impl Jwks {
    pub(crate) fn new(url: String) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| anyhow::anyhow!("the HTTP client for KASSA_JWT_JWKS_URL: {error}"))?;
        Ok(Self { url, client, state: Mutex::default() })
    }

    /// The key named `kid` for `alg`, fetching the set again if `kid` is unknown and the
    /// last fetch is more than a minute old. None when no such key (of that type) exists.
    pub(crate) async fn key(&self, kid: &str, alg: Algorithm) -> Option<Arc<DecodingKey>> {
        let fetch = {
            let mut cache = self.state.lock().expect("jwks lock");
            if let Some(found) = pick(&cache.keys, kid, alg) {
                return Some(found);
            }
            match &cache.in_flight {
                Some(fetch) => fetch.clone(),
                // Fetched less than a minute ago: the caller logs the refusal.
                None if cache.last_fetch.is_some_and(|at| at.elapsed() < REFRESH_AT_MOST_EVERY) => return None,
                None => {
                    cache.last_fetch = Some(Instant::now());
                    let fetch = fetch(self.client.clone(), self.url.clone(), cache.keys.clone()).boxed().shared();
                    cache.in_flight = Some(fetch.clone());
                    fetch
                }
            }
        };
        let keys = fetch.await;
        let mut cache = self.state.lock().expect("jwks lock");
        cache.keys = keys;
        cache.in_flight = None;
        pick(&cache.keys, kid, alg)
    }
}

fn pick(keys: &Keys, kid: &str, alg: Algorithm) -> Option<Arc<DecodingKey>> {
    keys.get(kid).filter(|(key_alg, _)| *key_alg == alg).map(|(_, key)| key.clone())
}

/// The set at `url`, or `old` when it cannot be fetched or read (the failure is logged).
async fn fetch(client: reqwest::Client, url: String, old: Keys) -> Keys {
    let set = async { client.get(&url).send().await?.error_for_status()?.json::<JwkSet>().await };
    match set.await {
        Ok(set) => {
            let keys = usable(&set);
            tracing::info!(url, keys = keys.len(), "jwks fetched");
            Arc::new(keys)
        }
        Err(error) => {
            tracing::warn!(url, error = %error, "jwks fetch failed; keeping the keys held");
            old
        }
    }
}

/// The RSA keys (for RS256) and P-256 keys (for ES256) of the set that have a `kid`;
/// a key whose own `alg` says otherwise, symmetric keys and other curves are left out.
fn usable(set: &JwkSet) -> HashMap<String, (Algorithm, Arc<DecodingKey>)> {
    let mut keys = HashMap::new();
    for jwk in &set.keys {
        let alg = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => Algorithm::RS256,
            AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Algorithm::ES256,
            _ => continue,
        };
        let declared_fits = match jwk.common.key_algorithm {
            None => true,
            Some(declared) => matches!(
                (declared, alg),
                (KeyAlgorithm::RS256, Algorithm::RS256) | (KeyAlgorithm::ES256, Algorithm::ES256)
            ),
        };
        if !declared_fits {
            continue;
        }
        let (Some(kid), Ok(key)) = (&jwk.common.key_id, DecodingKey::from_jwk(jwk)) else { continue };
        keys.insert(kid.clone(), (alg, Arc::new(key)));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rsa_and_p256_keys_with_a_kid_and_a_fitting_alg_are_kept() {
        let b = "AQAB";
        let set: JwkSet = serde_json::from_value(serde_json::json!({ "keys": [
            { "kty": "RSA", "kid": "rsa", "n": b, "e": b },
            { "kty": "RSA", "kid": "rsa-says-es", "alg": "ES256", "n": b, "e": b },
            { "kty": "RSA", "n": b, "e": b },
            { "kty": "EC", "kid": "p256", "crv": "P-256", "x": b, "y": b },
            { "kty": "EC", "kid": "p384", "crv": "P-384", "x": b, "y": b },
            { "kty": "oct", "kid": "secret", "k": b },
        ] }))
        .unwrap();
        let keys = usable(&set);
        let mut kept: Vec<(&str, Algorithm)> = keys.iter().map(|(kid, (alg, _))| (kid.as_str(), *alg)).collect();
        kept.sort_by_key(|(kid, _)| *kid);
        assert_eq!(kept, vec![("p256", Algorithm::ES256), ("rsa", Algorithm::RS256)]);
        let keys = Arc::new(keys);
        assert!(pick(&keys, "rsa", Algorithm::RS256).is_some());
        assert!(pick(&keys, "rsa", Algorithm::ES256).is_none(), "a key verifies its own type only");
        assert!(pick(&keys, "secret", Algorithm::HS256).is_none(), "no symmetric key from a JWKS");
    }
}
