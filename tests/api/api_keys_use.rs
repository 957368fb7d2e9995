//! API keys in use: a revocation refuses the key at once on every instance, even where it
//! is cached, and each use is recorded (`lastUsedAt`, at most once a minute; the metric).

use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::api_keys::{ME, REVOKE, audited, create_key, list};
use crate::helpers::{Options, TestApp, code};
use crate::metrics::Scrape;

/// Revokes (or restores) every key with SQL: no notice is sent.
async fn set_revoked_in_sql(app: &TestApp, revoked: bool) {
    let mut conn = app.state().conn().await.unwrap();
    let sql = if revoked { "UPDATE api_keys SET revoked_at = now()" } else { "UPDATE api_keys SET revoked_at = NULL" };
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn a_revocation_on_one_instance_refuses_the_key_on_another_at_once() {
    // A long cache on both: only the revocation's notice can end the key there.
    let cache = || vec![("KASSA_SESSION_CACHE", "60s".to_owned())];
    let a = TestApp::with(Options { redis: true, env: cache(), ..Options::default() }).await;
    let b = a.sibling_with(cache()).await;
    let admin = a.admin().await;
    let (id, secret) = create_key(&a, &admin, "Shop", &["PAYMENTS_WRITE"]).await;
    for app in [&a, &b, &b, &b] {
        assert_eq!(code(&app.gql(Some(&secret), ME, json!({})).await), "FORBIDDEN", "the key is known");
    }
    // B answers from its cache: a revocation behind Kassa's back (no notice) is not seen there.
    set_revoked_in_sql(&a, true).await;
    assert_eq!(code(&b.gql(Some(&secret), ME, json!({})).await), "FORBIDDEN", "cached on B");
    set_revoked_in_sql(&a, false).await;

    assert_eq!(a.ok(Some(&admin.token), REVOKE, json!({ "id": id })).await["revokeApiKey"], true);
    assert_eq!(code(&a.gql(Some(&secret), ME, json!({})).await), "UNAUTHENTICATED", "at once where revoked");
    let started = Instant::now();
    let there = loop {
        let body = b.gql(Some(&secret), ME, json!({})).await;
        if code(&body) != "FORBIDDEN" || started.elapsed() > Duration::from_secs(5) {
            break body;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(code(&there), "UNAUTHENTICATED", "{there:#}");
    assert!(started.elapsed() < Duration::from_secs(5), "by the notice, not the 60 s cache ({:?})", started.elapsed());

    assert_eq!(a.ok(Some(&admin.token), REVOKE, json!({ "id": id })).await["revokeApiKey"], false, "already revoked");
    let keys = list(&b, &admin).await;
    assert!(keys[0]["revokedAt"].is_string(), "{keys:?}");
    let revoked = audited(&a, &admin, "API_KEY_REVOKED").await;
    assert_eq!(revoked.len(), 1, "audited once: {revoked:?}");
    assert_eq!(revoked[0].0, admin.id);
}

#[tokio::test]
async fn a_use_sets_last_used_at_at_most_once_a_minute_and_is_counted() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (id, secret) = create_key(&app, &admin, "Shop", &["PAYMENTS_READ"]).await;
    let before = Scrape::of(&app).await;
    app.gql(Some(&secret), ME, json!({})).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    let first = loop {
        let used = list(&app, &admin).await[0]["lastUsedAt"].clone();
        if used.is_string() || Instant::now() > deadline {
            break used;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(first.is_string(), "lastUsedAt is set after a use: {first}");
    for _ in 0..3 {
        app.gql(Some(&secret), ME, json!({})).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(list(&app, &admin).await[0]["lastUsedAt"], first, "not written again within the minute");
    let after = Scrape::of(&app).await;
    let label = [("key_id", id.as_str())];
    let counted =
        after.value("kassa_api_key_requests_total", &label) - before.value("kassa_api_key_requests_total", &label);
    assert!(counted >= 4.0, "four uses counted, {counted}");
}
