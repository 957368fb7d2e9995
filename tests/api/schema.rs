//! The contract is tested code: the committed schema.graphql is the code's SDL, and that SDL
//! keeps everything the public contract promises (additions allowed, no breaking change).

use std::collections::BTreeMap;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{
    FieldDefinition, InputValueDefinition, ServiceDocument, TypeKind, TypeSystemDefinition,
};
use async_graphql::{Name, Positioned};

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
/// The public contract, pinned in the repository so that a clone anywhere can check it:
/// schema.graphql and the additions that became binding with the issues that built them.
const CONTRACT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/contract");
const CONTRACT_FILES: &[&str] = &["schema.graphql", "gateways.graphql", "operations.graphql", "portal.graphql"];
/// Where the contract is published, beside the repository (absent in a clone elsewhere).
const PUBLISHED_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/contract");

/// Every binding contract file, in order, as one document.
fn contract() -> String {
    CONTRACT_FILES
        .iter()
        .map(|file| {
            std::fs::read_to_string(format!("{CONTRACT_DIR}/{file}"))
                .unwrap_or_else(|error| panic!("reading tests/contract/{file}: {error}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_pinned_contract_is_the_published_one_wherever_that_is_beside_the_repository() {
    for file in CONTRACT_FILES {
        let pinned = std::fs::read_to_string(format!("{CONTRACT_DIR}/{file}")).expect("reading the pinned contract");
        assert!(parse_schema(&pinned).is_ok(), "the pinned {file} parses");
        match std::fs::read_to_string(format!("{PUBLISHED_DIR}/{file}")) {
            Ok(published) => assert!(
                pinned == published,
                "tests/contract/{file} differs from ../shared/contract/{file}: copy it again"
            ),
            Err(_) => eprintln!("no ../shared/contract/{file} here; the pinned copy is checked alone"),
        }
    }
}

#[test]
fn the_committed_schema_graphql_is_the_sdl_of_the_code() {
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    let sdl = kassa::graphql::sdl();
    if committed != sdl {
        let line = committed.lines().zip(sdl.lines()).position(|(a, b)| a != b);
        let line = line.unwrap_or_else(|| committed.lines().count().min(sdl.lines().count())) + 1;
        panic!(
            "schema.graphql is missing or stale (first difference at line {line}): \
             run `cargo run -- schema > schema.graphql` and commit it"
        );
    }
}

#[test]
fn our_schema_keeps_everything_the_contract_promises() {
    let contract = contract();
    let problems = breaking_changes(&contract, &kassa::graphql::sdl());
    assert!(problems.is_empty(), "the schema breaks the contract:\n{}", problems.join("\n"));
}

#[test]
fn the_contract_checker_reports_each_kind_of_break_and_allows_additions() {
    let contract = std::fs::read_to_string(format!("{CONTRACT_DIR}/schema.graphql")).expect("reading the contract");
    assert_eq!(breaking_changes(&contract, &contract), Vec::<String>::new());

    let additions = contract
        .replace("  me: User\n", "  me: User\n  serverTime: DateTime!\n")
        .replace("  users(search: String,", "  users(search: String, role: Role,")
        .replace("  CASHIER\n", "  CASHIER\n  AUDITOR\n")
        .replace("input SignInInput {\n", "input SignInInput {\n  rememberMe: Boolean\n")
        + "\ntype Extra { id: ID! }\n";
    assert_eq!(breaking_changes(&contract, &additions), Vec::<String>::new(), "additions are allowed");

    let breaks = [
        ("  me: User\n", "  me: User!\n", "Query.me"),
        ("  myWallet: Wallet!\n", "  myWallet: Wallet\n", "Query.myWallet"),
        ("  roles: [Role!]!\n", "  roles: [Role]!\n", "User.roles"),
        ("walletByNumber(number: String!)", "walletByNumber(number: String)", "Query.walletByNumber(number:)"),
        ("walletByNumber(number: String!)", "walletByNumber(walletNumber: String!)", "Query.walletByNumber(number:)"),
        ("  users(search: String,", "  users(search: String, role: Role!,", "Query.users(role:)"),
        ("  amount: Money\n  reason: String!", "  amount: Money!\n  reason: String!", "RefundPaymentInput.amount"),
        ("input SignInInput {\n", "input SignInInput {\n  otp: String!\n", "SignInInput.otp"),
        ("  PAYMASTER\n", "", "PaymentProvider.PAYMASTER"),
        ("scalar DateTime", "scalar Instant", "DateTime"),
        ("  hasSecret: Boolean!\n", "", "PaymentSystemBinding.hasSecret"),
        ("type Cashier {", "input Cashier {", "Cashier"),
    ];
    for (from, to, subject) in breaks {
        assert!(contract.contains(from), "the contract no longer contains {from:?}");
        let problems = breaking_changes(&contract, &contract.replacen(from, to, 1));
        assert!(
            problems.iter().any(|problem| problem.starts_with(&format!("{subject}:"))),
            "replacing {from:?} with {to:?} must be reported for {subject}, got {problems:#?}"
        );
    }
    // An extension binds like the type it extends; a type of ours may carry it inline.
    let extended = contract.clone() + "\nextend type Query { serverTime: DateTime! }\nextend enum Role { AUDITOR }\n";
    let problems = breaking_changes(&extended, &contract);
    assert!(problems.iter().any(|problem| problem.starts_with("Query.serverTime:")), "{problems:#?}");
    assert!(problems.iter().any(|problem| problem.starts_with("Role.AUDITOR:")), "{problems:#?}");
    let inline = contract.replacen("  me: User\n", "  me: User\n  serverTime: DateTime!\n", 1).replacen(
        "  CASHIER\n",
        "  CASHIER\n  AUDITOR\n",
        1,
    );
    assert_eq!(breaking_changes(&extended, &inline), Vec::<String>::new());

    let renamed_root = contract.clone() + "\nschema { query: Query mutation: Mutation subscription: Live }\n";
    let problems = breaking_changes(&contract, &renamed_root);
    assert!(problems.iter().any(|problem| problem.starts_with("schema.subscription:")), "{problems:#?}");
}

/// Everything in `contract` that `ours` removed or changed, one line each, starting with
/// the subject (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `schema.query`).
fn breaking_changes(contract: &str, ours: &str) -> Vec<String> {
    let contract = Types::parse(contract, "the contract");
    let ours = Types::parse(ours, "our schema");
    let mut problems = Vec::new();
    for (operation, name) in &contract.roots {
        if ours.roots.get(operation) != Some(name) {
            problems.push(format!("schema.{operation}: {name:?} became {:?}", ours.roots.get(operation)));
        }
    }
    for (name, kind) in &contract.types {
        match ours.types.get(name) {
            None => problems.push(format!("{name}: missing")),
            Some(our_kind) => compare_types(name, kind, our_kind, &mut problems),
        }
    }
    problems
}

fn compare_types(name: &str, contract: &TypeKind, ours: &TypeKind, problems: &mut Vec<String>) {
    match (contract, ours) {
        (TypeKind::Scalar, TypeKind::Scalar) => {}
        (TypeKind::Object(theirs), TypeKind::Object(mine)) => {
            compare_fields(name, &theirs.fields, &mine.fields, problems)
        }
        (TypeKind::Interface(theirs), TypeKind::Interface(mine)) => {
            compare_fields(name, &theirs.fields, &mine.fields, problems)
        }
        (TypeKind::InputObject(theirs), TypeKind::InputObject(mine)) => {
            compare_inputs(name, &theirs.fields, &mine.fields, problems)
        }
        (TypeKind::Enum(theirs), TypeKind::Enum(mine)) => {
            for value in &theirs.values {
                let value = value.node.value.node.as_str();
                if !mine.values.iter().any(|ours| ours.node.value.node.as_str() == value) {
                    problems.push(format!("{name}.{value}: enum value missing"));
                }
            }
        }
        (TypeKind::Union(theirs), TypeKind::Union(mine)) => {
            let names = |members: &[Positioned<Name>]| {
                let mut names: Vec<String> = members.iter().map(|member| member.node.to_string()).collect();
                names.sort();
                names
            };
            if names(&theirs.members) != names(&mine.members) {
                problems.push(format!(
                    "{name}: union members {:?} became {:?}",
                    names(&theirs.members),
                    names(&mine.members)
                ));
            }
        }
        _ => problems.push(format!("{name}: kind {} became {}", kind_name(contract), kind_name(ours))),
    }
}

/// Output fields: each must exist with the same type; its arguments as in [`compare_inputs`].
fn compare_fields(
    owner: &str,
    contract: &[Positioned<FieldDefinition>],
    ours: &[Positioned<FieldDefinition>],
    problems: &mut Vec<String>,
) {
    for field in contract {
        let field = &field.node;
        let name = field.name.node.as_str();
        let Some(mine) = ours.iter().map(|f| &f.node).find(|f| f.name.node.as_str() == name) else {
            problems.push(format!("{owner}.{name}: field missing"));
            continue;
        };
        if field.ty.node != mine.ty.node {
            problems.push(format!("{owner}.{name}: type {} became {}", field.ty.node, mine.ty.node));
        }
        compare_arguments(&format!("{owner}.{name}"), &field.arguments, &mine.arguments, problems);
    }
}

/// Arguments are reported as `Type.field(arg:)`; input fields as `Input.field`.
fn compare_arguments(
    owner: &str,
    contract: &[Positioned<InputValueDefinition>],
    ours: &[Positioned<InputValueDefinition>],
    problems: &mut Vec<String>,
) {
    report(contract, ours, problems, |arg, what| format!("{owner}({arg}:): {what}"));
}

fn compare_inputs(
    owner: &str,
    contract: &[Positioned<InputValueDefinition>],
    ours: &[Positioned<InputValueDefinition>],
    problems: &mut Vec<String>,
) {
    report(contract, ours, problems, |field, what| format!("{owner}.{field}: {what}"));
}

fn report(
    contract: &[Positioned<InputValueDefinition>],
    ours: &[Positioned<InputValueDefinition>],
    problems: &mut Vec<String>,
    describe: impl Fn(&str, &str) -> String,
) {
    let mut found = Vec::new();
    compare_values(contract, ours, &mut found);
    problems.extend(found.iter().map(|(name, what)| describe(name, what)));
}

/// Each contract value must exist with the same type; an added one must be optional
/// (nullable or with a default), or existing clients would break.
fn compare_values(
    contract: &[Positioned<InputValueDefinition>],
    ours: &[Positioned<InputValueDefinition>],
    found: &mut Vec<(String, String)>,
) {
    for value in contract.iter().map(|v| &v.node) {
        let name = value.name.node.to_string();
        match ours.iter().map(|v| &v.node).find(|v| v.name.node.as_str() == name) {
            None => found.push((name, "missing".to_owned())),
            Some(mine) if mine.ty.node != value.ty.node => {
                found.push((name, format!("type {} became {}", value.ty.node, mine.ty.node)))
            }
            Some(_) => {}
        }
    }
    for mine in ours.iter().map(|v| &v.node) {
        let known = contract.iter().any(|v| v.node.name.node == mine.name.node);
        if !known && !mine.ty.node.nullable && mine.default_value.is_none() {
            found.push((mine.name.node.to_string(), format!("added as required ({})", mine.ty.node)));
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Scalar => "scalar",
        TypeKind::Object(_) => "type",
        TypeKind::Interface(_) => "interface",
        TypeKind::Union(_) => "union",
        TypeKind::Enum(_) => "enum",
        TypeKind::InputObject(_) => "input",
    }
}

/// Adds an `extend type` (or input, enum) to the type it extends.
fn extend(kind: &mut TypeKind, extension: TypeKind, name: &str, what: &str) {
    match (kind, extension) {
        (TypeKind::Object(base), TypeKind::Object(more)) => base.fields.extend(more.fields),
        (TypeKind::Interface(base), TypeKind::Interface(more)) => base.fields.extend(more.fields),
        (TypeKind::InputObject(base), TypeKind::InputObject(more)) => base.fields.extend(more.fields),
        (TypeKind::Enum(base), TypeKind::Enum(more)) => base.values.extend(more.values),
        (TypeKind::Union(base), TypeKind::Union(more)) => base.members.extend(more.members),
        (kind, extension) => {
            panic!("{what}: extend {} {name} extends a {}", kind_name(&extension), kind_name(kind))
        }
    }
}

/// The named types of a document and its root operation types.
struct Types {
    types: BTreeMap<String, TypeKind>,
    roots: BTreeMap<&'static str, String>,
}

impl Types {
    fn parse(sdl: &str, what: &str) -> Self {
        let document: ServiceDocument =
            parse_schema(sdl).unwrap_or_else(|error| panic!("{what} does not parse: {error}"));
        let mut types = BTreeMap::new();
        let mut roots = BTreeMap::new();
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Type(ty) => {
                    let ty = ty.node;
                    let name = ty.name.node.to_string();
                    match types.get_mut(&name) {
                        Some(kind) if ty.extend => extend(kind, ty.kind, &name, what),
                        _ => {
                            types.insert(name, ty.kind);
                        }
                    }
                }
                TypeSystemDefinition::Schema(schema) => {
                    let schema = schema.node;
                    for (operation, name) in
                        [("query", schema.query), ("mutation", schema.mutation), ("subscription", schema.subscription)]
                    {
                        if let Some(name) = name {
                            roots.insert(operation, name.node.to_string());
                        }
                    }
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        if roots.is_empty() {
            // No schema block: the conventional names are the roots, where they exist.
            for (operation, name) in [("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription")] {
                if types.contains_key(name) {
                    roots.insert(operation, name.to_owned());
                }
            }
        }
        Self { types, roots }
    }
}
