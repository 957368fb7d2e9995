//! API keys of the portal's back end: admins create them (the secret shown once, only its
//! hash stored), list and revoke them; a key is no user, so user-only operations refuse
//! it, and refused credentials all get one answer (in use: `api_keys_use`).

use diesel::sql_types::{BigInt, Bytea, Text};
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{Actor, TestApp, code};
use crate::ws_client::{Protocol, Refusal, WsClient};

pub(crate) const CREATE: &str = "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
    secret apiKey { id name scopes prefix createdAt lastUsedAt revokedAt } } }";
pub(crate) const LIST: &str = "{ apiKeys { id name scopes prefix createdAt lastUsedAt revokedAt } }";
pub(crate) const REVOKE: &str = "mutation($id: ID!) { revokeApiKey(id: $id) }";
/// A user-only query: a valid key is told FORBIDDEN, a refused credential UNAUTHENTICATED.
pub(crate) const ME: &str = "{ myWallet { number } }";

/// Creates a key as `admin`; returns (id, secret).
pub(crate) async fn create_key(app: &TestApp, admin: &Actor, name: &str, scopes: &[&str]) -> (String, String) {
    let data = app.ok(Some(&admin.token), CREATE, json!({ "input": { "name": name, "scopes": scopes } })).await;
    let created = &data["createApiKey"];
    (created["apiKey"]["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
}

pub(crate) async fn list(app: &TestApp, admin: &Actor) -> Vec<Value> {
    app.ok(Some(&admin.token), LIST, json!({})).await["apiKeys"].as_array().unwrap().clone()
}

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = Bytea)]
    secret_hash: Vec<u8>,
    #[diesel(sql_type = Text)]
    whole_row: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.state().conn().await.unwrap();
    diesel::sql_query(sql).get_result::<Count>(&mut conn).await.unwrap().count
}

/// The audit entries of `action`, newest first: (actor id, details).
pub(crate) async fn audited(app: &TestApp, admin: &Actor, action: &str) -> Vec<(String, String)> {
    let query = "query($action: AuditAction) { auditLog(action: $action, first: 100) {
        edges { node { details actor { id } } } } }";
    let data = app.ok(Some(&admin.token), query, json!({ "action": action })).await;
    let edges = data["auditLog"]["edges"].as_array().unwrap();
    edges
        .iter()
        .map(|edge| {
            let node = &edge["node"];
            (node["actor"]["id"].as_str().unwrap().to_owned(), node["details"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_key_is_shown_once_listed_without_its_secret_and_stored_as_its_hash() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let input = json!({ "input": { "name": "  Shop back end ", "scopes": ["PAYMENTS_WRITE", "PAYMENTS_READ"] } });
    let data = app.ok(Some(&admin.token), CREATE, input).await;
    let (key, secret) = (&data["createApiKey"]["apiKey"], data["createApiKey"]["secret"].as_str().unwrap());
    let random = secret.strip_prefix("kassa_sk_").expect("the secret says what it is");
    assert_eq!(random.len(), 43, "32 random bytes in base64url: {secret}");
    assert!(random.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{secret}");
    assert_eq!(key["name"], "Shop back end", "trimmed");
    assert_eq!(key["prefix"], &secret[..12]);
    assert_eq!(key["scopes"], json!(["PAYMENTS_READ", "PAYMENTS_WRITE"]));
    assert!(key["lastUsedAt"].is_null() && key["revokedAt"].is_null(), "{key}");
    let (second, other_secret) = create_key(&app, &admin, "Second", &["PAYMENTS_READ"]).await;
    assert_ne!(other_secret, secret);

    let keys = list(&app, &admin).await;
    let ids: Vec<&str> = keys.iter().map(|key| key["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [second.as_str(), key["id"].as_str().unwrap()], "newest first");
    assert_eq!(keys[1], *key, "listed as created");
    let listed = serde_json::to_string(&keys).unwrap();
    assert!(!listed.contains(random) && !listed.contains(&other_secret[9..]), "no secret in the list");
    let asked = app.gql(Some(&admin.token), "{ apiKeys { secret } }", json!({})).await;
    assert_eq!(code(&asked), "GRAPHQL_VALIDATION_FAILED", "an ApiKey has no secret to ask for");

    let mut conn = app.state().conn().await.unwrap();
    let stored: Stored =
        diesel::sql_query("SELECT secret_hash, api_keys::text AS whole_row FROM api_keys WHERE id = $1")
            .bind::<BigInt, _>(key["id"].as_str().unwrap().parse::<i64>().unwrap())
            .get_result(&mut conn)
            .await
            .unwrap();
    assert_eq!(stored.secret_hash, Sha256::digest(secret.as_bytes()).to_vec(), "the hash of the secret");
    assert!(!stored.whole_row.contains(random), "the secret itself is nowhere in the row: {}", stored.whole_row);
    let created = audited(&app, &admin, "API_KEY_CREATED").await;
    assert_eq!(created.len(), 2, "{created:?}");
    assert_eq!(created[1].0, admin.id);
    assert!(created[1].1.contains("Shop back end") && !created[1].1.contains(random), "{created:?}");
}

#[tokio::test]
async fn only_admins_manage_keys_and_bad_input_stores_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let good = json!({ "input": { "name": "Shop", "scopes": ["PAYMENTS_READ"] } });
    for (token, expected) in
        [(None, "UNAUTHENTICATED"), (Some(&cashier.token), "FORBIDDEN"), (Some(&customer.token), "FORBIDDEN")]
    {
        let token = token.map(String::as_str);
        assert_eq!(code(&app.gql(token, CREATE, good.clone()).await), expected);
        assert_eq!(code(&app.gql(token, LIST, json!({})).await), expected);
        assert_eq!(code(&app.gql(token, REVOKE, json!({ "id": "1" })).await), expected);
    }
    let long = "n".repeat(101);
    for (name, scopes) in [
        ("", json!(["PAYMENTS_READ"])),
        ("   ", json!(["PAYMENTS_READ"])),
        (long.as_str(), json!(["PAYMENTS_READ"])),
        ("Shop", json!([])),
    ] {
        let body = app.gql(Some(&admin.token), CREATE, json!({ "input": { "name": name, "scopes": scopes } })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{name:?} {scopes}: {body:#}");
    }
    assert_eq!(count(&app, "SELECT count(*) AS count FROM api_keys").await, 0, "nothing stored");
    assert_eq!(count(&app, "SELECT count(*) AS count FROM audit_log WHERE action LIKE 'API_KEY%'").await, 0);
    assert_eq!(code(&app.gql(Some(&admin.token), REVOKE, json!({ "id": "999" })).await), "NOT_FOUND");
    assert_eq!(code(&app.gql(Some(&admin.token), REVOKE, json!({ "id": "key" })).await), "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_key_is_no_user_and_user_only_operations_refuse_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let (_, secret) = create_key(&app, &admin, "Shop", &["PAYMENTS_READ", "PAYMENTS_WRITE"]).await;
    let top_up = json!({ "input": { "walletNumber": cashier.wallet, "amount": "10.00", "paymentSystemId": system,
                                    "receipt": "R-1", "idempotencyKey": "key-top-up" } });
    let refused: [(&str, Value); 6] = [
        (ME, json!({})),
        (crate::helpers::TOP_UP, top_up),
        ("{ users(first: 5) { edges { node { id } } } }", json!({})),
        ("mutation { signOut }", json!({})),
        (LIST, json!({})),
        (CREATE, json!({ "input": { "name": "Mine", "scopes": ["PAYMENTS_WRITE"] } })),
    ];
    for (query, variables) in refused {
        let body = app.gql(Some(&secret), query, variables).await;
        assert_eq!(code(&body), "FORBIDDEN", "{query}: {body:#}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("API key"), "{body:#}");
    }
    assert_eq!(app.balance(&cashier).await.0, "0.00", "no money moved");
    assert_eq!(count(&app, "SELECT count(*) AS count FROM api_keys").await, 1, "the key made no key");
    match WsClient::try_connect(&app.ws_url(), Some(&secret), Protocol::TransportWs).await {
        Err(Refusal::Closed(code)) => assert_eq!(code, 4403, "a WebSocket is for users, not keys"),
        other => panic!("expected close 4403, got {:?}", other.err()),
    }
}

#[tokio::test]
async fn refused_credentials_get_one_answer_whatever_the_reason() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (id, revoked) = create_key(&app, &admin, "Old", &["PAYMENTS_READ"]).await;
    assert_eq!(app.ok(Some(&admin.token), REVOKE, json!({ "id": id })).await["revokeApiKey"], true);
    let made_up = format!("kassa_sk_{}", "A".repeat(43));
    let too_long = format!("kassa_sk_{}", "A".repeat(200));
    let session_like = format!("kassa_{}", "A".repeat(43));
    let mut answers = Vec::new();
    for credential in [revoked.as_str(), &made_up, &too_long, "kassa_sk_", &session_like, "a.b.c"] {
        let body = app.gql(Some(credential), ME, json!({})).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "{credential}: {body:#}");
        answers.push(body["errors"][0]["message"].clone());
    }
    assert!(answers.windows(2).all(|pair| pair[0] == pair[1]), "one message for all: {answers:?}");
}
