//! Every GraphQL error leaves with the contract's `extensions.code`.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, Response, ServerError};

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

/// Parses a document and checks it against `limits`; the error carries its code
/// (GRAPHQL_PARSE_FAILED or QUERY_TOO_COMPLEX).
pub fn parse_within(query: &str, limits: QueryLimits) -> Result<ExecutableDocument, ServerError> {
    if query.len() > limits.max_document {
        return Err(too_complex(format!("the document is longer than {} bytes", limits.max_document)));
    }
    let document = async_graphql::parser::parse_query(query).map_err(|error| {
        let mut error = ServerError::from(error);
        let code =
            if error.message.contains("cannot be greater than") { "QUERY_TOO_COMPLEX" } else { "GRAPHQL_PARSE_FAILED" };
        set_code(&mut error, code);
        error
    })?;
    if depth(&document, limits.max_depth) > limits.max_depth {
        return Err(too_complex(format!("the document nests fields deeper than {}", limits.max_depth)));
    }
    let aliases = count_aliases(&document);
    if aliases > limits.max_aliases {
        return Err(too_complex(format!(
            "the document has {aliases} aliases; at most {} are allowed",
            limits.max_aliases
        )));
    }
    Ok(document)
}

/// Whether the operation ran: a request error (validation, an unknown operation) leaves no
/// data and errors without a path; every error of a field that ran has one.
pub fn was_executed(response: &Response) -> bool {
    !matches!(response.data, async_graphql::Value::Null) || response.errors.iter().any(|error| !error.path.is_empty())
}

/// Gives every error of a response its contract code.
pub fn tag_response(response: &mut Response) {
    for error in &mut response.errors {
        if error.path.is_empty() { tag_request_error(error) } else { tag(error) }
    }
}

/// An error raised before any field ran: what the document or its variables got wrong.
fn tag_request_error(error: &mut ServerError) {
    if code_of(error).is_some() {
        return;
    }
    let message = error.message.as_str();
    // A value that does not fit its argument (a null amount, a number for Money) is bad
    // input, and so is an operation name that names nothing; not a wrong document.
    let code = if message.starts_with("Query is") || message.contains("cannot be greater than") {
        "QUERY_TOO_COMPLEX"
    } else if message.starts_with("Invalid value for argument")
        || message.starts_with("Unknown operation named")
        || message.starts_with("Operation name required")
    {
        "BAD_USER_INPUT"
    } else if error.source.is_some() {
        return tag(error);
    } else {
        "GRAPHQL_VALIDATION_FAILED"
    };
    set_code(error, code);
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
    coded(message, "QUERY_TOO_COMPLEX")
}

/// An error with no position, carrying its contract code.
pub fn coded(message: impl Into<String>, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    set_code(&mut error, code);
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
