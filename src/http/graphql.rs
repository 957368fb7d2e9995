use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, Request, Response as GqlResponse, ServerError};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::Http;
use crate::error::ApiError;
use crate::services::auth;

/// POST /graphql: one JSON GraphQL request.
pub async fn post(State(http): State<Http>, headers: HeaderMap, body: Bytes) -> Response {
    if !is_json(&headers) {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send the request as application/json", "BAD_USER_INPUT");
    }
    let request = match serde_json::from_slice::<BatchRequest>(&body) {
        Ok(BatchRequest::Single(request)) => request,
        Ok(BatchRequest::Batch(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "batched requests are not supported; send one at a time",
                "BAD_USER_INPUT",
            );
        }
        Err(_) => return error(StatusCode::BAD_REQUEST, "the body is not a GraphQL request in JSON", "BAD_USER_INPUT"),
    };
    execute(&http, &headers, request).await
}

#[derive(Deserialize)]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// GET /graphql: GraphiQL for a browser; a query (never a mutation) from URL parameters.
pub async fn get(State(http): State<Http>, headers: HeaderMap, Query(params): Query<GetParams>) -> Response {
    let Some(query) = params.query else {
        let page =
            GraphiQLSource::build().endpoint("/graphql").subscription_endpoint("/graphql/ws").title("Kassa").finish();
        return Html(page).into_response();
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str) {
        None => async_graphql::Variables::default(),
        Some(Ok(value)) => async_graphql::Variables::from_json(value),
        Some(Err(_)) => return error(StatusCode::BAD_REQUEST, "variables must be a JSON object", "BAD_USER_INPUT"),
    };
    if operation_type(&query, params.operation_name.as_deref()).is_some_and(|op| op != OperationType::Query) {
        let mut response =
            error(StatusCode::METHOD_NOT_ALLOWED, "mutations and subscriptions need POST", "BAD_USER_INPUT");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let mut request = Request::new(query).variables(variables);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    execute(&http, &headers, request).await
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

async fn execute(http: &Http, headers: &HeaderMap, request: Request) -> Response {
    let mut request = request;
    match viewer(http, headers).await {
        Ok(Some(viewer)) => request = request.data(viewer),
        Ok(None) => {}
        Err(failure) => return api_error(failure),
    }
    let response = http.schema.execute(request).await;
    json_response(StatusCode::OK, &response)
}

async fn viewer(http: &Http, headers: &HeaderMap) -> Result<Option<crate::services::access::Viewer>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let token = value.to_str().ok().and_then(|value| value.strip_prefix("Bearer ")).map(str::trim);
    match token {
        Some(token) => auth::authenticate(&http.state, token).await,
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

fn json_response(status: StatusCode, response: &GqlResponse) -> Response {
    let body = serde_json::to_vec(response).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn api_error(failure: ApiError) -> Response {
    error(StatusCode::OK, &failure.to_string(), failure.code())
}

fn error(status: StatusCode, message: &str, code: &str) -> Response {
    let mut error = ServerError::new(message, None);
    error.extensions.get_or_insert_with(Default::default).set("code", code);
    json_response(status, &GqlResponse::from_errors(vec![error]))
}
