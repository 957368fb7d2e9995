//! The chaos run's own engines on loopback: a private PostgreSQL cluster (initdb in a
//! temporary folder, run as the `postgres` OS user when we are root), a private
//! redis-server, and the kassa instances. Each can be stopped hard and started again on
//! the same port; everything is stopped and removed on drop.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A free port in 20000-32000, picked from `seed` then probed.
pub fn free_port(seed: &mut u64) -> u16 {
    for _ in 0..5000 {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let port = 20_000 + ((*seed >> 33) % 12_000) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port in 20000-32000");
}

/// A temporary folder, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(seed: u64) -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.subsec_nanos();
        let path = std::env::temp_dir().join(format!("kassa-chaos-{seed}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(Self(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.starts_with(b"0\n"))
}

/// A PostgreSQL tool, as the postgres user when we are root (initdb refuses root).
fn pg_tool(name: &str) -> anyhow::Result<Command> {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL's server binaries under /usr/lib/postgresql (scripts/services.sh)")?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort();
    let tool = format!("/usr/lib/postgresql/{}/bin/{name}", versions.last().context("a PostgreSQL version")?);
    Ok(if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--", &tool]);
        command
    } else {
        Command::new(tool)
    })
}

/// Runs a tool to completion without holding up the runtime's thread.
async fn run(mut command: Command, what: &str) -> anyhow::Result<()> {
    command.stdin(Stdio::null());
    let out = tokio::process::Command::from(command).output().await.with_context(|| format!("running {what}"))?;
    if !out.status.success() {
        bail!("{what} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

pub struct Postgres {
    dir: PathBuf,
    pub port: u16,
}

impl Postgres {
    pub async fn start(scratch: &Path, port: u16) -> anyhow::Result<Self> {
        let dir = scratch.join("pg");
        std::fs::create_dir_all(&dir)?;
        if is_root() {
            let mut chown = Command::new("chown");
            chown.args(["-R", "postgres"]).arg(&dir);
            run(chown, "chown").await?;
        }
        let mut initdb = pg_tool("initdb")?;
        initdb.args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"]).arg(dir.join("data"));
        run(initdb, "initdb").await?;
        let postgres = Self { dir, port };
        postgres.up().await?;
        Ok(postgres)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/kassa_chaos", self.port)
    }

    pub async fn up(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let mut start = pg_tool("pg_ctl")?;
        start.arg("-D").arg(self.dir.join("data")).args(["-o", &options, "-l"]).arg(self.dir.join("log"));
        start.args(["-w", "start"]);
        run(start, "pg_ctl start").await
    }

    /// Stops it as a crash would: immediately, no checkpoint, clients cut.
    pub async fn down(&self) -> anyhow::Result<()> {
        run(self.stop()?, "pg_ctl stop").await
    }

    fn stop(&self) -> anyhow::Result<Command> {
        let mut stop = pg_tool("pg_ctl")?;
        stop.arg("-D").arg(self.dir.join("data")).args(["-m", "immediate", "-w", "stop"]);
        Ok(stop)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Ok(mut stop) = self.stop() {
            let _ = stop.stdin(Stdio::null()).output();
        }
    }
}

/// A child process killed on drop.
pub struct Process {
    child: Option<Child>,
}

impl Process {
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn redis(port: u16, dir: &Path) -> anyhow::Result<Process> {
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .context("starting redis-server (scripts/services.sh installs it)")?;
    Ok(Process { child: Some(child) })
}

/// `kassa serve` on `port`, with its log in `log`.
pub fn kassa(bin: &Path, port: u16, env: &[(&str, String)], log: &Path) -> anyhow::Result<Process> {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
    let child = Command::new(bin)
        .arg("serve")
        .env("KASSA_LISTEN", format!("127.0.0.1:{port}"))
        .envs(env.iter().map(|(k, v)| (*k, v)))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    Ok(Process { child: Some(child) })
}

/// Waits until `url` answers 200, for at most `within`.
pub async fn wait_ready(http: &reqwest::Client, url: &str, within: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + within;
    loop {
        if http.get(url).send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{url} did not answer 200 in {within:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `kassa <args>` to completion (migrate, create-admin).
pub async fn kassa_tool(bin: &Path, args: &[&str], env: &[(&str, String)]) -> anyhow::Result<()> {
    let mut command = Command::new(bin);
    command.args(args).envs(env.iter().map(|(k, v)| (*k, v)));
    run(command, &format!("kassa {}", args.join(" "))).await
}

/// `haproxy -db -f config` (in the foreground, so it is ours to stop).
pub fn haproxy(config: &Path) -> anyhow::Result<Process> {
    let child = Command::new("haproxy")
        .arg("-db")
        .arg("-f")
        .arg(config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .context("starting haproxy (scripts/services.sh installs it)")?;
    Ok(Process { child: Some(child) })
}
