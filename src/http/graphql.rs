use async_graphql::parser::types::OperationType;
use async_graphql::{Request, Response as GqlResponse};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::media::MediaType;
use super::{Http, Peer, headers};
use crate::error::ApiError;
use crate::error::codes::{BAD_USER_INPUT, QUERY_TOO_COMPLEX};
use crate::graphql::{Answer, coded, was_executed};
use crate::services::auth::ClientAddress;
use crate::services::sessions::{self, Caller};

/// POST /graphql: one JSON GraphQL request.
pub(super) async fn post(State(http): State<Http>, peer: Peer, headers: HeaderMap, body: Bytes) -> Response {
    let media = MediaType::negotiate(&headers);
    if !is_json(&headers) {
        return error(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as application/json",
            BAD_USER_INPUT,
        );
    }
    let request = match parse_body(&body) {
        Ok(request) => request,
        Err(message) => return error(media, StatusCode::BAD_REQUEST, message, BAD_USER_INPUT),
    };
    execute(&http, peer, &headers, request).await
}

/// One GraphQL request from a JSON body, or why the body is not one (a 400).
fn parse_body(body: &[u8]) -> Result<Request, &'static str> {
    // The common case in one pass: an object with a query (serde would take an array for
    // a struct too, hence the first byte). Anything else takes the checks below.
    if body.trim_ascii_start().first() == Some(&b'{')
        && let Ok(request) = serde_json::from_slice::<Request>(body)
        && !request.query.is_empty()
    {
        return Ok(request);
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).map_err(|_| "the body is not valid JSON")?;
    if value.is_array() {
        return Err("batched requests are not supported; send one at a time");
    }
    // An automatic persisted query may come as its hash alone (graphql::documents).
    let persisted = value.pointer("/extensions/persistedQuery").is_some_and(serde_json::Value::is_object);
    if persisted && value.get("query").is_none_or(serde_json::Value::is_null) {
        value["query"] = serde_json::Value::from("");
    }
    if !value.get("query").is_some_and(serde_json::Value::is_string) {
        return Err("the body must be a JSON object with a string \"query\"");
    }
    serde_json::from_value(value).map_err(|_| "the body is not a GraphQL request in JSON")
}

#[derive(Deserialize)]
pub(super) struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// GraphiQL, its script and styles served from /app (built by `npm run build` in
/// client-examples and carried in the binary), so it needs no internet; under the web app's
/// Content-Security-Policy, which lets it load from and connect to this origin only.
fn playground() -> Response {
    (headers::page(headers::PAGE_POLICY), Html(LOCAL_PLAYGROUND)).into_response()
}

const LOCAL_PLAYGROUND: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kassa GraphiQL</title>
<link rel="stylesheet" href="/app/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script type="module" src="/app/graphiql.js"></script>
</body>
</html>
"#;

/// GET /graphql: GraphiQL for a browser (when `KASSA_PLAYGROUND` is on); a query (never a
/// mutation) from URL parameters.
pub(super) async fn get(
    State(http): State<Http>,
    peer: Peer,
    headers: HeaderMap,
    Query(params): Query<GetParams>,
) -> Response {
    let media = MediaType::negotiate(&headers);
    let Some(query) = params.query else {
        if !http.state.config.playground {
            return error(media, StatusCode::BAD_REQUEST, "the query parameter is missing", BAD_USER_INPUT);
        }
        return playground();
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str) {
        None => async_graphql::Variables::default(),
        Some(Ok(value)) => async_graphql::Variables::from_json(value),
        Some(Err(_)) => {
            return error(media, StatusCode::BAD_REQUEST, "variables must be a JSON object", BAD_USER_INPUT);
        }
    };
    if operation_type(&query, params.operation_name.as_deref()).is_some_and(|op| op != OperationType::Query) {
        let mut response =
            error(media, StatusCode::METHOD_NOT_ALLOWED, "mutations and subscriptions need POST", BAD_USER_INPUT);
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let mut request = Request::new(query).variables(variables);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    execute(&http, peer, &headers, request).await
}

/// The type of the operation a GET would run; None when the document does not parse (the
/// executor then reports the parse error).
fn operation_type(query: &str, name: Option<&str>) -> Option<OperationType> {
    let document = async_graphql::parser::parse_query(query).ok()?;
    let mut operations = document.operations.iter();
    let operation = match name {
        Some(name) => operations.find(|(op_name, _)| op_name.is_some_and(|n| n.as_str() == name))?,
        None => operations.next()?,
    };
    Some(operation.1.node.ty)
}

async fn execute(http: &Http, peer: Peer, headers: &HeaderMap, request: Request) -> Response {
    let media = MediaType::negotiate(headers);
    // The document is checked (limits, cost) before the session is read: a refused one
    // costs no database work at all.
    let mut request = match http.api.prepare(request) {
        Ok(request) => request,
        Err(error) => return respond(media, media.status(false), &GqlResponse::from_errors(vec![error]), false),
    };
    if let Some(Extension(ConnectInfo(addr))) = peer {
        request = request.data(ClientAddress(addr.ip()));
    }
    // A user's request carries a Viewer, an API key's a KeyHolder: never both.
    match caller(http, headers).await {
        Ok(Some(Caller::User(viewer))) => request = request.data(viewer),
        Ok(Some(Caller::Key(key))) => request = request.data(key),
        Ok(None) => {}
        Err(failure) => return api_error(media, failure),
    }
    let (body, executed) = match http.api.run(request).await {
        Answer::Json(json) => (json, true),
        Answer::Response(response) => {
            let executed = was_executed(&response);
            (body(media, &response, executed), executed)
        }
    };
    let max = http.state.config.max_response;
    if body.len() > max {
        tracing::warn!(bytes = body.len(), max, "refused a response over the size cap");
        let message = format!("the response would be larger than {max} bytes: ask for smaller pages");
        return error(media, media.status(true), &message, QUERY_TOO_COMPLEX);
    }
    reply(media, media.status(executed), body)
}

async fn caller(http: &Http, headers: &HeaderMap) -> Result<Option<Caller>, ApiError> {
    match headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()) {
        Some(authorization) => sessions::authenticate(&http.state, authorization).await,
        None => Ok(None),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Serialises `response`. Under `application/graphql-response+json` a response that was
/// never executed has no `data` entry; `application/json` keeps `"data": null` as before.
fn body(media: MediaType, response: &GqlResponse, executed: bool) -> Vec<u8> {
    let body = if media == MediaType::GraphqlResponse && !executed {
        let mut body = serde_json::to_value(response).unwrap_or_default();
        if let Some(object) = body.as_object_mut() {
            object.remove("data");
        }
        serde_json::to_vec(&body)
    } else {
        serde_json::to_vec(response)
    };
    body.unwrap_or_else(|_| b"{}".to_vec())
}

fn respond(media: MediaType, status: StatusCode, response: &GqlResponse, executed: bool) -> Response {
    reply(media, status, body(media, response, executed))
}

/// A serialised GraphQL response with its status and content type.
fn reply(media: MediaType, status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, media.content_type())], body).into_response()
}

/// A failure before the schema ran (the database is down while checking the token).
fn api_error(media: MediaType, failure: ApiError) -> Response {
    let status = match (media, &failure) {
        (MediaType::Json, _) => StatusCode::OK,
        (_, ApiError::ServiceUnavailable) => StatusCode::SERVICE_UNAVAILABLE,
        (_, _) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(media, status, &failure.to_string(), failure.code())
}

pub(super) fn error(media: MediaType, status: StatusCode, message: &str, code: &str) -> Response {
    respond(media, status, &GqlResponse::from_errors(vec![coded(message, code)]), false)
}
