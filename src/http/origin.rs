//! The WebSocket Origin check: a browser page on a foreign site must not open a
//! subscription with a user's credentials (cross-site WebSocket hijacking).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A 403 to answer instead of upgrading, or None to go on: None when `KASSA_WS_ORIGINS` is
/// empty, when the request has no Origin (not a browser: the CLI, a mobile app) or when its
/// Origin is in the list.
pub(super) fn refuse_ws_origin(allowed: &[String], headers: &HeaderMap) -> Option<Response> {
    if allowed.is_empty() {
        return None;
    }
    let origin = headers.get(header::ORIGIN)?.to_str().unwrap_or_default().trim_end_matches('/');
    if allowed.iter().any(|allowed| allowed.eq_ignore_ascii_case(origin)) {
        return None;
    }
    tracing::info!(origin, "refused a WebSocket from an origin that is not allowed");
    Some((StatusCode::FORBIDDEN, "this origin may not open a WebSocket here").into_response())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_origin(origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        headers
    }

    #[test]
    fn only_listed_origins_pass_when_there_is_a_list() {
        let allowed = vec!["https://portal.example".to_owned()];
        assert!(refuse_ws_origin(&allowed, &with_origin("https://portal.example")).is_none());
        let refusal = refuse_ws_origin(&allowed, &with_origin("https://evil.example")).expect("a refusal");
        assert_eq!(refusal.status(), StatusCode::FORBIDDEN);
        assert!(refuse_ws_origin(&allowed, &HeaderMap::new()).is_none());
        assert!(refuse_ws_origin(&[], &with_origin("https://evil.example")).is_none());
    }
}
