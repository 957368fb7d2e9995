//! What a document will cost, counted before anything runs, and field merging.
//!
//! Every field costs 1. A field with a `first` argument (a connection: `transactions`,
//! `recentTransactions`, `users`, and any added later) returns up to `first` items (its
//! default page when absent), so its children cost `first` times over; nested
//! connections multiply. Fragments count wherever they are spread. Fields repeated under
//! one response key are merged first (the GraphQL spec's field merging), so they run,
//! and cost, once.

use std::collections::HashMap;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Positioned, Value, Variables};

use crate::services::history::DEFAULT_PAGE;

/// The largest `first` counted: a connection refuses more anyway (BAD_USER_INPUT).
const MAX_COUNTED_PAGE: u64 = 1_000;

/// The cost of the operation a request runs: `operation` by name, or the only one. A
/// document that names no runnable operation costs 0 (validation refuses it).
pub(crate) fn of(document: &ExecutableDocument, operation: Option<&str>, variables: &Variables) -> u64 {
    let chosen = document.operations.iter().find(|(name, _)| match operation {
        Some(wanted) => name.is_some_and(|name| name.as_str() == wanted),
        None => true,
    });
    let Some((_, operation)) = chosen else { return 0 };
    // Variables as the operation will see them: the values sent, else their defaults.
    let mut effective = variables.clone();
    for definition in &operation.node.variable_definitions {
        let definition = &definition.node;
        if !effective.contains_key(&definition.name.node)
            && let Some(default) = &definition.default_value
        {
            effective.insert(definition.name.node.clone(), default.node.clone());
        }
    }
    let mut counter = Counter { document, variables: &effective, following: Vec::new() };
    counter.set(&operation.node.selection_set)
}

struct Counter<'a, 'v> {
    document: &'a ExecutableDocument,
    variables: &'v Variables,
    /// Fragments being counted, so that a cycle (refused later by validation) ends.
    following: Vec<&'a str>,
}

impl<'a> Counter<'a, '_> {
    fn set(&mut self, set: &'a Positioned<SelectionSet>) -> u64 {
        let mut total: u64 = 0;
        for selection in &set.node.items {
            let cost = match &selection.node {
                Selection::Field(field) => {
                    let children = self.set(&field.node.selection_set);
                    1u64.saturating_add(self.page_size(&field.node).saturating_mul(children))
                }
                Selection::InlineFragment(fragment) => self.set(&fragment.node.selection_set),
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match self.document.fragments.get(name) {
                        Some(fragment) if !self.following.contains(&name) => {
                            self.following.push(name);
                            let cost = self.set(&fragment.node.selection_set);
                            self.following.pop();
                            cost
                        }
                        _ => 0,
                    }
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }

    /// How many times a field's children are resolved: `first` for a connection, else 1.
    fn page_size(&self, field: &Field) -> u64 {
        let Some(first) = field.get_argument("first") else {
            return if field.selection_set.node.items.iter().any(|s| is_field_named(s, "edges")) {
                DEFAULT_PAGE as u64
            } else {
                1
            };
        };
        let variables = self.variables;
        let value = first.node.clone().into_const_with(|name| {
            Ok::<_, std::convert::Infallible>(variables.get(&name).cloned().unwrap_or(Value::Null))
        });
        match value {
            Ok(Value::Number(n)) => n.as_u64().unwrap_or(0).min(MAX_COUNTED_PAGE),
            _ => DEFAULT_PAGE as u64,
        }
    }
}

fn is_field_named(selection: &Positioned<Selection>, name: &str) -> bool {
    matches!(&selection.node, Selection::Field(field) if field.node.name.node == name)
}

/// Merges the fields of every selection set that share a response key, name and
/// arguments (and carry no directives) into one, recursively, and drops repeated spreads
/// of the same fragment. Fields that share a key but differ are left for validation to
/// refuse.
pub(crate) fn merge_fields(document: &mut ExecutableDocument) {
    match &mut document.operations {
        DocumentOperations::Single(operation) => merge_set(&mut operation.node.selection_set.node),
        DocumentOperations::Multiple(operations) => {
            for operation in operations.values_mut() {
                merge_set(&mut operation.node.selection_set.node);
            }
        }
    }
    for fragment in document.fragments.values_mut() {
        merge_set(&mut fragment.node.selection_set.node);
    }
}

fn merge_set(set: &mut SelectionSet) {
    let mut kept: Vec<Positioned<Selection>> = Vec::with_capacity(set.items.len());
    // Where each response key (or spread fragment) was kept, so each selection is compared
    // with its namesakes only: linear in the size of the document.
    let mut seen: HashMap<Name, Vec<usize>> = HashMap::new();
    for selection in std::mem::take(&mut set.items) {
        let key = match &selection.node {
            Selection::Field(field) => Some(field.node.response_key().node.clone()),
            Selection::FragmentSpread(spread) => Some(spread.node.fragment_name.node.clone()),
            Selection::InlineFragment(_) => None,
        };
        let twin = key
            .as_ref()
            .and_then(|key| seen.get(key)?.iter().copied().find(|&at| mergeable(&kept[at].node, &selection.node)));
        match (twin, selection.node) {
            (Some(at), Selection::Field(field)) => {
                if let Selection::Field(target) = &mut kept[at].node {
                    target.node.selection_set.node.items.extend(field.node.selection_set.node.items);
                }
            }
            (Some(_), Selection::FragmentSpread(_)) => {}
            (_, node) => {
                if let Some(key) = key {
                    seen.entry(key).or_default().push(kept.len());
                }
                kept.push(Positioned::new(node, selection.pos));
            }
        }
    }
    for selection in &mut kept {
        match &mut selection.node {
            Selection::Field(field) => merge_set(&mut field.node.selection_set.node),
            Selection::InlineFragment(fragment) => merge_set(&mut fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => {}
        }
    }
    set.items = kept;
}

/// Whether `later` may be folded into `earlier` without changing what the document means.
fn mergeable(earlier: &Selection, later: &Selection) -> bool {
    match (earlier, later) {
        (Selection::Field(a), Selection::Field(b)) => {
            let (a, b) = (&a.node, &b.node);
            a.directives.is_empty()
                && b.directives.is_empty()
                && a.response_key().node == b.response_key().node
                && a.name.node == b.name.node
                && same_arguments(a, b)
        }
        (Selection::FragmentSpread(a), Selection::FragmentSpread(b)) => {
            a.node.directives.is_empty()
                && b.node.directives.is_empty()
                && a.node.fragment_name.node == b.node.fragment_name.node
        }
        _ => false,
    }
}

fn same_arguments(a: &Field, b: &Field) -> bool {
    let render = |field: &Field| -> Vec<(Name, String)> {
        let mut arguments: Vec<(Name, String)> =
            field.arguments.iter().map(|(name, value)| (name.node.clone(), value.node.to_string())).collect();
        arguments.sort();
        arguments
    };
    render(a) == render(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(query: &str) -> u64 {
        of(&async_graphql::parser::parse_query(query).unwrap(), None, &Variables::default())
    }

    fn merged(query: &str) -> String {
        let mut document = async_graphql::parser::parse_query(query).unwrap();
        merge_fields(&mut document);
        let (_, operation) = document.operations.iter().next().unwrap();
        format!("{:?}", operation.node.selection_set.node.items.len())
    }

    #[test]
    fn connections_multiply_their_children_and_nesting_multiplies_again() {
        assert_eq!(cost("{ me { id name } }"), 3);
        assert_eq!(cost("{ myWallet { transactions(first: 10) { edges { cursor } } } }"), 1 + 1 + 10 * 2);
        let nested = "{ myWallet { transactions(first: 100) { edges { node { wallet {
            transactions(first: 100) { edges { cursor } } } } } } } }";
        assert!(cost(nested) > 100 * 100, "{}", cost(nested));
        assert_eq!(cost("{ myWallet { transactions { edges { cursor } } } }"), 1 + 1 + 20 * 2, "default page");
    }

    #[test]
    fn fragments_count_where_they_are_spread_and_variables_give_first() {
        let query = "query Q($n: Int) { myWallet { ...T ...T } } fragment T on Wallet { transactions(first: $n) { edges { cursor } } }";
        let document = async_graphql::parser::parse_query(query).unwrap();
        let mut variables = Variables::default();
        variables.insert(Name::new("n"), Value::from(50));
        assert_eq!(of(&document, Some("Q"), &variables), 1 + 2 * (1 + 50 * 2));
        assert_eq!(cost("{ a { ...F } } fragment F on A { ...F b }"), 2, "a cycle ends");
    }

    #[test]
    fn a_variable_left_out_takes_its_default() {
        let query = "query Q($n: Int = 5) { myWallet { transactions(first: $n) { edges { cursor } } } }";
        let document = async_graphql::parser::parse_query(query).unwrap();
        assert_eq!(of(&document, Some("Q"), &Variables::default()), 1 + 1 + 5 * 2);
    }

    /// Every operation the examples and the web app send (the web app imports the same
    /// files) costs at most half the default budget, even at the largest page size.
    #[test]
    fn every_client_example_fits_the_default_budget_twice_over_at_the_largest_page() {
        let budget = crate::config::Config::from_lookup(|_| None).unwrap().query_cost_limit;
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/client-examples/operations");
        let mut checked = 0;
        for kind in ["queries", "mutations", "subscriptions"] {
            for entry in std::fs::read_dir(format!("{root}/{kind}")).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let document = async_graphql::parser::parse_query(&text).unwrap();
                let mut variables = Variables::default();
                variables.insert(Name::new("first"), Value::from(crate::services::history::MAX_PAGE));
                let cost = of(&document, None, &variables);
                assert!(cost * 2 <= budget, "{} costs {cost}, the budget is {budget}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 20, "found {checked} operation files");
    }

    #[test]
    fn fields_under_one_response_key_merge_and_different_ones_stay() {
        assert_eq!(merged("{ me { id } me { name } }"), "1");
        assert_eq!(merged("{ a: me { id } me { name } }"), "2");
        assert_eq!(merged("{ users(first: 1) { edges { cursor } } users(first: 2) { edges { cursor } } }"), "2");
        assert_eq!(merged("{ me @skip(if: true) { id } me { id } }"), "2");
        assert_eq!(merged("{ ...F ...F } fragment F on Query { me { id } }"), "1");
    }
}
