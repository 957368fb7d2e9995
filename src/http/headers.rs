//! Security headers: every response says `nosniff` and sends no referrer; the pages a
//! browser shows (the web app, GraphiQL) may load code and connect only to their own origin,
//! and may not be framed by another site.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The web app and the self-hosted GraphiQL: scripts, styles, fetches and WebSockets from
/// this origin only ('self' covers ws:// and wss:// to the same host).
pub(super) const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The headers every response carries.
pub(super) fn everywhere() -> [SetResponseHeaderLayer<HeaderValue>; 2] {
    [
        SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
    ]
}

/// The headers of a page: its policy, and no framing for browsers without CSP 2.
pub(super) fn page(policy: &'static str) -> [(HeaderName, HeaderValue); 2] {
    [
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy)),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

/// The same as layers, for the web app's files.
pub(super) fn page_layers() -> [SetResponseHeaderLayer<HeaderValue>; 2] {
    page(PAGE_POLICY).map(|(name, value)| SetResponseHeaderLayer::overriding(name, value))
}
