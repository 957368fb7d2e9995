//! The balance subscriptions, the money moves and `myWallet` without the executor (the
//! moves: see `moves`; the read: `read`). Nearly every live subscription is
//! `myBalance` or `walletBalance` selecting a few of the event's own fields, and for each
//! event async-graphql's executor spends more CPU than the rest of the frame together: a
//! stream per root field merged by `select_all`, a context and a boxed future per resolved
//! field (docs/benchmarks.md, B7). A document that selects only fields answered from the
//! event itself is planned once (kept with the document in `documents`) and each event is
//! turned into its response by walking that plan.
//!
//! The answers are the executor's, byte for byte: the same field order and response keys,
//! the same scalars (`ScalarType::to_value`), the same errors with the same locations and
//! paths. Anything else goes to the executor: fragments, directives, fields that need the
//! database or a loader, a document not yet validated, a variable not given as a string,
//! and a caller the field's guard would refuse (its error is the executor's to write).

mod answer;
mod moves;
mod picks;
mod read;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{ExecutableDocument, Field, OperationType, Selection, VariableDefinition};
use async_graphql::{Name, PathSegment, Pos, Positioned, Response, ServerError, Value, Variables};
use futures::stream::{self, BoxStream};
use futures::{Stream, StreamExt};

use crate::error::{ApiError, ApiResult};
use crate::events::BalanceEvent;
use crate::services::{live, sessions::Viewer};
use crate::state::AppState;
use answer::{At, Rows, object, write};
use moves::Move;
use picks::{Pick, Type, picks, picks_of};

/// A balance subscription's document, ready to answer every event without the executor,
/// or a money move's, ready to answer its outcome.
pub(super) struct Plan {
    root: Root,
    /// The root field's response key and position (errors point at it).
    key: Name,
    pos: Pos,
    picks: Vec<Pick>,
}

enum Root {
    Mine,
    Wallet(Number),
    /// A money move, and its root field (for its `input`).
    Move(Move, Field),
    /// `myWallet`, and perhaps one page of its history; the operation's variables (a
    /// variable not given takes its default, as the executor's does).
    MyWallet(Vec<Positioned<VariableDefinition>>),
}

/// A query's or a mutation's direct answer. With no error it is written as JSON, the bytes
/// serde_json writes for the executor's response, without a tree of values built and
/// dropped; with one, it is the response.
pub(crate) enum Answer {
    Json(Vec<u8>),
    Response(Response),
}

impl Answer {
    /// The answer as a response, for a caller that wraps it (a WebSocket's `next` frame).
    pub(crate) fn into_response(self) -> Response {
        match self {
            Answer::Response(response) => response,
            Answer::Json(json) => serde_json::from_slice(&json).unwrap_or_else(|error| {
                let error = async_graphql::Error::from(ApiError::internal("direct answer", error));
                Response::from_errors(vec![error.into_server_error(Pos::default())])
            }),
        }
    }
}

/// `walletBalance`'s `walletNumber`.
enum Number {
    Literal(String),
    Variable(Name),
}

impl Plan {
    /// The plan of a document whose only operation is a balance subscription answered from
    /// the event alone, or a money move whose payload is answered from its outcome alone;
    /// None for any other document.
    pub(super) fn of(document: &ExecutableDocument) -> Option<Self> {
        let mut operations = document.operations.iter();
        let (Some((_, operation)), None) = (operations.next(), operations.next()) else { return None };
        let operation = &operation.node;
        if !operation.directives.is_empty() {
            return None;
        }
        let [selection] = operation.selection_set.node.items.as_slice() else { return None };
        let Selection::Field(field) = &selection.node else { return None };
        let (pos, field) = (field.pos, &field.node);
        if !field.directives.is_empty() {
            return None;
        }
        let (root, picks) = match operation.ty {
            OperationType::Subscription => {
                (balance_root(field)?, picks(Type::BalanceEvent, &field.selection_set.node)?)
            }
            OperationType::Mutation => {
                let which = Move::named(&field.name.node)?;
                let [(argument, _)] = field.arguments.as_slice() else { return None };
                if argument.node != "input" {
                    return None;
                }
                (Root::Move(which, field.clone()), picks_of(Type::OperationResult, &field.selection_set.node)?)
            }
            OperationType::Query => {
                if field.name.node != "myWallet" || !field.arguments.is_empty() {
                    return None;
                }
                let variables = operation.variable_definitions.clone();
                let mut picks = picks_of(Type::MyWallet, &field.selection_set.node)?;
                // The executor resolves a Wallet's fields at once and writes each as it
                // completes: the page, which waits for the database, after the rest.
                picks.sort_by_key(|pick| matches!(pick.field, picks::Field::History(_)));
                (Root::MyWallet(variables), picks)
            }
        };
        Some(Self { root, key: field.response_key().node.clone(), pos, picks })
    }

    /// The subscription's responses, or None when the executor must run it (see the
    /// module's comment): the caller then hands the request to the executor unchanged.
    pub(super) fn subscribe(
        self: Arc<Self>,
        state: &AppState,
        viewer: Option<&Viewer>,
        variables: &Variables,
    ) -> Option<BoxStream<'static, Response>> {
        let viewer = viewer?.clone();
        let number = match &self.root {
            Root::Move(..) | Root::MyWallet(_) => return None,
            Root::Mine => None,
            Root::Wallet(Number::Literal(number)) => Some(number.clone()),
            Root::Wallet(Number::Variable(name)) => match variables.get(name) {
                Some(Value::String(number)) => Some(number.clone()),
                _ => return None,
            },
        };
        // The fields' guards: RoleGuard::signed_in() and RoleGuard::staff().
        if number.is_some() && !viewer.is_staff() {
            return None;
        }
        let state = state.clone();
        let started = Box::pin(async move {
            match &number {
                None => answers(self, live::my_balance(&state, &viewer).await),
                Some(number) => answers(self, live::wallet_balance(&state, &viewer, number).await),
            }
        });
        Some(stream::once(started).flatten().boxed())
    }

    /// The response to a query or a mutation this plan answers (a money move, `myWallet`),
    /// or None (before anything moved) when the executor must answer it.
    pub(in crate::graphql) async fn answer(
        &self,
        state: &AppState,
        viewer: Option<&Viewer>,
        variables: &Variables,
    ) -> Option<Answer> {
        match &self.root {
            Root::Move(..) => self.mutate(state, viewer?, variables).await,
            Root::MyWallet(_) => self.read(state, viewer?, variables).await,
            Root::Mine | Root::Wallet(_) => None,
        }
    }

    /// The root field it answers, for the metric.
    pub(in crate::graphql) fn field(&self) -> &'static str {
        match &self.root {
            Root::Move(which, _) => which.field(),
            Root::MyWallet(_) => "myWallet",
            Root::Mine => "myBalance",
            Root::Wallet(_) => "walletBalance",
        }
    }

    /// The picks' values as the response's data: written as JSON when nothing failed,
    /// else a response with `errors` (a failed page's) and the fields' own.
    fn data(&self, rows: Rows<'_>, errors: Vec<ServerError>) -> Answer {
        if errors.is_empty() {
            let mut out = Vec::with_capacity(512);
            out.extend_from_slice(b"{\"data\":{");
            if serde_json::to_writer(&mut out, self.key.as_str()).is_ok() {
                out.push(b':');
                if write(&self.picks, rows, &mut out).is_some() {
                    out.extend_from_slice(b"}}");
                    return Answer::Json(out);
                }
            }
        }
        Answer::Response(self.response(rows, errors))
    }

    /// The picks' values as a response, after `errors`.
    fn response(&self, rows: Rows<'_>, mut errors: Vec<ServerError>) -> Response {
        let value = object(&self.picks, rows, At::Root(&self.key), &mut errors);
        let mut response = Response::new(Value::Object(IndexMap::from([(self.key.clone(), value)])));
        response.errors = errors;
        response
    }

    /// The response to one event, or to the error that ends the stream.
    fn respond(&self, event: ApiResult<Arc<BalanceEvent>>) -> Response {
        let event = match event {
            Ok(event) => event,
            Err(error) => return Response::from_errors(vec![self.error(error)]),
        };
        self.response(Rows::from(&*event), Vec::new())
    }

    /// An error of the root field, located and pathed as the executor does.
    fn error(&self, error: ApiError) -> ServerError {
        self.located(error.into())
    }

    fn located(&self, error: async_graphql::Error) -> ServerError {
        error.into_server_error(self.pos).with_path(vec![PathSegment::Field(self.key.to_string())])
    }
}

/// A balance subscription's root field: which wallet it watches.
fn balance_root(field: &Field) -> Option<Root> {
    Some(match (field.name.node.as_str(), field.arguments.as_slice()) {
        ("myBalance", []) => Root::Mine,
        // A variable comes back as the error of `into_const_with`, with its name.
        ("walletBalance", [(name, value)]) if name.node == "walletNumber" => {
            match value.node.clone().into_const_with(Err) {
                Ok(Value::String(number)) => Root::Wallet(Number::Literal(number)),
                Err(variable) => Root::Wallet(Number::Variable(variable)),
                Ok(_) => return None,
            }
        }
        _ => return None,
    })
}

/// The stream of a started subscription: every event answered, or the one error of its start.
fn answers(
    plan: Arc<Plan>,
    events: ApiResult<impl Stream<Item = ApiResult<Arc<BalanceEvent>>> + Send + 'static>,
) -> BoxStream<'static, Response> {
    match events {
        Ok(events) => events.map(move |event| plan.respond(event)).boxed(),
        Err(error) => stream::once(std::future::ready(plan.respond(Err(error)))).boxed(),
    }
}
