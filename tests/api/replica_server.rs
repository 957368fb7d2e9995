//! A primary and its streaming replica of a test's own, on loopback: `initdb` with
//! `wal_level=replica` and replication trusted from 127.0.0.1, `pg_basebackup -R` into the
//! same temporary folder, and a second postmaster on a port of its own. Both run as the
//! `postgres` OS user (tests run as root, and PostgreSQL refuses to); stopped and removed on
//! drop. The shared PostgreSQL on 5432 is never touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::TempDir;
use crate::faults::free_port;
use crate::helpers::{Options, TestApp};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

const HBA: &str = "local all all trust\n\
                   local replication all trust\n\
                   host all all 127.0.0.1/32 trust\n\
                   host replication all 127.0.0.1/32 trust\n";

/// One postmaster of the pair.
pub struct Node {
    pub port: u16,
    data: PathBuf,
    socket_dir: PathBuf,
}

impl Node {
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Starts the postmaster and waits until it accepts connections.
    pub fn up(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica -c max_wal_senders=4 \
             -c max_connections=60 -c shared_buffers=16MB",
            self.port,
            self.socket_dir.display()
        );
        let log = self.data.with_extension("log");
        pg(&["pg_ctl", "-D", path(&self.data), "-o", &options, "-l", path(&log), "-w", "start"]);
    }

    /// Stops it the way a crash looks to its clients: at once, connections cut.
    pub fn down(&self) {
        pg(&["pg_ctl", "-D", path(&self.data), "-m", "immediate", "-w", "stop"]);
    }

    /// Turns TCP connections away (the Unix socket, which `sql` uses, stays open), or lets
    /// them in again. Connections already open are not affected.
    pub fn refuse_tcp(&self, refuse: bool) {
        let hba = if refuse { "local all all trust\nhost all all 127.0.0.1/32 reject\n" } else { HBA };
        std::fs::write(self.data.join("pg_hba.conf"), hba).unwrap();
        assert_eq!(self.sql("postgres", "SELECT pg_reload_conf()"), "t");
    }

    /// Runs `sql` in `database` with psql over the Unix socket and returns its unaligned
    /// output, trimmed.
    pub fn sql(&self, database: &str, sql: &str) -> String {
        let output = Command::new(format!("{PG_BIN}/psql"))
            .args(["-h", path(&self.socket_dir), "-p", &self.port.to_string(), "-U", "postgres", "-d", database])
            .args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .stdin(Stdio::null())
            .output()
            .expect("psql runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "psql {sql:?} failed: {stderr}");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

/// A primary and a hot standby streaming from it.
pub struct ReplicaPair {
    pub primary: Node,
    pub replica: Node,
    // Removed after both postmasters stopped (fields drop after Drop::drop).
    _dir: TempDir,
}

impl ReplicaPair {
    pub fn start() -> Self {
        let dir = TempDir::new("replica");
        let status = Command::new("chown").args(["postgres", path(dir.path())]).status().unwrap();
        assert!(status.success(), "chown postgres {}", dir.path().display());
        let node = |name: &str| Node { port: free_port(), data: dir.join(name), socket_dir: dir.path().to_owned() };
        let (primary, replica) = (node("primary"), node("replica"));
        pg(&["initdb", "-D", path(&primary.data), "-A", "trust", "-U", "postgres", "--no-sync"]);
        std::fs::write(primary.data.join("pg_hba.conf"), HBA).unwrap();
        primary.up();
        let port = primary.port.to_string();
        // -R writes primary_conninfo and standby.signal: the copy starts as a streaming standby.
        let (to, fast) = (path(&replica.data), "--checkpoint=fast");
        pg(&[
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-D",
            to,
            "-R",
            "-X",
            "stream",
            fast,
            "-N",
        ]);
        replica.up();
        Self { primary, replica, _dir: dir }
    }

    /// Stops replaying WAL (it keeps arriving), and waits until replay has really stopped.
    pub fn pause_replay(&self) {
        self.replica.sql("postgres", "SELECT pg_wal_replay_pause()");
        let started = Instant::now();
        while self.replica.sql("postgres", "SELECT pg_get_wal_replay_pause_state()") != "paused" {
            assert!(started.elapsed() < Duration::from_secs(10), "replay did not pause");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn resume_replay(&self) {
        self.replica.sql("postgres", "SELECT pg_wal_replay_resume()");
    }

    /// Connections of `application_name` in `database` on `node` whose last statement
    /// mentions `needle` (pg_stat_activity keeps each backend's latest query text).
    pub fn queries(node: &Node, database: &str, application: &str, needle: &str) -> i64 {
        let sql = format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND application_name = '{application}' \
             AND query LIKE '%{needle}%'"
        );
        node.sql("postgres", &sql).parse().unwrap()
    }
}

impl Drop for ReplicaPair {
    fn drop(&mut self) {
        for node in [&self.replica, &self.primary] {
            let _ = runuser(&["pg_ctl", "-D", path(&node.data), "-m", "immediate", "stop"]).output();
        }
    }
}

/// A Kassa in process with DATABASE_URL on the primary and DATABASE_READ_URL on the replica,
/// under a database name of its own (the TestApp's clean-up on the shared server finds
/// nothing to drop).
pub async fn app_on(pair: &ReplicaPair, env: &[(&'static str, &str)]) -> (TestApp, String) {
    let name = format!("kassa_replica_{}", uuid::Uuid::new_v4().simple());
    let mut all = vec![("DATABASE_URL", pair.primary.url(&name)), ("DATABASE_READ_URL", pair.replica.url(&name))];
    all.extend(env.iter().map(|(key, value)| (*key, (*value).to_owned())));
    let app = TestApp::with(Options { env: all, database: Some(name.clone()), ..Options::default() }).await;
    (app, name)
}

/// /readyz: the status and the body.
pub async fn ready(app: &TestApp) -> (u16, serde_json::Value) {
    let response = app.http.get(format!("{}/readyz", app.url)).send().await.expect("GET /readyz");
    (response.status().as_u16(), response.json().await.expect("a JSON body"))
}

/// Polls /readyz until `until` holds for its `replica` part (at most 15 s); returns it.
pub async fn wait_replica(app: &TestApp, what: &str, until: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let (status, body) = ready(app).await;
        assert_eq!(status, 200, "the replica never makes the instance unready: {body}");
        if until(&body["replica"]) {
            return body["replica"].clone();
        }
        assert!(started.elapsed() < Duration::from_secs(15), "/readyz never showed the replica {what}: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

/// Runs a PostgreSQL tool of PG_BIN as the postgres user and insists that it succeeds.
fn pg(args: &[&str]) {
    let tool = format!("{PG_BIN}/{}", args[0]);
    let mut full = vec![tool.as_str()];
    full.extend(&args[1..]);
    crate::faults::as_postgres(&full, false);
}

/// The same, for a clean-up that may fail.
fn runuser(args: &[&str]) -> Command {
    let tool = format!("{PG_BIN}/{}", args[0]);
    let mut full = vec![tool.as_str()];
    full.extend(&args[1..]);
    crate::faults::runuser(&full)
}
