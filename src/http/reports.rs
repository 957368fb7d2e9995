//! `GET /reports/top-ups.csv?since=…&until=…`: every top-up in the range, one CSV row each,
//! for an accountant's spreadsheet. ADMIN, by bearer token (401 without a valid one, 403
//! for anyone else). Streamed batch by batch from the service, so a long range never sits
//! in memory. Cells are quoted as RFC 4180 says, and a cell a spreadsheet would read as a
//! formula (starting with = + - @, a tab or a carriage return) gets a leading `'`.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use futures::StreamExt;
use serde::Deserialize;

use super::Http;
use crate::error::ApiError;
use crate::services::report::{self, Range, TopUpLine};
use crate::services::sessions::{self, Caller};

const HEADER: &str = "created_at,transaction_id,wallet_number,amount,currency,payment_system_id,\
payment_system_name,provider,channel,reference,invoice_number,performed_by\r\n";

#[derive(Deserialize)]
pub(super) struct Params {
    since: Option<String>,
    until: Option<String>,
}

pub(super) async fn top_ups(State(http): State<Http>, headers: HeaderMap, Query(params): Query<Params>) -> Response {
    let range = match (params.since.as_deref().map(instant), params.until.as_deref().map(instant)) {
        (Some(Some(since)), Some(Some(until))) => Range::parse(since, until),
        _ => Err(ApiError::bad_input("since and until must be RFC 3339 times, e.g. 2026-12-01T00:00:00Z")),
    };
    let authorization = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    let viewer = match authorization {
        Some(authorization) => sessions::authenticate(&http.state, authorization).await,
        None => Ok(None),
    };
    let viewer = match viewer {
        Ok(Some(Caller::User(viewer))) => viewer,
        Ok(Some(Caller::Key(_))) => return refuse(&ApiError::Forbidden("admins only")),
        Ok(None) => return refuse(&ApiError::Unauthenticated),
        Err(error) => return refuse(&error),
    };
    let batches = match range.and_then(|range| Ok((range, report::top_ups(&http.state, &viewer, range)?))) {
        Ok(found) => found,
        Err(error) => return refuse(&error),
    };
    let (range, batches) = batches;
    let rows = batches.map(|batch| match batch {
        Ok(lines) => Ok(Bytes::from(lines.iter().map(row).collect::<String>())),
        Err(error) => {
            tracing::warn!(%error, "the top-ups CSV stopped early");
            Err(std::io::Error::other("the report could not be read to its end"))
        }
    });
    let body = futures::stream::once(async { Ok(Bytes::from_static(HEADER.as_bytes())) }).chain(rows);
    let filename = format!(
        "attachment; filename=\"kassa-top-ups-{}-{}.csv\"",
        range.since.format("%Y%m%dT%H%M%SZ"),
        range.until.format("%Y%m%dT%H%M%SZ")
    );
    (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, filename)],
        Body::from_stream(body),
    )
        .into_response()
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|at| at.with_timezone(&Utc))
}

/// A refusal as plain text with its status; internal causes stay in the log.
fn refuse(error: &ApiError) -> Response {
    let status = match error {
        ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
        ApiError::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = (status, format!("{}: {error}\n", error.code())).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    response
}

fn row(line: &TopUpLine) -> String {
    let cells = [
        line.created_at.to_rfc3339_opts(SecondsFormat::Micros, true),
        line.id.to_string(),
        line.wallet_number.clone(),
        line.amount.to_string(),
        line.currency.clone(),
        line.payment_system_id.to_string(),
        line.payment_system_name.clone(),
        line.provider.clone(),
        if line.invoice_id.is_some() { "online" } else { "cashier" }.to_owned(),
        line.reference.clone().unwrap_or_default(),
        line.invoice_id.map(|id| id.to_string()).unwrap_or_default(),
        line.performed_by.clone(),
    ];
    let mut out = cells.iter().map(|text| cell(text)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// One CSV cell: defused when a spreadsheet would run it as a formula, then quoted when it
/// holds a comma, a quote, a line break or edge spaces (quotes doubled).
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("RK-100235"), "RK-100235");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(" padded"), "\" padded\"");
        assert_eq!(cell(""), "");
    }
}
