use std::fmt;

use rand::Rng;

/// A wallet number: 12 digits, the last a Luhn check digit, so one mistyped digit or two
/// swapped neighbours are caught before any lookup.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WalletNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletNumberError {
    #[error("a wallet number has 12 digits")]
    Malformed,
    #[error("the wallet number's check digit does not match: it was probably mistyped")]
    BadCheckDigit,
}

impl WalletNumber {
    pub const LEN: usize = 12;

    /// Parses what a customer reads out or a cashier types: spaces and dashes between
    /// digits are ignored.
    pub fn parse(text: &str) -> Result<Self, WalletNumberError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.len() != Self::LEN || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WalletNumberError::Malformed);
        }
        if luhn_check_digit(&digits[..Self::LEN - 1]) != digits.as_bytes()[Self::LEN - 1] {
            return Err(WalletNumberError::BadCheckDigit);
        }
        Ok(Self(digits))
    }

    /// A fresh random number with a valid check digit (uniqueness is the database's job).
    pub fn generate(rng: &mut impl Rng) -> Self {
        let payload: String = (0..Self::LEN - 1).map(|_| char::from(b'0' + rng.random_range(0..10))).collect();
        Self::with_check_digit(&payload).expect("11 random digits")
    }

    /// Completes an 11-digit payload with its check digit (deterministic numbers for
    /// fixtures and benchmarks); None for anything but 11 ASCII digits.
    pub fn with_check_digit(payload: &str) -> Option<Self> {
        if payload.len() != Self::LEN - 1 || !payload.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self(format!("{payload}{}", char::from(luhn_check_digit(payload)))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WalletNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Luhn check digit (as an ASCII byte) for a payload of ASCII digits.
fn luhn_check_digit(payload: &str) -> u8 {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_known_luhn_number_is_accepted() {
        // 7992739871 + check digit 3 is the textbook Luhn example; pad to 12 with zeros.
        assert_eq!(luhn_check_digit("7992739871"), b'3');
        assert_eq!(luhn_check_digit("12345678901"), b'5');
        assert!(WalletNumber::parse("123456789015").is_ok());
        assert_eq!(WalletNumber::parse("123456789014"), Err(WalletNumberError::BadCheckDigit));
        // Two swapped neighbours are caught too.
        assert!(WalletNumber::parse("213456789015").is_err());
    }

    #[test]
    fn separators_are_ignored_and_length_is_checked() {
        let number = WalletNumber::generate(&mut rand::rng());
        let spaced = format!("{} {}-{}", &number.0[..4], &number.0[4..8], &number.0[8..]);
        assert_eq!(WalletNumber::parse(&spaced).unwrap(), number);
        assert_eq!(WalletNumber::parse("12345"), Err(WalletNumberError::Malformed));
        assert_eq!(WalletNumber::parse("12345678901a"), Err(WalletNumberError::Malformed));
        assert_eq!(WalletNumber::with_check_digit("12345678901").unwrap().as_str(), "123456789015");
        assert!(WalletNumber::with_check_digit("1234567890").is_none());
    }

    proptest! {
        #[test]
        fn generated_numbers_parse(seed in any::<u64>()) {
            use rand::SeedableRng;
            let number = WalletNumber::generate(&mut rand::rngs::StdRng::seed_from_u64(seed));
            prop_assert_eq!(WalletNumber::parse(number.as_str()).unwrap(), number);
        }

        #[test]
        fn any_single_digit_typo_is_caught(seed in any::<u64>(), at in 0usize..12, delta in 1u8..10) {
            use rand::SeedableRng;
            let number = WalletNumber::generate(&mut rand::rngs::StdRng::seed_from_u64(seed));
            let mut bytes = number.as_str().as_bytes().to_vec();
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(WalletNumber::parse(&typo), Err(WalletNumberError::BadCheckDigit));
        }
    }
}
