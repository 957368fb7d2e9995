//! Where an admin may point a webhook: an absolute `http://` or `https://` URL with a host,
//! at most 2048 characters, without a user name or password (a secret in a URL ends up
//! in logs). Private addresses are allowed: the portal's back end is often on one.

use crate::error::{ApiError, ApiResult};

/// The longest URL accepted.
const MAX_LEN: usize = 2048;

/// A URL that passed [`WebhookUrl::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WebhookUrl {
    url: String,
    host: String,
}

impl WebhookUrl {
    pub(crate) fn parse(text: &str) -> ApiResult<Self> {
        let bad = |why: &str| ApiError::bad_input(format!("url {why}"));
        let text = text.trim();
        if text.is_empty() || text.len() > MAX_LEN {
            return Err(bad("must be 1 to 2048 characters"));
        }
        let url = reqwest::Url::parse(text).map_err(|_| bad("is not an absolute URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad("must start with http:// or https://"));
        }
        let Some(host) = url.host_str().filter(|host| !host.is_empty()) else {
            return Err(bad("needs a host"));
        };
        let host = host.to_owned();
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("must not carry a user name or password"));
        }
        Ok(Self { url: url.to_string(), host })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.url
    }

    /// The host alone, for the audit log (a path or query may hold the portal's token).
    pub(crate) fn host(&self) -> &str {
        &self.host
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_with_a_host_pass() {
        assert_eq!(WebhookUrl::parse("https://portal.example/hooks").unwrap().as_str(), "https://portal.example/hooks");
        assert!(WebhookUrl::parse("http://10.0.0.7:8080/kassa?x=1").is_ok());
    }

    #[test]
    fn other_schemes_credentials_and_long_urls_are_refused() {
        for bad in [
            "",
            "portal.example/hooks",
            "ftp://portal.example/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pass@portal.example/",
            "https://user@portal.example/",
            "http://",
            "https://:443/",
        ] {
            assert!(WebhookUrl::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("https://portal.example/{}", "a".repeat(2040));
        assert!(WebhookUrl::parse(&long).is_err());
    }
}
