//! A webhook receiver on loopback: a real HTTP server that records every request (body,
//! signature, content type, when it came) and answers as the test tells it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde_json::Value;

/// How the receiver answers.
#[derive(Clone, Debug)]
pub enum Reply {
    Ok,
    Status(u16),
    RedirectTo(String),
    /// 200 after a pause.
    SlowOk(Duration),
}

#[derive(Clone, Debug)]
pub struct Received {
    pub body: Vec<u8>,
    pub signature: String,
    pub content_type: String,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }

    /// Checks `Kassa-Signature` as a receiver would: HMAC-SHA256 of "<t>.<raw body>".
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut t = None;
        let mut v1 = None;
        for part in self.signature.split(',') {
            match part.split_once('=') {
                Some(("t", value)) => t = Some(value.to_owned()),
                Some(("v1", value)) => v1 = Some(value.to_owned()),
                _ => {}
            }
        }
        let (Some(t), Some(v1)) = (t, v1) else { return false };
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(&self.body);
        let fresh = t.parse::<i64>().is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
        fresh && hex::decode(v1).is_ok_and(|sent| mac.verify_slice(&sent).is_ok())
    }
}

#[derive(Default)]
struct Shared {
    reply: Mutex<Option<Reply>>,
    received: Mutex<Vec<Received>>,
    answered: Mutex<Vec<Instant>>,
}

pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

async fn handle(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let text = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok()).unwrap_or("").to_owned();
    shared.received.lock().unwrap().push(Received {
        body: body.to_vec(),
        signature: text(header::HeaderName::from_static("kassa-signature")),
        content_type: text(header::CONTENT_TYPE),
        at: Instant::now(),
    });
    let reply = shared.reply.lock().unwrap().clone().unwrap_or(Reply::Ok);
    let response = match reply {
        Reply::Ok => StatusCode::OK.into_response(),
        Reply::Status(code) => StatusCode::from_u16(code).unwrap().into_response(),
        Reply::RedirectTo(to) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
        Reply::SlowOk(pause) => {
            tokio::time::sleep(pause).await;
            StatusCode::OK.into_response()
        }
    };
    shared.answered.lock().unwrap().push(Instant::now());
    response
}

impl Receiver {
    pub async fn start(reply: Reply) -> Self {
        Self::at("127.0.0.1:0".parse().unwrap(), reply).await
    }

    /// On a given address (a receiver that comes back where it was).
    pub async fn at(addr: SocketAddr, reply: Reply) -> Self {
        let listener = tokio::net::TcpListener::bind(addr).await.expect("binding the receiver");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared { reply: Mutex::new(Some(reply)), ..Default::default() });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url: format!("http://{addr}/hooks/kassa"), shared, task }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// When each answer went out.
    pub fn answered(&self) -> Vec<Instant> {
        self.shared.answered.lock().unwrap().clone()
    }

    /// Waits until `count` requests came; panics after `within`.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(Instant::now() < deadline, "{} of {count} webhook requests came within {within:?}", received.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
