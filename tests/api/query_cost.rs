//! What one document may cost: list-aware complexity, field merging and the response cap,
//! all refused before anything runs.

use serde_json::json;

use crate::helpers::{Options, PASSWORD, TestApp, code};

/// The attack from the hardening issue: three connections of 100 nested in each other.
const NESTED: &str = "{ myWallet { transactions(first: 100) { edges { node { wallet {
    transactions(first: 100) { edges { node { wallet { transactions(first: 100) { edges { cursor } } } } } } } } } } } }";

#[tokio::test]
async fn nested_connections_are_refused_as_too_complex_before_anything_runs() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let body = app.gql(Some(&customer.token), NESTED, json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("would cost"), "{body}");

    // The same shape inside a mutation: refused before the payment runs, so nothing moves.
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    let pay = "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { wallet {
        transactions(first: 100) { edges { node { wallet { transactions(first: 100) { edges { cursor } } } } } } } } }";
    let input = json!({ "input": { "amount": "1.00", "orderReference": "A-1", "idempotencyKey": "k-1" } });
    let body = app.gql(Some(&customer.token), pay, input).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(app.balance(&customer).await, ("10.00".to_owned(), 1), "the payment did not run");
}

#[tokio::test]
async fn page_sizes_from_variables_and_defaults_count_and_small_pages_pass() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let query = "query($n: Int) { myWallet { transactions(first: $n) { edges { node { wallet {
        transactions(first: $n) { edges { node { id kind amount } } } } } } } } }";
    let body = app.gql(Some(&customer.token), query, json!({ "n": 100 })).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
    let data = app.ok(Some(&customer.token), query, json!({ "n": 5 })).await;
    assert!(data["myWallet"]["transactions"]["edges"].is_array(), "{data}");
    // The budget is configurable.
    let strict =
        TestApp::with(Options { env: vec![("KASSA_QUERY_COST_LIMIT", "10".into())], ..Options::default() }).await;
    let customer = strict.customer().await;
    let body = strict.gql(Some(&customer.token), "{ myWallet { transactions { edges { cursor } } } }", json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "20 edges of default page cost more than 10: {body}");
}

#[tokio::test]
async fn fragments_are_counted_wherever_they_are_spread() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let spreads: String = (0..30).map(|i| format!("...F{i} ")).collect();
    let fragments: String = (0..30)
        .map(|i| format!("fragment F{i} on Wallet {{ t{i}: transactions(first: 100) {{ edges {{ node {{ id amount kind }} }} }} }} "))
        .collect();
    let query = format!("{{ myWallet {{ {spreads} }} }} {fragments}");
    let body = app.gql(Some(&customer.token), &query, json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
}

#[tokio::test]
async fn a_field_repeated_under_one_response_key_runs_once() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    // Five failed sign-ins lock an account's attempts for a while. Five documents that
    // each repeat the same signIn field three times make five attempts, not fifteen.
    let wrong = format!("signIn(input: {{ email: \"{}\", password: \"wrong-password\" }}) {{ token }}", customer.email);
    let document = format!("mutation {{ {wrong} {wrong} {wrong} }}");
    for round in 0..5 {
        let body = app.gql(None, &document, json!({})).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "round {round}: {body}");
        assert_eq!(body["errors"].as_array().unwrap().len(), 1, "one execution, one error: {body}");
    }
    let body = app
        .gql(
            None,
            &format!(
                "mutation {{ signIn(input: {{ email: \"{}\", password: \"{PASSWORD}\" }}) {{ token }} }}",
                customer.email
            ),
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "RATE_LIMITED", "the sixth attempt is over the limit: {body}");

    // Reads merge too: one answer per key, with the fields of every repetition.
    let data = app.ok(Some(&customer.token), "{ myWallet { number } myWallet { balance } }", json!({})).await;
    assert!(data["myWallet"]["number"].is_string() && data["myWallet"]["balance"].is_string(), "{data}");
}

#[tokio::test]
async fn a_response_over_the_size_cap_is_replaced_by_an_error() {
    let app = TestApp::with(Options { env: vec![("KASSA_MAX_RESPONSE", "600".into())], ..Options::default() }).await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let customer = app.customer().await;
    for _ in 0..10 {
        app.top_up(&cashier, &customer.wallet, "1.00", &system).await;
    }
    let small = app.ok(Some(&customer.token), "{ myWallet { balance } }", json!({})).await;
    assert_eq!(small["myWallet"]["balance"], "10.00");
    let page = "{ myWallet { transactions(first: 10) { edges { node { id kind amount balanceAfter createdAt } } } } }";
    let body = app.gql(Some(&customer.token), page, json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(body.to_string().len() < 600, "{body}");
}
