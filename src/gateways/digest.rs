//! The hashes the providers sign with, and constant-time comparison of signatures.

use hmac::{Hmac, Mac};
use sha2::Digest;
use subtle::ConstantTimeEq;

use crate::domain::HashAlgorithm;

/// The raw digest of `text` under `algorithm`.
pub(super) fn raw(algorithm: HashAlgorithm, text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    match algorithm {
        HashAlgorithm::Md5 => md5::Md5::digest(bytes).to_vec(),
        HashAlgorithm::Ripemd160 => ripemd::Ripemd160::digest(bytes).to_vec(),
        HashAlgorithm::Sha1 => sha1::Sha1::digest(bytes).to_vec(),
        HashAlgorithm::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
        HashAlgorithm::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
        HashAlgorithm::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
    }
}

/// Lower-case hex of the digest.
pub(super) fn hex(algorithm: HashAlgorithm, text: &str) -> String {
    ::hex::encode(raw(algorithm, text))
}

/// Hex HMAC-SHA256 of `data` under `key`.
pub(super) fn hmac_sha256_hex(key: &str, data: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(data.as_bytes());
    ::hex::encode(mac.finalize().into_bytes())
}

/// Whether a received hex signature equals the expected one, ignoring case, in time that
/// does not depend on where they differ.
pub(super) fn same_hex(received: &str, expected: &str) -> bool {
    let received = received.trim().to_ascii_lowercase();
    received.len() == expected.len() && bool::from(received.as_bytes().ct_eq(expected.as_bytes()))
}

/// The same for a signature compared exactly (base64).
pub(super) fn same_exact(received: &str, expected: &str) -> bool {
    let received = received.trim();
    received.len() == expected.len() && bool::from(received.as_bytes().ct_eq(expected.as_bytes()))
}
