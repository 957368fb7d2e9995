//! The GraphQL API: a thin layer that parses input, applies guards and calls services.

pub mod api;
pub mod context;
pub mod errors;
pub mod guards;
pub mod live;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod types;

use async_graphql::Schema;

use crate::app::AppState;
pub use api::Api;
use errors::QueryLimits;
use mutation::Mutation;
use query::Query;
use subscription::Subscription;

pub type KassaSchema = Schema<Query, Mutation, Subscription>;

/// Limits that keep one request from costing more than a page of the portal would.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 2_000;
pub const LIMITS: QueryLimits = QueryLimits { max_document: 16 * 1024, max_aliases: 30, max_depth: MAX_DEPTH };
/// The depth async-graphql itself enforces, introspection included (the standard
/// introspection query nests about 13 levels); data fields stop at [`MAX_DEPTH`] first.
pub const MAX_DEPTH_WITH_INTROSPECTION: usize = 20;

/// The schema with its limits and the application state; [`Api`] runs it. With
/// `KASSA_INTROSPECTION=false` the schema answers no introspection and its validation errors
/// suggest no field names, so the API cannot be mapped from outside.
fn build_schema(state: AppState) -> KassaSchema {
    let mut builder = Schema::build(Query, Mutation::default(), Subscription);
    if !state.config.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder
        .data(state)
        .limit_depth(MAX_DEPTH_WITH_INTROSPECTION)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(MAX_DEPTH_WITH_INTROSPECTION * 2)
        .limit_directives(8)
        .finish()
}

/// The SDL of the API, as committed in schema.graphql.
pub fn sdl() -> String {
    Schema::build(Query, Mutation::default(), Subscription).finish().sdl()
}
