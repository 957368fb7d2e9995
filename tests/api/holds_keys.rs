//! Holds through the portal's back end: an API key with PAYMENTS_WRITE creates (by wallet
//! number or by the portal's user id), captures and voids; PAYMENTS_READ reads holds,
//! wallets' holds and orders but changes nothing; keys are actors of their own for
//! idempotency.

use serde_json::{Value, json};

use crate::helpers::{TestApp, code};
use crate::holds::{capture_query, create_query, try_capture, try_hold, try_void, wallet};
use crate::live::Scene;

/// A new API key with these scopes, created by the admin; returns its secret.
async fn api_key(app: &TestApp, admin_token: &str, scopes: &[&str]) -> String {
    let data = app
        .ok(
            Some(admin_token),
            "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
            json!({ "input": { "name": format!("portal-{}", app.unique()), "scopes": scopes } }),
        )
        .await;
    let secret = data["createApiKey"]["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("kassa_sk_"), "{secret}");
    secret
}

const HOLD: &str = "query($id: ID!) { hold(id: $id) { id status amount } }";
const WALLET_HOLDS: &str =
    "query($id: ID!) { hold(id: $id) { wallet { available held holds { edges { node { id } } } } } }";
const ORDER: &str = "query($r: String!) { order(reference: $r) { holds { id status } transactions { kind amount } } }";

#[tokio::test]
async fn a_write_key_holds_captures_and_voids_and_a_read_key_only_reads() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "100.00", &scene.system).await;
    let write = api_key(app, &scene.admin.token, &["PAYMENTS_WRITE"]).await;
    let read = api_key(app, &scene.admin.token, &["PAYMENTS_READ"]).await;

    let created = try_hold(app, &write, &customer.wallet, "40.00", "K-1", "k-1").await;
    assert!(created.get("errors").is_none(), "{created:#}");
    let created = &created["data"]["createHold"];
    assert_eq!(created["wallet"]["available"], "60.00");
    let id = created["hold"]["id"].as_str().unwrap().to_owned();

    // The read key cannot change anything.
    assert_eq!(code(&try_hold(app, &read, &customer.wallet, "1.00", "K-1", "r-1").await), "FORBIDDEN");
    assert_eq!(code(&try_capture(app, &read, &id, None, "r-2").await), "FORBIDDEN");
    assert_eq!(code(&try_void(app, &read, &id, "r-3").await), "FORBIDDEN");
    // It reads the hold, the wallet's holds and the order.
    assert_eq!(app.ok(Some(&read), HOLD, json!({ "id": id })).await["hold"]["status"], "HELD");
    let holds = app.ok(Some(&read), WALLET_HOLDS, json!({ "id": id })).await;
    assert_eq!(holds["hold"]["wallet"]["held"], "40.00");
    assert_eq!(holds["hold"]["wallet"]["holds"]["edges"][0]["node"]["id"], id.as_str());

    // The write key captures part: one PAYMENT, the rest released; replays are the key's own.
    let captured = try_capture(app, &write, &id, Some("25.00"), "c-1").await;
    assert_eq!(captured["data"]["captureHold"]["hold"]["payment"]["amount"], "25.00");
    assert_eq!(captured["data"], try_capture(app, &write, &id, Some("25.00"), "c-1").await["data"]);
    assert_eq!(wallet(app, customer).await, ("75.00".into(), "75.00".into(), "0.00".into(), 3));
    let order = app.ok(Some(&read), ORDER, json!({ "r": "K-1" })).await;
    assert_eq!(order["order"]["transactions"], json!([{ "kind": "PAYMENT", "amount": "25.00" }]));

    // The same key string used by the owner is another actor's key: no clash.
    let owners = try_hold(app, &customer.token, &customer.wallet, "5.00", "K-2", "k-1").await;
    assert!(owners.get("errors").is_none(), "{owners:#}");
    let voided = try_void(app, &write, owners["data"]["createHold"]["hold"]["id"].as_str().unwrap(), "v-1").await;
    assert_eq!(voided["data"]["voidHold"]["hold"]["status"], "VOIDED");
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_key_holds_by_the_portal_user_id_and_insufficient_funds_is_checked_on_available() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "10.00", &scene.system).await;
    // Give the customer a portal id, as a JWT sign-in would have (the check allows it only
    // for password-less users, so the test makes the user one).
    let mut conn = app.state().conn().await.unwrap();
    let sql = format!("update users set password_hash = '!', external_id = 'portal-7' where id = {}", customer.id);
    diesel_async::RunQueryDsl::execute(diesel::sql_query(sql), &mut *conn).await.unwrap();
    drop(conn);
    let write = api_key(app, &scene.admin.token, &["PAYMENTS_WRITE"]).await;

    let input = |amount: &str, key: &str| json!({ "input": { "externalUserId": "portal-7", "amount": amount, "orderReference": "P-1", "idempotencyKey": key } });
    let held = app.gql(Some(&write), &create_query(), input("6.00", "a")).await;
    assert_eq!(held["data"]["createHold"]["hold"]["wallet"]["number"], customer.wallet.as_str());
    assert_eq!(code(&app.gql(Some(&write), &create_query(), input("4.01", "b")).await), "INSUFFICIENT_FUNDS");
    let unknown = json!({ "input": { "externalUserId": "nobody", "amount": "1.00", "orderReference": "P", "idempotencyKey": "c" } });
    assert_eq!(code(&app.gql(Some(&write), &create_query(), unknown).await), "NOT_FOUND");
    let id = held["data"]["createHold"]["hold"]["id"].as_str().unwrap();
    let all: Value =
        app.gql(Some(&write), &capture_query(), json!({ "input": { "holdId": id, "idempotencyKey": "d" } })).await;
    assert_eq!(all["data"]["captureHold"]["wallet"]["balance"], "4.00");
    assert_eq!(app.verify_ledger().await, vec![]);
}
