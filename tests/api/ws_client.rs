//! A plain WebSocket GraphQL client for tests, speaking either subprotocol.

#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Bytes, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, client_async, connect_async};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// graphql-transport-ws (the npm graphql-ws client's protocol).
    TransportWs,
    /// The legacy subscriptions-transport-ws protocol, named graphql-ws.
    Legacy,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Self::TransportWs => "graphql-transport-ws",
            Self::Legacy => "graphql-ws",
        }
    }
}

pub struct WsClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    protocol: Protocol,
    /// Messages of other subscriptions read while waiting for one.
    pending: std::collections::VecDeque<Value>,
}

/// How to open a socket: what it offers and where it comes from.
#[derive(Clone, Copy, Default)]
pub struct Dial<'a> {
    /// The Sec-WebSocket-Protocol header, e.g. "graphql-ws, graphql-transport-ws".
    pub offer: &'a str,
    /// The local address to connect from (anything in 127.0.0.0/8), else the system's pick.
    pub from: Option<IpAddr>,
    /// SO_RCVBUF of the client's socket: small, a client that stops reading fills up fast.
    pub receive_buffer: Option<u32>,
}

/// How a connection attempt ended when it was refused.
#[derive(Debug)]
pub enum Refusal {
    Closed(u16),
    ConnectionError(Value),
}

impl WsClient {
    pub async fn open(url: &str, protocol: Protocol) -> Self {
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol.name()));
        let (ws, response) = connect_async(request).await.expect("websocket upgrade");
        let chosen = response.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok());
        assert_eq!(chosen, Some(protocol.name()), "the server speaks the offered subprotocol");
        Self { ws, protocol, pending: Default::default() }
    }

    /// Opens and initialises with `token`; panics unless acknowledged.
    pub async fn connect(url: &str, token: &str, protocol: Protocol) -> Self {
        match Self::try_connect(url, Some(token), protocol).await {
            Ok(client) => client,
            Err(refusal) => panic!("connection refused: {refusal:?}"),
        }
    }

    /// Opens a socket as `dial` says and speaks the subprotocol the server answered (the
    /// legacy one only when answered so); returns that answer too.
    pub async fn dial(url: &str, dial: Dial<'_>) -> (Self, Option<String>) {
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_str(dial.offer).unwrap());
        let server: SocketAddr = request.uri().authority().expect("host:port").as_str().parse().unwrap();
        let socket = TcpSocket::new_v4().unwrap();
        if let Some(from) = dial.from {
            socket.bind(SocketAddr::new(from, 0)).expect("binding the source address");
        }
        if let Some(size) = dial.receive_buffer {
            socket.set_recv_buffer_size(size).unwrap();
        }
        let stream = socket.connect(server).await.expect("TCP connect");
        let (ws, response) = client_async(request, MaybeTlsStream::Plain(stream)).await.expect("websocket upgrade");
        let chosen = response.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let protocol = if chosen.as_deref() == Some("graphql-ws") { Protocol::Legacy } else { Protocol::TransportWs };
        (Self { ws, protocol, pending: Default::default() }, chosen)
    }

    /// Like [`try_connect`](Self::try_connect), from the local address `from`.
    pub async fn try_connect_from(url: &str, token: &str, protocol: Protocol, from: IpAddr) -> Result<Self, Refusal> {
        let (client, _) = Self::dial(url, Dial { offer: protocol.name(), from: Some(from), ..Dial::default() }).await;
        client.init(Some(token)).await
    }

    pub async fn try_connect(url: &str, token: Option<&str>, protocol: Protocol) -> Result<Self, Refusal> {
        Self::open(url, protocol).await.init(token).await
    }

    /// Sends connection_init with `token`; Ok once acknowledged.
    pub async fn init(mut self, token: Option<&str>) -> Result<Self, Refusal> {
        let payload = token.map_or(json!({}), |token| json!({ "authorization": format!("Bearer {token}") }));
        // A socket refused at the upgrade may be closed already: read its close frame.
        self.send_raw(Message::Text(json!({ "type": "connection_init", "payload": payload }).to_string().into())).await;
        loop {
            match self.next_message(Duration::from_secs(10)).await {
                Incoming::Json(message) if message["type"] == "connection_ack" => return Ok(self),
                Incoming::Json(message) if message["type"] == "connection_error" => {
                    return Err(Refusal::ConnectionError(message["payload"].clone()));
                }
                Incoming::Json(message) if message["type"] == "ka" => continue,
                Incoming::Closed(code) => return Err(Refusal::Closed(code)),
                other => panic!("unexpected answer to connection_init: {other:?}"),
            }
        }
    }

    pub async fn send(&mut self, message: Value) {
        self.ws.send(Message::Text(message.to_string().into())).await.expect("send");
    }

    pub async fn send_raw(&mut self, message: Message) {
        let _ = self.ws.send(message).await;
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Starts the closing handshake with `code`.
    pub async fn close(&mut self, code: u16) {
        let frame = CloseFrame { code: CloseCode::from(code), reason: "bye".into() };
        self.ws.close(Some(frame)).await.expect("sending a close frame");
    }

    /// Reads past everything else until the connection ends: the close frame's code and
    /// reason, (1006, "") when it ended without one, None if it is still open after `within`.
    pub async fn close_frame(&mut self, within: Duration) -> Option<(u16, String)> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.text_or_close(left).await? {
                Ok(()) => continue,
                Err(close) => return Some(close),
            }
        }
    }

    /// The next frame, told apart only as: a text frame (Ok), the end of the connection
    /// (its close code and reason, 1006 without a close frame), or None after `within`.
    /// Answers nothing, not even pings.
    pub async fn text_or_close(&mut self, within: Duration) -> Option<Result<(), (u16, String)>> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(Some(Ok(Message::Text(_)))) => return Some(Ok(())),
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Some(Err(
                        frame.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.to_string()))
                    ));
                }
                Ok(Some(Ok(_))) => continue,
                Ok(None | Some(Err(_))) => return Some(Err((1006, String::new()))),
            }
        }
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let kind = if self.protocol == Protocol::Legacy { "start" } else { "subscribe" };
        self.send(json!({ "id": id, "type": kind, "payload": { "query": query, "variables": variables } })).await;
    }

    /// The next `{data, errors}` payload of subscription `id`, or None when it completed.
    pub async fn next_payload(&mut self, id: &str, within: Duration) -> Option<Value> {
        loop {
            let buffered = self.pending.iter().position(|message| message["id"] == id);
            let incoming = match buffered.and_then(|at| self.pending.remove(at)) {
                Some(message) => Incoming::Json(message),
                None => self.next_message(within).await,
            };
            match incoming {
                Incoming::Json(message) if message["id"] == id => match message["type"].as_str() {
                    Some("next" | "data") => return Some(message["payload"].clone()),
                    Some("complete") => return None,
                    Some("error") => return Some(json!({ "errors": message["payload"] })),
                    other => panic!("unexpected message type {other:?}: {message}"),
                },
                Incoming::Json(message) => self.pending.push_back(message),
                other => panic!("subscription {id}: expected a message, got {other:?}"),
            }
        }
    }

    /// The next `{data, errors}` payload of any subscription, with its id.
    pub async fn next_any_payload(&mut self, within: Duration) -> Option<(String, Value)> {
        let message = match self.pending.pop_front() {
            Some(message) => message,
            None => match self.next_message(within).await {
                Incoming::Json(message) => message,
                other => panic!("expected a message, got {other:?}"),
            },
        };
        let id = message["id"].as_str()?.to_owned();
        matches!(message["type"].as_str(), Some("next" | "data")).then(|| (id, message["payload"].clone()))
    }

    /// The next text message as sent, byte for byte (pings and keep-alives skipped), or
    /// None when nothing came in time.
    pub async fn next_text(&mut self, within: Duration) -> Option<String> {
        self.next_text_or(within).await.ok()
    }

    /// The next message, skipping pings and keep-alives.
    pub async fn next_message(&mut self, within: Duration) -> Incoming {
        match self.next_text_or(within).await {
            Ok(text) => Incoming::Json(serde_json::from_str(&text).expect("JSON message")),
            Err(other) => other,
        }
    }

    /// The next text message (pings answered, keep-alives skipped), or how the wait ended.
    async fn next_text_or(&mut self, within: Duration) -> Result<String, Incoming> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let next = tokio::time::timeout_at(deadline, self.ws.next()).await;
            match next {
                Err(_) => return Err(Incoming::TimedOut),
                Ok(None) => return Err(Incoming::Closed(1006)),
                Ok(Some(Err(_))) => return Err(Incoming::Closed(1006)),
                Ok(Some(Ok(Message::Text(text)))) => {
                    let message: Value = serde_json::from_str(text.as_str()).expect("JSON message");
                    if message["type"] == "ka" || message["type"] == "ping" {
                        continue;
                    }
                    return Ok(text.as_str().to_owned());
                }
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Err(Incoming::Closed(frame.map_or(1005, |frame| u16::from(frame.code))));
                }
                Ok(Some(Ok(Message::Ping(payload)))) => {
                    let _ = self.ws.send(Message::Pong(payload)).await;
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// Waits for a Ping frame from the server (answering nothing).
    pub async fn wait_for_server_ping(&mut self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        while let Ok(Some(Ok(message))) = tokio::time::timeout_at(deadline, self.ws.next()).await {
            if let Message::Ping(_) = message {
                return true;
            }
        }
        false
    }

    pub fn oversized(bytes: usize) -> Message {
        Message::Binary(Bytes::from(vec![b'x'; bytes]))
    }

    pub fn close_code(code: u16) -> CloseCode {
        CloseCode::from(code)
    }
}

#[derive(Debug)]
pub enum Incoming {
    Json(Value),
    Closed(u16),
    TimedOut,
}
