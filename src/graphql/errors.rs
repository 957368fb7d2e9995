//! Every GraphQL error leaves with the contract's `extensions.code`.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextSubscribe, NextValidation,
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
                let code = if error.message.starts_with("Query is") {
                    "QUERY_TOO_COMPLEX"
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
