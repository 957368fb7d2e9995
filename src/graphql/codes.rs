//! Every GraphQL error leaves with the contract's `extensions.code`.

use async_graphql::{Response, ServerError};

use crate::error::ApiError;
use crate::error::codes::{BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX};

/// Whether the operation ran: a request error (validation, an unknown operation) leaves no
/// data and errors without a path; every error of a field that ran has one.
pub(crate) fn was_executed(response: &Response) -> bool {
    !matches!(response.data, async_graphql::Value::Null) || response.errors.iter().any(|error| !error.path.is_empty())
}

/// Gives every error of a response its contract code.
pub(crate) fn tag_response(response: &mut Response) {
    for error in &mut response.errors {
        if error.path.is_empty() { tag_request_error(error) } else { tag(error) }
    }
}

/// An error raised before any field ran: what the document or its variables got wrong.
fn tag_request_error(error: &mut ServerError) {
    if code_of(error).is_some() {
        return;
    }
    let message = error.message.as_str();
    // A value that does not fit its argument (a null amount, a number for Money) is bad
    // input, and so is an operation name that names nothing; not a wrong document.
    let code = if message.starts_with("Query is") || message.contains("cannot be greater than") {
        QUERY_TOO_COMPLEX
    } else if message.starts_with("Invalid value for argument")
        || message.starts_with("Unknown operation named")
        || message.starts_with("Operation name required")
    {
        BAD_USER_INPUT
    } else if error.source.is_some() {
        return tag(error);
    } else {
        GRAPHQL_VALIDATION_FAILED
    };
    set_code(error, code);
}

/// Resolver errors carry an [`ApiError`] as their source: give them its code. Anything else
/// without a code is an argument or variable that failed to coerce: BAD_USER_INPUT.
fn tag(error: &mut ServerError) {
    if code_of(error).is_some() {
        return;
    }
    let api_error = error.source.as_ref().and_then(|source| source.downcast_ref::<ApiError>()).cloned();
    match api_error {
        Some(api_error) => {
            set_code(error, api_error.code());
            if let ApiError::RateLimited { retry_after_secs } = api_error {
                error.extensions.get_or_insert_with(Default::default).set("retryAfter", retry_after_secs);
            }
        }
        None => set_code(error, BAD_USER_INPUT),
    }
}

/// An error with no position, carrying its contract code.
pub(crate) fn coded(message: impl Into<String>, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    set_code(&mut error, code);
    error
}

fn code_of(error: &ServerError) -> Option<&async_graphql::Value> {
    error.extensions.as_ref().and_then(|extensions| extensions.get("code"))
}

pub(super) fn set_code(error: &mut ServerError, code: &str) {
    error.extensions.get_or_insert_with(Default::default).set("code", code);
}

/// The error for an [`ApiError`] raised outside a resolver.
pub(crate) fn from_api(error: &ApiError) -> ServerError {
    coded(error.to_string(), error.code())
}

/// The contract code of an error, as a metric label: one of `error::codes::ALL`, or "OTHER".
pub(crate) fn result_code(error: &ServerError) -> &'static str {
    let Some(async_graphql::Value::String(code)) = code_of(error) else { return "OTHER" };
    crate::error::codes::ALL.iter().find(|known| **known == code.as_str()).copied().unwrap_or("OTHER")
}
