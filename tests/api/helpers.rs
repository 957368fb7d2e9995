//! Test harness: a running Kassa per test, and clients that read like the domain.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use kassa::app::Server;
use kassa::config::Config;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const SERVER_URL: &str = "postgres://postgres@127.0.0.1:5432";
pub const REDIS_URL: &str = "redis://127.0.0.1:6379";
pub const PASSWORD: &str = "correct horse battery";

/// A running Kassa with its own database, dropped with the value.
pub struct TestApp {
    pub server: Server,
    pub url: String,
    pub database: String,
    pub database_url: String,
    pub redis_prefix: String,
    pub http: reqwest::Client,
    counter: AtomicU64,
}

/// How to start an app; `..Default::default()` for the common case.
#[derive(Clone, Default)]
pub struct Options {
    /// Use Redis (with a channel prefix of this test's own) instead of the in-process broker.
    pub redis: bool,
    /// Extra environment, e.g. ("KASSA_ALLOW_SIGNUP", "false").
    pub env: Vec<(&'static str, String)>,
    /// Start on an existing database (a second instance) instead of a fresh one.
    pub database: Option<String>,
    /// With `database`: reuse this Redis prefix, so both instances share events.
    pub redis_prefix: Option<String>,
    /// A whole DATABASE_URL on another server (the TLS tests' own PostgreSQL): Kassa creates
    /// and migrates that database itself, and nothing is dropped afterwards.
    pub database_url: Option<String>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::with(Options::default()).await
    }

    pub async fn with(options: Options) -> Self {
        kassa::telemetry::init_for_test();
        let (database, database_url) = match (&options.database_url, &options.database) {
            (Some(url), _) => (String::new(), url.clone()),
            (None, Some(name)) => (name.clone(), format!("{SERVER_URL}/{name}")),
            (None, None) => {
                let name = fresh_database().await;
                (name.clone(), format!("{SERVER_URL}/{name}"))
            }
        };
        let own_prefix = || match database.as_str() {
            "" => format!("test-{}", uuid::Uuid::new_v4().simple()),
            name => format!("test-{name}"),
        };
        let redis_prefix = options.redis_prefix.clone().unwrap_or_else(own_prefix);
        let mut env: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), database_url.clone()),
            ("KASSA_LISTEN".into(), "127.0.0.1:0".into()),
            // Many servers run in one test process: each gets a /metrics port of its own.
            ("KASSA_METRICS_LISTEN".into(), "127.0.0.1:0".into()),
            ("KASSA_REDIS_PREFIX".into(), redis_prefix.clone()),
            ("KASSA_DB_POOL_SIZE".into(), "8".into()),
            ("KASSA_SECRET_KEY".into(), TEST_SECRET_KEY.into()),
        ];
        if options.redis {
            env.push(("REDIS_URL".into(), REDIS_URL.into()));
        }
        env.extend(options.env.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let config = Config::from_lookup(|key| env.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
            .expect("test configuration");
        let server = Server::start(config).await.expect("starting kassa");
        let url = format!("http://{}", server.addr);
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        Self { server, url, database, database_url, redis_prefix, http, counter: AtomicU64::new(0) }
    }

    /// A second instance on the same database and Redis prefix.
    pub async fn sibling(&self) -> TestApp {
        self.sibling_with(Vec::new()).await
    }

    /// The same with extra environment (another REDIS_URL, say).
    pub async fn sibling_with(&self, env: Vec<(&'static str, String)>) -> TestApp {
        let mut sibling = Self::with(Options {
            redis: true,
            database: Some(self.database.clone()),
            redis_prefix: Some(self.redis_prefix.clone()),
            database_url: Some(self.database_url.clone()),
            env,
        })
        .await;
        sibling.database = String::new(); // the first instance owns (and drops) the database
        sibling
    }

    pub fn state(&self) -> &kassa::state::AppState {
        &self.server.state
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/graphql/ws", self.server.addr)
    }

    /// A unique suffix for emails and idempotency keys.
    pub fn unique(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        serde_json::from_str(&self.gql_text(token, query, variables).await).expect("a JSON body")
    }

    /// Like [`gql`](Self::gql), the body's bytes as the server sent them.
    pub async fn gql_text(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let mut request =
            self.http.post(format!("{}/graphql", self.url)).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("POST /graphql");
        assert_eq!(response.status(), 200, "GraphQL over HTTP answers 200");
        response.text().await.expect("a body")
    }

    /// Like [`gql`](Self::gql) but expects success, returning `data`.
    pub async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}\nquery: {query}");
        body["data"].clone()
    }

    /// Creates an admin through the service layer (as `kassa create-admin` does) and signs in.
    pub async fn admin(&self) -> Actor {
        let email = format!("admin{}@example.com", self.unique());
        let new = kassa::services::users::NewUser::parse(&email, "Admin", PASSWORD).unwrap();
        kassa::services::users::create(self.state(), new, kassa::services::users::CreatedBy::CommandLine)
            .await
            .unwrap();
        self.sign_in(&email).await
    }

    /// A user created by an admin, then appointed cashier.
    pub async fn cashier(&self, admin: &Actor) -> Actor {
        let user = self.user_by_admin(admin, "Cashier").await;
        self.ok(
            Some(&admin.token),
            "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }",
            json!({ "id": user.id }),
        )
        .await;
        user
    }

    /// A user created through createUser and signed in.
    pub async fn user_by_admin(&self, admin: &Actor, name: &str) -> Actor {
        let email = format!("{}{}@example.com", name.to_lowercase(), self.unique());
        self.ok(
            Some(&admin.token),
            "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
            json!({ "input": { "email": email, "password": PASSWORD, "name": name } }),
        )
        .await;
        self.sign_in(&email).await
    }

    /// A customer who signed up on their own.
    pub async fn customer(&self) -> Actor {
        let email = format!("customer{}@example.com", self.unique());
        let data = self
            .ok(
                None,
                "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id wallet { id number } } } }",
                json!({ "input": { "email": email, "password": PASSWORD, "name": "Customer" } }),
            )
            .await;
        Actor::from_payload(&data["signUp"], email)
    }

    pub async fn sign_in(&self, email: &str) -> Actor {
        let data = self
            .ok(
                None,
                "mutation($input: SignInInput!) { signIn(input: $input) { token user { id wallet { id number } } } }",
                json!({ "input": { "email": email, "password": PASSWORD } }),
            )
            .await;
        Actor::from_payload(&data["signIn"], email.to_owned())
    }

    /// An enabled payment system, connected by `admin`; returns its id.
    pub async fn payment_system(&self, admin: &Actor) -> String {
        let data = self
            .ok(
                Some(&admin.token),
                "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }",
                json!({ "input": { "provider": "YOOMONEY", "name": "YooMoney", "merchantId": "4100", "secret": "s", "enabled": true } }),
            )
            .await;
        data["createPaymentSystemBinding"]["id"].as_str().unwrap().to_owned()
    }

    /// The raw response of a top-up (for asserting errors).
    pub async fn try_top_up(&self, cashier: &Actor, wallet: &str, amount: &str, system: &str, key: &str) -> Value {
        self.gql(
            Some(&cashier.token),
            TOP_UP,
            json!({ "input": { "walletNumber": wallet, "amount": amount, "paymentSystemId": system,
                               "receipt": "R-1", "idempotencyKey": key } }),
        )
        .await
    }

    /// Tops up and returns `topUpWallet` (transaction and wallet).
    pub async fn top_up(&self, cashier: &Actor, wallet: &str, amount: &str, system: &str) -> Value {
        let key = format!("top-up-{}", self.unique());
        let body = self.try_top_up(cashier, wallet, amount, system, &key).await;
        assert!(body.get("errors").is_none(), "top-up failed: {body:#}");
        body["data"]["topUpWallet"].clone()
    }

    /// The wallet as its owner sees it: (balance, version).
    pub async fn balance(&self, owner: &Actor) -> (String, i64) {
        let data = self.ok(Some(&owner.token), "{ myWallet { balance version } }", json!({})).await;
        (data["myWallet"]["balance"].as_str().unwrap().to_owned(), data["myWallet"]["version"].as_i64().unwrap())
    }

    /// `kassa verify-ledger` against this app's database: the problems found.
    pub async fn verify_ledger(&self) -> Vec<kassa::services::ledger::Problem> {
        kassa::services::ledger::verify(&self.database_url).await.expect("verify-ledger runs").1
    }
}

/// The sealing key every test server runs with (a test that needs none sets it blank).
pub const TEST_SECRET_KEY: &str = "a2Fzc2EtdGVzdC1zZWFsaW5nLWtleS0zMi1ieXRlcyE=";

pub const TOP_UP: &str = "mutation($input: TopUpWalletInput!) { topUpWallet(input: $input) {
    transaction { id kind amount balanceAfter walletVersion reference comment paymentSystem { id } performedBy { id } }
    wallet { id number balance version } } }";

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        if self.database.is_empty() {
            return;
        }
        let database = std::mem::take(&mut self.database);
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                if let Ok(mut conn) = AsyncPgConnection::establish(&format!("{SERVER_URL}/postgres")).await {
                    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

/// A signed-in user.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub email: String,
    pub token: String,
    pub wallet_id: String,
    pub wallet: String,
}

impl Actor {
    fn from_payload(payload: &Value, email: String) -> Self {
        Self {
            id: payload["user"]["id"].as_str().unwrap().to_owned(),
            email,
            token: payload["token"].as_str().unwrap().to_owned(),
            wallet_id: payload["user"]["wallet"]["id"].as_str().unwrap().to_owned(),
            wallet: payload["user"]["wallet"]["number"].as_str().unwrap().to_owned(),
        }
    }
}

/// The `extensions.code` of the first error.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body:#}"))
}

/// A new database cloned from the migrated template of the current migrations.
async fn fresh_database() -> String {
    let template = ensure_template().await;
    let name = format!("kassa_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn =
        AsyncPgConnection::establish(&format!("{SERVER_URL}/postgres")).await.expect("PostgreSQL is running");
    diesel::sql_query(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
        .execute(&mut conn)
        .await
        .expect("cloning the template database");
    name
}

/// The template is named after a hash of migrations/, so a changed migration gets a new
/// template; an advisory lock makes concurrent test processes build it once.
async fn ensure_template() -> String {
    let mut hasher = Sha256::new();
    let mut files: Vec<_> = walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")));
    files.sort();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).unwrap());
    }
    let template = format!("kassa_template_{}", &hex::encode(hasher.finalize())[..12]);
    let mut conn =
        AsyncPgConnection::establish(&format!("{SERVER_URL}/postgres")).await.expect("PostgreSQL is running");
    diesel::sql_query("SELECT pg_advisory_lock(7226001)").execute(&mut conn).await.unwrap();
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let found: Found =
        diesel::sql_query(format!("SELECT count(*) AS count FROM pg_database WHERE datname = '{template}'"))
            .get_result(&mut conn)
            .await
            .unwrap();
    if found.count == 0 {
        let url = format!("{SERVER_URL}/{template}");
        kassa::db::create_database_if_missing(&url).await.expect("creating the template");
        kassa::db::migrate(&url).await.expect("migrating the template");
    }
    diesel::sql_query("SELECT pg_advisory_unlock(7226001)").execute(&mut conn).await.unwrap();
    template
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|entry| {
            let path = entry.unwrap().path();
            if path.is_dir() { walk(&path) } else { vec![path] }
        })
        .collect()
}
