//! Holds (contract/portal.md, "Holds"): create, capture in part or in full, void; replays;
//! `available` guarding payments and write-offs; who may do what. Live events, the sweeper
//! and concurrency are in holds/.

mod access;
mod concurrency;
mod sweeper;

use serde_json::{Value, json};

use crate::helpers::{Actor, TestApp, code};
use crate::live::Scene;

pub const RESULT: &str = "hold { id amount status orderReference description expiresAt
        payment { id kind amount reference } wallet { number } }
    wallet { balance available held version }";

pub fn create_query() -> String {
    format!("mutation($input: CreateHoldInput!) {{ createHold(input: $input) {{ {RESULT} }} }}")
}

pub fn capture_query() -> String {
    format!("mutation($input: CaptureHoldInput!) {{ captureHold(input: $input) {{ {RESULT} }} }}")
}

pub fn void_query() -> String {
    format!("mutation($input: VoidHoldInput!) {{ voidHold(input: $input) {{ {RESULT} }} }}")
}

/// The raw answer to createHold on `wallet` (for asserting errors).
pub async fn try_hold(app: &TestApp, token: &str, wallet: &str, amount: &str, order: &str, key: &str) -> Value {
    let input = json!({ "walletNumber": wallet, "amount": amount, "orderReference": order, "idempotencyKey": key });
    app.gql(Some(token), &create_query(), json!({ "input": input })).await
}

/// Holds `amount` on the actor's own wallet; returns createHold's answer.
pub async fn hold(app: &TestApp, owner: &Actor, amount: &str, order: &str) -> Value {
    let key = format!("hold-{}", app.unique());
    let body = try_hold(app, &owner.token, &owner.wallet, amount, order, &key).await;
    assert!(body.get("errors").is_none(), "createHold failed: {body:#}");
    body["data"]["createHold"].clone()
}

pub async fn try_capture(app: &TestApp, token: &str, hold_id: &str, amount: Option<&str>, key: &str) -> Value {
    let input = json!({ "holdId": hold_id, "amount": amount, "idempotencyKey": key });
    app.gql(Some(token), &capture_query(), json!({ "input": input })).await
}

pub async fn try_void(app: &TestApp, token: &str, hold_id: &str, key: &str) -> Value {
    app.gql(Some(token), &void_query(), json!({ "input": { "holdId": hold_id, "idempotencyKey": key } })).await
}

/// The owner's wallet: (balance, available, held, version).
pub async fn wallet(app: &TestApp, owner: &Actor) -> (String, String, String, i64) {
    let data = app.ok(Some(&owner.token), "{ myWallet { balance available held version } }", json!({})).await;
    let w = &data["myWallet"];
    let text = |field: &str| w[field].as_str().unwrap().to_owned();
    (text("balance"), text("available"), text("held"), w["version"].as_i64().unwrap())
}

#[tokio::test]
async fn a_hold_is_captured_in_part_or_in_full_or_voided_and_the_ledger_balances() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "100.00", &scene.system).await;

    let created = hold(app, customer, "30.00", "ORD-1").await;
    assert_eq!(created["hold"]["status"], "HELD");
    assert_eq!(created["hold"]["wallet"]["number"], customer.wallet.as_str());
    assert_eq!(created["wallet"], json!({ "balance": "100.00", "available": "70.00", "held": "30.00", "version": 2 }));
    let id = created["hold"]["id"].as_str().unwrap().to_owned();

    // Part of it: one PAYMENT of 10.00 with the order's reference; the other 20.00 released.
    let captured = try_capture(app, &customer.token, &id, Some("10.00"), "cap-1").await;
    let captured = &captured["data"]["captureHold"];
    assert_eq!(captured["hold"]["status"], "CAPTURED");
    assert_eq!(captured["hold"]["payment"]["kind"], "PAYMENT");
    assert_eq!(captured["hold"]["payment"]["amount"], "10.00");
    assert_eq!(captured["hold"]["payment"]["reference"], "ORD-1");
    assert_eq!(captured["wallet"], json!({ "balance": "90.00", "available": "90.00", "held": "0.00", "version": 3 }));
    // Captured once: a second capture (another key) and a void are refused, nothing changes.
    assert_eq!(code(&try_capture(app, &customer.token, &id, None, "cap-again").await), "BAD_USER_INPUT");
    assert_eq!(code(&try_void(app, &customer.token, &id, "void-after").await), "BAD_USER_INPUT");

    // All of it (amount null).
    let whole = hold(app, customer, "20.00", "ORD-2").await;
    let id = whole["hold"]["id"].as_str().unwrap();
    let captured = try_capture(app, &customer.token, id, None, "cap-2").await;
    assert_eq!(captured["data"]["captureHold"]["hold"]["payment"]["amount"], "20.00");
    assert_eq!(captured["data"]["captureHold"]["wallet"]["balance"], "70.00");

    // Voided by a cashier: the funds come back to available, no transaction.
    let voided = hold(app, customer, "15.00", "ORD-3").await;
    assert_eq!(voided["wallet"]["available"], "55.00");
    let id = voided["hold"]["id"].as_str().unwrap();
    let answer = try_void(app, &scene.cashier.token, id, "void-1").await;
    let answer = &answer["data"]["voidHold"];
    assert_eq!(answer["hold"]["status"], "VOIDED");
    assert_eq!(answer["hold"]["payment"], Value::Null);
    assert_eq!(answer["wallet"], json!({ "balance": "70.00", "available": "70.00", "held": "0.00", "version": 7 }));

    // A capture above the hold's amount is refused.
    let small = hold(app, customer, "5.00", "ORD-4").await;
    let id = small["hold"]["id"].as_str().unwrap();
    assert_eq!(code(&try_capture(app, &customer.token, id, Some("5.01"), "cap-big").await), "BAD_USER_INPUT");
    assert_eq!(wallet(app, customer).await, ("70.00".into(), "65.00".into(), "5.00".into(), 8));

    let history = app
        .ok(Some(&customer.token), "{ myWallet { transactions { edges { node { kind amount } } } } }", json!({}))
        .await;
    let kinds: Vec<_> = history["myWallet"]["transactions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["amount"].clone())
        .collect();
    assert_eq!(
        kinds,
        vec![json!("20.00"), json!("10.00"), json!("100.00")],
        "two payments and the top-up, nothing else"
    );
    assert_eq!(app.verify_ledger().await, vec![], "verify-ledger is clean, held included");
}

#[tokio::test]
async fn replays_answer_the_first_result_and_another_input_with_the_key_is_refused() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "50.00", &scene.system).await;

    let first = try_hold(app, &customer.token, &customer.wallet, "20.00", "ORD-R", "k-1").await;
    let again = try_hold(app, &customer.token, &customer.wallet, "20.00", "ORD-R", "k-1").await;
    assert_eq!(first["data"], again["data"], "the same hold and wallet state");
    assert_eq!(wallet(app, customer).await.2, "20.00", "held once");
    let other = try_hold(app, &customer.token, &customer.wallet, "21.00", "ORD-R", "k-1").await;
    assert_eq!(code(&other), "IDEMPOTENCY_KEY_REUSED");

    let id = first["data"]["createHold"]["hold"]["id"].as_str().unwrap();
    let captured = try_capture(app, &customer.token, id, Some("5.00"), "c-1").await;
    let replayed = try_capture(app, &customer.token, id, Some("5.00"), "c-1").await;
    assert_eq!(captured["data"], replayed["data"], "the same payment, moved once");
    assert_eq!(code(&try_capture(app, &customer.token, id, None, "c-1").await), "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(wallet(app, customer).await, ("45.00".into(), "45.00".into(), "0.00".into(), 3));

    let second = hold(app, customer, "10.00", "ORD-S").await;
    let id = second["hold"]["id"].as_str().unwrap();
    let voided = try_void(app, &customer.token, id, "v-1").await;
    assert_eq!(voided["data"], try_void(app, &customer.token, id, "v-1").await["data"]);
    // The void's key used for a capture is other input.
    assert_eq!(code(&try_capture(app, &customer.token, id, None, "v-1").await), "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(wallet(app, customer).await, ("45.00".into(), "45.00".into(), "0.00".into(), 5));
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn held_money_cannot_be_held_again_paid_or_written_off() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "50.00", &scene.system).await;
    hold(app, customer, "40.00", "ORD-A").await;

    let refused = try_hold(app, &customer.token, &customer.wallet, "10.01", "ORD-B", "k-big").await;
    assert_eq!(code(&refused), "INSUFFICIENT_FUNDS");
    let pay = "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { wallet { balance } } }";
    let paid = app
        .gql(
            Some(&customer.token),
            pay,
            json!({ "input": { "amount": "20.00", "orderReference": "X", "idempotencyKey": "p-1" } }),
        )
        .await;
    assert_eq!(code(&paid), "INSUFFICIENT_FUNDS", "the balance covers it, available does not");
    let write_off = "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { wallet { balance } } }";
    let input = json!({ "walletNumber": customer.wallet, "amount": "10.01", "reason": "fee", "idempotencyKey": "w-1" });
    assert_eq!(
        code(&app.gql(Some(&scene.cashier.token), write_off, json!({ "input": input })).await),
        "INSUFFICIENT_FUNDS"
    );
    assert_eq!(wallet(app, customer).await, ("50.00".into(), "10.00".into(), "40.00".into(), 2), "nothing changed");

    // What is available can still be used, to the cent.
    let input = json!({ "walletNumber": customer.wallet, "amount": "4.00", "reason": "fee", "idempotencyKey": "w-2" });
    app.ok(Some(&scene.cashier.token), write_off, json!({ "input": input })).await;
    app.ok(
        Some(&customer.token),
        pay,
        json!({ "input": { "amount": "6.00", "orderReference": "X", "idempotencyKey": "p-2" } }),
    )
    .await;
    assert_eq!(wallet(app, customer).await, ("40.00".into(), "0.00".into(), "40.00".into(), 4));
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn bad_input_is_refused_with_bad_user_input_and_changes_nothing() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "50.00", &scene.system).await;
    let base =
        json!({ "walletNumber": customer.wallet, "amount": "1.00", "orderReference": "O", "idempotencyKey": "k" });
    let cases = [
        json!({ "externalUserId": "p-1" }),
        json!({ "walletNumber": null }),
        json!({ "expiresInSeconds": 0 }),
        json!({ "expiresInSeconds": 604_801 }),
        json!({ "orderReference": "" }),
        json!({ "orderReference": "x".repeat(101) }),
        json!({ "orderReference": "a\u{202e}b" }),
        json!({ "idempotencyKey": "" }),
        json!({ "walletNumber": "123" }),
    ];
    for change in cases {
        let mut input = base.clone();
        for (field, value) in change.as_object().unwrap() {
            input[field] = value.clone();
        }
        let body = app.gql(Some(&customer.token), &create_query(), json!({ "input": input })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{change}: {body}");
    }
    for amount in ["0", "-1.00", "1.001"] {
        let mut input = base.clone();
        input["amount"] = json!(amount);
        let body = app.gql(Some(&customer.token), &create_query(), json!({ "input": input })).await;
        assert!(body["errors"][0]["message"].is_string(), "{amount}: {body}");
        assert!(body["data"].is_null(), "{amount}");
    }
    assert_eq!(code(&try_capture(app, &customer.token, "abc", None, "c").await), "BAD_USER_INPUT");
    assert_eq!(code(&try_capture(app, &customer.token, "999999", None, "c").await), "NOT_FOUND");
    assert_eq!(wallet(app, customer).await, ("50.00".into(), "50.00".into(), "0.00".into(), 1));
    let seven_days = json!({ "walletNumber": customer.wallet, "amount": "1.00", "orderReference": "O",
                            "expiresInSeconds": 604_800, "idempotencyKey": "k-max" });
    app.ok(Some(&customer.token), &create_query(), json!({ "input": seven_days })).await;
}

#[tokio::test]
async fn verify_ledger_names_a_wallet_whose_held_amount_was_tampered_with() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "10.00", &scene.system).await;
    hold(app, customer, "3.00", "ORD-T").await;
    assert_eq!(app.verify_ledger().await, vec![]);

    // Someone edits held behind Kassa's back; the CHECK still refuses a negative available.
    let mut conn = app.state().conn().await.unwrap();
    let only = format!("WHERE number = '{}'", customer.wallet);
    let raise = diesel::sql_query(format!("UPDATE wallets SET held = held + 1 {only}"));
    diesel_async::RunQueryDsl::execute(raise, &mut conn).await.unwrap();
    let overdraw = diesel::sql_query(format!("UPDATE wallets SET held = balance + 1 {only}"));
    assert!(diesel_async::RunQueryDsl::execute(overdraw, &mut conn).await.is_err(), "available >= 0 is enforced");
    drop(conn);
    let problems = app.verify_ledger().await;
    assert!(
        problems
            .iter()
            .any(|p| p.subject == customer.wallet && p.problem.contains("held 4.00, its HELD holds add up to 3.00")),
        "{problems:?}"
    );
}
