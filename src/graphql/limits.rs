//! Limits on the shape of a document, checked when it is parsed, before it is validated
//! or run: its length, its depth and its aliases.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError};

use super::codes::{coded, set_code};
use crate::error::codes::{GRAPHQL_PARSE_FAILED, QUERY_TOO_COMPLEX};

/// Nesting of data fields one document may have.
pub(crate) const MAX_DEPTH: usize = 12;
/// The limits every request is parsed within: a page of the portal needs far less.
pub(crate) const LIMITS: QueryLimits = QueryLimits { max_document: 16 * 1024, max_aliases: 30, max_depth: MAX_DEPTH };
/// The depth async-graphql itself enforces, introspection included (the standard
/// introspection query nests about 13 levels); data fields stop at [`MAX_DEPTH`] first.
pub(crate) const MAX_DEPTH_WITH_INTROSPECTION: usize = 20;

/// Limits on the shape of a document, checked before it is validated or run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QueryLimits {
    /// Bytes of query text.
    pub(crate) max_document: usize,
    /// Aliased fields in one document.
    pub(crate) max_aliases: usize,
    /// Nesting of data fields. Introspection (`__schema`, `__type`) is exempt: the standard
    /// introspection query nests its type references deeper than any page needs data; the
    /// schema's own depth limit (higher) still bounds it.
    pub(crate) max_depth: usize,
}

/// Parses a document and checks it against `limits`; the error carries its code
/// (GRAPHQL_PARSE_FAILED or QUERY_TOO_COMPLEX).
pub(crate) fn parse_within(query: &str, limits: QueryLimits) -> Result<ExecutableDocument, ServerError> {
    if query.len() > limits.max_document {
        return Err(too_complex(format!("the document is longer than {} bytes", limits.max_document)));
    }
    let document = async_graphql::parser::parse_query(query).map_err(|error| {
        let mut error = ServerError::from(error);
        let code =
            if error.message.contains("cannot be greater than") { QUERY_TOO_COMPLEX } else { GRAPHQL_PARSE_FAILED };
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

fn too_complex(message: String) -> ServerError {
    coded(message, QUERY_TOO_COMPLEX)
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
