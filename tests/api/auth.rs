//! Accounts and sessions: sign-up and its rules, sign-in answers that reveal nothing, tokens
//! stored hashed, sign-out, expiry, a garbage header, sign-in throttling.

use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{Options, PASSWORD, TestApp, code};

const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) {
    token expiresAt user { id email name roles wallet { id number balance version } } } }";
const SIGN_IN: &str = "mutation($input: SignInInput!) { signIn(input: $input) { token user { id } } }";
const ME: &str = "{ me { id email } }";
const MY_WALLET: &str = "{ myWallet { id number } }";

async fn sign_up(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql(None, SIGN_UP, json!({ "input": { "email": email, "password": password, "name": "Ann" } })).await
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql(None, SIGN_IN, json!({ "input": { "email": email, "password": password } })).await
}

fn passes_luhn(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().rev().map(|c| c.to_digit(10).unwrap()).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    sum % 10 == 0
}

#[test]
fn the_luhn_helper_itself_tells_good_numbers_from_bad() {
    assert!(passes_luhn("79927398713"));
    assert!(!passes_luhn("79927398710"));
}

#[tokio::test]
async fn sign_up_creates_a_customer_with_a_luhn_numbered_wallet_and_a_working_token() {
    let app = TestApp::spawn().await;
    let body = sign_up(&app, "ann@example.com", PASSWORD).await;
    let payload = &body["data"]["signUp"];
    assert!(body.get("errors").is_none(), "{body:#}");
    let user = &payload["user"];
    assert_eq!(user["roles"], json!(["CUSTOMER"]));
    assert_eq!((user["wallet"]["balance"].as_str(), user["wallet"]["version"].as_i64()), (Some("0.00"), Some(0)));
    let number = user["wallet"]["number"].as_str().unwrap();
    assert!(number.len() == 12 && number.bytes().all(|b| b.is_ascii_digit()), "{number}");
    assert!(passes_luhn(number), "{number} fails the Luhn check");
    let expires: chrono::DateTime<chrono::Utc> = payload["expiresAt"].as_str().unwrap().parse().unwrap();
    assert!(expires > chrono::Utc::now() + chrono::Duration::days(29), "default TTL is 30 days: {expires}");

    let token = payload["token"].as_str().unwrap();
    let me = app.ok(Some(token), "{ me { id email } myWallet { id number } }", json!({})).await;
    assert_eq!(me["me"]["id"], user["id"]);
    assert_eq!(me["me"]["email"], "ann@example.com");
    assert_eq!(me["myWallet"]["number"], number);
    assert_eq!(me["myWallet"]["id"], user["wallet"]["id"]);
}

#[tokio::test]
async fn a_registered_email_is_refused_in_any_letter_case() {
    let app = TestApp::spawn().await;
    assert!(sign_up(&app, "Ann@Example.com", PASSWORD).await.get("errors").is_none());
    for email in ["ann@example.com", "ANN@EXAMPLE.COM", " ann@example.com "] {
        assert_eq!(code(&sign_up(&app, email, PASSWORD).await), "BAD_USER_INPUT", "{email:?}");
    }
    let admin = app.admin().await;
    let created = app
        .gql(
            Some(&admin.token),
            "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
            json!({ "input": { "email": "aNN@example.COM", "password": PASSWORD, "name": "Twin" } }),
        )
        .await;
    assert_eq!(code(&created), "BAD_USER_INPUT");
    // The one account signs in under any spelling of its email.
    assert!(sign_in(&app, "ANN@example.com", PASSWORD).await.get("errors").is_none());
}

#[tokio::test]
async fn passwords_must_have_8_to_128_characters() {
    let app = TestApp::spawn().await;
    for (length, accepted) in [(7, false), (8, true), (128, true), (129, false)] {
        let body = sign_up(&app, &format!("len{length}@example.com"), &"p".repeat(length)).await;
        if accepted {
            assert!(body.get("errors").is_none(), "a {length}-character password is fine: {body:#}");
        } else {
            assert_eq!(code(&body), "BAD_USER_INPUT", "a {length}-character password");
            assert_eq!(body["data"], Value::Null);
        }
    }
}

#[tokio::test]
async fn sign_up_is_forbidden_when_switched_off_while_admins_still_create_users() {
    let app = TestApp::with(Options { env: vec![("KASSA_ALLOW_SIGNUP", "false".into())], ..Options::default() }).await;
    let body = sign_up(&app, "ann@example.com", PASSWORD).await;
    assert_eq!(code(&body), "FORBIDDEN");
    assert_eq!(code(&sign_in(&app, "ann@example.com", PASSWORD).await), "UNAUTHENTICATED", "no account was made");

    let admin = app.admin().await;
    let user = app.user_by_admin(&admin, "Ann").await;
    let me = app.ok(Some(&user.token), "{ me { id } myWallet { number } }", json!({})).await;
    assert_eq!(me["me"]["id"], user.id.as_str());
    assert_eq!(me["myWallet"]["number"], user.wallet.as_str());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_identical_answers() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let wrong_password = sign_in(&app, &customer.email, "not the password").await;
    let unknown_email = sign_in(&app, "nobody@example.com", "not the password").await;
    assert_eq!(code(&wrong_password), "UNAUTHENTICATED");
    assert_eq!(wrong_password, unknown_email, "the whole responses must not differ");
}

/// A request with a raw Authorization header, whatever it holds.
async fn with_header(app: &TestApp, authorization: &str, query: &str) -> Value {
    let response = app
        .http
        .post(format!("{}/graphql", app.url))
        .header("Authorization", authorization)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("POST /graphql");
    assert_eq!(response.status(), 200);
    response.json().await.expect("a JSON body")
}

#[tokio::test]
async fn tokens_are_stored_only_as_their_hash() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let token = customer.token.as_str();

    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        row: String,
    }
    let mut conn = app.state().conn().await.unwrap();
    let rows: Vec<Row> = diesel::sql_query("SELECT s::text AS row FROM sessions s").load(&mut conn).await.unwrap();
    assert_eq!(rows.len(), 1, "one session was opened");
    let row = rows[0].row.to_lowercase();
    assert!(row.contains(&hex::encode(Sha256::digest(token.as_bytes()))), "the row holds sha256(token): {row}");
    let secret = token.rsplit('_').next().unwrap();
    for needle in
        [token.to_lowercase(), secret.to_lowercase(), hex::encode(token.as_bytes()), hex::encode(secret.as_bytes())]
    {
        assert!(!row.contains(&needle), "the session row reveals the token ({needle}): {row}");
    }
}

#[tokio::test]
async fn sign_out_revokes_that_token_only() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let other_session = app.sign_in(&customer.email).await;

    let signed_out = app.ok(Some(&customer.token), "mutation { signOut }", json!({})).await;
    assert_eq!(signed_out["signOut"], true);

    let me = app.gql(Some(&customer.token), ME, json!({})).await;
    assert_eq!(me, json!({ "data": { "me": null } }));
    assert_eq!(code(&app.gql(Some(&customer.token), MY_WALLET, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(Some(&customer.token), "mutation { signOut }", json!({})).await), "UNAUTHENTICATED");

    let still = app.ok(Some(&other_session.token), "{ me { id } myWallet { number } }", json!({})).await;
    assert_eq!(still["me"]["id"], customer.id.as_str());
    assert_eq!(still["myWallet"]["number"], customer.wallet.as_str());
}

#[tokio::test]
async fn an_expired_token_counts_as_no_token() {
    // 2 s rather than 1 s, so the "still valid" check cannot race the clock on a busy machine.
    let app = TestApp::with(Options { env: vec![("KASSA_TOKEN_TTL", "2s".into())], ..Options::default() }).await;
    let body = sign_up(&app, "ann@example.com", PASSWORD).await;
    let token = body["data"]["signUp"]["token"].as_str().unwrap_or_else(|| panic!("{body:#}"));
    let expires: chrono::DateTime<chrono::Utc> = body["data"]["signUp"]["expiresAt"].as_str().unwrap().parse().unwrap();
    let ttl = expires - chrono::Utc::now();
    assert!(ttl <= chrono::Duration::seconds(2), "expiresAt follows KASSA_TOKEN_TTL: {expires}");
    assert_eq!(app.ok(Some(token), ME, json!({})).await["me"]["email"], "ann@example.com");

    tokio::time::sleep(ttl.to_std().unwrap_or_default() + Duration::from_millis(500)).await;
    assert_eq!(app.gql(Some(token), ME, json!({})).await, json!({ "data": { "me": null } }));
    assert_eq!(code(&app.gql(Some(token), MY_WALLET, json!({})).await), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_garbage_authorization_header_is_treated_as_anonymous() {
    let app = TestApp::spawn().await;
    let customer = app.customer().await;
    let headers = [
        "Bearer garbage".to_owned(),
        "Bearer kassa_garbage".to_owned(),
        format!("Bearer {}x", customer.token),
        format!("Basic {}", customer.token),
        customer.token.clone(),
        "Bearer ".to_owned(),
        format!("Bearer {}", "kassa_".repeat(100)),
    ];
    for header in headers {
        assert_eq!(with_header(&app, &header, ME).await, json!({ "data": { "me": null } }), "{header:?}");
        assert_eq!(code(&with_header(&app, &header, MY_WALLET).await), "UNAUTHENTICATED", "{header:?}");
    }
    let me = with_header(&app, &format!("Bearer {}", customer.token), ME).await;
    assert_eq!(me["data"]["me"]["id"], customer.id.as_str(), "the well-formed header still works");
}

#[tokio::test]
async fn five_failed_sign_ins_lock_that_account_only() {
    let app = TestApp::spawn().await;
    let target = app.customer().await;
    let bystander = app.customer().await;
    for attempt in 1..=5 {
        assert_eq!(code(&sign_in(&app, &target.email, "wrong password").await), "UNAUTHENTICATED", "attempt {attempt}");
    }
    let sixth = sign_in(&app, &target.email, PASSWORD).await;
    assert_eq!(code(&sixth), "RATE_LIMITED", "even the right password waits: {sixth:#}");
    assert_eq!(sixth["data"], Value::Null);
    let shouting = sign_in(&app, &target.email.to_uppercase(), PASSWORD).await;
    assert_eq!(code(&shouting), "RATE_LIMITED", "the same account under another letter case");

    let other = sign_in(&app, &bystander.email, PASSWORD).await;
    assert!(other.get("errors").is_none(), "another account is not affected: {other:#}");
    assert_eq!(other["data"]["signIn"]["user"]["id"], bystander.id.as_str());
    // Sessions opened before the lock keep working.
    assert_eq!(app.ok(Some(&target.token), ME, json!({})).await["me"]["id"], target.id.as_str());
}
