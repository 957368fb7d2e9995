//! B8, a connection storm: `clients` subscribers connect, send connection_init (a bench
//! customer's token) and subscribe to `myBalance`, all at once, and the time until every
//! one has its first data frame (the current state) is measured. Then the server is
//! stopped with SIGTERM (Kassa drains: its sockets close with 1001), started again on the
//! same port, and once it is ready all of them reconnect at once: the same measure again.
//! The same client runs against Kassa and against the raw tokio-tungstenite server
//! (`raw-ws-server`), which this command also starts and restarts from the command line
//! it is given.
//!
//! Subscribers live in shard processes (this binary's `storm-shard`), a few thousand
//! sockets each. Protocol over the child's stdin and stdout, one line each:
//! - parent → child: `go` (connect every subscriber now), or `end`;
//! - child → parent, after each `go`: `{"acked":…,"failed":…,"errors":…,"first_error":…,"hist":…}`
//!   once every subscriber has its first frame or has given up.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{mpsc, watch};

use crate::fixture::customer_token;
use crate::hist::Hist;
use crate::subscribers;

/// Attempts per subscriber and phase; every failed one counts as an error.
const ATTEMPTS: u32 = 3;
/// How long one attempt (connect, init, subscribe, first frame) may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the server may take to become ready, and to exit after SIGTERM.
const SERVER_TIMEOUT: Duration = Duration::from_secs(60);

/// Which server is measured: where its WebSocket is, and how to tell it is ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// `/graphql/ws`; ready when `/readyz` answers 200.
    Kassa,
    /// `raw-ws-server`: any path; ready when it accepts a TCP connection.
    Raw,
}

pub struct Spec {
    pub target: Target,
    pub addr: SocketAddr,
    pub clients: usize,
    pub shards: usize,
    pub first_customer: usize,
    /// The server's command line (program, then arguments); its output goes to our stderr.
    pub server: Vec<String>,
}

/// Runs both phases and returns the result line.
pub async fn run(spec: &Spec) -> anyhow::Result<Value> {
    let mut server = Server::start(spec).await?;
    let path = match spec.target {
        Target::Kassa => "/graphql/ws",
        Target::Raw => "/",
    };
    let url = format!("ws://{}{path}", spec.addr);
    let mut shards = Vec::new();
    let exe = std::env::current_exe()?;
    for shard in 0..spec.shards {
        let mut command = Command::new(&exe);
        command.args(["storm-shard", "--url", &url, "--count", &spec.clients.to_string()]);
        command.args(["--shard", &format!("{shard}/{}", spec.shards)]);
        command.args(["--first-customer", &spec.first_customer.to_string()]);
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).kill_on_drop(true).spawn()?;
        let stdin = child.stdin.take().context("child stdin")?;
        let stdout = BufReader::new(child.stdout.take().context("child stdout")?).lines();
        shards.push((child, stdin, stdout));
    }
    let connect = phase(&mut shards, server.pid()).await?;

    let stopping = Instant::now();
    server.stop().await?;
    let stop_ms = stopping.elapsed().as_millis() as u64;
    let starting = Instant::now();
    let mut server = Server::start(spec).await?;
    let restart_ms = starting.elapsed().as_millis() as u64;
    let mut reconnect = phase(&mut shards, server.pid()).await?;
    reconnect["stop_ms"] = json!(stop_ms);
    reconnect["restart_ms"] = json!(restart_ms);

    for (mut child, mut stdin, _) in shards {
        stdin.write_all(b"end\n").await?;
        stdin.flush().await?;
        let _ = tokio::time::timeout(Duration::from_secs(30), child.wait()).await;
    }
    server.stop().await?;
    let errors = connect["errors"].as_u64().unwrap_or(0) + reconnect["errors"].as_u64().unwrap_or(0);
    let unacked = connect["failed"].as_u64().unwrap_or(0) + reconnect["failed"].as_u64().unwrap_or(0);
    Ok(json!({
        "clients": spec.clients, "shards": spec.shards,
        "connect": connect, "reconnect": reconnect,
        "errors": errors, "unacked": unacked,
    }))
}

type Shard = (Child, ChildStdin, Lines<BufReader<ChildStdout>>);

/// Tells every shard to go and waits for all of them: how long until the last subscriber
/// had its first frame, the spread, the errors, and the CPU the server spent meanwhile.
async fn phase(shards: &mut [Shard], server: u32) -> anyhow::Result<Value> {
    let ticks = crate::cpu::process_ticks(server);
    let started = Instant::now();
    for (_, stdin, _) in shards.iter_mut() {
        stdin.write_all(b"go\n").await?;
        stdin.flush().await?;
    }
    let mut hist = Hist::default();
    let (mut acked, mut failed, mut errors, mut first_error) = (0, 0, 0, Value::Null);
    let mut all = Duration::ZERO;
    for (_, _, lines) in shards.iter_mut() {
        let wait = ATTEMPT_TIMEOUT * (ATTEMPTS + 1);
        let line = tokio::time::timeout(wait, lines.next_line())
            .await
            .context("a storm shard did not finish its phase")??
            .context("a storm shard exited during its phase")?;
        all = all.max(started.elapsed());
        let result: Value = serde_json::from_str(&line)?;
        acked += result["acked"].as_u64().unwrap_or(0);
        failed += result["failed"].as_u64().unwrap_or(0);
        errors += result["errors"].as_u64().unwrap_or(0);
        if first_error.is_null() {
            first_error = result["first_error"].clone();
        }
        hist.merge(&Hist::from_json(&result["hist"]));
    }
    let server_cpu_ms = crate::cpu::process_ticks(server).saturating_sub(ticks) * 10;
    Ok(json!({
        "all_acked_ms": all.as_millis() as u64, "server_cpu_ms": server_cpu_ms, "acked": acked, "failed": failed,
        "errors": errors, "first_error": first_error, "ack": hist.summary(),
    }))
}

/// The measured server, started from its command line.
struct Server {
    child: Child,
}

impl Server {
    /// Starts it and waits until it is ready.
    async fn start(spec: &Spec) -> anyhow::Result<Self> {
        let (program, args) = spec.server.split_first().context("the server's command line is empty")?;
        let stderr = || -> anyhow::Result<Stdio> {
            Ok(std::os::fd::AsFd::as_fd(&std::io::stderr()).try_clone_to_owned()?.into())
        };
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(stderr()?)
            .stderr(stderr()?)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {program}"))?;
        let deadline = Instant::now() + SERVER_TIMEOUT;
        let http = reqwest::Client::new();
        let readyz = format!("http://{}/readyz", spec.addr);
        loop {
            let ready = match spec.target {
                Target::Kassa => http.get(&readyz).send().await.is_ok_and(|r| r.status().is_success()),
                Target::Raw => tokio::net::TcpStream::connect(spec.addr).await.is_ok(),
            };
            // Another server on the port would answer too: this one must still be running.
            if let Some(status) = child.try_wait()? {
                bail!("{program} exited before it was ready ({status})");
            }
            if ready {
                return Ok(Self { child });
            }
            if Instant::now() > deadline {
                bail!("{program} was not ready on {} within {SERVER_TIMEOUT:?}", spec.addr);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }

    /// SIGTERM, then waits for it to exit (SIGKILL past the timeout).
    async fn stop(&mut self) -> anyhow::Result<()> {
        let pid = self.child.id().context("the server has exited already")?;
        let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status()?;
        if !status.success() {
            bail!("kill -TERM {pid} failed");
        }
        if tokio::time::timeout(SERVER_TIMEOUT, self.child.wait()).await.is_err() {
            self.child.kill().await?;
            bail!("the server did not exit within {SERVER_TIMEOUT:?} of SIGTERM");
        }
        Ok(())
    }
}

/// One subscriber's outcome in one phase.
struct Outcome {
    /// From the shard's `go` to the first frame; None when every attempt failed.
    acked_after: Option<Duration>,
    errors: u64,
    error: Option<String>,
}

/// The child's side (`shard` is i/n): subscribers `j` with `j % n == i` out of `count`,
/// watching customer `first + j`.
pub async fn run_shard(url: String, count: usize, shard: &str, first: usize) -> anyhow::Result<()> {
    let (shard, shards) = shard
        .split_once('/')
        .and_then(|(i, n)| Some((i.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
        .filter(|(i, n)| i < n)
        .context("--shard takes i/n with i < n")?;
    let mine: Vec<usize> = (0..count).filter(|j| j % shards == shard).collect();
    // The phase number and when its `go` arrived; u32::MAX ends every subscriber.
    let (go_tx, go_rx) = watch::channel::<(u32, Instant)>((0, Instant::now()));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(u32, Outcome)>();
    let mut tasks = Vec::with_capacity(mine.len());
    for j in &mine {
        let (url, token, go, done) = (url.clone(), customer_token(first + j), go_rx.clone(), done_tx.clone());
        tasks.push(tokio::spawn(subscriber(url, token, go, done)));
    }
    drop(done_tx);
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut phase = 0;
    while let Some(line) = lines.next_line().await? {
        match line.trim() {
            "go" => {
                phase += 1;
                let _ = go_tx.send((phase, Instant::now()));
            }
            "end" => break,
            other => bail!("unexpected line from the parent: {other}"),
        }
        let (mut hist, mut acked, mut failed, mut errors, mut first_error) = (Hist::default(), 0, 0, 0, None);
        while acked + failed < mine.len() {
            let Some((of_phase, outcome)) = done_rx.recv().await else { bail!("every subscriber has ended") };
            if of_phase != phase {
                continue;
            }
            errors += outcome.errors;
            first_error = first_error.or(outcome.error);
            match outcome.acked_after {
                Some(after) => {
                    acked += 1;
                    hist.record(after.as_micros() as u64);
                }
                None => failed += 1,
            }
        }
        println!(
            "{}",
            json!({"acked": acked, "failed": failed, "errors": errors, "first_error": first_error, "hist": hist.to_json()})
        );
    }
    let _ = go_tx.send((u32::MAX, Instant::now()));
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

/// One subscriber: at each `go` it drops whatever socket it still has, opens a new one
/// (up to [`ATTEMPTS`] times) and reports; between phases it reads its socket until the
/// server closes it.
async fn subscriber(
    url: String,
    token: String,
    mut go: watch::Receiver<(u32, Instant)>,
    done: mpsc::UnboundedSender<(u32, Outcome)>,
) {
    let mut ws = None;
    loop {
        tokio::select! {
            changed = go.changed() => if changed.is_err() { return },
            // Frames after the first, the server's close, or a failed socket: nothing to
            // keep once it has ended.
            message = next(&mut ws) => {
                if !matches!(message, Some(Ok(_))) {
                    ws = None;
                }
                continue;
            }
        }
        let (phase, at) = *go.borrow_and_update();
        if phase == u32::MAX {
            if let Some(mut socket) = ws.take() {
                let _ = socket.close(None).await;
            }
            return;
        }
        ws = None;
        let mut outcome = Outcome { acked_after: None, errors: 0, error: None };
        for _ in 0..ATTEMPTS {
            match tokio::time::timeout(ATTEMPT_TIMEOUT, subscribers::open(&url, &token)).await {
                Ok(Ok((socket, _version))) => {
                    outcome.acked_after = Some(at.elapsed());
                    ws = Some(socket);
                    break;
                }
                Ok(Err(error)) => outcome.error.get_or_insert_with(|| format!("{error:#}")),
                Err(_) => outcome.error.get_or_insert_with(|| "timed out opening the subscription".into()),
            };
            outcome.errors += 1;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if done.send((phase, outcome)).is_err() {
            return;
        }
    }
}

type Message = Result<tokio_tungstenite::tungstenite::Message, tokio_tungstenite::tungstenite::Error>;

async fn next(ws: &mut Option<subscribers::Ws>) -> Option<Message> {
    match ws {
        Some(ws) => ws.next().await,
        None => std::future::pending().await,
    }
}
