//! Every GraphQL error leaves with the contract's `extensions.code`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextRequest, NextSubscribe,
    NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, Response, ServerError, ServerResult, ValidationResult, Variables};
use futures::StreamExt;
use futures::stream::BoxStream;

use crate::error::ApiError;

/// Limits on the shape of a document, checked before it is validated or run.
#[derive(Clone, Copy, Debug)]
pub struct QueryLimits {
    /// Bytes of query text.
    pub max_document: usize,
    /// Aliased fields in one document.
    pub max_aliases: usize,
    /// Nesting of data fields. Introspection (`__schema`, `__type`) is exempt: the standard
    /// introspection query nests its type references deeper than any page needs data; the
    /// schema's own depth limit (higher) still bounds it.
    pub max_depth: usize,
}

/// Put into a request's data by the HTTP layer: set once the operation starts executing, so
/// the HTTP layer can tell a request error (parse, validation, limits, unknown operation)
/// from a response that was executed, which GraphQL over HTTP answers with other statuses.
#[derive(Clone, Default)]
pub struct Executed(Arc<AtomicBool>);

impl Executed {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Tags parse, validation and limit failures with their codes, and gives any error that
/// still has none (an argument that failed to coerce) BAD_USER_INPUT.
pub struct ErrorCodes(pub QueryLimits);

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension(self.0))
    }
}

struct ErrorCodesExtension(QueryLimits);

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            tag(error);
        }
        response
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream)
            .map(|mut response| {
                response.errors.iter_mut().for_each(tag);
                response
            })
            .boxed()
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(executed) = ctx.data_opt::<Executed>() {
            executed.0.store(true, Ordering::Release);
        }
        next.run(ctx, operation_name).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if query.len() > self.0.max_document {
            return Err(too_complex(format!("the document is longer than {} bytes", self.0.max_document)));
        }
        let document = next.run(ctx, query, variables).await.map_err(|mut error| {
            let code = if error.message.contains("cannot be greater than") {
                "QUERY_TOO_COMPLEX"
            } else {
                "GRAPHQL_PARSE_FAILED"
            };
            set_code(&mut error, code);
            error
        })?;
        if depth(&document, self.0.max_depth) > self.0.max_depth {
            return Err(too_complex(format!("the document nests fields deeper than {}", self.0.max_depth)));
        }
        let aliases = count_aliases(&document);
        if aliases > self.0.max_aliases {
            return Err(too_complex(format!(
                "the document has {aliases} aliases; at most {} are allowed",
                self.0.max_aliases
            )));
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|mut errors| {
            for error in &mut errors {
                // A value that does not fit its argument (a null amount, a number for Money) is
                // bad input, not a wrong document.
                let code = if error.message.starts_with("Query is") {
                    "QUERY_TOO_COMPLEX"
                } else if error.message.starts_with("Invalid value for argument") {
                    "BAD_USER_INPUT"
                } else {
                    "GRAPHQL_VALIDATION_FAILED"
                };
                set_code(error, code);
            }
            errors
        })
    }
}

/// Resolver errors carry an [`ApiError`] as their source: give them its code. Anything else
/// without a code is an argument or variable that failed to coerce: BAD_USER_INPUT.
fn tag(error: &mut ServerError) {
    if code_of(error).is_some() {
        return;
    }
    let api_error = error.source.as_ref().and_then(|source| source.downcast_ref::<ApiError>()).cloned();
    match api_error {
        Some(api_error) => {
            set_code(error, api_error.code());
            if let ApiError::RateLimited { retry_after_secs } = api_error {
                error.extensions.get_or_insert_with(Default::default).set("retryAfter", retry_after_secs);
            }
        }
        None => set_code(error, "BAD_USER_INPUT"),
    }
}

fn too_complex(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    set_code(&mut error, "QUERY_TOO_COMPLEX");
    error
}

fn code_of(error: &ServerError) -> Option<&async_graphql::Value> {
    error.extensions.as_ref().and_then(|extensions| extensions.get("code"))
}

fn set_code(error: &mut ServerError, code: &str) {
    error.extensions.get_or_insert_with(Default::default).set("code", code);
}

fn count_aliases(document: &ExecutableDocument) -> usize {
    fn in_set(set: &Positioned<SelectionSet>) -> usize {
        set.node
            .items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) => usize::from(field.node.alias.is_some()) + in_set(&field.node.selection_set),
                Selection::InlineFragment(fragment) => in_set(&fragment.node.selection_set),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    let operations = document.operations.iter().map(|(_, op)| in_set(&op.node.selection_set));
    let fragments = document.fragments.values().map(|fragment| in_set(&fragment.node.selection_set));
    operations.chain(fragments).sum()
}

/// The nesting depth of the document's data fields, counted up to `max + 1` at most.
/// Fragments are followed (a spread already being followed counts as nothing, so a cycle,
/// refused later by validation, cannot loop here).
fn depth(document: &ExecutableDocument, max: usize) -> usize {
    fn in_set<'a>(
        document: &'a ExecutableDocument,
        set: &'a Positioned<SelectionSet>,
        level: usize,
        max: usize,
        following: &mut Vec<&'a str>,
    ) -> usize {
        if level > max {
            return level;
        }
        let mut deepest = level;
        for selection in &set.node.items {
            let reached = match &selection.node {
                Selection::Field(field) => match field.node.name.node.as_str() {
                    "__schema" | "__type" => level,
                    _ => in_set(document, &field.node.selection_set, level + 1, max, following),
                },
                Selection::InlineFragment(fragment) => {
                    in_set(document, &fragment.node.selection_set, level, max, following)
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match document.fragments.get(name) {
                        Some(fragment) if !following.contains(&name) => {
                            following.push(name);
                            let reached = in_set(document, &fragment.node.selection_set, level, max, following);
                            following.pop();
                            reached
                        }
                        _ => level,
                    }
                }
            };
            deepest = deepest.max(reached);
        }
        deepest
    }
    document
        .operations
        .iter()
        .map(|(_, operation)| in_set(document, &operation.node.selection_set, 0, max, &mut Vec::new()))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(query: &str) -> usize {
        depth(&async_graphql::parser::parse_query(query).unwrap(), 10)
    }

    #[test]
    fn depth_counts_data_fields_through_fragments_but_not_introspection() {
        assert_eq!(depth_of("{ a }"), 1);
        assert_eq!(depth_of("{ a { b { c } } }"), 3);
        assert_eq!(depth_of("query { a { ...F } } fragment F on A { b { c } }"), 3);
        assert_eq!(depth_of("{ a { ... on A { b } } }"), 2);
        assert_eq!(depth_of("{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"), 0);
        assert_eq!(depth_of("{ a { ...F } } fragment F on A { ...G } fragment G on A { ...F b }"), 2);
        assert_eq!(depth_of(&format!("{{ {}x{} }}", "a { ".repeat(30), " }".repeat(30))), 11);
    }
}
