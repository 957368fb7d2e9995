//! GET /graphql/ws: subscriptions over graphql-transport-ws or the legacy graphql-ws.
//!
//! The token comes in the connection_init payload: {"authorization": "Bearer <token>"}. A
//! missing or bad token gets no connection_ack: close code 4403 (graphql-transport-ws) or
//! connection_error (graphql-ws). The server pings every client and drops the silent ones,
//! caps the subscriptions of one connection and the size of a message, and caps the open
//! sockets per client address and per user (4429).

mod init;
mod limits;
mod protocol;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::http::{WebSocket as Engine, WebSocketProtocols as Protocols, WsMessage};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::{Http, Peer};
use init::Seat;
pub(crate) use limits::Sockets;
use limits::{Slot, TooMany};
use protocol::{Said, Subscriptions, close};

/// The largest message a client may send.
const MAX_MESSAGE: usize = 64 * 1024;
/// The chunk a connection reads into (see `upgrade`).
const READ_BUFFER: usize = 4 * 1024;
/// How long a client has to send connection_init.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) async fn upgrade(
    State(http): State<Http>,
    peer: Peer,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if let Some(forbidden) = super::origin::refuse_ws_origin(&http.state.config.ws_origins, &headers) {
        return forbidden;
    }
    let Some(protocol) = protocol::choose(upgrade.requested_protocols()) else {
        return (StatusCode::BAD_REQUEST, "offer the graphql-transport-ws or graphql-ws subprotocol").into_response();
    };
    let peer = peer.map(|Extension(ConnectInfo(address))| address);
    // Counted before the upgrade; a refused socket costs only its close frame.
    let slot = http.sockets.upgrade(peer.map(|address| address.ip()));
    upgrade
        .protocols([protocol.sec_websocket_protocol()])
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        // tungstenite's defaults (128 KiB each) cost ~150 KiB of RSS per idle connection;
        // client messages are small, and larger ones still grow the buffer as needed.
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            match slot {
                Ok(slot) => serve(http, socket, protocol, peer, slot).await,
                Err(too_many) => refuse(&http, socket, peer, too_many).await,
            }
        })
}

/// A socket over the per-address cap: its close frame says why.
async fn refuse(http: &Http, mut socket: WebSocket, peer: Option<SocketAddr>, too_many: TooMany) {
    let limit = http.state.config.ws_max_per_address;
    tracing::info!(?peer, limit, "websocket refused: {}", too_many.reason());
    let frame = Message::Close(Some(close(TooMany::CODE, too_many.reason())));
    let _ = tokio::time::timeout(Duration::from_secs(10), socket.send(frame)).await;
}

/// Three parts around async-graphql's protocol engine: a reader (liveness, the subscription
/// cap), the engine itself, and a writer that adds pings and the close codes.
async fn serve(http: Http, socket: WebSocket, protocol: Protocols, peer: Option<SocketAddr>, slot: Slot) {
    let (mut sink, mut incoming) = socket.split();
    let (to_engine, engine_input) = futures::channel::mpsc::unbounded::<Bytes>();
    let (engine_output, mut from_engine) = futures::channel::mpsc::unbounded::<WsMessage>();
    let (replies, mut refusals) = mpsc::unbounded_channel::<String>();
    let (seen, mut last_seen) = tokio::sync::watch::channel(Instant::now());
    let subscriptions = Arc::new(Subscriptions::default());

    let reader_subscriptions = subscriptions.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = incoming.next().await {
            let _ = seen.send(Instant::now());
            match &message {
                // tungstenite has queued the echo of the client's close frame: the next read
                // sends it (whatever the writer is doing) and then ends the stream.
                Message::Close(_) | Message::Ping(_) | Message::Pong(_) => continue,
                Message::Text(text) => {
                    if let Some(refusal) = reader_subscriptions.admit(text.as_bytes()) {
                        let _ = replies.send(refusal);
                        continue;
                    }
                }
                Message::Binary(_) => {}
            }
            if to_engine.unbounded_send(message.into_data()).is_err() {
                break;
            }
        }
    });

    let seat = Arc::new(Mutex::new(Seat { slot, refused: None }));
    let (state, init_seat) = (http.state.clone(), seat.clone());
    let mut engine = Engine::new(http.api.clone(), engine_input, protocol)
        .connection_data(init::connection_data(peer))
        .on_connection_init(move |payload| async move { init::connection_init(&state, &payload, &init_seat).await });
    let engine = tokio::spawn(async move {
        while let Some(message) = engine.next().await {
            if engine_output.unbounded_send(message).is_err() {
                break;
            }
        }
    });

    let mut said = Said::default();
    let mut shutdown = http.state.shutdown.subscribe(); // hardening: close with 1001 on SIGTERM
    // Pings every KASSA_WS_PING; a client silent for two intervals is dropped.
    let every = http.state.config.ws_ping;
    let mut ping = tokio::time::interval_at(Instant::now() + every, every);
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(init_deadline);
    loop {
        let message = tokio::select! {
            next = from_engine.next() => match next {
                Some(WsMessage::Text(text)) => {
                    subscriptions.track_completion(&text);
                    said.note(&text);
                    Message::Text(text.into())
                }
                Some(WsMessage::Close(code, reason)) => {
                    let frame = over_cap(&seat).unwrap_or_else(|| said.engine_close(code, reason));
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                // The client closed or went away: tungstenite has answered, if there was a close.
                None if reader.is_finished() => break,
                // The engine ended after a legacy connection_error or connection_terminate.
                None => {
                    let frame = over_cap(&seat).unwrap_or_else(|| said.engine_end());
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
            },
            Some(refusal) = refusals.recv() => Message::Text(refusal.into()),
            _ = shutdown.changed() => {
                let _ = sink.send(Message::Close(Some(close(1001, "server is shutting down")))).await;
                break;
            }
            () = &mut init_deadline, if !said.acked => {
                let _ = sink.send(Message::Close(Some(close(4408, "connection initialisation timeout")))).await;
                break;
            }
            _ = ping.tick() => {
                if last_seen.borrow_and_update().elapsed() > every * 2 {
                    tracing::debug!("dropping a websocket client that stopped answering pings");
                    break;
                }
                Message::Ping(Vec::new().into())
            }
        };
        if sink.send(message).await.is_err() {
            break;
        }
    }
    reader.abort();
    engine.abort();
    drop(seat);
}

/// The close frame of a connection_init refused over the per-user cap, if it was.
fn over_cap(seat: &Mutex<Seat>) -> Option<CloseFrame> {
    seat.lock().expect("seat").refused.map(|too_many| close(TooMany::CODE, too_many.reason()))
}
