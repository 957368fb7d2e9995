//! Sign-in throttling per account and per client address, and a flood of sign-ins that must
//! not starve money operations.

use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::{Value, json};

use super::options;
use crate::helpers::{Options, PASSWORD, TestApp, code};

const SIGN_IN: &str = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql(None, SIGN_IN, json!({ "input": { "email": email, "password": password } })).await
}

/// Every `extensions.code` in a response, in order.
fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["extensions"]["code"].as_str().unwrap_or("NONE").to_owned()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn aliased_sign_ins_in_one_document_count_one_by_one() {
    let app = TestApp::spawn().await;
    let target = app.customer().await;
    let fields: String = (0..20)
        .map(|i| {
            format!("a{i}: signIn(input: {{ email: \"{}\", password: \"wrong {i}\" }}) {{ token }}\n", target.email)
        })
        .collect();
    let document = format!("mutation {{ {fields} }}");
    let mut all = Vec::new();
    let mut retry_after = None;
    for _ in 0..6 {
        let body = app.gql(None, &document, json!({})).await;
        for error in body["errors"].as_array().expect("errors") {
            if error["extensions"]["code"] == "RATE_LIMITED" {
                retry_after = error["extensions"]["retryAfter"].as_u64();
            }
        }
        all.extend(codes(&body));
    }
    let checked = all.iter().filter(|c| *c == "UNAUTHENTICATED").count();
    assert!((1..=5).contains(&checked), "at most 5 passwords were checked for one account, got {all:?}");
    assert!(all.iter().all(|c| c == "UNAUTHENTICATED" || c == "RATE_LIMITED"), "{all:?}");
    assert!(retry_after.is_some_and(|secs| (1..=900).contains(&secs)), "RATE_LIMITED carries retryAfter");
    // Even the right password is refused now.
    assert_eq!(code(&sign_in(&app, &target.email, PASSWORD).await), "RATE_LIMITED");
}

#[tokio::test]
async fn one_address_guessing_across_many_accounts_is_limited() {
    let app = TestApp::with(options(&[("KASSA_SIGNIN_ADDRESS_LIMIT", "3")])).await;
    let mut customers = Vec::new();
    for _ in 0..4 {
        customers.push(app.customer().await);
    }
    // Correct passwords do not use up the address's attempts.
    for customer in &customers {
        assert!(sign_in(&app, &customer.email, PASSWORD).await.get("errors").is_none());
    }
    for customer in &customers[..3] {
        assert_eq!(code(&sign_in(&app, &customer.email, "wrong password").await), "UNAUTHENTICATED");
    }
    // One failure per account is far from the account limit; the address has used its 3.
    let body = sign_in(&app, &customers[3].email, "wrong password").await;
    assert_eq!(code(&body), "RATE_LIMITED");
    assert!(body["errors"][0]["extensions"]["retryAfter"].as_u64().is_some());
    assert_eq!(code(&sign_in(&app, &customers[3].email, PASSWORD).await), "RATE_LIMITED");
}

#[tokio::test]
async fn a_concurrent_burst_from_one_address_checks_at_most_its_limit_of_passwords() {
    let app = TestApp::with(options(&[("KASSA_SIGNIN_ADDRESS_LIMIT", "10")])).await;
    let burst = (0..60).map(|i| {
        let app = &app;
        async move { code(&sign_in(app, &format!("nobody{i}@example.com"), "wrong password").await).to_owned() }
    });
    let answers = join_all(burst).await;
    let checked = answers.iter().filter(|c| *c == "UNAUTHENTICATED").count();
    assert!(checked <= 10, "{checked} passwords were checked; the limit is 10");
    assert!(answers.iter().all(|c| c == "UNAUTHENTICATED" || c == "RATE_LIMITED"), "{answers:?}");
}

/// 200 concurrent wrong-password sign-ins (the per-address limit off, as if they came from
/// many addresses): money moves go on. Latencies are printed (see docs/reliability.md), not
/// asserted.
#[tokio::test]
async fn a_flood_of_sign_ins_does_not_starve_top_ups() {
    let app = TestApp::with(options(&[("KASSA_SIGNIN_ADDRESS_LIMIT", "0")])).await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let system = app.payment_system(&admin).await;

    let top_ups = |count: usize, tag: &'static str| {
        let (app, cashier, customer, system) = (&app, &cashier, &customer, &system);
        async move {
            let mut latencies = Vec::new();
            for i in 0..count {
                let started = Instant::now();
                let key = format!("flood-{tag}-{i}");
                let body = app.try_top_up(cashier, &customer.wallet, "1.00", system, &key).await;
                assert!(body.get("errors").is_none(), "a top-up failed during the flood: {body:#}");
                latencies.push(started.elapsed());
            }
            latencies
        }
    };
    let baseline = top_ups(20, "baseline").await;

    let flood = join_all((0..200).map(|i| {
        let app = &app;
        async move { code(&sign_in(app, &format!("flood{i}@example.com"), "wrong password").await).to_owned() }
    }));
    let (answers, during) = tokio::join!(flood, async {
        // Let the flood fill the hashing queue first.
        tokio::time::sleep(Duration::from_millis(50)).await;
        top_ups(20, "during").await
    });

    assert!(answers.iter().all(|c| c == "UNAUTHENTICATED" || c == "RATE_LIMITED"), "{answers:?}");
    let limited = answers.iter().filter(|c| *c == "RATE_LIMITED").count();
    assert_eq!(app.balance(&customer).await.0, "40.00", "every top-up applied once");
    println!(
        "flood: {} UNAUTHENTICATED, {limited} RATE_LIMITED; top-up p50/max without flood {:?}/{:?}, during {:?}/{:?}",
        answers.len() - limited,
        percentile(&baseline, 50),
        percentile(&baseline, 100),
        percentile(&during, 50),
        percentile(&during, 100),
    );
}

fn percentile(latencies: &[Duration], p: usize) -> Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    sorted[((sorted.len() - 1) * p / 100).min(sorted.len() - 1)]
}

#[tokio::test]
async fn instances_sharing_redis_share_one_count_per_account() {
    let app = TestApp::with(Options { redis: true, ..options(&[("KASSA_SIGNIN_ADDRESS_LIMIT", "0")]) }).await;
    let other = app.sibling().await;
    let target = app.customer().await;
    // Five wrong passwords in all, alternating instances: the account's limit, not 5 each.
    for attempt in 0..5 {
        let instance = if attempt % 2 == 0 { &app } else { &other };
        assert_eq!(code(&sign_in(instance, &target.email, "wrong password").await), "UNAUTHENTICATED");
    }
    for instance in [&app, &other] {
        let body = sign_in(instance, &target.email, PASSWORD).await;
        assert_eq!(code(&body), "RATE_LIMITED", "{body}");
        assert!(body["errors"][0]["extensions"]["retryAfter"].as_u64().is_some_and(|secs| (1..=900).contains(&secs)));
    }
    // The count is kept under a hash: no email or address in Redis.
    let mut redis =
        redis::Client::open(crate::helpers::REDIS_URL).unwrap().get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> =
        redis::cmd("KEYS").arg(format!("{}:throttle:*", app.redis_prefix)).query_async(&mut redis).await.unwrap();
    let account_keys: Vec<&String> = keys.iter().filter(|key| key.contains(":throttle:account:")).collect();
    assert_eq!(account_keys.len(), 1, "{keys:?}");
    // Refused attempts are not counted: the count stays at the limit.
    let count: u32 = redis::cmd("GET").arg(account_keys[0]).query_async(&mut redis).await.unwrap();
    assert_eq!(count, 5);
    assert!(keys.iter().all(|key| !key.contains(&target.email) && !key.contains("127.0.0.1")), "{keys:?}");

    // A correct password on one instance resets the account for both.
    let fresh = app.customer().await;
    for _ in 0..4 {
        sign_in(&other, &fresh.email, "wrong password").await;
    }
    assert!(sign_in(&app, &fresh.email, PASSWORD).await.get("errors").is_none());
    for _ in 0..5 {
        assert_eq!(code(&sign_in(&other, &fresh.email, "wrong password").await), "UNAUTHENTICATED");
    }
    assert_eq!(code(&sign_in(&app, &fresh.email, PASSWORD).await), "RATE_LIMITED");
}

#[tokio::test]
async fn with_redis_unreachable_each_instance_still_counts_on_its_own() {
    let dead = options(&[("REDIS_URL", "redis://127.0.0.1:1"), ("KASSA_SIGNIN_ADDRESS_LIMIT", "0")]);
    let app = TestApp::with(Options { redis: true, ..dead }).await;
    let target = app.customer().await;
    for _ in 0..5 {
        assert_eq!(code(&sign_in(&app, &target.email, "wrong password").await), "UNAUTHENTICATED");
    }
    assert_eq!(code(&sign_in(&app, &target.email, PASSWORD).await), "RATE_LIMITED");
}
