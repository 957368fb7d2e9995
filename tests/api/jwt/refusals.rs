//! Every refused token answers UNAUTHENTICATED, the same way whichever check failed, and
//! creates no user.

use serde_json::{Value, json};

use super::portal::{JwksServer, SECRET, SigningKey, claims, forged, hs256};
use super::{count, portal_app, with};
use crate::helpers::{Options, TestApp};

const WALLET: &str = "{ myWallet { number } }";

async fn refused(app: &TestApp, what: &str, token: &str) -> Value {
    let body = app.gql(Some(token), WALLET, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{what}: {body:#}");
    assert!(body["data"].is_null(), "{what}: {body:#}");
    body["errors"][0]["message"].clone()
}

#[tokio::test]
async fn bad_tokens_are_refused_alike_and_create_no_user() {
    let (rsa, rsa_public_pem) = SigningKey::rsa("rsa-1");
    let ec = SigningKey::ec("ec-1");
    let jwks = JwksServer::start(&[&rsa, &ec]).await;
    let app = portal_app(&jwks).await;
    let now = chrono::Utc::now().timestamp();
    let good = claims("p-bad", 300);
    let without = |key: &str| {
        let mut claims = good.clone();
        claims.as_object_mut().unwrap().remove(key);
        claims
    };
    // An RS256 header under the EC key's kid: the key's type decides, not the token.
    let mut rs_under_ec = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    rs_under_ec.kid = Some("ec-1".into());
    let rs_under_ec = jsonwebtoken::encode(&rs_under_ec, &good, &rsa.key).unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("alg none", forged(&json!({ "alg": "none", "typ": "JWT" }), &good)),
        (
            "alg none, no signature",
            forged(&json!({ "alg": "none" }), &good).rsplit_once('.').unwrap().0.to_owned() + ".",
        ),
        (
            "HS512 is not configured",
            jsonwebtoken::encode(
                &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
                &good,
                &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
            )
            .unwrap(),
        ),
        ("wrong HS256 secret", hs256(b"another-secret-that-is-32-bytes-long!!", &good)),
        ("alg confusion: HS256 signed with the RSA public key", hs256(rsa_public_pem.as_bytes(), &good)),
        ("RS256 under an EC kid", rs_under_ec),
        ("a kid the JWKS does not have", SigningKey::ec("ec-unknown").sign(&good)),
        ("tampered claims", {
            let token = ec.sign(&good);
            let parts: Vec<&str> = token.split('.').collect();
            let other = ec.sign(&claims("p-admin", 300));
            format!("{}.{}.{}", parts[0], other.split('.').nth(1).unwrap(), parts[2])
        }),
        ("wrong iss", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "iss": "https://evil.example" })))),
        ("no iss", hs256(SECRET.as_bytes(), &without("iss"))),
        ("wrong aud", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "aud": "someone-else" })))),
        ("no aud", hs256(SECRET.as_bytes(), &without("aud"))),
        ("expired", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "exp": now - 5 })))),
        ("no exp", hs256(SECRET.as_bytes(), &without("exp"))),
        ("nbf beyond the leeway", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "nbf": now + 120 })))),
        ("iat beyond the leeway", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "iat": now + 120 })))),
        ("no sub", hs256(SECRET.as_bytes(), &without("sub"))),
        ("empty sub", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "sub": "" })))),
        ("over-long sub", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "sub": "s".repeat(256) })))),
        ("a number as sub", hs256(SECRET.as_bytes(), &with(good.clone(), json!({ "sub": 7 })))),
    ];
    let mut messages = std::collections::HashSet::new();
    for (what, token) in &cases {
        messages.insert(refused(&app, what, token).await.to_string());
    }
    assert_eq!(messages.len(), 1, "nothing tells which check failed: {messages:?}");
    assert_eq!(count(&app, "select count(*) as n from users").await, 0, "no user was created");

    // Within the leeway, and at the longest sub, tokens pass: the checks above are the cause.
    let edge = with(good.clone(), json!({ "nbf": now + 30, "iat": now + 30, "sub": "s".repeat(255) }));
    app.ok(Some(&hs256(SECRET.as_bytes(), &edge)), WALLET, json!({})).await;
    app.ok(Some(&rsa.sign(&good)), WALLET, json!({})).await;
}

#[tokio::test]
async fn an_unconfigured_key_type_is_refused() {
    let (rsa, rsa_public_pem) = SigningKey::rsa("rsa-1");
    let jwks = JwksServer::start(&[&rsa]).await;
    // Only the JWKS: an HS256 token, even one signed with the RSA public key, is refused.
    let env = vec![("KASSA_JWT_JWKS_URL", jwks.url.clone())];
    let jwks_only = TestApp::with(Options { env, ..Options::default() }).await;
    let plain = json!({ "sub": "p-1", "exp": chrono::Utc::now().timestamp() + 300 });
    refused(&jwks_only, "HS256 without a secret", &hs256(rsa_public_pem.as_bytes(), &plain)).await;
    refused(&jwks_only, "HS256 without a secret", &hs256(SECRET.as_bytes(), &plain)).await;
    jwks_only.ok(Some(&rsa.sign(&plain)), WALLET, json!({})).await;
    // Only the secret: RS256 is refused, and no JWKS is fetched.
    let env = vec![("KASSA_JWT_HS256_SECRET", SECRET.to_owned())];
    let secret_only = TestApp::with(Options { env, ..Options::default() }).await;
    refused(&secret_only, "RS256 without a JWKS", &rsa.sign(&plain)).await;
    secret_only.ok(Some(&hs256(SECRET.as_bytes(), &plain)), WALLET, json!({})).await;
    // Neither: JWTs are refused.
    let neither = TestApp::spawn().await;
    refused(&neither, "no JWT configured", &hs256(SECRET.as_bytes(), &plain)).await;
    assert_eq!(count(&neither, "select count(*) as n from users").await, 0);
}

#[tokio::test]
async fn an_unreachable_jwks_refuses_its_tokens_and_nothing_else_breaks() {
    let (rsa, _) = SigningKey::rsa("rsa-1");
    let mut env = vec![("KASSA_JWT_JWKS_URL", "http://127.0.0.1:1/jwks.json".to_owned())];
    env.push(("KASSA_JWT_HS256_SECRET", SECRET.to_owned()));
    let app = TestApp::with(Options { env, ..Options::default() }).await;
    let plain = json!({ "sub": "p-1", "exp": chrono::Utc::now().timestamp() + 300 });
    refused(&app, "JWKS down", &rsa.sign(&plain)).await;
    app.ok(Some(&hs256(SECRET.as_bytes(), &plain)), WALLET, json!({})).await;
    let customer = app.customer().await;
    app.ok(Some(&customer.token), WALLET, json!({})).await;
}
