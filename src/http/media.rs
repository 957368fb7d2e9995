//! Content negotiation for GraphQL over HTTP: `application/graphql-response+json` when the
//! client prefers it, `application/json` otherwise.
//!
//! The two differ only in status codes. With `application/json` every well-formed request
//! gets 200, errors in the body (what existing clients expect). With
//! `application/graphql-response+json` a request that never reached execution (a parse,
//! validation or variable error, a document over the limits) gets 400 and no `data` entry,
//! as the GraphQL-over-HTTP specification asks.

use axum::http::{HeaderMap, StatusCode, header};

pub const JSON: &str = "application/json";
pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// The media type of the response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MediaType {
    Json,
    GraphqlResponse,
}

impl MediaType {
    /// Picks by the `Accept` header: `application/graphql-response+json` when its quality is
    /// at least that of `application/json` (or of `*/*`); JSON when Accept is missing, names
    /// only other types, or prefers JSON.
    pub(super) fn negotiate(headers: &HeaderMap) -> Self {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|value| value.to_str().ok()) else {
            return Self::Json;
        };
        let mut graphql_response = 0.0_f32;
        let mut json = 0.0_f32;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|param| param.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match mime.as_str() {
                GRAPHQL_RESPONSE => graphql_response = graphql_response.max(quality),
                JSON | "application/*" | "*/*" => json = json.max(quality),
                _ => {}
            }
        }
        if graphql_response > 0.0 && graphql_response >= json { Self::GraphqlResponse } else { Self::Json }
    }

    pub(super) fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json; charset=utf-8",
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }

    /// The status of a GraphQL response: 200, except for a request error (nothing was
    /// executed) under `application/graphql-response+json`, which is a 400.
    pub(super) fn status(self, executed: bool) -> StatusCode {
        match self {
            Self::GraphqlResponse if !executed => StatusCode::BAD_REQUEST,
            _ => StatusCode::OK,
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn accept(value: &str) -> MediaType {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        MediaType::negotiate(&headers)
    }

    #[test]
    fn the_client_preference_decides() {
        assert_eq!(MediaType::negotiate(&HeaderMap::new()), MediaType::Json);
        assert_eq!(accept("application/json"), MediaType::Json);
        assert_eq!(accept("*/*"), MediaType::Json);
        assert_eq!(accept("text/html"), MediaType::Json);
        assert_eq!(accept("application/graphql-response+json"), MediaType::GraphqlResponse);
        assert_eq!(accept("application/graphql-response+json, application/json;q=0.9"), MediaType::GraphqlResponse);
        assert_eq!(accept("application/graphql-response+json;q=0.5, application/json"), MediaType::Json);
        assert_eq!(accept("application/graphql-response+json;q=0"), MediaType::Json);
    }

    #[test]
    fn only_request_errors_under_the_new_type_are_400() {
        assert_eq!(MediaType::Json.status(false), StatusCode::OK);
        assert_eq!(MediaType::GraphqlResponse.status(true), StatusCode::OK);
        assert_eq!(MediaType::GraphqlResponse.status(false), StatusCode::BAD_REQUEST);
    }
}
