//! The variables of the portal's sign-in (portal JWTs, contract/portal.md).

use anyhow::bail;

/// The shortest HS256 secret accepted: 256 bits, as RFC 7518 asks of HS256 keys.
const MIN_SECRET_BYTES: usize = 32;

#[derive(Clone, Default)]
pub struct JwtConfig {
    /// `KASSA_JWT_HS256_SECRET`: the secret shared with the portal for HS256 tokens (at
    /// least 32 bytes). Never printed.
    pub hs256_secret: Option<Vec<u8>>,
    /// `KASSA_JWT_JWKS_URL`: the portal's JWKS, for RS256 and ES256 tokens.
    pub jwks_url: Option<String>,
    /// `KASSA_JWT_ISSUER`: the `iss` a token must carry, when set.
    pub issuer: Option<String>,
    /// `KASSA_JWT_AUDIENCE`: the `aud` a token must name, when set.
    pub audience: Option<String>,
}

impl JwtConfig {
    pub(super) fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let set = |key: &str| lookup(key).filter(|value| !value.trim().is_empty());
        let hs256_secret = set("KASSA_JWT_HS256_SECRET");
        if let Some(secret) = &hs256_secret
            && secret.len() < MIN_SECRET_BYTES
        {
            bail!(
                "KASSA_JWT_HS256_SECRET must be at least {MIN_SECRET_BYTES} bytes, got {} (openssl rand -base64 32)",
                secret.len()
            );
        }
        let jwks_url = set("KASSA_JWT_JWKS_URL").map(|url| url.trim().to_owned());
        if let Some(url) = &jwks_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            bail!("KASSA_JWT_JWKS_URL must start with https:// or http://, got {url:?}");
        }
        Ok(Self {
            hs256_secret: hs256_secret.map(String::into_bytes),
            jwks_url,
            issuer: set("KASSA_JWT_ISSUER"),
            audience: set("KASSA_JWT_AUDIENCE"),
        })
    }

    /// True when portal JWTs can be verified at all.
    pub fn enabled(&self) -> bool {
        self.hs256_secret.is_some() || self.jwks_url.is_some()
    }
}

impl std::fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfig")
            .field("hs256_secret", &self.hs256_secret.as_ref().map(|_| "<secret>"))
            .field("jwks_url", &self.jwks_url)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_secret_fails_start_up() {
        let short = |key: &str| (key == "KASSA_JWT_HS256_SECRET").then(|| "too short".to_owned());
        let error = JwtConfig::from_lookup(&short).unwrap_err().to_string();
        assert!(error.contains("at least 32 bytes"), "{error}");
        let long = |key: &str| (key == "KASSA_JWT_HS256_SECRET").then(|| "x".repeat(32));
        assert!(JwtConfig::from_lookup(&long).unwrap().enabled());
        assert!(!JwtConfig::from_lookup(&|_| None).unwrap().enabled());
        let ftp = |key: &str| (key == "KASSA_JWT_JWKS_URL").then(|| "ftp://portal/jwks".to_owned());
        assert!(JwtConfig::from_lookup(&ftp).is_err());
    }
}
