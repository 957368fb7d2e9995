//! Signed webhooks to the portal: real receivers on loopback, real top-ups over GraphQL.

mod delivery;
mod holds;
mod receiver;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Actor, Options, TestApp, code};
use receiver::{Receiver, Reply};

const CREATE: &str = "mutation($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { endpoint { id url events createdAt } signingSecret } }";

/// A test server whose failed deliveries are retried after 100 ms, 200 ms, 400 ms...
async fn app() -> TestApp {
    TestApp::with(Options { env: vec![("KASSA_WEBHOOK_RETRY_BASE", "100ms".into())], ..Default::default() }).await
}

/// Registers `url` for `events`; returns (id, signing secret).
async fn endpoint(app: &TestApp, admin: &Actor, url: &str, events: &[&str]) -> (String, String) {
    let data = app.ok(Some(&admin.token), CREATE, json!({ "input": { "url": url, "events": events } })).await;
    let created = &data["createWebhookEndpoint"];
    (created["endpoint"]["id"].as_str().unwrap().to_owned(), created["signingSecret"].as_str().unwrap().to_owned())
}

/// The endpoint's delivery log, newest first.
async fn log(app: &TestApp, admin: &Actor, endpoint: &str) -> Vec<Value> {
    let data = app
        .ok(
            Some(&admin.token),
            "query($id: ID!) { webhookDeliveries(endpointId: $id, first: 100) {
                id eventId event status at statusCode latencyMs error } }",
            json!({ "id": endpoint }),
        )
        .await;
    data["webhookDeliveries"].as_array().unwrap().clone()
}

/// Waits until the log has `count` attempts; panics after `within`.
async fn log_of(app: &TestApp, admin: &Actor, endpoint: &str, count: usize, within: Duration) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let attempts = log(app, admin, endpoint).await;
        if attempts.len() >= count {
            return attempts;
        }
        assert!(Instant::now() < deadline, "{} of {count} attempts logged: {attempts:#?}", attempts.len());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Deliveries stored for an endpoint, straight from the database.
async fn stored_deliveries(app: &TestApp, endpoint: &str) -> i64 {
    let rows =
        crate::online::sql(app, &format!("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = {endpoint}"))
            .await;
    rows[0].get(0)
}

/// An admin, a cashier, a customer and a payment system.
async fn shop(app: &TestApp) -> (Actor, Actor, Actor, String) {
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let system = app.payment_system(&admin).await;
    (admin, cashier, customer, system)
}

#[tokio::test]
async fn only_admins_manage_endpoints_and_read_the_delivery_log() {
    let app = app().await;
    let (admin, cashier, customer, _) = shop(&app).await;
    let (id, _) = endpoint(&app, &admin, "https://portal.example/hooks", &["TRANSACTION_CREATED"]).await;
    let input = json!({ "input": { "url": "https://evil.example/", "events": ["TRANSACTION_CREATED"] } });
    let list = "{ webhookEndpoints { id } }";
    let deliveries = "query($id: ID!) { webhookDeliveries(endpointId: $id) { id } }";
    let delete = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }";
    for who in [&cashier, &customer] {
        let token = Some(who.token.as_str());
        assert_eq!(code(&app.gql(token, CREATE, input.clone()).await), "FORBIDDEN");
        assert_eq!(code(&app.gql(token, list, json!({})).await), "FORBIDDEN");
        assert_eq!(code(&app.gql(token, deliveries, json!({ "id": id })).await), "FORBIDDEN");
        assert_eq!(code(&app.gql(token, delete, json!({ "id": id })).await), "FORBIDDEN");
    }
    assert_eq!(code(&app.gql(None, CREATE, input).await), "UNAUTHENTICATED");
    let data = app.ok(Some(&admin.token), list, json!({})).await;
    assert_eq!(data["webhookEndpoints"], json!([{ "id": id }]), "nothing but the admin's endpoint exists");
}

#[tokio::test]
async fn bad_urls_and_empty_event_lists_are_bad_user_input_and_store_nothing() {
    let app = app().await;
    let admin = app.admin().await;
    let long = format!("https://portal.example/{}", "a".repeat(2048));
    for (url, events) in [
        ("ftp://portal.example/hooks", json!(["TRANSACTION_CREATED"])),
        ("file:///etc/passwd", json!(["TRANSACTION_CREATED"])),
        ("https://admin:hunter2@portal.example/hooks", json!(["TRANSACTION_CREATED"])),
        ("portal.example/hooks", json!(["TRANSACTION_CREATED"])),
        (long.as_str(), json!(["TRANSACTION_CREATED"])),
        ("https://portal.example/hooks", json!([])),
    ] {
        let body = app.gql(Some(&admin.token), CREATE, json!({ "input": { "url": url, "events": events } })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{url} {events}");
        assert!(!body.to_string().contains("hunter2"), "the answer does not echo a password: {body}");
    }
    let data = app.ok(Some(&admin.token), "{ webhookEndpoints { id } }", json!({})).await;
    assert_eq!(data["webhookEndpoints"], json!([]));
    let rows = crate::online::sql(&app, "SELECT count(*) FROM webhook_endpoints").await;
    assert_eq!(rows[0].get::<_, i64>(0), 0);
    let audited = crate::online::sql(&app, "SELECT count(*) FROM audit_log WHERE action LIKE 'WEBHOOK%'").await;
    assert_eq!(audited[0].get::<_, i64>(0), 0);
}

#[tokio::test]
async fn without_a_sealing_key_an_endpoint_cannot_be_stored() {
    let app = TestApp::with(Options { env: vec![("KASSA_SECRET_KEY", String::new())], ..Default::default() }).await;
    let admin = app.admin().await;
    let input = json!({ "input": { "url": "https://portal.example/hooks", "events": ["INVOICE_PAID"] } });
    let body = app.gql(Some(&admin.token), CREATE, input).await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("KASSA_SECRET_KEY"), "{body}");
    let rows = crate::online::sql(&app, "SELECT count(*) FROM webhook_endpoints").await;
    assert_eq!(rows[0].get::<_, i64>(0), 0);
}

#[tokio::test]
async fn creating_and_deleting_an_endpoint_is_audited_and_the_secret_is_sealed() {
    let app = app().await;
    let admin = app.admin().await;
    let (id, secret) = endpoint(&app, &admin, "https://portal.example/hooks?token=abc", &["INVOICE_PAID"]).await;
    assert!(secret.starts_with("whsec_") && secret.len() > 40, "{secret}");
    let stored =
        crate::online::sql(&app, &format!("SELECT signing_secret FROM webhook_endpoints WHERE id = {id}")).await;
    let stored: String = stored[0].get(0);
    assert!(stored.starts_with("sealed:") && !stored.contains(&secret), "stored sealed: {stored}");
    let delete = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }";
    assert_eq!(app.ok(Some(&admin.token), delete, json!({ "id": id })).await["deleteWebhookEndpoint"], true);
    assert_eq!(app.ok(Some(&admin.token), delete, json!({ "id": id })).await["deleteWebhookEndpoint"], false);
    assert_eq!(code(&app.gql(Some(&admin.token), delete, json!({ "id": "999999" })).await), "NOT_FOUND");
    let audit = crate::online::audit(&app, &admin).await;
    let actions: Vec<&str> = audit.iter().map(|(action, _, _)| action.as_str()).collect();
    assert_eq!(&actions[..2], ["WEBHOOK_ENDPOINT_DELETED", "WEBHOOK_ENDPOINT_CREATED"]);
    for (_, actor, _) in &audit[..2] {
        assert_eq!(actor.as_deref(), Some(admin.id.as_str()));
    }
    assert!(!audit[1].2.contains("token=abc") && audit[1].2.contains("portal.example"), "{}", audit[1].2);
}

#[tokio::test]
async fn an_online_top_up_sends_invoice_paid_once_even_when_notified_twenty_times() {
    let shop = crate::online::Shop::open(app().await, "YOOMONEY").await;
    let receiver = Receiver::start(Reply::Ok).await;
    let (_, secret) = endpoint(&shop.app, &shop.admin, &receiver.url, &["INVOICE_PAID"]).await;
    let invoice = shop.start("300.00").await;
    let number = invoice["number"].as_str().unwrap();
    let sent = crate::online::signing::yoomoney(&shop.paid(number, "300.00", "op-91"));
    futures::future::join_all((0..20).map(|_| shop.send(&sent))).await;
    assert_eq!(shop.balance().await, "300.00");

    let received = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert!(received[0].signed_with(&secret));
    let body = received[0].json();
    assert_eq!(body["type"], "invoice.paid");
    let data = &body["data"];
    assert_eq!((&data["id"], &data["status"], &data["amount"]), (&invoice["id"], &json!("PAID"), &json!("300.00")));
    assert_eq!(data["walletNumber"], shop.customer.wallet.as_str());
    assert_eq!(data["externalId"], "op-91");
    let paid = shop.invoice(invoice["id"].as_str().unwrap()).await;
    assert_eq!(data["transactionId"], paid["transaction"]["id"]);
    // The top-up's transaction.created is not subscribed; one credit, one event.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), 1, "{:#?}", receiver.received());
}

#[tokio::test]
async fn rotate_secrets_reseals_signing_secrets_and_a_server_with_only_the_new_key_still_signs() {
    const NEW_KEY: &str = "bmV3LWthc3NhLXNlYWxpbmcta2V5LW9mLTMyLWJ5dGU=";
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::Ok).await;
    let (id, secret) = endpoint(&app, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    let sealed = format!("SELECT signing_secret FROM webhook_endpoints WHERE id = {id}");
    let before: String = crate::online::sql(&app, &sealed).await[0].get(0);
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_kassa"))
        .arg("rotate-secrets")
        .env("DATABASE_URL", &app.database_url)
        .env("KASSA_SECRET_KEY", NEW_KEY)
        .env("KASSA_SECRET_KEY_PREVIOUS", crate::helpers::TEST_SECRET_KEY)
        .output()
        .await
        .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && printed.contains("1 webhook endpoint(s) re-sealed"), "{printed}");
    assert!(!printed.contains(&secret), "{printed}");
    let after: String = crate::online::sql(&app, &sealed).await[0].get(0);
    assert_ne!(before.split(':').nth(2), after.split(':').nth(2), "sealed under the new key: {before} {after}");
    let audited = "SELECT count(*) FROM audit_log WHERE action = 'SECRETS_ROTATED' AND details LIKE '1 webhook%'";
    assert_eq!(crate::online::sql(&app, audited).await[0].get::<_, i64>(0), 1);

    app.server.abort();
    let rotated = app.sibling_with(vec![("KASSA_SECRET_KEY", NEW_KEY.into())]).await;
    rotated.top_up(&cashier, &customer.wallet, "5.00", &system).await;
    let received = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert!(received[0].signed_with(&secret), "the same signing secret, opened with the new key");
}
