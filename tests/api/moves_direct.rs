//! The money moves' direct path (`graphql::direct::moves`) against the executor. A
//! document's first request runs on the executor, which validates it; the next ones take
//! the direct path. Both must send the same bytes, for an answer and for an error, and
//! whatever the executor would answer otherwise (a refused caller, an input that does not
//! coerce, a missing variable) must still be its answer, with nothing moved.

use serde_json::{Value, json};

use crate::helpers::{Options, code};
use crate::metrics::Scrape;
use crate::money_input::{Desk, Op};

const DIRECT: &str = "kassa_requests_direct_total";

/// `op`'s document under an operation name of its own, so that its first request here is
/// the document's first (the executor's); the payload selects every field the direct path
/// answers.
fn document(op: Op, name: &str) -> String {
    op.document().replacen("mutation(", &format!("mutation {name}("), 1).replace(
        "{ transaction { id amount } wallet { balance version } }",
        "{ __typename t: transaction { __typename id kind amount balanceAfter walletVersion reference comment \
             createdAt } wallet { __typename id number balance available held currency version } }",
    )
}

/// How many money moves ran direct since `before` (the balance reads go direct too).
async fn direct_since(desk: &Desk, before: &Scrape) -> f64 {
    let moves = |scrape: &Scrape| Op::ALL.map(|op| scrape.value(DIRECT, &[("field", op.field())])).iter().sum::<f64>();
    moves(&Scrape::of(&desk.app).await) - moves(before)
}

/// The first request (executor), then its replay with the same key (direct): the same bytes.
async fn a_replay_on_the_direct_path_answers_the_executors_bytes(op: Op) {
    let desk = Desk::open(Options::default()).await;
    let (query, token) = (document(op, "First"), op.actor(&desk).token.clone());
    let variables = json!({ "input": op.input(&desk, json!("2.00"), "direct-1") });
    let before = Scrape::of(&desk.app).await;
    let first = desk.app.gql_text(Some(&token), &query, variables.clone()).await;
    assert_eq!(direct_since(&desk, &before).await, 0.0, "a document's first request is the executor's");
    let parsed: Value = serde_json::from_str(&first).unwrap();
    assert!(parsed.get("errors").is_none(), "{parsed:#}");
    assert_eq!(parsed["data"][op.field()]["t"]["amount"], "2.00");
    let moved = desk.balance().await;

    let replay = desk.app.gql_text(Some(&token), &query, variables).await;
    assert_eq!(direct_since(&desk, &before).await, 1.0, "the replay ran direct");
    assert_eq!(replay, first, "{}: the direct path's bytes are the executor's", op.field());
    assert_eq!(desk.balance().await, moved, "the replay moved nothing");

    // A new key moves money again, on the direct path.
    let another = json!({ "input": op.input(&desk, json!("1.00"), "direct-2") });
    let body: Value = serde_json::from_str(&desk.app.gql_text(Some(&token), &query, another).await).unwrap();
    assert_eq!(body["data"][op.field()]["wallet"]["version"], moved.1 + 1, "{body:#}");
    assert_eq!(direct_since(&desk, &before).await, 2.0);
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_top_up_on_the_direct_path_answers_the_executors_bytes() {
    a_replay_on_the_direct_path_answers_the_executors_bytes(Op::TopUp).await;
}

#[tokio::test]
async fn a_write_off_on_the_direct_path_answers_the_executors_bytes() {
    a_replay_on_the_direct_path_answers_the_executors_bytes(Op::WriteOff).await;
}

#[tokio::test]
async fn a_payment_on_the_direct_path_answers_the_executors_bytes() {
    a_replay_on_the_direct_path_answers_the_executors_bytes(Op::Pay).await;
}

#[tokio::test]
async fn a_refund_on_the_direct_path_answers_the_executors_bytes() {
    a_replay_on_the_direct_path_answers_the_executors_bytes(Op::Refund).await;
}

#[tokio::test]
async fn a_moves_error_on_the_direct_path_is_the_executors_to_the_byte() {
    let desk = Desk::open(Options::default()).await;
    let (op, token) = (Op::WriteOff, desk.cashier.token.clone());
    let query = document(op, "TooMuch");
    let before = Scrape::of(&desk.app).await;
    let variables = |key: &str| json!({ "input": op.input(&desk, json!("1000.00"), key) });
    let executor = desk.app.gql_text(Some(&token), &query, variables("too-much-1")).await;
    let direct = desk.app.gql_text(Some(&token), &query, variables("too-much-2")).await;
    assert_eq!(direct_since(&desk, &before).await, 1.0, "the second ran direct");
    assert_eq!(direct, executor);
    let body: Value = serde_json::from_str(&direct).unwrap();
    assert_eq!(code(&body), "INSUFFICIENT_FUNDS");
    assert_eq!(body["data"], Value::Null);
    assert_eq!(body["errors"][0]["path"], json!(["writeOffWallet"]));
    assert_eq!(desk.balance().await, ("50.00".to_owned(), 2), "nothing moved");
}

#[tokio::test]
async fn what_the_executor_would_refuse_is_left_to_it_and_moves_nothing() {
    let desk = Desk::open(Options::default()).await;
    let query = document(Op::TopUp, "Refused");
    let input = |key: &str| Op::TopUp.input(&desk, json!("3.00"), key);
    // Validated by its first request: the next ones could go direct.
    desk.app.gql_text(Some(&desk.cashier.token), &query, json!({ "input": input("refused-0") })).await;
    let moved = desk.balance().await;
    let before = Scrape::of(&desk.app).await;

    let mut number_amount = input("refused-1");
    number_amount["amount"] = json!(3);
    let mut no_key = input("refused-2");
    no_key.as_object_mut().unwrap().remove("idempotencyKey");
    let cases: [(&str, Option<&str>, Value, &str); 5] = [
        ("a customer", Some(&desk.customer.token), json!({ "input": input("refused-3") }), "FORBIDDEN"),
        ("no one", None, json!({ "input": input("refused-4") }), "UNAUTHENTICATED"),
        ("a number for Money", Some(&desk.cashier.token), json!({ "input": number_amount }), "BAD_USER_INPUT"),
        ("no idempotency key", Some(&desk.cashier.token), json!({ "input": no_key }), "BAD_USER_INPUT"),
        ("no input", Some(&desk.cashier.token), json!({}), "BAD_USER_INPUT"),
    ];
    for (what, token, variables, expected) in cases {
        let body: Value = serde_json::from_str(&desk.app.gql_text(token, &query, variables).await).unwrap();
        assert_eq!(code(&body), expected, "{what}: {body:#}");
        assert_eq!(body["data"], Value::Null, "{what}");
    }
    assert_eq!(direct_since(&desk, &before).await, 0.0, "every one ran on the executor");
    assert_eq!(desk.balance().await, moved, "nothing moved");

    // A payload field the move's rows do not hold: always the executor's.
    let with_system = query.replace("reference comment", "reference comment paymentSystem { id }");
    for key in ["system-1", "system-2"] {
        let body: Value = serde_json::from_str(
            &desk.app.gql_text(Some(&desk.cashier.token), &with_system, json!({ "input": input(key) })).await,
        )
        .unwrap();
        assert_eq!(body["data"]["topUpWallet"]["t"]["paymentSystem"]["id"], desk.system, "{body:#}");
    }
    assert_eq!(direct_since(&desk, &before).await, 0.0, "a field of another row is the executor's");
}
