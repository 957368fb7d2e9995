use async_graphql::{ID, InputValueError, InputValueResult, Scalar, ScalarType, Value};

use crate::domain::Money;
use crate::error::{ApiError, ApiResult};

/// An exact amount of money as a decimal string, e.g. "1250.00". Output always carries
/// the currency's fraction digits (2 for RUB). Input must be a JSON string of ASCII digits
/// with an optional '.' and at most 2 fraction digits, greater than zero and not above
/// the configured maximum; numbers, exponents, signs, spaces and commas are rejected,
/// never rounded.
#[Scalar(name = "Money")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(text) => {
                Money::parse_amount(&text).map_err(|error| InputValueError::custom(error.to_string()))
            }
            _ => Err(InputValueError::custom("an amount must be a JSON string such as \"1250.00\", never a number")),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

/// Reads one of this API's ids; anything else is BAD_USER_INPUT.
pub fn parse_id(id: &ID, what: &str) -> ApiResult<i64> {
    id.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::bad_input(format!("{what} is not an id of this API")))
}

pub fn to_id(id: i64) -> ID {
    ID(id.to_string())
}

/// Versions are BIGINT in the database and Int (32-bit) in GraphQL.
pub fn to_int(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// An instant in UTC, RFC 3339, e.g. "2026-11-27T21:44:08Z".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<chrono::Utc>);

#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::custom("a DateTime is an RFC 3339 string, e.g. \"2026-11-27T21:44:08Z\""));
        };
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|instant| DateTime(instant.with_timezone(&chrono::Utc)))
            .map_err(|_| InputValueError::custom("a DateTime is an RFC 3339 string, e.g. \"2026-11-27T21:44:08Z\""))
    }

    fn to_value(&self) -> Value {
        Value::String(crate::domain::rfc3339(self.0))
    }
}
