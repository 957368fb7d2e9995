use super::*;
use crate::db::models::TransactionRow;
use crate::domain::Cursor;
use crate::services::history::Page;
use crate::services::moves::Outcome;

fn plan(query: &str) -> Option<Plan> {
    Plan::of(&async_graphql::parser::parse_query(query).expect("a document"))
}

fn event(kind: &str) -> Arc<BalanceEvent> {
    let wallet = serde_json::json!({ "id": 7, "number": "100000000008", "owner_id": 3, "currency": "RUB",
        "balance": "30.00", "version": 2, "created_at": "2026-12-01T21:00:00Z", "held": "5.00" });
    let transaction = serde_json::json!({ "id": 41, "kind": kind, "amount": "30.00", "wallet_id": 7,
        "balance_after": "30.00", "wallet_version": 2, "performed_by": 9, "payment_system_id": 1,
        "reference": "R-1", "comment": null, "refund_of": null, "idempotency_key": "k", "request_hash": [],
        "created_at": "2026-12-01T21:00:01Z" });
    let event = serde_json::json!({ "wallet": wallet, "transaction": transaction });
    Arc::new(serde_json::from_value(event).expect("an event"))
}

fn json(response: &Response) -> String {
    serde_json::to_string(response).expect("serialisable")
}

/// An answer with no error: written, the same bytes as the tree of values that a
/// subscription's frame is made of, and read back as that response for a WebSocket.
fn written(plan: &Plan, rows: Rows<'_>) -> String {
    let Answer::Json(bytes) = plan.data(rows, Vec::new()) else { panic!("not written") };
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let response = plan.response(rows, Vec::new());
    assert_eq!(text, json(&response));
    assert_eq!(Answer::Json(bytes).into_response(), response);
    text
}

/// An answer with an error: a response.
fn failed(answer: Answer) -> Response {
    let Answer::Response(response) = answer else { panic!("an error is a response") };
    response
}

#[test]
fn only_balance_subscriptions_of_the_events_own_fields_are_planned() {
    for query in [
        "subscription { myBalance { version balance } }",
        "subscription S { b: myBalance { __typename v: version wallet { id number } transaction { id kind createdAt } } }",
        r#"subscription { walletBalance(walletNumber: "100000000008") { walletNumber } }"#,
        "subscription($n: String!) { walletBalance(walletNumber: $n) { version } }",
    ] {
        assert!(plan(query).is_some(), "{query}");
    }
    for query in [
        "subscription { transactionFeed { id } }",
        "subscription { myBalance { ...F } } fragment F on BalanceEvent { version }",
        "subscription { myBalance { ... on BalanceEvent { version } } }",
        "subscription { myBalance { version @include(if: true) } }",
        "subscription @a { myBalance { version } }",
        "subscription { myBalance { wallet { owner { id } } } }",
        "subscription { myBalance { transaction { wallet { id } } } }",
        "subscription { myBalance { transaction { performedBy { id } } } }",
        "subscription { myBalance { wallet { transactions { totalCount } } } }",
        "subscription { myBalance { v: version v: balance } }",
        "subscription { myBalance { transaction } }",
        "subscription { myBalance { version { x } } }",
        "subscription A { myBalance { version } } subscription B { myBalance { balance } }",
        "subscription { walletBalance(walletNumber: 100000000008) { version } }",
    ] {
        assert!(plan(query).is_none(), "{query}");
    }
}

#[test]
fn an_event_is_answered_in_the_documents_order_under_its_keys() {
    let plan = plan(
        "subscription { b: myBalance { v: version __typename balance available held walletId \
         transaction { kind amount reference comment createdAt __typename } wallet { number currency } } }",
    )
    .unwrap();
    let expected = r#"{"data":{"b":{"v":2,"__typename":"BalanceEvent","balance":"30.00","available":"25.00","held":"5.00","walletId":"7","transaction":{"kind":"TOP_UP","amount":"30.00","reference":"R-1","comment":null,"createdAt":"2026-12-01T21:00:01Z","__typename":"Transaction"},"wallet":{"number":"100000000008","currency":"RUB"}}}}"#;
    assert_eq!(json(&plan.respond(Ok(event("TOP_UP")))), expected);
}

#[test]
fn a_kind_this_version_does_not_know_is_left_out_with_its_error_as_the_executor_does() {
    // async-graphql's executor leaves a failed field out of its object, null or not.
    let plan = plan("subscription { myBalance { version t: transaction { id k: kind } } }").unwrap();
    let response = plan.respond(Ok(event("BARTER")));
    let expected = r#"{"data":{"myBalance":{"version":2,"t":{"id":"41"}}},"errors":[{"message":"internal error","locations":[{"line":1,"column":56}],"path":["myBalance","t","k"]}]}"#;
    assert_eq!(json(&response), expected.replace("internal error", &ApiError::Internal.to_string()));
}

#[test]
fn the_error_that_ends_a_stream_points_at_the_root_field() {
    let plan = plan("subscription {\n  mine: myBalance { version } }").unwrap();
    let response = plan.respond(Err(ApiError::Unauthenticated));
    assert_eq!(response.data, Value::Null);
    let error = &response.errors[0];
    assert_eq!(error.message, ApiError::Unauthenticated.to_string());
    assert_eq!(error.locations, vec![Pos { line: 2, column: 3 }]);
    assert_eq!(error.path, vec![PathSegment::Field("mine".into())]);
    assert!(error.source.as_ref().is_some_and(|source| source.downcast_ref::<ApiError>().is_some()));
}

#[test]
fn only_the_four_moves_with_their_input_and_a_payload_of_their_rows_are_planned() {
    for query in [
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { transaction { id } wallet { balance } } }",
        "mutation M($i: WriteOffWalletInput!) { w: writeOffWallet(input: $i) { __typename wallet { version } } }",
        r#"mutation { payFromWallet(input: { amount: "1.00", orderReference: "O", idempotencyKey: "k" }) { transaction { kind } } }"#,
        "mutation($i: RefundPaymentInput!) { refundPayment(input: $i) { transaction { amount createdAt } } }",
    ] {
        let plan = plan(query).unwrap_or_else(|| panic!("{query}"));
        assert!(matches!(plan.root, Root::Move(..)), "{query}");
    }
    for query in [
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { transaction { paymentSystem { id } } } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { transaction { performedBy { id } } } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { wallet { owner { id } } } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { balance } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { ...F } } fragment F on WalletOperationResult { wallet { id } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { wallet { id @skip(if: false) } } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) @a { wallet { id } } }",
        "mutation($i: TopUpWalletInput!) { a: topUpWallet(input: $i) { wallet { id } } b: topUpWallet(input: $i) { wallet { id } } }",
        "mutation($i: TopUpWalletInput!) { ... on Mutation { topUpWallet(input: $i) { wallet { id } } } }",
        "mutation($i: CaptureHoldInput!) { captureHold(input: $i) { transaction { id } } }",
        "mutation { signOut }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(input: $i, extra: 1) { wallet { id } } }",
        "mutation($i: TopUpWalletInput!) { topUpWallet(other: $i) { wallet { id } } }",
    ] {
        assert!(plan(query).is_none(), "{query}");
    }
}

fn outcome() -> Outcome {
    let event = event("TOP_UP");
    Outcome { transaction: event.transaction.clone().unwrap(), wallet: event.wallet.clone() }
}

#[test]
fn a_moves_payload_is_answered_from_its_outcome_under_the_documents_keys() {
    let plan = plan(
        "mutation($i: TopUpWalletInput!) { t: topUpWallet(input: $i) { __typename wallet { held v: version } \
         transaction { kind amount } } }",
    )
    .unwrap();
    let expected = r#"{"data":{"t":{"__typename":"WalletOperationResult","wallet":{"held":"5.00","v":2},"transaction":{"kind":"TOP_UP","amount":"30.00"}}}}"#;
    let outcome = outcome();
    assert_eq!(written(&plan, Rows::new(&outcome.wallet, Some(&outcome.transaction))), expected);
    let Answer::Json(bytes) = plan.answer_move(Ok(outcome.clone())) else { panic!("not written") };
    assert_eq!(bytes, expected.as_bytes());
}

#[test]
fn a_moves_failure_nulls_data_with_its_error_at_the_root_field() {
    let failing = plan("mutation($i: TopUpWalletInput!) {\n  t: topUpWallet(input: $i) { wallet { id } } }").unwrap();
    let response = failed(failing.answer_move(Err(ApiError::InsufficientFunds.into())));
    assert_eq!(response.data, Value::Null);
    let error = &response.errors[0];
    assert_eq!(error.locations, vec![Pos { line: 2, column: 3 }]);
    assert_eq!(error.path, vec![PathSegment::Field("t".into())]);

    // An unknown kind is left out of its object, as the executor does.
    let kinds = plan("mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { transaction { id kind } } }").unwrap();
    let mut unknown = outcome();
    unknown.transaction.kind = "BARTER".into();
    let response = failed(kinds.answer_move(Ok(unknown)));
    let expected = r#"{"data":{"topUpWallet":{"transaction":{"id":"41"}}},"errors":[{"message":"internal error","locations":[{"line":1,"column":77}],"path":["topUpWallet","transaction","kind"]}]}"#;
    assert_eq!(json(&response), expected.replace("internal error", &ApiError::Internal.to_string()));
}

#[test]
fn only_my_wallet_with_its_own_fields_and_one_page_of_their_own_fields_is_planned() {
    for query in [
        "{ myWallet { balance version } }",
        "query Q { w: myWallet { __typename id number available held currency } }",
        "{ myWallet { balance transactions(first: 20) { edges { node { id kind amount balanceAfter createdAt } } \
         pageInfo { hasNextPage endCursor } } } }",
        "query($f: Int, $a: String) { myWallet { t: transactions(first: $f, after: $a) { __typename \
         edges { __typename cursor node { __typename walletVersion reference comment } } \
         pageInfo { __typename hasPreviousPage hasNextPage startCursor endCursor } } } }",
        "{ myWallet { transactions { pageInfo { hasNextPage } } } }",
    ] {
        let plan = plan(query).unwrap_or_else(|| panic!("{query}"));
        assert!(matches!(plan.root, Root::MyWallet(_)), "{query}");
    }
    for query in [
        "{ myWallet { owner { id } } }",
        "{ myWallet { createdAt } }",
        "{ myWallet { holds { edges { cursor } } } }",
        "{ myWallet { topUpInvoices { edges { cursor } } } }",
        "{ myWallet { transactions(filter: { kinds: [TOP_UP] }) { edges { cursor } } } }",
        "{ myWallet { transactions { edges { node { performedBy { id } } } } } }",
        "{ myWallet { transactions { edges { node { paymentSystem { id } } } } } }",
        "{ myWallet { transactions { edges { node { wallet { id } } } } } }",
        "{ myWallet { transactions { edges } } }",
        "{ myWallet { transactions { totalCount } } }",
        "{ myWallet { a: transactions { edges { cursor } } b: transactions { edges { cursor } } } }",
        "{ myWallet { transactions { ...F } } } fragment F on TransactionConnection { edges { cursor } }",
        "{ myWallet { balance } me { id } }",
        "{ myWallet(x: 1) { balance } }",
        "{ walletByNumber(number: \"100000000008\") { balance } }",
        "query A { myWallet { balance } } query B { myWallet { version } }",
    ] {
        assert!(plan(query).is_none(), "{query}");
    }
}

fn page(kinds: &[&str]) -> Page<TransactionRow> {
    let row = |(index, kind): (usize, &&str)| {
        let mut row = event(kind).transaction.clone().unwrap();
        row.id -= index as i64;
        (Cursor(row.id), row)
    };
    Page { items: kinds.iter().enumerate().map(row).collect(), has_next: true, has_previous: false }
}

#[test]
fn my_wallet_and_its_page_are_answered_under_the_documents_keys() {
    let plan = plan(
        "{ w: myWallet { balance t: transactions(first: 2) { edges { c: cursor node { id kind } } \
         pageInfo { hasPreviousPage hasNextPage startCursor endCursor __typename } } v: version } }",
    )
    .unwrap();
    // The page after the wallet's own fields, wherever the document has it: the executor
    // writes it when its query returns, after the rest.
    let (wallet, page) = (event("TOP_UP").wallet.clone(), page(&["TOP_UP", "PAYMENT"]));
    let expected = format!(
        r#"{{"data":{{"w":{{"balance":"30.00","v":2,"t":{{"edges":[{{"c":"{c41}","node":{{"id":"41","kind":"TOP_UP"}}}},{{"c":"{c40}","node":{{"id":"40","kind":"PAYMENT"}}}}],"pageInfo":{{"hasPreviousPage":false,"hasNextPage":true,"startCursor":"{c41}","endCursor":"{c40}","__typename":"PageInfo"}}}}}}}}}}"#,
        c41 = Cursor(41).encode(),
        c40 = Cursor(40).encode(),
    );
    assert_eq!(written(&plan, Rows { page: Some(&page), ..Rows::new(&wallet, None) }), expected);

    let empty = Page { items: vec![], has_next: false, has_previous: true };
    let expected = r#"{"data":{"w":{"balance":"30.00","v":2,"t":{"edges":[],"pageInfo":{"hasPreviousPage":true,"hasNextPage":false,"startCursor":null,"endCursor":null,"__typename":"PageInfo"}}}}}"#;
    assert_eq!(written(&plan, Rows { page: Some(&empty), ..Rows::new(&wallet, None) }), expected);
}

#[test]
fn a_kind_this_version_does_not_know_in_a_page_is_left_out_with_the_edges_path() {
    // The node has no field left: null, as the executor's is.
    let plan = plan("{ myWallet { transactions { edges { node { kind } } } } }").unwrap();
    let (wallet, page) = (event("TOP_UP").wallet.clone(), page(&["TOP_UP", "BARTER"]));
    let response = failed(plan.data(Rows { page: Some(&page), ..Rows::new(&wallet, None) }, Vec::new()));
    let expected = r#"{"data":{"myWallet":{"transactions":{"edges":[{"node":{"kind":"TOP_UP"}},{"node":null}]}}},"errors":[{"message":"internal error","locations":[{"line":1,"column":44}],"path":["myWallet","transactions","edges",1,"node","kind"]}]}"#;
    assert_eq!(json(&response), expected.replace("internal error", &ApiError::Internal.to_string()));
}

#[test]
fn every_field_is_written_as_the_tree_of_values_has_it() {
    let plan = plan(
        "{ myWallet { __typename id number balance available held currency version \
         transactions { edges { cursor node { __typename id kind amount balanceAfter walletVersion reference \
         comment createdAt } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } } }",
    )
    .unwrap();
    let wallet = event("TOP_UP").wallet.clone();
    let mut page = page(&["TOP_UP", "REFUND"]);
    // Texts JSON must escape, a null, a fraction of a second.
    page.items[0].1.reference = Some("R-\"1\"\\ \u{1} ₽".into());
    page.items[1].1.comment = Some("line\nbreak".into());
    page.items[1].1.created_at = "2026-12-01T21:00:01.25Z".parse().unwrap();
    let text = written(&plan, Rows { page: Some(&page), ..Rows::new(&wallet, None) });
    assert!(text.contains(r#""reference":"R-\"1\"\\ \u0001 ₽""#), "{text}");
    assert!(text.contains(r#""comment":null"#) && text.contains(r#""comment":"line\nbreak""#), "{text}");
    assert!(text.contains(r#""createdAt":"2026-12-01T21:00:01.250Z""#), "{text}");
    assert!(
        text.contains(r#""balance":"30.00","available":"25.00","held":"5.00","currency":"RUB","version":2"#),
        "{text}"
    );
}
