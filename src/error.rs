use std::fmt::Display;

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Every `extensions.code` a client can see, in one place (the contract's list).
pub mod codes {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const INSUFFICIENT_FUNDS: &str = "INSUFFICIENT_FUNDS";
    pub const PAYMENT_SYSTEM_DISABLED: &str = "PAYMENT_SYSTEM_DISABLED";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "IDEMPOTENCY_KEY_REUSED";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
    /// The document is too long, too deep, too wide or too costly to run.
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    /// The document is not GraphQL.
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    /// The document does not fit the schema.
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    /// An automatic persisted query's hash the server does not know: send the text with it.
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";

    /// Every code above (the bounded label set of the request metrics).
    pub const ALL: &[&str] = &[
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        BAD_USER_INPUT,
        INSUFFICIENT_FUNDS,
        PAYMENT_SYSTEM_DISABLED,
        IDEMPOTENCY_KEY_REUSED,
        RATE_LIMITED,
        SERVICE_UNAVAILABLE,
        INTERNAL_SERVER_ERROR,
        QUERY_TOO_COMPLEX,
        GRAPHQL_PARSE_FAILED,
        GRAPHQL_VALIDATION_FAILED,
        PERSISTED_QUERY_NOT_FOUND,
    ];
}

/// Every failure a client can see. Each variant has a stable `extensions.code`; details of
/// internal failures are logged where they are converted, and never sent.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No token, or an unknown, expired or revoked one.
    #[error("authentication required: sign in and send the token as a Bearer header")]
    Unauthenticated,
    /// Wrong email or password; the same answer for both, so neither is revealed.
    #[error("invalid email or password")]
    BadCredentials,
    /// Signed in, but the role or the ownership does not allow it.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The wallet, user, payment system or transaction does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Malformed or out-of-range input.
    #[error("{0}")]
    BadUserInput(String),
    /// The wallet's available funds (balance minus held) are lower than the amount to take.
    #[error("insufficient funds: the wallet's available funds (balance minus holds) are lower than the amount")]
    InsufficientFunds,
    /// The chosen payment system is switched off.
    #[error("the payment system is disabled")]
    PaymentSystemDisabled,
    /// The idempotency key was used before with different input.
    #[error("this idempotency key was already used with different input")]
    IdempotencyKeyReused,
    /// Too many attempts.
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The database (or another dependency) is unreachable; safe to retry.
    #[error("the service is temporarily unavailable; retry with the same idempotency key")]
    ServiceUnavailable,
    /// Anything else; the cause is in the log.
    #[error("internal server error")]
    Internal,
}

impl ApiError {
    /// The contract's `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated | Self::BadCredentials => codes::UNAUTHENTICATED,
            Self::Forbidden(_) => codes::FORBIDDEN,
            Self::NotFound(_) => codes::NOT_FOUND,
            Self::BadUserInput(_) => codes::BAD_USER_INPUT,
            Self::InsufficientFunds => codes::INSUFFICIENT_FUNDS,
            Self::PaymentSystemDisabled => codes::PAYMENT_SYSTEM_DISABLED,
            Self::IdempotencyKeyReused => codes::IDEMPOTENCY_KEY_REUSED,
            Self::RateLimited { .. } => codes::RATE_LIMITED,
            Self::ServiceUnavailable => codes::SERVICE_UNAVAILABLE,
            Self::Internal => codes::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput(message.into())
    }

    /// Logs an unexpected failure with its cause and hides it behind INTERNAL_SERVER_ERROR.
    pub fn internal(context: &str, cause: impl Display) -> Self {
        tracing::error!(error = %cause, "{context}");
        Self::Internal
    }

    /// Logs an outage of a dependency and reports SERVICE_UNAVAILABLE.
    pub fn unavailable(context: &str, cause: impl Display) -> Self {
        tracing::warn!(error = %cause, "{context}");
        Self::ServiceUnavailable
    }
}

/// SQLSTATEs that mean "try again later" rather than "bug": a statement or lock timeout,
/// a serialization failure, or the server shutting down.
fn is_transient(message: &str) -> bool {
    ["canceling statement due to", "lock timeout", "could not serialize", "terminating connection"]
        .iter()
        .any(|needle| message.contains(needle))
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::NotFound => Self::NotFound("record"),
            // No SQLSTATE: the connection closed or broke mid-statement (PostgreSQL stopped).
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => Self::unavailable("database connection lost", &error),
            // Text with a NUL character, which PostgreSQL cannot store (SQLSTATE 22021).
            DieselError::DatabaseError(_, info) if info.message().starts_with("invalid byte sequence") => {
                Self::bad_input("text must not contain NUL (U+0000) characters")
            }
            DieselError::DatabaseError(_, info) if is_transient(info.message()) => {
                Self::unavailable("database busy", &error)
            }
            _ => Self::internal("database error", &error),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        Self::unavailable("no database connection", &error)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_password_and_unknown_email_are_indistinguishable() {
        let error = ApiError::BadCredentials;
        assert_eq!(error.code(), "UNAUTHENTICATED");
        assert_eq!(error.to_string(), "invalid email or password");
    }

    #[test]
    fn a_lost_connection_is_retryable_not_internal() {
        let error = DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection,
            Box::new("server closed the connection".to_owned()),
        );
        assert_eq!(ApiError::from(error), ApiError::ServiceUnavailable);
        let broken = DieselError::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand,
            Box::new("connection closed".to_owned()),
        );
        assert_eq!(ApiError::from(broken), ApiError::ServiceUnavailable);
    }
}
