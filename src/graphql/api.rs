//! The schema as HTTP and WebSocket run it: each request's document is checked against
//! the limits and its cost before validation (and before the session is read), it gets its
//! data (loaders, the sign-in cell and, for a WebSocket operation, the viewer read again),
//! and every error leaves with the contract's code. This wraps the schema instead of being an async-graphql extension, because an
//! extension is also called around every resolved field: a fifth of the CPU of a history
//! read (docs/benchmarks.md).

use std::any::TypeId;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::{Data, Executor, Request, Response, ServerError, ValidationMode};
use futures::StreamExt;
use futures::stream::{self, BoxStream};

use super::codes::{coded, from_api, result_code, tag_response, was_executed};
use super::context::JustSignedIn;
use super::direct::Answer;
use super::documents::{Documents, Known, chosen_operation};
use super::{KassaSchema, cost, loaders};
use crate::error::ApiError;
use crate::error::codes::QUERY_TOO_COMPLEX;
use crate::services::sessions;
use crate::state::AppState;

/// Kept for the life of a WebSocket connection: the viewer it was opened as (a session's
/// token hash, or a portal JWT's user and `exp`).
pub(crate) struct WsSession {
    pub(crate) viewer: sessions::Viewer,
}

#[derive(Clone)]
pub(crate) struct Api {
    schema: KassaSchema,
    /// The same schema in async-graphql's fast validation mode, for documents that passed
    /// full validation before (see `documents`).
    validated: KassaSchema,
    state: AppState,
    documents: Documents,
}

/// A prepared request's cached document, carried in the request's data to `run`.
struct Checked(Arc<Known>);

/// The cached document [`Api::prepare`] put in the request's data.
fn checked(request: &Request) -> Option<&Checked> {
    request.data.get(&TypeId::of::<Checked>()).and_then(|data| data.downcast_ref::<Checked>())
}

impl Api {
    pub(crate) fn new(state: AppState) -> Self {
        Self {
            schema: super::build_schema(state.clone(), ValidationMode::Strict),
            validated: super::build_schema(state.clone(), ValidationMode::Fast),
            state,
            documents: Documents::default(),
        }
    }

    /// The schema that runs this request, and the document to mark as validated once it
    /// has run (None when it skips validation).
    fn schema_for(&self, request: &Request) -> (&KassaSchema, Option<Arc<Known>>) {
        match checked(request) {
            Some(Checked(known)) if known.may_skip_validation(request.operation_name.as_deref()) => {
                (&self.validated, None)
            }
            Some(Checked(known)) => (&self.schema, Some(known.clone())),
            None => (&self.schema, None),
        }
    }

    /// Parses the document within the limits and merges fields repeated under one response
    /// key (or takes both from `documents`, for a text or persisted hash seen before), refuses it (QUERY_TOO_COMPLEX) when it would cost more than the budget. Nothing has
    /// touched the database yet.
    pub(crate) fn prepare(&self, mut request: Request) -> Result<Request, ServerError> {
        let known = self.documents.document(&mut request).inspect_err(|error| {
            crate::metrics::graphql_request(request.operation_name.as_deref().unwrap_or(""), result_code(error), ZERO);
        })?;
        let budget = self.state.config.query_cost_limit;
        let cost = cost::of(known.document(), request.operation_name.as_deref(), &request.variables);
        if cost > budget {
            crate::metrics::graphql_request(request.operation_name.as_deref().unwrap_or(""), QUERY_TOO_COMPLEX, ZERO);
            return Err(coded(
                format!("the query would cost {cost}, more than the {budget} allowed: ask for smaller pages"),
                QUERY_TOO_COMPLEX,
            ));
        }
        Ok(request.data(Checked(known)))
    }

    /// What the executor needs besides the prepared request: its own copy of the document,
    /// the request's loader and the sign-in cell. A request answered directly never pays
    /// for them.
    fn for_executor(&self, mut request: Request) -> Request {
        if let Some(Checked(known)) = checked(&request) {
            let document = known.document().clone();
            request.set_parsed_query(document);
        }
        request.data(loaders::for_request(self.state.clone())).data(JustSignedIn::default())
    }

    /// Runs a request made by [`Api::prepare`]; every error leaves with its code.
    pub(crate) async fn run(&self, request: Request) -> Answer {
        let started = Instant::now();
        let operation = operation_name(&request);
        let mut answer = match self.answer_direct(&request).await {
            Some(answer) => answer,
            None => {
                let (schema, to_mark) = self.schema_for(&request);
                let response = schema.execute(self.for_executor(request)).await;
                if let Some(known) = to_mark
                    && was_executed(&response)
                {
                    known.passed_validation();
                }
                Answer::Response(response)
            }
        };
        let code = match &mut answer {
            Answer::Json(_) => "OK",
            Answer::Response(response) => {
                tag_response(response);
                response.errors.first().map_or("OK", result_code)
            }
        };
        crate::metrics::graphql_request(&operation, code, started.elapsed());
        answer
    }

    /// A money move or `myWallet` answered without the executor, when its document allows
    /// (see `direct`); None sends the request to the executor, and nothing has moved.
    async fn answer_direct(&self, request: &Request) -> Option<Answer> {
        let Checked(known) = checked(request)?;
        let plan = known.plan(request.operation_name.as_deref())?;
        let viewer = request.data.get(&TypeId::of::<sessions::Viewer>()).and_then(|data| data.downcast_ref());
        let answer = plan.answer(&self.state, viewer, &request.variables).await?;
        crate::metrics::request_direct(plan.field());
        Some(answer)
    }

    /// A WebSocket operation runs as the connection's session is *now*: signed out or
    /// demoted since `connection_init` means refused.
    async fn with_ws_viewer(&self, request: Request, session: Option<&Arc<Data>>) -> Result<Request, ServerError> {
        let Some(session) = session.and_then(|data| data.get(&TypeId::of::<WsSession>())) else {
            return Ok(request);
        };
        let opened_as = &session.downcast_ref::<WsSession>().expect("keyed by its type").viewer;
        match sessions::current(&self.state, opened_as).await {
            Ok(Some(viewer)) => Ok(request.data(viewer)),
            Ok(None) => Err(from_api(&ApiError::Unauthenticated)),
            Err(error) => Err(from_api(&error)),
        }
    }

    /// A balance subscription answered without the executor, when its document allows
    /// (see `direct`); None sends the request to the executor.
    fn direct(&self, request: &Request) -> Option<BoxStream<'static, Response>> {
        let Checked(known) = checked(request)?;
        let plan = known.plan(request.operation_name.as_deref())?;
        let viewer = request.data.get(&TypeId::of::<sessions::Viewer>()).and_then(|data| data.downcast_ref());
        let responses = plan.subscribe(&self.state, viewer, &request.variables)?;
        crate::metrics::subscription_direct();
        Some(responses)
    }
}

impl Executor for Api {
    async fn execute(&self, request: Request) -> Response {
        match self.prepare(request) {
            Ok(request) => self.run(request).await.into_response(),
            Err(error) => Response::from_errors(vec![error]),
        }
    }

    fn execute_stream(&self, request: Request, session: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let api = self.clone();
        // The set-up (a session read, parsing) is boxed: `once` frees it when it is done,
        // instead of keeping its space for the life of the subscription.
        stream::once(Box::pin(async move {
            let prepared = match api.prepare(request) {
                Ok(request) => api.with_ws_viewer(request, session.as_ref()).await,
                Err(error) => Err(error),
            };
            match prepared {
                Ok(request) => {
                    let subscription = is_subscription(&request);
                    if subscription && let Some(direct) = api.direct(&request) {
                        return direct;
                    }
                    let operation = operation_name(&request);
                    let (schema, to_mark) = api.schema_for(&request);
                    let request = api.for_executor(request);
                    let responses = mark_when_run(Executor::execute_stream(schema, request, session), to_mark);
                    if subscription {
                        return responses;
                    }
                    // A query or a mutation over the socket: one response, recorded like HTTP's.
                    let started = Instant::now();
                    responses
                        .map(move |mut response| {
                            tag_response(&mut response);
                            let code = response.errors.first().map_or("OK", result_code);
                            crate::metrics::graphql_request(&operation, code, started.elapsed());
                            response
                        })
                        .boxed()
                }
                Err(error) => stream::once(async move { Response::from_errors(vec![error]) }).boxed(),
            }
        }))
        .flatten()
        .map(|mut response| {
            tag_response(&mut response);
            response
        })
        .boxed()
    }
}

const ZERO: Duration = Duration::ZERO;

/// Marks the document as validated when the stream's first response shows it ran.
fn mark_when_run(responses: BoxStream<'static, Response>, to_mark: Option<Arc<Known>>) -> BoxStream<'static, Response> {
    let Some(known) = to_mark else { return responses };
    let mut first = true;
    responses
        .inspect(move |response| {
            if std::mem::take(&mut first) && was_executed(response) {
                known.passed_validation();
            }
        })
        .boxed()
}

/// The operation a prepared request runs: the one it names, or the document's only one
/// (empty when anonymous). The metrics bound what becomes a label.
fn operation_name(request: &Request) -> String {
    if let Some(name) = &request.operation_name {
        return name.clone();
    }
    let Some(Checked(known)) = checked(request) else { return String::new() };
    let mut operations = known.document().operations.iter();
    match (operations.next(), operations.next()) {
        (Some((Some(name), _)), None) => name.to_string(),
        _ => String::new(),
    }
}

/// Whether a prepared request runs a subscription (a stream, not one response).
fn is_subscription(request: &Request) -> bool {
    let Some(Checked(known)) = checked(request) else { return false };
    chosen_operation(known.document(), request.operation_name.as_deref())
        .is_some_and(|operation| operation.node.ty == async_graphql::parser::types::OperationType::Subscription)
}
