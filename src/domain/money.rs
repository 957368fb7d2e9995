use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Fraction digits of every supported currency (RUB, USD, EUR...).
pub const SCALE: u32 = 2;
/// The longest amount string read at all, so a huge input costs nothing.
const MAX_LEN: usize = 32;

/// An exact amount of money with the currency's 2 fraction digits. Balances may be zero;
/// amounts parsed from clients by [`Money::parse_amount`] are always above zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("an amount is a string of digits with an optional '.' and at most 2 fraction digits, e.g. \"1250.00\"")]
    Malformed,
    #[error("an amount must be greater than zero")]
    NotPositive,
    #[error("the amount is above the maximum of {0} for one operation")]
    AboveMaximum(Money),
}

impl Money {
    /// Parses a client's amount: ASCII digits, optionally `.` and one or two more digits,
    /// greater than zero. Signs, exponents, spaces, commas and extra digits are refused,
    /// never rounded.
    pub fn parse_amount(text: &str) -> Result<Money, MoneyError> {
        if text.is_empty() || text.len() > MAX_LEN {
            return Err(MoneyError::Malformed);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (text, None),
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || fraction.is_some_and(|f| !digits(f) || f.len() > SCALE as usize) {
            return Err(MoneyError::Malformed);
        }
        let value = Decimal::from_str(text).map_err(|_| MoneyError::Malformed)?;
        if value.is_zero() {
            return Err(MoneyError::NotPositive);
        }
        Ok(Money::from_decimal(value))
    }

    /// Wraps a value read from the database (NUMERIC(20, 2)), normalised to 2 digits.
    pub fn from_decimal(value: Decimal) -> Money {
        let mut value = value;
        value.rescale(SCALE);
        Money(value)
    }

    /// Refuses an amount above the configured maximum of one operation.
    pub fn at_most(self, max: Money) -> Result<Money, MoneyError> {
        if self > max { Err(MoneyError::AboveMaximum(max)) } else { Ok(self) }
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The value always has scale 2, so this is exact: "0.00", "1250.50".
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn well_formed_amounts_parse_exactly() {
        assert_eq!(Money::parse_amount("1250").unwrap().to_string(), "1250.00");
        assert_eq!(Money::parse_amount("0.01").unwrap().to_string(), "0.01");
        assert_eq!(Money::parse_amount("10.5").unwrap().to_string(), "10.50");
        assert_eq!(Money::parse_amount("007.10").unwrap().to_string(), "7.10");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for text in [
            "",
            "-1",
            "+1",
            "1e3",
            "1E3",
            "NaN",
            "inf",
            "1.",
            ".5",
            "1.001",
            "1 000",
            " 1",
            "1,00",
            "1.0.0",
            "0x10",
            "١٢",
            "12345678901234567890123456789012345",
        ] {
            assert_eq!(Money::parse_amount(text), Err(MoneyError::Malformed), "{text:?}");
        }
        assert_eq!(Money::parse_amount("0"), Err(MoneyError::NotPositive));
        assert_eq!(Money::parse_amount("0.00"), Err(MoneyError::NotPositive));
    }

    #[test]
    fn the_maximum_is_inclusive() {
        let max = Money::parse_amount("100.00").unwrap();
        assert!(Money::parse_amount("100").unwrap().at_most(max).is_ok());
        assert!(Money::parse_amount("100.01").unwrap().at_most(max).is_err());
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_gives_the_same_amount(cents in 1u64..10_000_000_000_000) {
            let money = Money::from_decimal(Decimal::new(cents as i64, 2));
            let text = money.to_string();
            prop_assert_eq!(Money::parse_amount(&text).unwrap(), money);
            prop_assert_eq!(text.split_once('.').map(|(_, f)| f.len()), Some(2));
        }

        #[test]
        fn any_accepted_string_is_digits_and_one_optional_point(text in "\\PC{0,12}") {
            if let Ok(money) = Money::parse_amount(&text) {
                prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                prop_assert!(money.decimal() > Decimal::ZERO);
                prop_assert_eq!(money.decimal(), Decimal::from_str(&text).unwrap());
            }
        }

        #[test]
        fn three_fraction_digits_are_never_rounded(whole in 0u32..1_000_000, frac in 0u32..1000) {
            let text = format!("{whole}.{frac:03}");
            prop_assert_eq!(Money::parse_amount(&text), Err(MoneyError::Malformed));
        }
    }
}
