//! WebSocket subscribers speaking graphql-transport-ws, run in shard processes (one
//! process holds at most about 20,000 file descriptors). Each subscriber records every
//! frame's commit-to-frame latency and which versions it saw.
//!
//! Shard protocol, over the child's stdin and stdout, one line each:
//! - child → parent: `{"ready":…,"failed":…}` once every subscriber has its first frame;
//! - parent → child: `final <customer> <version>` for each wallet the driver changed, then
//!   `end <grace_ms>`;
//! - child → parent: the result line (frames, lost, gaps, errors, latency buckets).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::fixture::customer_token;
use crate::hist::Hist;

/// The selection every subscriber asks for: what the portal's top menu needs.
pub const MY_BALANCE: &str = "subscription{myBalance{version balance transaction{id createdAt}}}";

/// Which customer each subscriber watches as.
#[derive(Clone, Copy, Debug)]
pub enum Watch {
    /// Every subscriber is the owner of this one customer's wallet (B4).
    Same(usize),
    /// Subscriber j watches customer `first + j` (B5, B6, B7).
    Each { first: usize },
}

impl Watch {
    pub fn customer(self, j: usize) -> usize {
        match self {
            Self::Same(customer) => customer,
            Self::Each { first } => first + j,
        }
    }
}

/// When to stop: the last version each customer's wallet reached, and a deadline.
type Stop = Option<(Arc<HashMap<usize, i64>>, Instant)>;

#[derive(Default)]
struct SubResult {
    frames: u64,
    expected: u64,
    received: u64,
    gaps: u64,
    errors: u64,
    error: Option<String>,
    hist: Hist,
}

/// A shard: subscribers `j` with `j % shards == shard` out of `count`.
pub async fn run_shard(url: String, count: usize, shard: usize, shards: usize, watch_as: Watch) -> anyhow::Result<()> {
    let mine: Vec<usize> = (0..count).filter(|j| j % shards == shard).collect();
    let (stop_tx, stop_rx) = watch::channel::<Stop>(None);
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel::<bool>();
    let connecting = Arc::new(Semaphore::new(64));
    let mut tasks = Vec::with_capacity(mine.len());
    for j in &mine {
        let customer = watch_as.customer(*j);
        let (url, stop, ready, connecting) = (url.clone(), stop_rx.clone(), ready_tx.clone(), connecting.clone());
        tasks.push(tokio::spawn(async move { subscriber(url, customer, stop, ready, connecting).await }));
    }
    drop(ready_tx);
    let (mut ok, mut failed) = (0, 0);
    while let Some(success) = ready_rx.recv().await {
        if success {
            ok += 1
        } else {
            failed += 1
        }
        if ok + failed == mine.len() {
            break;
        }
    }
    println!("{}", json!({"ready": ok, "failed": failed}));

    let mut finals = HashMap::new();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let grace = loop {
        let Some(line) = lines.next_line().await? else { break Duration::ZERO };
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["final", customer, version] => {
                finals.insert(customer.parse::<usize>()?, version.parse::<i64>()?);
            }
            ["end", grace_ms] => break Duration::from_millis(grace_ms.parse()?),
            _ => bail!("unexpected line from the parent: {line}"),
        }
    };
    let _ = stop_tx.send(Some((Arc::new(finals), Instant::now() + grace)));
    let mut total = SubResult::default();
    let mut subscribers = 0;
    for task in tasks {
        if let Ok(r) = task.await {
            subscribers += 1;
            total.frames += r.frames;
            total.expected += r.expected;
            total.received += r.received;
            total.gaps += r.gaps;
            total.errors += r.errors;
            total.error = total.error.or(r.error);
            total.hist.merge(&r.hist);
        }
    }
    println!(
        "{}",
        json!({
            "subscribers": subscribers, "frames": total.frames, "expected": total.expected,
            "received": total.received, "gaps": total.gaps, "errors": total.errors,
            "first_error": total.error, "hist": total.hist.to_json(),
        })
    );
    Ok(())
}

async fn subscriber(
    url: String,
    customer: usize,
    mut stop: watch::Receiver<Stop>,
    ready: mpsc::UnboundedSender<bool>,
    connecting: Arc<Semaphore>,
) -> SubResult {
    let mut result = SubResult::default();
    let permit = connecting.acquire_owned().await.expect("semaphore");
    let opened = tokio::time::timeout(Duration::from_secs(30), open(&url, &customer_token(customer))).await;
    drop(permit);
    let (mut ws, initial) = match opened {
        Ok(Ok(opened)) => opened,
        Ok(Err(error)) => return failed(result, error.to_string(), &ready),
        Err(_) => return failed(result, "timed out opening the subscription".into(), &ready),
    };
    let _ = ready.send(true);
    let mut last = initial;
    let mut deadline: Option<(Arc<HashMap<usize, i64>>, Instant)> = None;
    loop {
        if let Some((finals, _)) = &deadline {
            if finals.get(&customer).is_none_or(|f| last >= *f) {
                break;
            }
        }
        let until = deadline.as_ref().map(|(_, at)| *at);
        let message = tokio::select! {
            message = ws.next() => message,
            changed = stop.changed(), if deadline.is_none() => {
                if changed.is_err() { break; }
                deadline = stop.borrow().clone();
                continue;
            }
            () = sleep_until(until) => break,
        };
        let text = match message {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => {
                result.errors += 1;
                result.error.get_or_insert(format!("closed by the server: {frame:?}"));
                break;
            }
            Some(Ok(_)) => continue,
            Some(Err(error)) => {
                result.errors += 1;
                result.error.get_or_insert(error.to_string());
                break;
            }
            None => break,
        };
        let received_at = chrono::Utc::now();
        match parse_frame(&text) {
            Ok((version, created_at)) => {
                result.frames += 1;
                if version > last {
                    result.received += 1;
                    if version > last + 1 {
                        result.gaps += 1;
                    }
                    last = version;
                }
                if let Some(created_at) = created_at {
                    let micros = (received_at - created_at).num_microseconds().unwrap_or(0).max(0);
                    result.hist.record(micros as u64);
                }
            }
            Err(error) => {
                result.errors += 1;
                result.error.get_or_insert(error.to_string());
            }
        }
    }
    if let Some((finals, _)) = &deadline {
        if let Some(last_version) = finals.get(&customer) {
            result.expected = (last_version - initial).max(0) as u64;
            // Only versions up to the driver's last one count as received.
            result.received = result.received.min(result.expected);
        }
    }
    let _ = ws.close(None).await;
    result
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

fn failed(mut result: SubResult, error: String, ready: &mpsc::UnboundedSender<bool>) -> SubResult {
    result.errors += 1;
    result.error = Some(error);
    let _ = ready.send(false);
    result
}

/// tungstenite zero-fills its whole read buffer (128 KiB by default) on every read, twice
/// per frame: with 1,000 subscribers that was most of this process's CPU, taken from the
/// cores Kassa and PostgreSQL share with it (B7). Frames here are a few hundred bytes.
pub fn client_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4 * 1024)
}

pub type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects, authenticates, subscribes and waits for the first frame (the current state).
pub async fn open(url: &str, token: &str) -> anyhow::Result<(Ws, i64)> {
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static("graphql-transport-ws"));
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(request, Some(client_config()), true)
        .await
        .context("websocket connect")?;
    let init = json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {token}")}});
    ws.send(Message::text(init.to_string())).await?;
    let subscribe = json!({"id": "1", "type": "subscribe", "payload": {"query": MY_BALANCE}});
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) if text.contains("connection_ack") => {
                ws.send(Message::text(subscribe.to_string())).await?;
            }
            Some(Ok(Message::Text(text))) => return Ok((ws, parse_frame(&text)?.0)),
            Some(Ok(Message::Close(frame))) => bail!("closed: {frame:?}"),
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => bail!("closed before the first frame"),
        }
    }
}

/// The version and the transaction's createdAt of a `next` frame.
fn parse_frame(text: &str) -> anyhow::Result<(i64, Option<chrono::DateTime<chrono::Utc>>)> {
    let frame: Value = serde_json::from_str(text)?;
    if frame["type"] != "next" {
        bail!("unexpected frame: {text}");
    }
    let data = frame["payload"]["data"].as_object().and_then(|data| data.values().next()).context("no data")?;
    let version = data["version"].as_i64().context("no version")?;
    let created_at = data["transaction"]["createdAt"]
        .as_str()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&chrono::Utc));
    Ok((version, created_at))
}
