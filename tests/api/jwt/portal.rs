//! The portal in the tests: its keys (an HS256 secret, an RSA and a P-256 key generated
//! here), its JWKS served over real HTTP on loopback, and tokens minted with them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};

pub const SECRET: &str = "portal-shared-hs256-secret-of-32-bytes-at-least";
pub const ISSUER: &str = "https://portal.example";
pub const AUDIENCE: &str = "kassa";

/// One signing key the portal holds, with its public JWK.
pub struct SigningKey {
    pub kid: String,
    pub alg: Algorithm,
    pub key: EncodingKey,
    pub jwk: Value,
}

impl SigningKey {
    pub fn rsa(kid: &str) -> (Self, String) {
        let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("an RSA key");
        let public = private.to_public_key();
        let der = private.to_pkcs1_der().expect("PKCS#1 DER");
        let jwk = json!({ "kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()) });
        let pem = public.to_public_key_pem(LineEnding::LF).expect("public PEM");
        (Self { kid: kid.to_owned(), alg: Algorithm::RS256, key: EncodingKey::from_rsa_der(der.as_bytes()), jwk }, pem)
    }

    pub fn ec(kid: &str) -> Self {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("a P-256 key");
        let point = pair.public_key_raw();
        assert_eq!((point.len(), point[0]), (65, 4), "an uncompressed point");
        let jwk = json!({ "kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..]) });
        Self { kid: kid.to_owned(), alg: Algorithm::ES256, key: EncodingKey::from_ec_der(&pair.serialize_der()), jwk }
    }

    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key).expect("a signed token")
    }
}

/// An HS256 token signed with `secret`.
pub fn hs256(secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret)).unwrap()
}

/// A token whose header says `header`, with a signature part that is no signature.
pub fn forged(header: &Value, claims: &Value) -> String {
    let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
    format!("{}.{}.{}", part(header), part(claims), URL_SAFE_NO_PAD.encode("not a signature"))
}

/// Claims for `sub`, valid for `ttl` seconds, with the tests' issuer and audience.
pub fn claims(sub: &str, ttl: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({ "sub": sub, "iat": now, "exp": now + ttl, "iss": ISSUER, "aud": AUDIENCE })
}

/// The portal's JWKS endpoint: a tiny axum server on 127.0.0.1:0.
pub struct JwksServer {
    pub url: String,
    keys: Arc<Mutex<Vec<Value>>>,
    fetches: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl JwksServer {
    pub async fn start(keys: &[&SigningKey]) -> Self {
        let keys = Arc::new(Mutex::new(keys.iter().map(|key| key.jwk.clone()).collect::<Vec<_>>()));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (served, counted) = (keys.clone(), fetches.clone());
        let route = axum::routing::get(async move || {
            counted.fetch_add(1, Ordering::SeqCst);
            axum::Json(json!({ "keys": served.lock().unwrap().clone() }))
        });
        let app = axum::Router::new().route("/.well-known/jwks.json", route);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/.well-known/jwks.json", listener.local_addr().unwrap());
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, keys, fetches, task }
    }

    /// Publishes another key (a rotation).
    pub fn publish(&self, key: &SigningKey) {
        self.keys.lock().unwrap().push(key.jwk.clone());
    }

    /// How many times the JWKS was fetched.
    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    /// The environment of a Kassa that trusts this portal (and its HS256 secret).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("KASSA_JWT_HS256_SECRET", SECRET.to_owned()),
            ("KASSA_JWT_JWKS_URL", self.url.clone()),
            ("KASSA_JWT_ISSUER", ISSUER.to_owned()),
            ("KASSA_JWT_AUDIENCE", AUDIENCE.to_owned()),
        ]
    }
}

impl Drop for JwksServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
