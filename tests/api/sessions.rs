//! The session cache (KASSA_SESSION_CACHE) never lets a signed-out token or a removed
//! cashier through: access notices clear it on every instance, it is not used while the
//! notices cannot arrive, and what no notice announces lasts at most its TTL.

use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::helpers::{Actor, Options, TestApp, code};
use crate::live::Scene;
use crate::redis_server::RedisServer;

const ME: &str = "{ myWallet { number } }";
/// Far longer than any wait below: whatever ends access here, it is not the TTL.
const LONG: &str = "60s";

fn cached(ttl: &str, redis: Option<String>) -> Options {
    let mut env = vec![("KASSA_SESSION_CACHE", ttl.to_owned())];
    env.extend(redis.map(|url| ("REDIS_URL", url)));
    Options { env, ..Options::default() }
}

async fn sibling_of(app: &TestApp, options: Options) -> TestApp {
    let mut other = TestApp::with(Options {
        database: Some(app.database.clone()),
        redis_prefix: Some(app.redis_prefix.clone()),
        ..options
    })
    .await;
    other.database = String::new(); // the first instance drops the database
    other
}

/// Asks `query` until the answer has an error; returns it and how long that took.
async fn until_refused(app: &TestApp, actor: &Actor, query: &str, within: Duration) -> (Value, Duration) {
    let started = Instant::now();
    loop {
        let body = app.gql(Some(&actor.token), query, json!({})).await;
        if body.get("errors").is_some() || started.elapsed() > within {
            return (body, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Revokes (or restores) every session with SQL, behind Kassa's back: no notice is sent.
async fn set_revoked_in_sql(app: &TestApp, revoked: bool) {
    let mut conn = app.state().conn().await.unwrap();
    let sql = if revoked { "UPDATE sessions SET revoked_at = now()" } else { "UPDATE sessions SET revoked_at = NULL" };
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn a_sign_out_is_refused_on_the_same_instance_at_once_and_on_another_within_moments() {
    let scene = Scene::new(cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let other = sibling_of(&scene.app, cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let customer = &scene.customer;
    // Both instances have the session cached.
    for app in [&scene.app, &other] {
        for _ in 0..3 {
            app.ok(Some(&customer.token), ME, json!({})).await;
        }
    }

    scene.app.ok(Some(&customer.token), "mutation { signOut }", json!({})).await;
    let here = scene.app.gql(Some(&customer.token), ME, json!({})).await;
    assert_eq!(code(&here), "UNAUTHENTICATED", "the very next request here: {here:#}");
    let (there, after) = until_refused(&other, customer, ME, Duration::from_secs(5)).await;
    assert_eq!(code(&there), "UNAUTHENTICATED", "{there:#}");
    assert!(after < Duration::from_secs(5), "refused by the notice, not by the 60 s TTL ({after:?})");
}

#[tokio::test]
async fn a_removed_cashier_moves_no_money_on_another_instance() {
    let scene = Scene::new(cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let other = sibling_of(&scene.app, cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let (cashier, customer) = (&scene.cashier, &scene.customer);
    other.top_up(cashier, &customer.wallet, "5.00", &scene.system).await;
    let before = other.balance(customer).await;
    let lookup = format!("{{ walletByNumber(number: \"{}\") {{ id }} }}", customer.wallet);
    other.ok(Some(&cashier.token), &lookup, json!({})).await; // cached there as a cashier

    let remove = "mutation($id: ID!) { removeCashier(userId: $id) }";
    scene.app.ok(Some(&scene.admin.token), remove, json!({ "id": cashier.id })).await;
    let (refused, after) = until_refused(&other, cashier, &lookup, Duration::from_secs(5)).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused:#}");
    assert!(after < Duration::from_secs(5), "refused by the notice, not by the 60 s TTL ({after:?})");
    let top_up = other.try_top_up(cashier, &customer.wallet, "5.00", &scene.system, "after-removal").await;
    assert_eq!(code(&top_up), "FORBIDDEN", "{top_up:#}");
    assert_eq!(other.balance(customer).await, before, "nothing moved");
}

#[tokio::test]
async fn a_session_revoked_behind_kassas_back_lasts_at_most_the_ttl_and_not_at_all_with_the_cache_off() {
    let short = Scene::new(cached("1s", None)).await;
    short.app.ok(Some(&short.customer.token), ME, json!({})).await;
    set_revoked_in_sql(&short.app, true).await;
    // The cache is on and answers: this staleness is exactly what the TTL bounds.
    short.app.ok(Some(&short.customer.token), ME, json!({})).await;
    let (refused, after) = until_refused(&short.app, &short.customer, ME, Duration::from_secs(5)).await;
    assert_eq!(code(&refused), "UNAUTHENTICATED", "{refused:#}");
    assert!(after <= Duration::from_millis(1500), "within the 1 s TTL ({after:?})");

    let off = Scene::new(cached("0", None)).await;
    off.app.ok(Some(&off.customer.token), ME, json!({})).await;
    set_revoked_in_sql(&off.app, true).await;
    let next = off.app.gql(Some(&off.customer.token), ME, json!({})).await;
    assert_eq!(code(&next), "UNAUTHENTICATED", "with KASSA_SESSION_CACHE=0 the very next request: {next:#}");
}

#[tokio::test]
async fn nothing_is_cached_while_the_access_notices_cannot_arrive() {
    let mut redis = RedisServer::start().await;
    let scene = Scene::new(cached(LONG, Some(redis.url()))).await;
    let customer = &scene.customer;
    // While Redis is up, the cache answers (a revocation in SQL is not seen at once).
    scene.app.ok(Some(&customer.token), ME, json!({})).await;
    set_revoked_in_sql(&scene.app, true).await;
    scene.app.ok(Some(&customer.token), ME, json!({})).await;
    set_revoked_in_sql(&scene.app, false).await;

    redis.stop();
    // /readyz reports the broker down; the subscriber saw its connection close before that.
    let started = Instant::now();
    while scene.app.http.get(format!("{}/readyz", scene.app.url)).send().await.unwrap().status().is_success() {
        assert!(started.elapsed() < Duration::from_secs(10), "/readyz never noticed Redis going away");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    scene.app.ok(Some(&customer.token), ME, json!({})).await;
    set_revoked_in_sql(&scene.app, true).await;
    let next = scene.app.gql(Some(&customer.token), ME, json!({})).await;
    assert_eq!(code(&next), "UNAUTHENTICATED", "read from the database, not a 60 s cache: {next:#}");
}

#[tokio::test]
async fn an_appointed_cashier_can_work_at_once_here_and_within_moments_on_another_instance() {
    let scene = Scene::new(cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let other = sibling_of(&scene.app, cached(LONG, Some(crate::helpers::REDIS_URL.into()))).await;
    let user = scene.app.user_by_admin(&scene.admin, "Newcomer").await;
    let lookup = format!("{{ walletByNumber(number: \"{}\") {{ id }} }}", scene.customer.wallet);
    for app in [&scene.app, &other] {
        let refused = app.gql(Some(&user.token), &lookup, json!({})).await;
        assert_eq!(code(&refused), "FORBIDDEN", "not a cashier yet, and cached as such: {refused:#}");
    }

    let add = "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }";
    scene.app.ok(Some(&scene.admin.token), add, json!({ "id": user.id })).await;
    scene.app.ok(Some(&user.token), &lookup, json!({})).await;
    let started = Instant::now();
    while other.gql(Some(&user.token), &lookup, json!({})).await.get("errors").is_some() {
        assert!(started.elapsed() < Duration::from_secs(5), "the appointment never reached the other instance");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    other.top_up(&user, &scene.customer.wallet, "1.00", &scene.system).await;
}

#[tokio::test]
async fn a_cashier_removed_behind_kassas_back_cannot_commit_a_move_even_while_the_cache_still_says_cashier() {
    let scene = Scene::new(cached(LONG, None)).await;
    let (app, cashier, customer) = (&scene.app, &scene.cashier, &scene.customer);
    app.top_up(cashier, &customer.wallet, "5.00", &scene.system).await;
    // Removed in SQL: no access notice, and the cached session (60 s) still holds the role.
    let mut conn = app.state().conn().await.unwrap();
    diesel::sql_query(format!("DELETE FROM cashiers WHERE user_id = {}", cashier.id)).execute(&mut conn).await.unwrap();
    drop(conn);
    let body = app.try_top_up(cashier, &customer.wallet, "7.00", &scene.system, "after-removal").await;
    assert_eq!(code(&body), "FORBIDDEN", "the statement itself re-checks the role: {body:#}");
    let write_off = "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { wallet { balance } } }";
    let input = json!({ "input": { "walletNumber": customer.wallet, "amount": "1.00", "reason": "r", "idempotencyKey": "w-1" } });
    assert_eq!(code(&app.gql(Some(&cashier.token), write_off, input).await), "FORBIDDEN");
    assert_eq!(app.balance(customer).await, ("5.00".to_owned(), 1), "nothing moved");
    assert!(app.verify_ledger().await.is_empty());
}

#[tokio::test]
async fn a_sign_out_whose_notice_could_not_be_published_still_ends_subscriptions_elsewhere() {
    use crate::live::MY_BALANCE;
    use crate::ws_client::{Protocol, WsClient};
    // B hears Redis; A cannot reach it, so A's own publish of the notice fails.
    let scene = Scene::new(Options { redis: true, ..Options::default() }).await;
    let deaf = sibling_of(&scene.app, cached(LONG, Some("redis://127.0.0.1:1".into()))).await;
    let mut watcher = WsClient::connect(&scene.app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    watcher.subscribe("b", MY_BALANCE, json!({})).await;
    watcher.next_payload("b", Duration::from_secs(5)).await.expect("the first state");

    deaf.ok(Some(&scene.customer.token), "mutation { signOut }", json!({})).await;

    // The notice was written with the sign-out; a relay sends it once its grace is over.
    let last = watcher.next_payload("b", Duration::from_secs(10)).await.expect("the subscription ends");
    assert_eq!(last["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{last}");
    let mut conn = scene.app.state().conn().await.unwrap();
    #[derive(diesel::QueryableByName)]
    struct Left {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    // The relay marks what it sent when its transaction commits, just after delivering.
    let started = Instant::now();
    loop {
        let left: Left = diesel::sql_query("SELECT count(*) AS count FROM access_notices WHERE published_at IS NULL")
            .get_result(&mut conn)
            .await
            .unwrap();
        if left.count == 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{} notices never went out", left.count);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
