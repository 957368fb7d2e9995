//! A private redis-server for tests that stop and start Redis, or that need TLS and
//! passwords: the shared one on 6379 serves other tests running at the same time and is
//! never touched.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What a TLS-only server presents: its certificate and key, and the CA it names.
#[derive(Clone)]
pub struct RedisTls {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

pub struct RedisServer {
    pub port: u16,
    child: Option<Child>,
    tls: Option<RedisTls>,
    /// More arguments, e.g. `--requirepass`, `--user`.
    extra: Vec<String>,
}

impl RedisServer {
    /// Starts on a free port below 32768 (ports above are handed to outgoing connections).
    pub async fn start() -> Self {
        Self::start_with(None, &[]).await
    }

    /// Serves TLS only (`--port 0 --tls-port`), clients unauthenticated by certificate
    /// (`--tls-auth-clients no`), with `extra` arguments such as `--requirepass`.
    pub async fn start_tls(tls: RedisTls, extra: &[&str]) -> Self {
        Self::start_with(Some(tls), extra).await
    }

    async fn start_with(tls: Option<RedisTls>, extra: &[&str]) -> Self {
        let extra = extra.iter().map(|arg| arg.to_string()).collect();
        let mut server = Self { port: 0, child: None, tls, extra };
        // Another test process may take the port between the check and the bind: retry.
        for _ in 0..5 {
            server.port = loop {
                let candidate = 20_000 + rand::random::<u16>() % 12_000;
                if std::net::TcpListener::bind(("127.0.0.1", candidate)).is_ok() {
                    break candidate;
                }
            };
            if server.try_resume().await {
                return server;
            }
            server.stop();
        }
        panic!("redis-server did not start");
    }

    /// `redis://127.0.0.1:PORT`, or `rediss://` for a TLS server.
    pub fn url(&self) -> String {
        self.url_with_auth("")
    }

    /// The URL with `auth` (`user:password@` or `:password@`) before the host.
    pub fn url_with_auth(&self, auth: &str) -> String {
        let scheme = if self.tls.is_some() { "rediss" } else { "redis" };
        format!("{scheme}://{auth}127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and waits until it answers.
    pub async fn resume(&mut self) {
        assert!(self.try_resume().await, "redis-server did not start on port {}", self.port);
    }

    async fn try_resume(&mut self) -> bool {
        let port = self.port.to_string();
        let mut command = Command::new("redis-server");
        match &self.tls {
            None => command.args(["--port", &port]),
            Some(tls) => command
                .args(["--port", "0", "--tls-port", &port, "--tls-auth-clients", "no"])
                .arg("--tls-cert-file")
                .arg(&tls.cert)
                .arg("--tls-key-file")
                .arg(&tls.key)
                .arg("--tls-ca-cert-file")
                .arg(&tls.ca),
        };
        let child = command
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed");
        self.child = Some(child);
        for _ in 0..100 {
            if let Some(child) = self.child.as_mut()
                && child.try_wait().unwrap().is_some()
            {
                return false; // exited: the port was taken, or a bad argument
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// Stops (`SIGSTOP`) or continues (`SIGCONT`) the server: while stopped, its sockets
    /// stay open and nothing answers, as with a peer gone without a close.
    pub fn freeze(&self, frozen: bool) {
        let child = self.child.as_ref().expect("redis-server is running");
        let signal = if frozen { "-STOP" } else { "-CONT" };
        let status = Command::new("kill").args([signal, &child.id().to_string()]).status().expect("kill runs");
        assert!(status.success(), "kill {signal} redis-server");
    }

    /// Kills the server: every connection to it drops at once.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
