//! Binding secrets sealed at rest: never stored, answered, logged or printed in the clear;
//! sealed at start-up when an older version stored them plainly; re-sealed by
//! `kassa rotate-secrets`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{Shop, secret_of, send_to, signing, sql};
use crate::faults::gql;
use crate::helpers::{Options, TEST_SECRET_KEY, TestApp, code};

const NEW_KEY: &str = "bmV3LWthc3NhLXNlYWxpbmcta2V5LW9mLTMyLWJ5dGU=";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn stored(app: &TestApp, binding: &str) -> (String, String) {
    let rows =
        sql(app, &format!("SELECT secret, payment_secret FROM payment_system_bindings WHERE id = {binding}")).await;
    (rows[0].get(0), rows[0].get(1))
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_write_only_and_need_a_key() {
    let shop = Shop::open(TestApp::spawn().await, "ROBOKASSA").await;
    let (secret, payment_secret) = stored(&shop.app, &shop.binding).await;
    for value in [&secret, &payment_secret] {
        assert!(value.starts_with("sealed:v1:"), "{value}");
        assert!(!value.contains("secret-of"), "no secret in the clear: {value}");
    }
    let fields = "{ paymentSystems { id hasSecret hasPaymentSecret acceptsOnlinePayments notificationUrl hashAlgorithm testMode merchantId } }";
    let admin = shop.app.ok(Some(&shop.admin.token), fields, json!({})).await;
    let seen = &admin["paymentSystems"][0];
    assert_eq!(seen["notificationUrl"], format!("{}/payments/{}/notify", shop.app.url, shop.binding));
    assert_eq!((seen["hashAlgorithm"].as_str(), seen["testMode"].as_bool()), (Some("MD5"), Some(false)));
    assert_eq!((seen["hasSecret"].as_bool(), seen["hasPaymentSecret"].as_bool()), (Some(true), Some(true)));
    let customer = shop.app.ok(Some(&shop.customer.token), fields, json!({})).await;
    let seen = &customer["paymentSystems"][0];
    assert_eq!(seen["acceptsOnlinePayments"], true);
    for admin_only in ["notificationUrl", "hashAlgorithm", "testMode", "merchantId"] {
        assert!(seen[admin_only].is_null(), "{admin_only} is for admins only: {seen}");
    }
    assert!(!format!("{admin}{customer}").contains("secret-of"), "no secret in any answer");

    // A server without KASSA_SECRET_KEY refuses to store a secret, and says why.
    let keyless = TestApp::with(Options { env: vec![("KASSA_SECRET_KEY", String::new())], ..Options::default() }).await;
    let admin = keyless.admin().await;
    let create = "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id hasSecret } }";
    let refused = keyless
        .gql(
            Some(&admin.token),
            create,
            json!({ "input": { "provider": "QIWI", "name": "q", "secret": "s3cr3t", "enabled": true } }),
        )
        .await;
    assert_eq!(code(&refused), "BAD_USER_INPUT");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("KASSA_SECRET_KEY"), "{refused}");
    assert!(!refused.to_string().contains("s3cr3t"));
    let cashier_flow = keyless
        .ok(
            Some(&admin.token),
            create,
            json!({ "input": { "provider": "OTHER", "name": "Cash desk", "enabled": true } }),
        )
        .await;
    assert_eq!(
        cashier_flow["createPaymentSystemBinding"]["hasSecret"], false,
        "bindings without secrets work as before"
    );
}

#[tokio::test]
async fn plain_secrets_of_an_older_version_are_sealed_at_start_up_and_still_check() {
    let app = TestApp::with(Options { env: vec![("KASSA_SECRET_KEY", String::new())], ..Options::default() }).await;
    let admin = app.admin().await;
    let customer = app.customer().await;
    let rows = sql(
        &app,
        "INSERT INTO payment_system_bindings (provider, name, enabled, merchant_id, secret)
         VALUES ('YOOMONEY', 'legacy', true, '4100', 'legacy-plain-secret') RETURNING id::text",
    )
    .await;
    let binding: String = rows[0].get(0);
    // The next start with a key seals it.
    let sealed = app.sibling_with(vec![("KASSA_SECRET_KEY", TEST_SECRET_KEY.into())]).await;
    let (secret, _): (String, Option<String>) = {
        let rows =
            sql(&app, &format!("SELECT secret, payment_secret FROM payment_system_bindings WHERE id = {binding}"))
                .await;
        (rows[0].get(0), rows[0].get(1))
    };
    assert!(secret.starts_with("sealed:v1:") && !secret.contains("legacy-plain"), "{secret}");
    let started = sealed
        .ok(
            Some(&customer.token),
            "mutation($input: StartTopUpInput!) { startTopUp(input: $input) { number } }",
            json!({ "input": { "paymentSystemId": binding, "amount": "5.00", "idempotencyKey": "legacy" } }),
        )
        .await;
    let number = started["startTopUp"]["number"].as_str().unwrap();
    let paid = signing::Paid {
        invoice: number,
        amount: "5.00",
        payment_id: "op-legacy",
        merchant: "4100",
        currency: "RUB",
        secret: "legacy-plain-secret",
    };
    assert_eq!(send_to(&sealed, &binding, &signing::yoomoney(&paid)).await.0, 200);
    assert_eq!(sealed.balance(&customer).await.0, "5.00");
    drop(admin);
}

#[tokio::test]
async fn rotate_secrets_reseals_under_the_new_key_and_the_old_key_is_no_longer_needed() {
    let shop = Shop::open(TestApp::spawn().await, "MYKASSA").await;
    let (before, _) = stored(&shop.app, &shop.binding).await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_kassa"))
        .arg("rotate-secrets")
        .env("DATABASE_URL", &shop.app.database_url)
        .env("KASSA_SECRET_KEY", NEW_KEY)
        .env("KASSA_SECRET_KEY_PREVIOUS", TEST_SECRET_KEY)
        .env("RUST_LOG", "debug")
        .output()
        .await
        .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("1 payment system(s) re-sealed"), "{printed}");
    for secret in [NEW_KEY, TEST_SECRET_KEY, &secret_of("MYKASSA")] {
        assert!(!printed.contains(secret), "rotate-secrets printed a secret: {printed}");
    }
    let (after, _) = stored(&shop.app, &shop.binding).await;
    assert_ne!(before.split(':').nth(2), after.split(':').nth(2), "sealed under another key now");
    let log = super::audit(&shop.app, &shop.admin).await;
    assert_eq!(log[0].0, "SECRETS_ROTATED", "{log:?}");
    assert_eq!(log[0].1, None, "done from the command line");
    assert!(log[0].2.contains("1 binding(s) re-sealed"), "{log:?}");
    let created = log.iter().find(|(action, _, _)| action == "PAYMENT_SYSTEM_CREATED").expect("the binding's creation");
    assert_eq!(created.1.as_deref(), Some(shop.admin.id.as_str()));
    assert!(created.2.contains("new secret and payment secret"), "{created:?}");
    assert!(!format!("{log:?}").contains("secret-of"), "no secret in the audit log");

    // A server with only the new key checks notifications with the re-sealed secret.
    let rotated = shop.app.sibling_with(vec![("KASSA_SECRET_KEY", NEW_KEY.into())]).await;
    // The old server has only the old key now: its links cannot be signed any more.
    assert_eq!(code(&shop.try_start(&shop.customer, "3.00", "on-old").await), "PAYMENT_SYSTEM_DISABLED");
    let started = rotated
        .ok(
            Some(&shop.customer.token),
            "mutation($input: StartTopUpInput!) { startTopUp(input: $input) { number } }",
            json!({ "input": { "paymentSystemId": shop.binding, "amount": "3.00", "idempotencyKey": "rot" } }),
        )
        .await;
    let number = started["startTopUp"]["number"].as_str().unwrap();
    let sent = signing::mykassa(&shop.paid(number, "3.00", "rot-1"));
    assert_eq!(send_to(&rotated, &shop.binding, &sent).await, (200, "YES".to_owned()));
    assert_eq!(shop.balance().await, "3.00");
}

/// The log of a whole online flow, at debug level, run by the real binary, holds no secret.
#[tokio::test]
async fn no_secret_appears_in_the_log_of_a_full_run() {
    let app = TestApp::spawn().await;
    let log_path = std::env::temp_dir().join(format!("kassa-secrets-{}.log", uuid::Uuid::new_v4().simple()));
    let log = std::fs::File::create(&log_path).unwrap();
    let port = free_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kassa"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("KASSA_LISTEN", format!("127.0.0.1:{port}"))
        .env("KASSA_SECRET_KEY", TEST_SECRET_KEY)
        .env("KASSA_LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .env_remove("REDIS_URL")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while http.get(format!("{url}/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "kassa did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin = app.admin().await;
    let customer = app.customer().await;
    let mut secrets = vec![TEST_SECRET_KEY.to_owned()];
    for provider in super::PROVIDERS {
        secrets.push(secret_of(provider));
        secrets.push(format!("link-secret-of-{}-Yx7", provider.to_lowercase()));
        let input = json!({ "provider": provider, "name": provider, "merchantId": super::merchant_of(provider),
            "secret": secret_of(provider), "paymentSecret": format!("link-secret-of-{}-Yx7", provider.to_lowercase()), "enabled": true });
        let created = gql(
            &http,
            &url,
            Some(&admin.token),
            "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await
        .unwrap();
        let binding = created["data"]["createPaymentSystemBinding"]["id"].as_str().unwrap().to_owned();
        let started = gql(
            &http,
            &url,
            Some(&customer.token),
            "mutation($input: StartTopUpInput!) { startTopUp(input: $input) { number } }",
            json!({ "input": { "paymentSystemId": binding, "amount": "2.00", "idempotencyKey": provider } }),
        )
        .await
        .unwrap();
        let number = started["data"]["startTopUp"]["number"].as_str().unwrap().to_owned();
        let merchant = super::merchant_of(provider);
        let secret = secret_of(provider);
        let paid = signing::Paid {
            invoice: &number,
            amount: "2.00",
            payment_id: "p-1",
            merchant: &merchant,
            currency: "RUB",
            secret: &secret,
        };
        let bad = signing::Paid { secret: "wrong", ..paid.clone() };
        for sent in [signing::notification(provider, &bad), signing::notification(provider, &paid)] {
            let mut request =
                http.post(format!("{url}/payments/{binding}/notify")).header("content-type", sent.content_type);
            if let Some((name, value)) = &sent.header {
                request = request.header(*name, value);
            }
            request.body(sent.body).send().await.unwrap();
        }
        let update = json!({ "id": binding, "input": { "secret": format!("{}-2", secret_of(provider)) } });
        secrets.push(format!("{}-2", secret_of(provider)));
        gql(
            &http,
            &url,
            Some(&admin.token),
            "mutation($id: ID!, $input: UpdatePaymentSystemBindingInput!) { updatePaymentSystemBinding(id: $id, input: $input) { id } }",
            update,
        )
        .await
        .unwrap();
    }
    let balance = gql(&http, &url, Some(&customer.token), "{ myWallet { balance } }", json!({})).await.unwrap();
    assert_eq!(balance["data"]["myWallet"]["balance"], "10.00", "the run really went through every provider");
    child.kill().unwrap();
    child.wait().unwrap();
    let written = std::fs::read_to_string(&log_path).unwrap();
    let _ = std::fs::remove_file(&log_path);
    assert!(written.contains("payment notification"), "the log was captured");
    for secret in &secrets {
        assert!(!written.contains(secret.as_str()), "the log holds the secret {secret:?}");
    }
}
