//! The GraphQL API: a thin layer that maps GraphQL input and output to and from the
//! services, and applies the role guards.

mod api;
mod codes;
mod context;
mod cost;
mod direct;
mod documents;
mod guards;
mod limits;
mod loaders;
mod mutation;
mod operations;
mod query;
mod scalars;
mod subscription;
mod types;
mod webhooks;

use async_graphql::{MergedObject, Schema, ValidationMode};

pub(crate) use api::{Api, WsSession};
pub(crate) use codes::{coded, was_executed};
pub(crate) use direct::Answer;
use limits::MAX_DEPTH_WITH_INTROSPECTION;
use mutation::Mutation;
use subscription::Subscription;

use crate::state::AppState;

/// The query root: the API's queries, then those for operating it.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
struct Query(query::Query, operations::OperationsQuery, webhooks::WebhookQuery);

type KassaSchema = Schema<Query, Mutation, Subscription>;

/// The schema with its limits and the application state; [`Api`] runs it. With
/// `KASSA_INTROSPECTION=false` the schema answers no introspection and its validation errors
/// suggest no field names, so the API cannot be mapped from outside.
fn build_schema(state: AppState, validation: ValidationMode) -> KassaSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), Subscription).validation_mode(validation);
    if !state.config.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder
        .data(state)
        .limit_depth(MAX_DEPTH_WITH_INTROSPECTION)
        .limit_recursive_depth(MAX_DEPTH_WITH_INTROSPECTION * 2)
        .limit_directives(8)
        .finish()
}

/// The SDL of the API, as committed in schema.graphql.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), Subscription).finish().sdl()
}
