//! `myWallet` on the direct path (`graphql::direct::read`) against the executor. A
//! document's first request runs on the executor, which validates it; the next ones take
//! the direct path. Both must send the same bytes, for a page, for the next page after a
//! cursor and for a bad argument; what the executor would answer otherwise (no viewer, an
//! API key, a filter, a variable not given) stays its answer.

use serde_json::{Value, json};

use crate::api_keys::create_key;
use crate::helpers::{Options, code};
use crate::metrics::Scrape;
use crate::money_input::Desk;

const DIRECT: &str = "kassa_requests_direct_total";

/// Every field the direct path answers, under aliases too; `first` and `after` as variables.
const PAGE: &str = "query Page($first: Int, $after: String) { w: myWallet { __typename id number \
    balance available held currency v: version t: transactions(first: $first, after: $after) { __typename \
    edges { __typename cursor node { __typename id kind amount balanceAfter walletVersion reference comment \
    createdAt } } pageInfo { __typename hasPreviousPage hasNextPage startCursor endCursor } } } }";

/// How many `myWallet` reads ran direct since `before`.
async fn direct_since(desk: &Desk, before: &Scrape) -> f64 {
    let reads = |scrape: &Scrape| scrape.value(DIRECT, &[("field", "myWallet")]);
    reads(&Scrape::of(&desk.app).await) - reads(before)
}

/// A desk whose customer has five transactions: two top-ups, the payment, two more top-ups.
async fn desk() -> Desk {
    let desk = Desk::open(Options::default()).await;
    for amount in ["1.00", "2.00", "3.00"] {
        desk.app.top_up(&desk.cashier, &desk.customer.wallet, amount, &desk.system).await;
    }
    desk
}

#[tokio::test]
async fn a_page_and_the_next_after_its_cursor_are_the_executors_bytes() {
    let desk = desk().await;
    let token = desk.customer.token.clone();
    let before = Scrape::of(&desk.app).await;
    // The executor's first answer, which validates the document, and the direct path's.
    let first_page = json!({ "first": 2 });
    let executor = desk.app.gql_text(Some(&token), PAGE, first_page.clone()).await;
    assert_eq!(direct_since(&desk, &before).await, 0.0, "a document's first request is the executor's");
    let direct = desk.app.gql_text(Some(&token), PAGE, first_page).await;
    assert_eq!(direct_since(&desk, &before).await, 1.0, "the second ran direct");
    assert_eq!(direct, executor);

    let body: Value = serde_json::from_str(&direct).unwrap();
    let connection = &body["data"]["w"]["t"];
    assert_eq!(body["data"]["w"]["balance"], "56.00", "{body:#}");
    assert_eq!(connection["edges"].as_array().unwrap().len(), 2);
    assert_eq!(connection["edges"][0]["node"]["amount"], "3.00", "newest first");
    assert_eq!(connection["pageInfo"]["hasNextPage"], true);
    assert_eq!(connection["pageInfo"]["hasPreviousPage"], false);

    // The rest after the cursor, in a document of its own: the executor's, then direct.
    let rest = PAGE.replace("query Page(", "query Rest(");
    let after = json!({ "first": 10, "after": connection["pageInfo"]["endCursor"] });
    let executor = desk.app.gql_text(Some(&token), &rest, after.clone()).await;
    let direct = desk.app.gql_text(Some(&token), &rest, after).await;
    assert_eq!(direct_since(&desk, &before).await, 2.0);
    assert_eq!(direct, executor);
    let body: Value = serde_json::from_str(&direct).unwrap();
    let amounts: Vec<&Value> =
        body["data"]["w"]["t"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]["amount"]).collect();
    assert_eq!(
        amounts,
        [&json!("1.00"), &json!("50.00"), &json!("100.00")],
        "the oldest top-up of three, the payment, the first"
    );
    assert_eq!(body["data"]["w"]["t"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(body["data"]["w"]["t"]["pageInfo"]["hasNextPage"], false);

    // The page first in the document: the executor writes it after the wallet's own fields
    // (it waits for the database), and so does the direct path.
    let order = "query Order { myWallet { transactions(first: 1) { edges { cursor } } balance } }";
    let executor = desk.app.gql_text(Some(&token), order, json!({})).await;
    let direct = desk.app.gql_text(Some(&token), order, json!({})).await;
    assert_eq!(direct_since(&desk, &before).await, 3.0);
    assert_eq!(direct, executor);
    assert!(direct.find("balance") < direct.find("transactions"), "{direct}");

    // Only the wallet: one query, no page.
    let balance = "query Balance { myWallet { balance version } }";
    let executor = desk.app.gql_text(Some(&token), balance, json!({})).await;
    let direct = desk.app.gql_text(Some(&token), balance, json!({})).await;
    assert_eq!(direct_since(&desk, &before).await, 4.0);
    assert_eq!(direct, executor);
    assert_eq!(serde_json::from_str::<Value>(&direct).unwrap()["data"]["myWallet"]["version"], 5);
}

#[tokio::test]
async fn a_bad_page_argument_is_the_executors_error_to_the_byte() {
    let desk = desk().await;
    let token = desk.customer.token.clone();
    let before = Scrape::of(&desk.app).await;
    for (name, variables) in [("TooMany", json!({ "first": 101 })), ("Foreign", json!({ "after": "bm9wZQ" }))] {
        let query = PAGE.replace("query Page(", &format!("query {name}("));
        let executor = desk.app.gql_text(Some(&token), &query, variables.clone()).await;
        let direct = desk.app.gql_text(Some(&token), &query, variables).await;
        assert_eq!(direct, executor, "{name}");
        let body: Value = serde_json::from_str(&direct).unwrap();
        assert_eq!(code(&body), "BAD_USER_INPUT", "{name}: {body:#}");
        // As async-graphql's executor does: the failed field is left out, the rest answered.
        assert!(body["data"]["w"].get("t").is_none(), "{name}: {body:#}");
        assert_eq!(body["data"]["w"]["balance"], "56.00", "{name}");
        assert_eq!(body["errors"][0]["path"], json!(["w", "t"]), "{name}");
    }
    assert_eq!(direct_since(&desk, &before).await, 2.0, "the direct path answered both second requests");
}

#[tokio::test]
async fn what_the_executor_would_answer_otherwise_is_left_to_it() {
    let desk = desk().await;
    let app = &desk.app;
    let token = desk.customer.token.clone();
    let filtered =
        "query Filtered { myWallet { transactions(filter: { kinds: [PAYMENT] }) { edges { node { amount } } } } }";
    for query in [PAGE, filtered] {
        app.gql_text(Some(&token), query, json!({})).await;
    }
    let (_, secret) = create_key(app, &desk.admin, "Shop", &["PAYMENTS_READ"]).await;
    let before = Scrape::of(app).await;

    let two = json!({ "first": 2 });
    assert_eq!(code(&app.gql(None, PAGE, two.clone()).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(Some(&secret), PAGE, two).await), "FORBIDDEN", "an API key has no wallet");
    let body = app.gql(Some(&token), PAGE, json!({ "first": "2" })).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "a string for an Int: {body:#}");
    let body = app.gql(Some(&token), filtered, json!({})).await;
    let edges = body["data"]["myWallet"]["transactions"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{body:#}");
    assert_eq!(edges[0]["node"]["amount"], "50.00");
    assert_eq!(direct_since(&desk, &before).await, 0.0, "every one ran on the executor");
}
