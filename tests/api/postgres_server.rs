//! A private PostgreSQL that speaks TLS only, for the TLS tests: the shared one on 5432
//! serves other tests and is never reconfigured. It runs as the `postgres` OS user (tests
//! run as root, and PostgreSQL refuses to), in a temp folder removed on drop.

#![allow(dead_code)]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::{Certs, TempDir, write_private};

/// The newest installed server's binaries, e.g. /usr/lib/postgresql/15/bin.
fn bin(name: &str) -> String {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server binaries under /usr/lib/postgresql (scripts/services.sh)")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort();
    format!("/usr/lib/postgresql/{}/bin/{name}", versions.last().expect("a PostgreSQL version"))
}

pub struct PostgresServer {
    pub port: u16,
    /// The CA that signed the server's certificate.
    pub ca: std::path::PathBuf,
    child: Option<Child>,
    // Dropped after the server is stopped (fields drop in order, after Drop::drop).
    dir: TempDir,
}

impl PostgresServer {
    /// initdb, then start with `ssl=on` and a certificate for `names`, on a free port below
    /// 32768. pg_hba.conf: `hostssl ... trust`, `hostnossl ... reject`.
    pub async fn start(names: &[&str]) -> Self {
        let dir = TempDir::new("pg");
        let (uid, gid) = postgres_user();
        std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        let certs = Certs::issue(dir.path(), "pg", names);
        // The server reads its key as the postgres user; the CA stays root's, as a client's would.
        for file in [&certs.cert, &certs.key] {
            std::os::unix::fs::chown(file, Some(uid), Some(gid)).unwrap();
        }
        let data = dir.join("data");
        let status = Command::new(bin("initdb"))
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync", "-D"])
            .arg(&data)
            .uid(uid)
            .gid(gid)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("initdb runs");
        assert!(status.success(), "initdb failed");
        let hba = "local all all trust\n\
                   hostssl all all 127.0.0.1/32 trust\n\
                   hostnossl all all 127.0.0.1/32 reject\n\
                   host all all ::1/128 reject\n";
        std::fs::remove_file(data.join("pg_hba.conf")).unwrap();
        write_private(&data.join("pg_hba.conf"), hba.as_bytes());
        std::os::unix::fs::chown(data.join("pg_hba.conf"), Some(uid), Some(gid)).unwrap();

        let mut server = Self { port: 0, ca: certs.ca.clone(), child: None, dir };
        // Another test process may take the port between the check and the bind: retry.
        for _ in 0..5 {
            server.port = free_port();
            let log = std::fs::File::create(server.dir.join("postgres.log")).unwrap();
            let child = Command::new(bin("postgres"))
                .arg("-D")
                .arg(&data)
                .args(["-p", &server.port.to_string(), "-k"])
                .arg(server.dir.path())
                .args(["-c", "listen_addresses=127.0.0.1", "-c", "ssl=on", "-c", "fsync=off"])
                .args(["-c", "max_connections=60", "-c", "shared_buffers=16MB"])
                .arg("-c")
                .arg(format!("ssl_cert_file={}", certs.cert.display()))
                .arg("-c")
                .arg(format!("ssl_key_file={}", certs.key.display()))
                .uid(uid)
                .gid(gid)
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("postgres starts");
            server.child = Some(child);
            if server.wait_ready().await {
                return server;
            }
            server.stop();
        }
        let log = std::fs::read_to_string(server.dir.join("postgres.log")).unwrap_or_default();
        panic!("the private PostgreSQL did not start:\n{log}");
    }

    /// `postgres://postgres@HOST:PORT/NAME` with `params` (e.g. `sslmode=verify-full`).
    pub fn url(&self, host: &str, database: &str, params: &str) -> String {
        let query = if params.is_empty() { String::new() } else { format!("?{params}") };
        format!("postgres://postgres@{host}:{}/{database}{query}", self.port)
    }

    /// Ready when pg_isready (over the Unix socket) says so; false if the server exited.
    async fn wait_ready(&mut self) -> bool {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Some(child) = self.child.as_mut()
                && child.try_wait().unwrap().is_some()
            {
                return false;
            }
            let ready = Command::new(bin("pg_isready"))
                .arg("-h")
                .arg(self.dir.path())
                .args(["-p", &self.port.to_string(), "-q"])
                .status()
                .is_ok_and(|status| status.success());
            if ready {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Fast shutdown (SIGINT), so the server and its children exit and free the port.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if child.try_wait().ok().flatten().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port below 32768 (ports above are handed to outgoing connections) that is free now.
fn free_port() -> u16 {
    loop {
        let candidate = 20_000 + rand::random::<u16>() % 12_000;
        if std::net::TcpListener::bind(("127.0.0.1", candidate)).is_ok() {
            return candidate;
        }
    }
}

/// The uid and gid of the `postgres` OS user (the Debian package creates it).
fn postgres_user() -> (u32, u32) {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let line = passwd.lines().find(|line| line.starts_with("postgres:")).expect("a postgres OS user");
    let fields: Vec<&str> = line.split(':').collect();
    (fields[2].parse().unwrap(), fields[3].parse().unwrap())
}
