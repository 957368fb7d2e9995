//! Portal JWTs (contract/portal.md, "Who a request is"): HS256 with the shared secret,
//! RS256 and ES256 through the portal's JWKS. The algorithm is taken from the configured
//! keys, never from the token alone: a token whose `alg` names a key type that is not
//! configured (or `none`) is refused, and each key verifies one algorithm only.

mod jwks;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::config::JwtConfig;
use jwks::Jwks;

/// `nbf` and `iat` may be this far ahead of our clock.
const LEEWAY_SECONDS: i64 = 60;
/// The longest `sub` accepted (it is stored as `users.external_id`).
const MAX_SUB_CHARS: usize = 255;

/// The keys portal JWTs are verified with, built once from the configuration.
pub(crate) struct JwtKeys {
    hs256: Option<DecodingKey>,
    jwks: Option<Jwks>,
    issuer: Option<String>,
    audience: Option<String>,
}

/// What a verified token says.
#[derive(Clone, Debug)]
pub(crate) struct Claims {
    pub sub: String,
    pub expires_at: DateTime<Utc>,
    pub email: Option<String>,
    pub name: Option<String>,
}

#[derive(Deserialize)]
struct Raw {
    sub: String,
    exp: i64,
    iat: Option<i64>,
    email: Option<String>,
    name: Option<String>,
}

/// True when `credential` has the shape of a JWT: three base64url parts joined by dots.
pub(crate) fn looks_like_jwt(credential: &str) -> bool {
    let parts: Vec<&str> = credential.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

impl JwtKeys {
    pub(crate) fn new(config: &JwtConfig) -> anyhow::Result<Self> {
        Ok(Self {
            hs256: config.hs256_secret.as_deref().map(DecodingKey::from_secret),
            jwks: config.jwks_url.clone().map(Jwks::new).transpose()?,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
        })
    }

    /// The claims of a valid token, or None. Why a token was refused is logged here, at
    /// info, and never told to the client.
    pub(crate) async fn verify(&self, token: &str) -> Option<Claims> {
        match self.check(token).await {
            Ok(claims) => Some(claims),
            Err(reason) => {
                tracing::info!(reason, "jwt refused");
                None
            }
        }
    }

    async fn check(&self, token: &str) -> Result<Claims, &'static str> {
        // An `alg` outside jsonwebtoken's list (`none` among them) fails here.
        let header = jsonwebtoken::decode_header(token).map_err(|_| "unreadable header or unknown alg")?;
        let from_jwks;
        let key = match header.alg {
            Algorithm::HS256 => self.hs256.as_ref().ok_or("HS256 is not configured")?,
            Algorithm::RS256 | Algorithm::ES256 => {
                let jwks = self.jwks.as_ref().ok_or("no JWKS is configured")?;
                let kid = header.kid.as_deref().ok_or("no kid")?;
                from_jwks = jwks.key(kid, header.alg).await.ok_or("no JWKS key with this kid for this alg")?;
                &*from_jwks
            }
            _ => return Err("alg not accepted"),
        };
        let mut validation = Validation::new(header.alg);
        validation.leeway = LEEWAY_SECONDS as u64;
        validation.validate_nbf = true;
        // jsonwebtoken checks iss and aud only when present: a configured one is required.
        let mut required = vec!["exp", "sub"];
        match &self.issuer {
            Some(issuer) => {
                validation.set_issuer(&[issuer]);
                required.push("iss");
            }
            None => validation.iss = None,
        }
        match &self.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);
        let data = jsonwebtoken::decode::<Raw>(token, key, &validation).map_err(|error| match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => "bad signature",
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => "expired",
            jsonwebtoken::errors::ErrorKind::ImmatureSignature => "not yet valid (nbf)",
            jsonwebtoken::errors::ErrorKind::InvalidIssuer => "wrong iss",
            jsonwebtoken::errors::ErrorKind::InvalidAudience => "wrong aud",
            jsonwebtoken::errors::ErrorKind::MissingRequiredClaim(_) => "missing exp, sub, iss or aud",
            _ => "malformed token or claims",
        })?;
        let raw = data.claims;
        let now = Utc::now().timestamp();
        // The leeway is for clocks a little ahead of ours (nbf, iat), not for expiry:
        // a live subscription ends at `exp` exactly, so no request may pass after it.
        if raw.exp <= now {
            return Err("expired");
        }
        if raw.iat.is_some_and(|iat| iat > now + LEEWAY_SECONDS) {
            return Err("issued in the future (iat)");
        }
        if raw.sub.trim().is_empty() || raw.sub.chars().count() > MAX_SUB_CHARS {
            return Err("empty or over-long sub");
        }
        let expires_at = DateTime::from_timestamp(raw.exp, 0).ok_or("exp out of range")?;
        Ok(Claims { sub: raw.sub, expires_at, email: raw.email, name: raw.name })
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_jwt;

    #[test]
    fn the_shape_of_a_jwt() {
        assert!(looks_like_jwt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assert!(!looks_like_jwt("kassa_abcdefghijklmnop"));
        assert!(!looks_like_jwt("a.b"));
        assert!(!looks_like_jwt("a..c"));
        assert!(!looks_like_jwt("a.b.c.d"));
        assert!(!looks_like_jwt("a.b+.c"));
    }
}
