//! Encrypted, authenticated connections: PostgreSQL by `sslmode` (a private server that
//! accepts TLS only) and Redis by `rediss://` with AUTH (a private TLS-only redis-server),
//! with certificates the tests make.

use std::time::{Duration, Instant};

use diesel::sql_types::Bool;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::certs::{Certs, TempDir};
use crate::helpers::{Options, PASSWORD, TestApp, code};
use crate::live::{MY_BALANCE, Scene, event};
use crate::postgres_server::PostgresServer;
use crate::redis_server::{RedisServer, RedisTls};
use crate::ws_client::{Protocol, WsClient};

const WAIT: Duration = Duration::from_secs(5);

/// An app on `database_url` (a database Kassa creates and migrates itself).
fn on(database_url: String) -> Options {
    Options { database_url: Some(database_url), ..Options::default() }
}

/// Why Kassa refused to start with `env` (the test's defaults underneath).
async fn start_error(env: &[(&str, String)]) -> String {
    kassa::telemetry::init_for_test();
    let mut all: Vec<(String, String)> = vec![
        ("KASSA_LISTEN".into(), "127.0.0.1:0".into()),
        ("KASSA_METRICS_LISTEN".into(), "127.0.0.1:0".into()),
        ("KASSA_DB_POOL_SIZE".into(), "2".into()),
        ("KASSA_REDIS_PREFIX".into(), format!("test-{}", uuid::Uuid::new_v4().simple())),
    ];
    all.extend(env.iter().map(|(key, value)| (key.to_string(), value.clone())));
    let config =
        kassa::config::Config::from_lookup(|key| all.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
            .expect("test configuration");
    match tokio::time::timeout(Duration::from_secs(30), kassa::app::Server::start(config)).await {
        Ok(Ok(_)) => panic!("kassa started with {env:?}"),
        Ok(Err(error)) => format!("{error:#}"),
        Err(_) => panic!("kassa neither started nor failed within 30 s"),
    }
}

#[derive(diesel::QueryableByName)]
struct Ssl {
    #[diesel(sql_type = Bool)]
    ssl: bool,
}

/// Whether the pool's connection to PostgreSQL is encrypted, as the server sees it.
async fn pool_uses_tls(app: &TestApp) -> bool {
    let mut conn = app.state().conn().await.expect("a pooled connection");
    let row: Ssl = diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .get_result(&mut conn)
        .await
        .unwrap();
    row.ssl
}

#[tokio::test]
async fn verify_full_carries_database_creation_migrations_money_history_and_verify_ledger() {
    let pg = PostgresServer::start(&["localhost", "127.0.0.1"]).await;
    let params = format!("sslmode=verify-full&sslrootcert={}", pg.ca.display());
    // The database does not exist: Kassa creates it (through the server's `postgres`
    // database) and migrates it, both over TLS.
    let app = TestApp::with(on(pg.url("localhost", "kassa_full", &params))).await;
    assert!(pool_uses_tls(&app).await, "the pool's connections are encrypted");

    let admin = app.admin().await;
    let system = app.payment_system(&admin).await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await; // signUp
    app.top_up(&cashier, &customer.wallet, "12.50", &system).await;
    let history = app
        .ok(
            Some(&customer.token),
            "{ myWallet { balance transactions(first: 10) { edges { node { kind amount } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(history["myWallet"]["balance"], "12.50");
    assert_eq!(
        history["myWallet"]["transactions"]["edges"],
        json!([{ "node": { "kind": "TOP_UP", "amount": "12.50" } }])
    );
    // verify-ledger opens a connection of its own, with the same sslmode.
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn require_encrypts_and_the_tls_only_server_refuses_a_plain_connection() {
    // A certificate from a CA the client has never seen: `require` does not check it.
    let pg = PostgresServer::start(&["localhost"]).await;
    for params in ["", "sslmode=disable", "sslmode=prefer", "sslmode=allow"] {
        let error = start_error(&[("DATABASE_URL", pg.url("127.0.0.1", "kassa_plain", params))]).await;
        assert!(error.contains("no encryption"), "{params:?} is refused by pg_hba.conf: {error}");
    }
    let app = TestApp::with(on(pg.url("127.0.0.1", "kassa_require", "sslmode=require"))).await;
    assert!(pool_uses_tls(&app).await);
    app.customer().await;
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn verify_full_refuses_a_name_the_certificate_lacks_and_verify_ca_checks_the_chain() {
    let pg = PostgresServer::start(&["localhost"]).await;
    let root = format!("sslrootcert={}", pg.ca.display());

    // 127.0.0.1 is not in the certificate: a clear error at start-up.
    let error =
        start_error(&[("DATABASE_URL", pg.url("127.0.0.1", "kassa_names", &format!("sslmode=verify-full&{root}")))])
            .await;
    assert!(error.contains("sslmode=verify-full"), "the error names the mode: {error}");
    assert!(error.contains("certificate not valid for name \"127.0.0.1\""), "{error}");

    // verify-ca checks the chain only, so the same address is fine.
    let app = TestApp::with(on(pg.url("127.0.0.1", "kassa_names", &format!("sslmode=verify-ca&{root}")))).await;
    assert!(pool_uses_tls(&app).await);
    app.customer().await;

    // A CA that did not sign the server's certificate: refused by verify-ca, and by
    // require given that root file (libpq's rule), even under the right name.
    let elsewhere = TempDir::new("other-ca");
    let stranger = Certs::issue(elsewhere.path(), "stranger", &["localhost"]);
    for mode in ["verify-ca", "verify-full", "require"] {
        let params = format!("sslmode={mode}&sslrootcert={}", stranger.ca.display());
        let error = start_error(&[("DATABASE_URL", pg.url("localhost", "kassa_names", &params))]).await;
        assert!(error.contains("UnknownIssuer"), "{mode}: {error}");
    }
}

/// A TLS-only Redis with a password for the default user and an ACL user `kassa`.
async fn tls_redis(dir: &TempDir) -> (RedisServer, Certs) {
    let certs = Certs::issue(dir.path(), "redis", &["localhost", "127.0.0.1"]);
    let tls = RedisTls { cert: certs.cert.clone(), key: certs.key.clone(), ca: certs.ca.clone() };
    // The ACL user may run what docs/operations.md says Kassa needs, and nothing more.
    let kassa_user = "kassa on >kassa-secret ~test-* &test-* +@connection +publish +subscribe +unsubscribe \
                      +multi +exec +incrby +decrby +pexpire +pttl +del";
    let mut args = vec!["--requirepass", "default-secret", "--user"];
    args.extend(kassa_user.split_whitespace());
    (RedisServer::start_tls(tls, &args).await, certs)
}

/// A client of the test's own, trusting the test CA.
async fn redis_connection(url: &str, ca: &std::path::Path) -> redis::aio::MultiplexedConnection {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certificates = redis::TlsCertificates { client_tls: None, root_cert: Some(std::fs::read(ca).unwrap()) };
    let client = redis::Client::build_with_tls(url, certificates).unwrap();
    client.get_multiplexed_async_connection().await.expect("the test connects to its TLS Redis")
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Value {
    let variables = json!({ "input": { "email": email, "password": password } });
    app.gql(None, "mutation($input: SignInInput!) { signIn(input: $input) { token } }", variables).await
}

async fn ready(app: &TestApp) -> (u16, Value) {
    let response = app.http.get(format!("{}/readyz", app.url)).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn over_rediss_with_auth_events_and_the_sign_in_throttle_cross_instances() {
    let dir = TempDir::new("redis");
    let (redis, certs) = tls_redis(&dir).await;
    let ca = ("KASSA_REDIS_CA", certs.ca.display().to_string());
    let no_address_limit = ("KASSA_SIGNIN_ADDRESS_LIMIT", "0".to_owned());
    // Instance A as the ACL user, instance B with the default user's password.
    let a_env = vec![("REDIS_URL", redis.url_with_auth("kassa:kassa-secret@")), ca.clone(), no_address_limit.clone()];
    let scene = Scene::new(Options { redis: true, env: a_env, ..Options::default() }).await;
    let b = scene
        .app
        .sibling_with(vec![("REDIS_URL", redis.url_with_auth(":default-secret@")), ca, no_address_limit])
        .await;
    for app in [&scene.app, &b] {
        assert_eq!(ready(app).await, (200, json!({ "database": true, "broker": true })));
    }

    // Both subscribers are in, over TLS and authenticated.
    let mut own = redis_connection(&redis.url_with_auth(":default-secret@"), &certs.ca).await;
    let channel = format!("{}:events", scene.app.redis_prefix);
    let started = Instant::now();
    loop {
        let (_, count): (String, u32) =
            redis::cmd("PUBSUB").arg("NUMSUB").arg(&channel).query_async(&mut own).await.unwrap();
        if count == 2 {
            break;
        }
        assert!(started.elapsed() < WAIT, "{count} of 2 instances subscribed to {channel}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let mut client = WsClient::connect(&b.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("1", MY_BALANCE, json!({})).await;
    assert_eq!(event(&client.next_payload("1", WAIT).await.unwrap(), "myBalance")["version"], 0);
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "7.00", &scene.system).await;
    let live = event(&client.next_payload("1", WAIT).await.expect("A's top-up reaches B"), "myBalance");
    assert_eq!((live["balance"].as_str(), live["version"].as_i64()), (Some("7.00"), Some(1)));

    // The sign-in throttle counts in the same Redis: five wrong passwords in all, alternating.
    let email = &scene.customer.email;
    for attempt in 0..5 {
        let app = if attempt % 2 == 0 { &scene.app } else { &b };
        assert_eq!(code(&sign_in(app, email, "wrong password").await), "UNAUTHENTICATED");
    }
    for app in [&scene.app, &b] {
        assert_eq!(code(&sign_in(app, email, PASSWORD).await), "RATE_LIMITED");
    }
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{}:throttle:account:*", scene.app.redis_prefix))
        .query_async(&mut own)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1, "one shared count: {keys:?}");
}

#[tokio::test]
async fn a_wrong_redis_password_or_an_untrusted_certificate_reports_the_broker_down() {
    let dir = TempDir::new("redis");
    let (redis, certs) = tls_redis(&dir).await;
    let ca = ("KASSA_REDIS_CA", certs.ca.display().to_string());
    let with = |url: String, ca: Option<(&'static str, String)>| {
        let mut env = vec![("REDIS_URL", url)];
        env.extend(ca);
        Options { redis: true, env, ..Options::default() }
    };

    let right = TestApp::with(with(redis.url_with_auth("kassa:kassa-secret@"), Some(ca.clone()))).await;
    assert_eq!(ready(&right).await, (200, json!({ "database": true, "broker": true })));
    let down = (503, json!({ "database": true, "broker": false }));
    let wrong_password = TestApp::with(with(redis.url_with_auth("kassa:not-the-password@"), Some(ca.clone()))).await;
    assert_eq!(ready(&wrong_password).await, down, "a wrong password");
    let no_password = TestApp::with(with(redis.url(), Some(ca))).await;
    assert_eq!(ready(&no_password).await, down, "no password");
    // Without KASSA_REDIS_CA the system roots apply, and they never signed the test's certificate.
    let untrusted = TestApp::with(with(redis.url_with_auth("kassa:kassa-secret@"), None)).await;
    assert_eq!(ready(&untrusted).await, down, "a certificate from an unknown CA");

    // A CA file for a plain URL is a mistake, said before anything starts.
    let ca_path = certs.ca.display().to_string();
    let lookup = |key: &str| match key {
        "REDIS_URL" => Some(redis.url().replace("rediss://", "redis://")),
        "KASSA_REDIS_CA" => Some(ca_path.clone()),
        _ => None,
    };
    let error = format!("{:#}", kassa::config::Config::from_lookup(lookup).unwrap_err());
    assert!(error.contains("KASSA_REDIS_CA is set but REDIS_URL is not a rediss://"), "{error}");
}
