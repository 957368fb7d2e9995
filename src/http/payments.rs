//! `POST /payments/{bindingId}/notify` (and GET, which Robokassa may use): a payment
//! system's notification, handed to `services::invoices` and answered in its format.
//! Bodies are capped by the router's 64 KiB limit; the request timeout applies.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::{Http, Peer};
use crate::gateways::Incoming;
use crate::services::invoices::{self, Notification};

pub(super) async fn notify(
    State(http): State<Http>,
    Path(binding_id): Path<String>,
    peer: Peer,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri.query().unwrap_or_default();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    // A GET carries its fields in the query string: that is its body, for the record.
    let (form, raw): (&[u8], &[u8]) = if method == Method::GET {
        (query.as_bytes(), query.as_bytes())
    } else {
        (if is_form { &body } else { b"" }, &body)
    };
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(form).into_owned().collect();
    if method != Method::GET {
        fields.extend(form_urlencoded::parse(query.as_bytes()).into_owned());
    }
    let signature_header = headers.get("x-api-signature-sha256").and_then(|value| value.to_str().ok());
    let source = match peer {
        Some(Extension(ConnectInfo(addr))) => addr.ip().to_string(),
        None => "unknown".to_owned(),
    };
    let notification = Notification {
        binding_id: &binding_id,
        source,
        method: if method == Method::GET { "GET" } else { "POST" },
        incoming: Incoming { fields, body: raw, signature_header },
    };
    let reply = invoices::notify(&http.state, notification).await;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, [(header::CONTENT_TYPE, reply.content_type), (header::CACHE_CONTROL, "no-store")], reply.body)
        .into_response()
}
