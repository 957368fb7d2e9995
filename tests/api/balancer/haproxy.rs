//! A real haproxy process on loopback, configured by `scripts/balancer.sh config` from
//! deploy/haproxy.cfg with tight check timing (every 100 ms; down after 3 failures, up after
//! 2 successes), stopped on drop.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::TempDir;
use crate::faults::free_port;

pub struct Haproxy {
    pub url: String,
    child: Child,
    _dir: TempDir,
}

impl Haproxy {
    /// Starts haproxy in front of instances on `ports`. No haproxy installed is a failure:
    /// scripts/services.sh installs it.
    pub async fn start(ports: &[u16]) -> Self {
        let version = Command::new("haproxy").arg("-v").output();
        assert!(
            version.is_ok_and(|out| out.status.success()),
            "haproxy is not installed: run scripts/services.sh (apt-get install haproxy)"
        );
        let front = free_port();
        let config = Command::new("bash")
            .arg("scripts/balancer.sh")
            .arg("config")
            .arg(front.to_string())
            .args(ports.iter().map(u16::to_string))
            .envs([("CHECK_INTER", "100ms"), ("CHECK_FASTINTER", "100ms"), ("CHECK_DOWNINTER", "100ms")])
            .env("CHECK_FALL", "3")
            .output()
            .expect("running scripts/balancer.sh config");
        assert!(config.status.success(), "balancer.sh config: {}", String::from_utf8_lossy(&config.stderr));
        let dir = TempDir::new("haproxy");
        let file = dir.join("haproxy.cfg");
        std::fs::write(&file, &config.stdout).unwrap();
        // -db: in the foreground, so the test owns the process; its access log is not needed.
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("starting haproxy");
        let mut proxy = Self { url: format!("http://127.0.0.1:{front}"), child, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !proxy.ready().await {
            if let Some(status) = proxy.child.try_wait().unwrap() {
                panic!("haproxy exited with {status} (its stderr above says why)");
            }
            assert!(Instant::now() < deadline, "nothing answers /readyz through haproxy in 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        proxy
    }

    async fn ready(&self) -> bool {
        let answer = reqwest::get(format!("{}/readyz", self.url)).await;
        answer.is_ok_and(|response| response.status().is_success())
    }

    pub fn ws_url(&self) -> String {
        format!("{}/graphql/ws", self.url.replace("http", "ws"))
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
