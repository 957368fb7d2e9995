//! Throttles that cannot be turned against users: requests from distinct loopback source
//! addresses (127.0.0.2, 127.0.0.3, ...) stand for distinct clients.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::options;
use crate::helpers::{PASSWORD, TestApp, code};

const SIGN_IN: &str = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";

/// POSTs a GraphQL request from the source address `from`.
async fn gql_from(app: &TestApp, from: &str, query: &str, variables: Value) -> Value {
    let client = reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let response = client
        .post(format!("{}/graphql", app.url))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("POST /graphql from a loopback address");
    response.json().await.unwrap()
}

async fn sign_in_from(app: &TestApp, from: &str, email: &str, password: &str) -> Value {
    gql_from(app, from, SIGN_IN, json!({ "input": { "email": email, "password": password } })).await
}

#[tokio::test]
async fn failures_from_one_address_never_refuse_the_right_password_from_another() {
    let app = TestApp::spawn().await;
    let owner = app.customer().await;
    for attempt in 0..5 {
        let body = sign_in_from(&app, "127.0.0.2", &owner.email, "wrong password").await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "attempt {attempt}: {body}");
    }
    let body = sign_in_from(&app, "127.0.0.2", &owner.email, PASSWORD).await;
    assert_eq!(code(&body), "RATE_LIMITED", "the guessing address is stopped: {body}");
    let body = sign_in_from(&app, "127.0.0.3", &owner.email, PASSWORD).await;
    assert!(body["data"]["signIn"]["token"].is_string(), "the owner, elsewhere, gets in: {body}");
}

#[tokio::test]
async fn many_addresses_guessing_one_account_are_slowed_while_the_owner_still_gets_in() {
    let app = TestApp::spawn().await;
    let owner = app.customer().await;
    // Four addresses, four wrong guesses each: each stays under its own limit of five.
    for host in 2..6 {
        for _ in 0..4 {
            let body = sign_in_from(&app, &format!("127.0.0.{host}"), &owner.email, "wrong password").await;
            assert_eq!(code(&body), "UNAUTHENTICATED", "{body}");
        }
    }
    let started = Instant::now();
    let body = sign_in_from(&app, "127.0.0.9", &owner.email, PASSWORD).await;
    let waited = started.elapsed();
    assert!(body["data"]["signIn"]["token"].is_string(), "never refused: {body}");
    assert!(waited >= Duration::from_millis(900), "past 10 attempts on the account, each waits ~1 s: {waited:?}");
}

#[tokio::test]
async fn sign_ups_are_limited_per_address_and_zero_switches_the_limit_off() {
    let app = TestApp::with(options(&[("KASSA_SIGNUP_ADDRESS_LIMIT", "3")])).await;
    let input =
        |n: &str| json!({ "input": { "email": format!("{n}@example.com"), "password": PASSWORD, "name": "N" } });
    for n in ["a", "b", "c"] {
        let body = gql_from(&app, "127.0.0.2", SIGN_UP, input(n)).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let body = gql_from(&app, "127.0.0.2", SIGN_UP, input("d")).await;
    assert_eq!(code(&body), "RATE_LIMITED", "{body}");
    assert!(body["errors"][0]["extensions"]["retryAfter"].as_u64().is_some_and(|s| (1..=3600).contains(&s)));
    let body = gql_from(&app, "127.0.0.3", SIGN_UP, input("d")).await;
    assert!(body.get("errors").is_none(), "another address may: {body}");

    let open = TestApp::with(options(&[("KASSA_SIGNUP_ADDRESS_LIMIT", "0")])).await;
    for n in 0..25 {
        let body = gql_from(&open, "127.0.0.2", SIGN_UP, input(&format!("open{n}"))).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
}
