//! HTTP resources over real TCP: the header timeout (slow-loris), the idle keep-alive
//! timeout, the request timeout, the connection cap, and WebSockets outliving all three.

use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Options, TestApp, code};
use crate::live::{MY_BALANCE, Scene, event};
use crate::ws_client::{Protocol, WsClient};

fn options(env: &[(&'static str, &str)]) -> Options {
    Options { env: env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(), ..Options::default() }
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.server.addr).await.expect("connecting to kassa")
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: kassa\r\n\r\n";

/// Reads until the server closes `stream` (EOF or reset), dropping whatever it sends: how
/// long that took, or None when it was still open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    let closing = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return started.elapsed(),
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(within, closing).await.ok()
}

/// Reads one response: its status and body; None when the connection closed first.
async fn read_response(stream: &mut TcpStream) -> Option<(u16, String)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |value| value.trim().parse().unwrap());
            if data.len() >= end + 4 + length {
                let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
                return Some((status, String::from_utf8_lossy(&data[end + 4..end + 4 + length]).into_owned()));
            }
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

/// GET /healthz on `stream`: the status, None when the connection closed instead.
async fn healthz(stream: &mut TcpStream) -> Option<u16> {
    stream.write_all(HEALTHZ).await.ok()?;
    read_response(stream).await.map(|(status, _)| status)
}

/// The head of a POST /graphql whose body is `length` bytes long.
fn post_head(length: usize, accept: &str) -> String {
    format!(
        "POST /graphql HTTP/1.1\r\nHost: kassa\r\nContent-Type: application/json\r\nAccept: {accept}\r\n\
         Content-Length: {length}\r\n\r\n"
    )
}

fn assert_between(what: &str, took: Option<Duration>, at_least: Duration, at_most: Duration) -> Duration {
    let took = took.unwrap_or_else(|| panic!("{what}: still open after {at_most:?}"));
    assert!(took >= at_least, "{what}: closed after {took:?}, before {at_least:?}");
    took
}

#[tokio::test]
async fn a_half_sent_request_head_is_cut_at_the_header_timeout() {
    let app = TestApp::with(options(&[("KASSA_HTTP_HEADER_TIMEOUT", "1s")])).await;
    let mut half = connect(&app).await;
    half.write_all(b"POST /graphql HTTP/1.1\r\nHost: kassa\r\nContent-Ty").await.unwrap();
    let mut silent = connect(&app).await;

    let window = (Duration::from_millis(800), Duration::from_secs(3));
    let (half_closed, silent_closed) =
        tokio::join!(closed_within(&mut half, window.1), closed_within(&mut silent, window.1));
    let half_closed = assert_between("a half-sent head", half_closed, window.0, window.1);
    let silent_closed = assert_between("a connection that sent nothing", silent_closed, window.0, window.1);

    // A whole request on a new connection is answered as usual.
    assert_eq!(healthz(&mut connect(&app).await).await, Some(200));
    println!("header timeout 1 s: half-sent head closed after {half_closed:?}, silent one after {silent_closed:?}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_and_a_busy_one_is_not() {
    let app = TestApp::with(options(&[("KASSA_HTTP_IDLE_TIMEOUT", "1s"), ("KASSA_HTTP_HEADER_TIMEOUT", "10s")])).await;
    let idle = async {
        let mut stream = connect(&app).await;
        assert_eq!(healthz(&mut stream).await, Some(200));
        closed_within(&mut stream, Duration::from_secs(3)).await
    };
    // A request every 400 ms on one connection for 3.2 s: never idle for 1 s.
    let active = async {
        let mut stream = connect(&app).await;
        for round in 0..8 {
            assert_eq!(healthz(&mut stream).await, Some(200), "round {round} on the same connection");
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    };
    // A request in flight for 3 s (its body trickles in): not idle either.
    let slow_body = async {
        let mut stream = connect(&app).await;
        let body = format!("{{\"query\": \"{{ __typename }}\"{}}}", " ".repeat(60));
        stream.write_all(post_head(body.len(), "application/json").as_bytes()).await.unwrap();
        for chunk in body.as_bytes().chunks(body.len().div_ceil(6)) {
            tokio::time::sleep(Duration::from_millis(500)).await;
            stream.write_all(chunk).await.unwrap();
        }
        read_response(&mut stream).await.expect("the slow request is answered")
    };
    let (idle_closed, (), (status, body)) = tokio::join!(idle, active, slow_body);
    let idle_closed = assert_between(
        "an idle keep-alive connection",
        idle_closed,
        Duration::from_millis(800),
        Duration::from_secs(3),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["data"]["__typename"], "Query");
    println!("idle timeout 1 s: the idle connection was closed after {idle_closed:?}");
}

#[tokio::test]
async fn at_the_connection_cap_a_new_connection_waits_until_one_closes() {
    let app = TestApp::with(options(&[("KASSA_HTTP_MAX_CONNECTIONS", "3")])).await;
    // Three connections that are not idle: a half-sent head, a request whose body is on its
    // way, and a WebSocket.
    let mut half = connect(&app).await;
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: ka").await.unwrap();
    let mut slow = connect(&app).await;
    slow.write_all(post_head(100, "application/json").as_bytes()).await.unwrap();
    slow.write_all(b"{\"query\":").await.unwrap();
    let mut request = app.ws_url().into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (ws, _) = tokio_tungstenite::connect_async(request).await.expect("a WebSocket under the cap");

    // The fourth: the kernel completes the handshake, and it waits in the accept backlog.
    let mut fourth = connect(&app).await;
    fourth.write_all(HEALTHZ).await.unwrap();
    let early = tokio::time::timeout(Duration::from_millis(1500), read_response(&mut fourth)).await;
    assert!(early.is_err(), "a fourth connection was served over a cap of 3: {early:?}");

    // The WebSocket held a slot: once it closes the fourth is served.
    drop(ws);
    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(3), read_response(&mut fourth)).await;
    assert_eq!(answer.expect("served once a slot was free").map(|(status, _)| status), Some(200));
    let waited = started.elapsed();

    // Once they all close the server keeps answering, ten at a time through a cap of 3:
    // the idle keep-alive connections of the client's pool are closed to make room.
    drop((half, slow, fourth));
    let started = Instant::now();
    let requests = (0..10).map(|_| async {
        let response = app.http.get(format!("{}/healthz", app.url)).send().await.expect("GET /healthz");
        response.status().as_u16()
    });
    let statuses = tokio::time::timeout(Duration::from_secs(15), futures::future::join_all(requests))
        .await
        .expect("ten requests through a cap of 3 within 15 s");
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    println!(
        "cap 3: the fourth connection was served {waited:?} after a WebSocket closed; ten parallel requests took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn at_the_cap_idle_keep_alive_connections_make_room() {
    let app = TestApp::with(options(&[("KASSA_HTTP_MAX_CONNECTIONS", "2")])).await;
    let mut idle = [connect(&app).await, connect(&app).await];
    for stream in &mut idle {
        assert_eq!(healthz(stream).await, Some(200));
    }
    let started = Instant::now();
    let mut third = connect(&app).await;
    let answer = tokio::time::timeout(Duration::from_secs(3), healthz(&mut third)).await;
    assert_eq!(answer.expect("a third connection is served within 3 s"), Some(200));
    let served = started.elapsed();
    let [first, second] = &mut idle;
    let (first, second) = tokio::join!(
        closed_within(first, Duration::from_millis(500)),
        closed_within(second, Duration::from_millis(500))
    );
    assert!(first.is_some() && second.is_some(), "the idle connections were closed to make room");
    println!("cap 2: a third connection was served after {served:?}, the two idle ones closed");
}

#[tokio::test]
async fn a_websocket_subscription_outlives_the_request_idle_and_header_timeouts() {
    let scene = Scene::new(options(&[
        ("KASSA_HTTP_REQUEST_TIMEOUT", "1s"),
        ("KASSA_HTTP_IDLE_TIMEOUT", "1s"),
        ("KASSA_HTTP_HEADER_TIMEOUT", "1s"),
        // No ping during the test: the WebSocket stays silent longer than every timeout.
        ("KASSA_WS_PING", "30s"),
    ]))
    .await;
    let app = &scene.app;
    let mut client = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("1", MY_BALANCE, json!({})).await;
    assert_eq!(event(&client.next_payload("1", Duration::from_secs(5)).await.unwrap(), "myBalance")["version"], 0);
    let opened = Instant::now();

    // The request timeout is in force meanwhile: a request that outlasts it gets a 503.
    let mut slow = connect(app).await;
    slow.write_all(post_head(100, "application/json").as_bytes()).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(3), read_response(&mut slow)).await;
    let (status, body) = answer.expect("an answer within 3 s").expect("an answer to the slow request");
    assert_eq!((status, code(&serde_json::from_str(&body).unwrap())), (503, "SERVICE_UNAVAILABLE"));

    tokio::time::sleep(Duration::from_secs(4).saturating_sub(opened.elapsed())).await;
    app.top_up(&scene.cashier, &scene.customer.wallet, "5.00", &scene.system).await;
    let live = event(&client.next_payload("1", Duration::from_secs(5)).await.expect("still subscribed"), "myBalance");
    assert_eq!((live["version"].as_i64(), live["balance"].as_str()), (Some(1), Some("5.00")));
    println!("the subscription delivered an event {:?} after it opened (timeouts 1 s)", opened.elapsed());
}

#[tokio::test]
async fn a_request_over_the_request_timeout_answers_503_service_unavailable() {
    let app = TestApp::with(options(&[("KASSA_HTTP_REQUEST_TIMEOUT", "1s"), ("KASSA_DB_LOCK_TIMEOUT", "20s")])).await;
    // A body that never finishes, under both media types.
    for (accept, content_type) in [
        ("application/json", "application/json"),
        ("application/graphql-response+json", "application/graphql-response+json"),
    ] {
        let mut stream = connect(&app).await;
        stream.write_all(post_head(100, accept).as_bytes()).await.unwrap();
        stream.write_all(b"{\"query\": \"{ __typ").await.unwrap();
        let started = Instant::now();
        let mut head = String::new();
        let answer = tokio::time::timeout(Duration::from_secs(5), async {
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stream.read(&mut buf).await {
                data.extend_from_slice(&buf[..n]);
            }
            data
        })
        .await
        .expect("the connection ends after the answer");
        let took = started.elapsed();
        let text = String::from_utf8_lossy(&answer);
        let (answer_head, body) = text.split_once("\r\n\r\n").expect("a response");
        head.push_str(&answer_head.to_ascii_lowercase());
        assert!(head.starts_with("http/1.1 503"), "{head}");
        assert!(head.contains(&format!("content-type: {content_type}")), "{head}");
        assert_eq!(code(&serde_json::from_str(body).unwrap()), "SERVICE_UNAVAILABLE", "{body}");
        assert!(took >= Duration::from_millis(800) && took < Duration::from_secs(3), "answered after {took:?}");
    }

    // A top-up waiting on a locked wallet row is cut at 1 s; the retry with the same key
    // after the lock is gone leaves exactly one top-up.
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    let system = app.payment_system(&admin).await;
    // A pool full of idle connections, so the cut one is not simply the next handed out.
    let warm = futures::future::join_all((0..8).map(|_| app.state().conn())).await;
    assert!(warm.iter().all(Result::is_ok));
    drop(warm);
    let mut holder = AsyncPgConnection::establish(&app.database_url).await.unwrap();
    let lock = format!("BEGIN; SELECT id FROM wallets WHERE number = '{}' FOR UPDATE", customer.wallet);
    holder.batch_execute(&lock).await.unwrap();
    let started = Instant::now();
    let response = app
        .http
        .post(format!("{}/graphql", app.url))
        .bearer_auth(&cashier.token)
        .json(&json!({ "query": crate::helpers::TOP_UP, "variables": { "input": {
            "walletNumber": customer.wallet, "amount": "3.00", "paymentSystemId": system,
            "receipt": "R-1", "idempotencyKey": "cut-1" } } }))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(code(&body), "SERVICE_UNAVAILABLE", "{body:#}");
    assert!(took < Duration::from_secs(3), "cut after {took:?}");
    holder.batch_execute("ROLLBACK").await.unwrap();
    // The cut answer says nothing of the outcome: the move is one SQL statement, already in
    // PostgreSQL, which may still commit once the lock is gone. Either way the retry with the
    // same key leaves exactly one top-up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before_retry = app.balance(&customer).await;
    assert!(before_retry == ("0.00".to_owned(), 0) || before_retry == ("3.00".to_owned(), 1), "{before_retry:?}");

    let started = Instant::now();
    let retried = app.try_top_up(&cashier, &customer.wallet, "3.00", &system, "cut-1").await;
    assert!(retried.get("errors").is_none(), "the retry applies: {retried:#}");
    let retry_took = started.elapsed();
    assert_eq!(app.balance(&customer).await, ("3.00".to_owned(), 1));
    assert!(app.verify_ledger().await.is_empty());
    println!(
        "request timeout 1 s: a locked top-up answered 503 after {took:?}; balance before the retry {before_retry:?}; \
         the retry took {retry_took:?}"
    );
}

#[tokio::test]
async fn slow_loris_many_trickling_heads_are_all_cut_and_the_server_keeps_answering() {
    const SLOW: usize = 200;
    let app = TestApp::with(options(&[("KASSA_HTTP_HEADER_TIMEOUT", "2s")])).await;
    let addr = app.server.addr;
    let attackers: Vec<_> = (0..SLOW)
        .map(|_| {
            tokio::spawn(async move {
                let mut stream = TcpStream::connect(addr).await.expect("a slow connection");
                let started = Instant::now();
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: kassa\r\nX-Slow: ").await.unwrap();
                let (mut reader, mut writer) = stream.split();
                let mut tick = tokio::time::interval(Duration::from_millis(300));
                let mut buf = [0u8; 256];
                // One more byte every 300 ms, which a per-read timeout would never end.
                let cut = async {
                    loop {
                        tokio::select! {
                            read = reader.read(&mut buf) => match read {
                                Ok(0) | Err(_) => return started.elapsed(),
                                Ok(_) => panic!("a slow connection got an answer"),
                            },
                            _ = tick.tick() => {
                                if writer.write_all(b"a").await.is_err() {
                                    return started.elapsed();
                                }
                            }
                        }
                    }
                };
                tokio::time::timeout(Duration::from_secs(6), cut).await.ok()
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(700)).await;
    let started = Instant::now();
    let health = app.http.get(format!("{}/healthz", app.url)).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let data = app.ok(None, "{ __typename }", json!({})).await;
    assert_eq!(data["__typename"], "Query");
    let normal = started.elapsed();
    assert!(normal < Duration::from_secs(1), "a normal request took {normal:?} beside {SLOW} slow ones");

    let mut cut = Vec::new();
    for attacker in attackers {
        cut.push(attacker.await.unwrap().expect("a slow connection was still open 6 s later"));
    }
    let (first, last) = (cut.iter().min().unwrap(), cut.iter().max().unwrap());
    assert!(*first >= Duration::from_millis(1600), "one was cut after {first:?}, before the 2 s header timeout");
    assert!(*last < Duration::from_secs(5), "one was cut only after {last:?}");
    println!(
        "{SLOW} trickling connections: a normal request and a query took {normal:?}; all cut between {first:?} \
         and {last:?} after their first byte"
    );
}

/// `kassa serve` as a child process under `prlimit --nofile`, its JSON log lines collected.
struct Limited {
    child: tokio::process::Child,
    addr: std::net::SocketAddr,
    log: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
}

impl Limited {
    async fn start(database_url: &str, open_files: u32, env: &[(&str, &str)]) -> Self {
        let port = crate::faults::free_port();
        let mut child = tokio::process::Command::new("prlimit")
            .arg(format!("--nofile={open_files}:{open_files}"))
            .arg(env!("CARGO_BIN_EXE_kassa"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("KASSA_LISTEN", format!("127.0.0.1:{port}"))
            .env("KASSA_METRICS_LISTEN", "127.0.0.1:0")
            .env("KASSA_DB_POOL_SIZE", "2")
            .env("KASSA_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .env_remove("REDIS_URL")
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("starting kassa under prlimit");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let sink = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(entry) = serde_json::from_str(&line) {
                    sink.lock().unwrap().push(entry);
                }
            }
        });
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(mut stream) = TcpStream::connect(addr).await {
                if healthz(&mut stream).await == Some(200) {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "kassa did not start in 60 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { child, addr, log }
    }

    /// How many log lines have a message starting with `prefix`.
    fn count(&self, prefix: &str) -> usize {
        let log = self.log.lock().unwrap();
        log.iter().filter(|entry| entry["message"].as_str().is_some_and(|m| m.starts_with(prefix))).count()
    }

    /// Waits up to 2 s for a line starting with `prefix` to reach the log, then counts them.
    async fn logged(&self, prefix: &str) -> usize {
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.count(prefix) == 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.count(prefix)
    }

    /// CPU time used so far (user + system), in clock ticks (1/100 s).
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id().unwrap())).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }
}

#[tokio::test]
async fn out_of_file_descriptors_the_accept_loop_pauses_instead_of_spinning_and_recovers() {
    let database = TestApp::spawn().await;
    let server = Limited::start(&database.database_url, 128, &[]).await;
    assert_eq!(server.logged("KASSA_HTTP_MAX_CONNECTIONS is too close to the open-file limit").await, 1);

    // More connections than the process has descriptors: accept fails with EMFILE.
    let mut held = Vec::new();
    for _ in 0..200 {
        held.push(TcpStream::connect(server.addr).await.expect("the kernel queues the connection"));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = server.cpu_ticks();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let used = server.cpu_ticks() - before;
    assert!(used < 60, "kassa used {used} ticks of CPU in 3 s while out of descriptors: the loop spins");
    assert_eq!(server.logged("cannot accept connections").await, 1, "one warning per streak");

    drop(held);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(5);
    loop {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        if let Ok(Some(200)) = tokio::time::timeout(Duration::from_secs(2), healthz(&mut stream)).await {
            break;
        }
        assert!(Instant::now() < deadline, "kassa did not answer again within 5 s of the connections closing");
    }
    // The streak ends with the first connection accepted after a second without errors.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(healthz(&mut TcpStream::connect(server.addr).await.unwrap()).await, Some(200));
    assert_eq!(server.logged("accepting connections again").await, 1);
    assert_eq!(server.count("cannot accept connections"), 1, "one warning for the whole streak");
    println!(
        "out of descriptors (nofile 128, 200 connections): {used} CPU ticks in 3 s, answering again {:?} after they closed",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_burst_at_the_connection_cap_is_logged_once_not_per_connection() {
    let database = TestApp::spawn().await;
    let server = Limited::start(&database.database_url, 1024, &[("KASSA_HTTP_MAX_CONNECTIONS", "20")]).await;
    // Twenty connections that have not sent a head yet (not idle: they are not shed), then
    // thirty more that wait.
    let mut open = Vec::new();
    for _ in 0..50 {
        open.push(TcpStream::connect(server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // One by one they close, and the waiting ones take their slots.
    while !open.is_empty() {
        open.remove(0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(healthz(&mut TcpStream::connect(server.addr).await.unwrap()).await, Some(200));
    assert_eq!(server.logged("connections are back under KASSA_HTTP_MAX_CONNECTIONS").await, 1, "one line at its end");
    assert_eq!(server.count("KASSA_HTTP_MAX_CONNECTIONS reached"), 1, "one warning for the burst");
    let log = server.log.lock().unwrap();
    let end = log
        .iter()
        .find(|entry| entry["message"].as_str().is_some_and(|m| m.starts_with("connections are back")))
        .unwrap();
    assert!(end["waits"].as_u64().unwrap() >= 25, "{end}");
    println!("a burst of 50 connections at a cap of 20 logged: {end}");
}

#[tokio::test]
async fn a_client_that_stops_reading_its_response_is_cut_after_the_idle_timeout() {
    const SIZE: usize = 32 << 20;
    let dir = std::env::temp_dir().join(format!("kassa-web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("big.bin"), vec![0u8; SIZE]).unwrap();
    let web_dir = dir.to_str().unwrap().to_owned();
    let app = TestApp::with(options(&[("KASSA_WEB_DIR", &web_dir), ("KASSA_HTTP_IDLE_TIMEOUT", "1s")])).await;
    let mut stream = connect(&app).await;
    stream.write_all(b"GET /app/big.bin HTTP/1.1\r\nHost: kassa\r\n\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await; // reading nothing

    let mut received = 0;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => received += n,
            Err(_) => panic!("the connection was still open after {received} bytes"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(received < SIZE, "the whole {SIZE}-byte file arrived: the stalled connection was kept");
    println!("a client that stopped reading a {SIZE}-byte file was cut after {received} bytes (idle timeout 1 s)");
}
