//! The variables of online payments (gateways.md).

use std::time::Duration;

use anyhow::{Context, bail};

use super::parse_duration;
use crate::secrets::Keyring;

#[derive(Clone, Debug)]
pub struct OnlineConfig {
    /// `KASSA_SECRET_KEY` (32 bytes, standard base64: `openssl rand -base64 32`) seals the
    /// payment systems' secrets at rest; `KASSA_SECRET_KEY_PREVIOUS` is the key being
    /// rotated away from (`kassa rotate-secrets`). Without a key no secret can be stored.
    pub keyring: Keyring,
    /// `KASSA_PUBLIC_URL`: the address payment systems reach Kassa at, the base of every
    /// `notificationUrl`; None means `http://` + the address bound (`Config::public_url`).
    pub public_url: Option<String>,
    /// `KASSA_INVOICE_TTL`: how long an online top-up waits for its payment before it reads
    /// as EXPIRED (default 24h; a payment confirmed later still credits it).
    pub invoice_ttl: Duration,
}

impl OnlineConfig {
    pub(super) fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let keyring = Keyring::from_values(
            lookup("KASSA_SECRET_KEY").as_deref(),
            lookup("KASSA_SECRET_KEY_PREVIOUS").as_deref(),
        )?;
        let public_url = lookup("KASSA_PUBLIC_URL")
            .filter(|url| !url.trim().is_empty())
            .map(|url| url.trim().trim_end_matches('/').to_owned());
        if let Some(url) =
            public_url.as_deref().filter(|url| !(url.starts_with("https://") || url.starts_with("http://")))
        {
            bail!("KASSA_PUBLIC_URL must start with https:// or http://, got {url:?}");
        }
        let invoice_ttl = parse_duration(&lookup("KASSA_INVOICE_TTL").unwrap_or_else(|| "24h".to_owned()))
            .context("KASSA_INVOICE_TTL must look like 24h, 30m or 3600s")?;
        Ok(Self { keyring, public_url, invoice_ttl })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_a_bad_public_url() {
        let config = OnlineConfig::from_lookup(&|_| None).unwrap();
        assert_eq!(config.public_url, None);
        assert_eq!(config.invoice_ttl, Duration::from_secs(86_400));
        assert!(!config.keyring.can_seal());
        let lookup = |key: &str| (key == "KASSA_PUBLIC_URL").then(|| "kassa.example".to_owned());
        assert!(OnlineConfig::from_lookup(&lookup).is_err());
        let lookup = |key: &str| (key == "KASSA_PUBLIC_URL").then(|| "https://pay.example/".to_owned());
        assert_eq!(OnlineConfig::from_lookup(&lookup).unwrap().public_url.as_deref(), Some("https://pay.example"));
    }
}
