//! Faults with the real services: PostgreSQL stopped under load, kassa killed with SIGKILL,
//! a wallet row locked from outside, SIGTERM with requests and WebSockets open.
//!
//! The shared PostgreSQL and Redis are never touched: a test that stops PostgreSQL runs its
//! own private cluster (initdb into a temporary directory, on a free port of its own).

mod database_down;
mod killed;
mod row_lock;
mod sigterm;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Options, PASSWORD, TestApp};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A free TCP port in 20000-32000 (ports above 32767 may collide with outgoing connections).
pub fn free_port() -> u16 {
    for _ in 0..2000 {
        let port = 20_000 + (uuid::Uuid::new_v4().as_u64_pair().0 % 12_000) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port in 20000-32000");
}

/// A PostgreSQL cluster of this test's own, stopped and removed on drop.
pub struct PrivatePostgres {
    pub dir: PathBuf,
    pub port: u16,
}

impl PrivatePostgres {
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("kassa-fault-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        as_postgres(&["chown", "-R", "postgres", dir.to_str().unwrap()], true);
        let data = dir.join("data");
        let initdb = format!("{PG_BIN}/initdb");
        as_postgres(&[&initdb, "-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres", "--no-sync"], false);
        let cluster = Self { dir, port: free_port() };
        cluster.up();
        cluster
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn up(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let log = self.dir.join("postgres.log");
        let pg_ctl = format!("{PG_BIN}/pg_ctl");
        let data = self.dir.join("data");
        as_postgres(
            &[&pg_ctl, "-D", data.to_str().unwrap(), "-o", &options, "-l", log.to_str().unwrap(), "-w", "start"],
            false,
        );
    }

    /// Stops the server the way a crash or a failover would look to clients: immediately.
    pub fn down(&self) {
        let pg_ctl = format!("{PG_BIN}/pg_ctl");
        let data = self.dir.join("data");
        as_postgres(&[&pg_ctl, "-D", data.to_str().unwrap(), "-m", "immediate", "-w", "stop"], false);
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let pg_ctl = format!("{PG_BIN}/pg_ctl");
        let data = self.dir.join("data");
        let _ = runuser(&[&pg_ctl, "-D", data.to_str().unwrap(), "-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs a command as the postgres user (initdb refuses root); `root` runs it as is.
pub fn as_postgres(args: &[&str], root: bool) {
    let mut command = if root {
        let mut command = Command::new(args[0]);
        command.args(&args[1..]);
        command
    } else {
        runuser(args)
    };
    let output = command.stdin(Stdio::null()).output().expect("running a PostgreSQL tool");
    assert!(
        output.status.success(),
        "{args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn runuser(args: &[&str]) -> Command {
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--"]).args(args);
    command
}

/// A Kassa in process on a private cluster. The database name is unique, so the TestApp's
/// clean-up (a DROP DATABASE IF EXISTS on the shared server) finds nothing to drop there.
pub async fn app_on(cluster: &PrivatePostgres, env: &[(&'static str, &str)]) -> (TestApp, String) {
    let name = format!("kassa_fault_{}", uuid::Uuid::new_v4().simple());
    let url = cluster.url(&name);
    let mut all = vec![("DATABASE_URL", url.clone())];
    all.extend(env.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let app = TestApp::with(Options { env: all, database: Some(name), ..Options::default() }).await;
    (app, url)
}

/// The real `kassa` binary as a child process.
pub struct KassaProcess {
    pub child: Child,
    pub url: String,
}

impl KassaProcess {
    /// Starts `kassa serve` on `database_url` and waits until /healthz answers.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> Self {
        Self::start_in(Path::new("."), database_url, env).await
    }

    /// The same, in working directory `dir`.
    pub async fn start_in(dir: &Path, database_url: &str, env: &[(&str, &str)]) -> Self {
        Self::start_at(dir, free_port(), database_url, env).await
    }

    /// The same, on `port` (a restart behind a balancer keeps its address).
    pub async fn start_at(dir: &Path, port: u16, database_url: &str, env: &[(&str, &str)]) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_kassa"))
            .arg("serve")
            .current_dir(dir)
            .env("DATABASE_URL", database_url)
            .env("KASSA_LISTEN", format!("127.0.0.1:{port}"))
            .env("KASSA_METRICS_LISTEN", "127.0.0.1:0")
            .env("KASSA_DB_POOL_SIZE", "8")
            .env("KASSA_SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
            .env("RUST_LOG", "warn")
            .env_remove("REDIS_URL")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("starting target/debug/kassa");
        let process = Self { child, url: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while client.get(format!("{}/healthz", process.url)).send().await.is_err() {
            assert!(Instant::now() < deadline, "kassa did not start in 60 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        process
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Sends a signal with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill").args([&format!("-{name}"), &self.pid().to_string()]).status().unwrap();
        assert!(status.success(), "kill -{name} failed");
    }
}

impl Drop for KassaProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `kassa create-admin --cashier` with the test password, against `database_url`. Async: a
/// blocked test runtime would keep the in-process app's migration connection (and its
/// advisory lock) from closing, and create-admin would wait for that lock.
pub async fn create_admin(database_url: &str, email: &str) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_kassa"))
        .args(["create-admin", "--email", email, "--name", "Admin", "--cashier"])
        .env("DATABASE_URL", database_url)
        .env("KASSA_ADMIN_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("running kassa create-admin");
    assert!(output.status.success(), "create-admin failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// A bare GraphQL client for a server that is not a TestApp (a child process): the body,
/// or None when the connection failed (the server is down).
pub async fn gql(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Option<Value> {
    let mut request = http.post(format!("{url}/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.ok()?;
    response.json().await.ok()
}

/// The first error code of a body, or "OK" when there is none.
pub fn outcome(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or("OK").to_owned()
}

pub fn top_up_input(wallet: &str, system: &str, key: &str) -> Value {
    json!({ "input": { "walletNumber": wallet, "amount": "1.00", "paymentSystemId": system,
                       "receipt": "R-1", "idempotencyKey": key } })
}
