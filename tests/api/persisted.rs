//! Automatic persisted queries over HTTP (Apollo's protocol): a hash alone is unknown until
//! its text came once with it; then the hash alone runs the document, for every client; a
//! hash that is not the text's is refused and runs nothing.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, code};

const QUERY: &str = "query MyWalletBalance { myWallet { number balance } }";

async fn post(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app.http.post(format!("{}/graphql", app.url)).bearer_auth(token).json(&body).send().await.unwrap();
    response.json().await.unwrap()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn a_hash_runs_its_document_once_the_text_came_with_it_and_a_wrong_hash_runs_nothing() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let other = app.customer().await;
    let hash = hex::encode(Sha256::digest(QUERY.as_bytes()));

    let unknown = post(&app, &customer.token, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(code(&unknown), "PERSISTED_QUERY_NOT_FOUND", "{unknown}");
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound", "the message Apollo's link looks for");

    let first = post(&app, &customer.token, json!({ "query": QUERY, "extensions": persisted(&hash) })).await;
    assert_eq!(first["data"]["myWallet"]["number"], customer.wallet.as_str(), "{first}");

    // The hash alone now runs it, as whoever sends it: another customer sees their own wallet.
    let by_hash = post(&app, &other.token, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(by_hash["data"]["myWallet"]["number"], other.wallet.as_str(), "{by_hash}");

    let forged = json!({ "query": "{ me { id } }", "extensions": persisted(&hash) });
    let refused = post(&app, &customer.token, forged).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(refused["data"].is_null(), "nothing ran: {refused}");
    let malformed = post(&app, &customer.token, json!({ "extensions": persisted("not-hex") })).await;
    assert_eq!(code(&malformed), "BAD_USER_INPUT", "{malformed}");

    // The hash still stands for the first text, not the forged one.
    let again = post(&app, &customer.token, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(again["data"]["myWallet"]["number"], customer.wallet.as_str(), "{again}");
}

/// A document that ran once skips validation; a bad variable is still refused before any
/// money moves, and a mutation of two root fields is still validated as a whole (a
/// variable that does not fit its type refuses both fields, not just the second).
#[tokio::test]
async fn a_document_seen_before_still_refuses_bad_variables_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let system = app.payment_system(&admin).await;
    let input = |amount: Value, key: &str| {
        json!({ "walletNumber": customer.wallet, "amount": amount, "paymentSystemId": system,
                "receipt": "r-1", "idempotencyKey": key })
    };
    let one = "mutation One($i: TopUpWalletInput!) { topUpWallet(input: $i) { wallet { balance } } }";
    let ran = app.gql(Some(&cashier.token), one, json!({ "i": input(json!("5.00"), "k-1") })).await;
    assert_eq!(ran["data"]["topUpWallet"]["wallet"]["balance"], "5.00", "{ran}");
    for bad in [json!(5), json!("five"), json!(null)] {
        let refused = app.gql(Some(&cashier.token), one, json!({ "i": input(bad.clone(), "k-2") })).await;
        assert_eq!(code(&refused), "BAD_USER_INPUT", "{bad}: {refused}");
    }
    let missing = app.gql(Some(&cashier.token), one, json!({})).await;
    assert_eq!(code(&missing), "BAD_USER_INPUT", "{missing}");

    let two = "mutation Two($a: TopUpWalletInput!, $b: TopUpWalletInput!) {
        a: topUpWallet(input: $a) { wallet { balance } } b: topUpWallet(input: $b) { wallet { balance } } }";
    let both = json!({ "a": input(json!("1.00"), "k-3"), "b": input(json!("1.00"), "k-4") });
    let ran = app.gql(Some(&cashier.token), two, both).await;
    assert_eq!(ran["data"]["b"]["wallet"]["balance"], "7.00", "{ran}");
    let second_bad = json!({ "a": input(json!("1.00"), "k-5"), "b": null });
    let refused = app.gql(Some(&cashier.token), two, second_bad).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(refused["data"].is_null(), "the whole document was refused: {refused}");

    assert_eq!(app.balance(&customer).await.0, "7.00", "only the valid requests moved money");
    assert!(app.verify_ledger().await.is_empty());
}
