//! Portal JWTs (contract/portal.md, "Who a request is", point 1): HS256 with the shared
//! secret, RS256 and ES256 through the portal's JWKS served over HTTP on loopback, users
//! provisioned just in time, refusals that say nothing, `exp` ending a live subscription.

mod portal;
mod refusals;

use std::time::Duration;

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::helpers::{Options, TestApp, code};
use crate::live::MY_BALANCE;
use crate::ws_client::{Protocol, Refusal, WsClient};
use portal::{JwksServer, SECRET, SigningKey, claims, hs256};

const ME: &str = "{ me { id externalId email name roles wallet { number balance } } }";

/// A Kassa trusting `jwks`'s portal, with self-registration off (the portal setup).
async fn portal_app(jwks: &JwksServer) -> TestApp {
    let mut env = jwks.env();
    env.push(("KASSA_ALLOW_SIGNUP", "false".to_owned()));
    TestApp::with(Options { env, ..Options::default() }).await
}

/// `select count(*) ...` on the app's database.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.state().conn().await.unwrap();
    diesel::sql_query(sql).get_result::<Count>(&mut *conn).await.unwrap().n
}

fn with(mut claims: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        claims[key] = value.clone();
    }
    claims
}

#[tokio::test]
async fn an_hs256_token_provisions_the_user_once_and_keeps_the_profile_current() {
    let jwks = JwksServer::start(&[]).await;
    let app = portal_app(&jwks).await;
    let first =
        hs256(SECRET.as_bytes(), &with(claims("p-1", 300), json!({ "email": "Ann@Portal.example", "name": "Ann" })));
    let me = app.ok(Some(&first), ME, json!({})).await["me"].clone();
    assert_eq!(me["externalId"], "p-1");
    assert_eq!((me["email"].as_str(), me["name"].as_str()), (Some("ann@portal.example"), Some("Ann")));
    assert_eq!(me["roles"], json!(["CUSTOMER"]));
    assert_eq!(me["wallet"]["balance"], "0.00");
    let audit = "select count(*) as n from audit_log where action = 'USER_CREATED' and actor_id = subject_user_id";
    assert_eq!(count(&app, audit).await, 1, "USER_CREATED, the user as actor");

    // A later token with a new email and name updates the profile; same user, same wallet.
    let later =
        hs256(SECRET.as_bytes(), &with(claims("p-1", 301), json!({ "email": "ann@new.example", "name": "Ann B" })));
    let again = app.ok(Some(&later), ME, json!({})).await["me"].clone();
    assert_eq!(
        (again["id"].clone(), again["wallet"]["number"].clone()),
        (me["id"].clone(), me["wallet"]["number"].clone())
    );
    assert_eq!((again["email"].as_str(), again["name"].as_str()), (Some("ann@new.example"), Some("Ann B")));
    assert_eq!(count(&app, "select count(*) as n from users").await, 1);

    // An email another user has is not taken: the portal user keeps theirs.
    let admin = app.admin().await;
    let taken = hs256(SECRET.as_bytes(), &with(claims("p-1", 302), json!({ "email": admin.email })));
    assert_eq!(app.ok(Some(&taken), ME, json!({})).await["me"]["email"], "ann@new.example");

    // No password: signIn does not apply to them, and signUp is off (the portal setup).
    let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
    let tried = app.gql(None, sign_in, json!({ "input": { "email": "ann@new.example", "password": "!" } })).await;
    assert_eq!(code(&tried), "UNAUTHENTICATED", "{tried:#}");
    let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";
    let input = json!({ "input": { "email": "x@example.com", "password": "password-1", "name": "X" } });
    assert_eq!(code(&app.gql(None, sign_up, input).await), "FORBIDDEN");
}

#[tokio::test]
async fn rs256_and_es256_tokens_verify_through_the_jwks_and_a_rotated_key_after_a_refresh() {
    let (rsa, _) = SigningKey::rsa("rsa-1");
    let ec = SigningKey::ec("ec-1");
    let jwks = JwksServer::start(&[&rsa, &ec]).await;
    let app = portal_app(&jwks).await;
    let rs = app.ok(Some(&rsa.sign(&claims("p-rsa", 300))), ME, json!({})).await;
    assert_eq!(rs["me"]["externalId"], "p-rsa");
    let es = app.ok(Some(&ec.sign(&claims("p-ec", 300))), ME, json!({})).await;
    assert_eq!(es["me"]["externalId"], "p-ec");
    assert_eq!(jwks.fetches(), 1, "fetched once, then cached");

    // The portal rotates: a token under the new kid is refused until the JWKS may be
    // fetched again (a minute after the last fetch), then accepted.
    let (rotated, _) = SigningKey::rsa("rsa-2");
    jwks.publish(&rotated);
    let first_fetch = std::time::Instant::now();
    let token = rotated.sign(&claims("p-rotated", 300));
    for _ in 0..5 {
        assert_eq!(code(&app.gql(Some(&token), "{ myWallet { number } }", json!({})).await), "UNAUTHENTICATED");
    }
    assert_eq!(jwks.fetches(), 1, "an unknown kid refetches at most once a minute");
    tokio::time::sleep(Duration::from_secs(61).saturating_sub(first_fetch.elapsed())).await;
    let accepted = app.ok(Some(&token), ME, json!({})).await;
    assert_eq!(accepted["me"]["externalId"], "p-rotated");
    assert_eq!(jwks.fetches(), 2);
    // The old keys still verify; another unknown kid does not fetch again so soon.
    app.ok(Some(&rsa.sign(&claims("p-rsa", 300))), ME, json!({})).await;
    let (unknown, _) = SigningKey::rsa("rsa-3");
    assert_eq!(
        code(&app.gql(Some(&unknown.sign(&claims("p-x", 300))), "{ myWallet { number } }", json!({})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(jwks.fetches(), 2);
}

#[tokio::test]
async fn twenty_concurrent_first_requests_make_one_user_and_one_wallet() {
    let jwks = JwksServer::start(&[]).await;
    let app = portal_app(&jwks).await;
    // Distinct tokens (iat differs) for one sub, so no cache answers for another.
    let tokens: Vec<String> = (0..20)
        .map(|i| {
            hs256(SECRET.as_bytes(), &with(claims("p-race", 300), json!({ "iat": chrono::Utc::now().timestamp() - i })))
        })
        .collect();
    let answers = futures::future::join_all(tokens.iter().map(|token| app.ok(Some(token), ME, json!({})))).await;
    let ids: std::collections::HashSet<_> = answers.iter().map(|data| data["me"]["id"].clone()).collect();
    assert_eq!(ids.len(), 1, "every request is the same user: {answers:?}");
    assert_eq!(count(&app, "select count(*) as n from users where external_id = 'p-race'").await, 1);
    assert_eq!(count(&app, "select count(*) as n from wallets").await, 1);
    assert_eq!(count(&app, "select count(*) as n from audit_log where action = 'USER_CREATED'").await, 1);
}

#[tokio::test]
async fn admins_appoint_a_portal_user_as_cashier() {
    let jwks = JwksServer::start(&[]).await;
    let app = portal_app(&jwks).await;
    let admin = app.admin().await;
    let token = hs256(SECRET.as_bytes(), &claims("p-cashier", 300));
    let id = app.ok(Some(&token), ME, json!({})).await["me"]["id"].clone();
    let recent = "{ recentTransactions { edges { cursor } } }";
    assert_eq!(code(&app.gql(Some(&token), recent, json!({})).await), "FORBIDDEN");
    app.ok(Some(&admin.token), "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }", json!({ "id": id })).await;
    // The same token, at once: roles are Kassa's and are read again after the change.
    assert_eq!(app.ok(Some(&token), ME, json!({})).await["me"]["roles"], json!(["CUSTOMER", "CASHIER"]));
    app.ok(Some(&token), recent, json!({})).await;
}

#[tokio::test]
async fn a_websocket_opened_with_a_jwt_works_and_its_subscription_ends_at_exp() {
    let jwks = JwksServer::start(&[]).await;
    let app = portal_app(&jwks).await;
    let forged = hs256(b"not-the-portal-secret-but-32-bytes-long", &claims("p-ws", 300));
    match WsClient::try_connect(&app.ws_url(), Some(&forged), Protocol::TransportWs).await {
        Err(Refusal::Closed(code)) => assert_eq!(code, 4403, "a bad JWT in connection_init"),
        other => panic!("expected close 4403, got {:?}", other.err()),
    }
    let token = hs256(SECRET.as_bytes(), &claims("p-ws", 3));
    let started = std::time::Instant::now();
    let mut ws = WsClient::connect(&app.ws_url(), &token, Protocol::TransportWs).await;
    ws.subscribe("q", "{ me { externalId } }", json!({})).await;
    let me = ws.next_payload("q", Duration::from_secs(5)).await.expect("an answer");
    assert_eq!(me["data"]["me"]["externalId"], "p-ws", "{me}");
    ws.subscribe("b", MY_BALANCE, json!({})).await;
    let first = ws.next_payload("b", Duration::from_secs(5)).await.expect("the first state");
    assert_eq!(first["data"]["myBalance"]["balance"], "0.00", "{first}");
    let last = ws.next_payload("b", Duration::from_secs(8)).await.expect("the subscription ends");
    assert_eq!(last["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{last}");
    let ended = started.elapsed();
    assert!(ended >= Duration::from_secs(1) && ended < Duration::from_secs(5), "ended at exp: {ended:?}");
    // Operations after exp on the same connection are refused too.
    ws.subscribe("q2", "{ myWallet { number } }", json!({})).await;
    let after = ws.next_payload("q2", Duration::from_secs(5)).await.expect("an answer");
    assert_eq!(after["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{after}");
}

#[tokio::test]
async fn kassa_sessions_sign_up_and_sign_in_keep_working_beside_jwts() {
    let jwks = JwksServer::start(&[]).await;
    let app = TestApp::with(Options { env: jwks.env(), ..Options::default() }).await;
    let customer = app.customer().await;
    let again = app.sign_in(&customer.email).await;
    assert_eq!(
        app.ok(Some(&again.token), "{ me { id externalId } }", json!({})).await["me"],
        json!({ "id": customer.id, "externalId": null })
    );
    let token = hs256(SECRET.as_bytes(), &claims("p-beside", 300));
    assert_eq!(app.ok(Some(&token), "{ me { externalId } }", json!({})).await["me"]["externalId"], "p-beside");
    // The placeholder addresses of portal users cannot be signed up for.
    let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";
    let input = json!({ "input": { "email": "abc@portal.invalid", "password": "password-1", "name": "X" } });
    assert_eq!(code(&app.gql(None, sign_up, input).await), "BAD_USER_INPUT");
    // The scheme is case-insensitive.
    let lower = app
        .http
        .post(format!("{}/graphql", app.url))
        .header("authorization", format!("bearer {}", customer.token))
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(lower["data"]["me"]["id"], customer.id.as_str());
}
