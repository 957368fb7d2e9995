//! Payment-system secrets at rest: sealed with XChaCha20-Poly1305 under `KASSA_SECRET_KEY`.
//!
//! A sealed value reads `sealed:v1:<key id>:<base64 of nonce ‖ ciphertext>`; the key id is
//! the first 8 bytes of the key's SHA-256, in hex, so a value names the key that opens it and
//! `kassa rotate-secrets` can re-seal under a new key while the old one is
//! `KASSA_SECRET_KEY_PREVIOUS`. A value without the prefix was stored in plain text by an
//! older version; it still opens, and start-up seals it once a key is set.
//!
//! Neither a [`Secret`] nor a [`Keyring`] prints its contents, in `Debug` or anywhere.

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

const PREFIX: &str = "sealed:v1:";
const NONCE: usize = 24;

/// A secret in the clear, in memory only. `Debug` shows `<secret>`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<secret>")
    }
}

/// One 32-byte key and its id.
#[derive(Clone)]
struct SealingKey {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl SealingKey {
    /// Parses standard base64 of exactly 32 bytes.
    fn parse(base64: &str, variable: &str) -> anyhow::Result<Self> {
        let bytes = STANDARD
            .decode(base64.trim())
            .with_context(|| format!("{variable} must be standard base64 (openssl rand -base64 32)"))?;
        if bytes.len() != 32 {
            bail!("{variable} must be 32 bytes of base64 (openssl rand -base64 32), got {} bytes", bytes.len());
        }
        let id = hex::encode(&Sha256::digest(&bytes)[..8]);
        Ok(Self { id, cipher: XChaCha20Poly1305::new(Key::from_slice(&bytes)) })
    }
}

/// The current sealing key and, during a rotation, the previous one.
#[derive(Clone, Default)]
pub struct Keyring {
    current: Option<SealingKey>,
    previous: Option<SealingKey>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.as_ref().map(|key| &key.id))
            .field("previous", &self.previous.as_ref().map(|key| &key.id))
            .finish()
    }
}

/// Why a stored secret could not be opened.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OpenError {
    #[error("sealed under key {0}, which is neither KASSA_SECRET_KEY nor KASSA_SECRET_KEY_PREVIOUS")]
    UnknownKey(String),
    #[error("the sealed value is damaged or was not sealed under its key")]
    Damaged,
}

impl Keyring {
    /// From `KASSA_SECRET_KEY` and `KASSA_SECRET_KEY_PREVIOUS` (both optional, blank = unset).
    pub fn from_values(current: Option<&str>, previous: Option<&str>) -> anyhow::Result<Self> {
        let parse = |value: Option<&str>, variable: &str| {
            value.filter(|value| !value.trim().is_empty()).map(|value| SealingKey::parse(value, variable)).transpose()
        };
        let keyring = Self {
            current: parse(current, "KASSA_SECRET_KEY")?,
            previous: parse(previous, "KASSA_SECRET_KEY_PREVIOUS")?,
        };
        if keyring.current.is_none() && keyring.previous.is_some() {
            bail!("KASSA_SECRET_KEY_PREVIOUS is set without KASSA_SECRET_KEY: set the new key too");
        }
        Ok(keyring)
    }

    pub(crate) fn can_seal(&self) -> bool {
        self.current.is_some()
    }

    /// The id of the current key, if any.
    pub(crate) fn current_id(&self) -> Option<&str> {
        self.current.as_ref().map(|key| key.id.as_str())
    }

    /// Seals under the current key; None without one.
    pub(crate) fn seal(&self, secret: &Secret) -> Option<String> {
        let key = self.current.as_ref()?;
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = key
            .cipher
            .encrypt(XNonce::from_slice(&nonce), secret.expose().as_bytes())
            .expect("XChaCha20-Poly1305 encrypts any length Kassa stores");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Some(format!("{PREFIX}{}:{}", key.id, STANDARD.encode(bytes)))
    }

    /// Opens a stored value: a sealed one under whichever key it names, a plain one as is.
    pub(crate) fn open(&self, stored: &str) -> Result<Secret, OpenError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else { return Ok(Secret(stored.to_owned())) };
        let (id, body) = rest.split_once(':').ok_or(OpenError::Damaged)?;
        let key = [&self.current, &self.previous]
            .into_iter()
            .flatten()
            .find(|key| key.id == id)
            .ok_or_else(|| OpenError::UnknownKey(id.to_owned()))?;
        let bytes = STANDARD.decode(body).map_err(|_| OpenError::Damaged)?;
        if bytes.len() < NONCE {
            return Err(OpenError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE);
        let plain = key.cipher.decrypt(XNonce::from_slice(nonce), sealed).map_err(|_| OpenError::Damaged)?;
        String::from_utf8(plain).map(Secret).map_err(|_| OpenError::Damaged)
    }

    /// Whether a stored value is already sealed under the current key.
    pub(crate) fn is_current(&self, stored: &str) -> bool {
        self.current_id().is_some_and(|id| {
            stored.strip_prefix(PREFIX).and_then(|rest| rest.split_once(':')).is_some_and(|(k, _)| k == id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_A: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const KEY_B: &str = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    #[test]
    fn a_sealed_secret_opens_under_its_key_and_names_it() {
        let keyring = Keyring::from_values(Some(KEY_A), None).unwrap();
        let secret = Secret::new("Password#2".to_owned());
        let sealed = keyring.seal(&secret).unwrap();
        assert!(sealed.starts_with(&format!("sealed:v1:{}:", keyring.current_id().unwrap())));
        assert!(!sealed.contains("Password#2"));
        assert_ne!(sealed, keyring.seal(&secret).unwrap(), "a fresh nonce each time");
        assert_eq!(keyring.open(&sealed).unwrap(), secret);
        assert!(keyring.is_current(&sealed));
    }

    #[test]
    fn rotation_opens_old_values_with_the_previous_key_and_nothing_else() {
        let old = Keyring::from_values(Some(KEY_A), None).unwrap();
        let sealed = old.seal(&Secret::new("s3cret".to_owned())).unwrap();
        let rotating = Keyring::from_values(Some(KEY_B), Some(KEY_A)).unwrap();
        assert_eq!(rotating.open(&sealed).unwrap().expose(), "s3cret");
        assert!(!rotating.is_current(&sealed));
        let new_only = Keyring::from_values(Some(KEY_B), None).unwrap();
        assert!(matches!(new_only.open(&sealed), Err(OpenError::UnknownKey(_))));
    }

    #[test]
    fn a_tampered_value_does_not_open() {
        let keyring = Keyring::from_values(Some(KEY_A), None).unwrap();
        let sealed = keyring.seal(&Secret::new("s3cret".to_owned())).unwrap();
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 3;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        assert!(matches!(keyring.open(&String::from_utf8(bytes).unwrap()), Err(OpenError::Damaged)));
    }

    #[test]
    fn plain_values_of_older_versions_open_as_they_are() {
        let keyring = Keyring::default();
        assert_eq!(keyring.open("legacy").unwrap().expose(), "legacy");
        assert!(keyring.seal(&Secret::new("x".to_owned())).is_none());
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64_and_never_print() {
        assert!(Keyring::from_values(Some("c2hvcnQ="), None).is_err());
        assert!(Keyring::from_values(Some("not base64!"), None).is_err());
        assert!(Keyring::from_values(None, Some(KEY_A)).is_err());
        let keyring = Keyring::from_values(Some(KEY_A), Some(KEY_B)).unwrap();
        let printed = format!("{keyring:?} {:?}", Secret::new("hunter2".to_owned()));
        assert!(!printed.contains(KEY_A) && !printed.contains(KEY_B) && !printed.contains("hunter2"), "{printed}");
    }
}
