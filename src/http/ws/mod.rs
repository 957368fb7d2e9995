//! GET /graphql/ws: subscriptions over graphql-transport-ws or the legacy graphql-ws.
//!
//! The token comes in the connection_init payload: {"authorization": "Bearer <token>"}. A
//! missing or bad token gets no connection_ack: close code 4403 (graphql-transport-ws), or
//! connection_error and then 4403 (graphql-ws). async-graphql's protocol engine runs in the
//! serve loop, between the reader (liveness, the subscription cap, the client's close) and
//! the writer (a bounded queue, a write timeout), all in the connection's one task: a
//! frame wakes no other task, and an idle connection keeps one task's state (B6). The loop
//! never waits on the socket: a client that stops reading is dropped with 1008 while
//! pings, deadlines and shutdown keep working. Sockets are capped per client address and
//! per user (4429).

mod init;
mod limits;
mod protocol;
mod reader;
mod writer;

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
use futures::StreamExt;
use futures::future::{Either, OptionFuture};
use futures::stream::SplitStream;
use tokio::time::Instant;

use super::{Http, Peer};
use init::Seat;
pub(crate) use limits::Sockets;
use limits::{Slot, TooMany};
use protocol::{Said, close};
use reader::{Heard, Incoming};
use writer::{Sink, Stopped, Writer};

/// The largest message a client may send.
const MAX_MESSAGE: usize = 64 * 1024;
/// The buffer a connection reads into, kept for its whole life (see `upgrade`): client
/// messages are a few hundred bytes; a larger one grows it as far as it needs.
const READ_BUFFER: usize = 512;
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
    if *http.state.shutdown.borrow() {
        // Draining: a socket opened now would be cut at exit; the client reconnects elsewhere.
        return (StatusCode::SERVICE_UNAVAILABLE, "server is shutting down").into_response();
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
        // No async block around these: whatever it captured (the socket among it) would
        // stay in every connection's state next to the copy moved on (B6).
        .on_upgrade(move |socket| {
            let client = Client { peer, protocol, since: Instant::now() };
            match slot {
                Ok(slot) => Either::Left(serve(http, socket, client, slot)),
                Err(too_many) => Either::Right(refuse(http, socket, client, too_many)),
            }
        })
}

/// Who is on the other end, for the logs.
#[derive(Clone, Copy)]
struct Client {
    peer: Option<SocketAddr>,
    protocol: Protocols,
    since: Instant,
}

/// A socket over the per-address cap: its close frame says why.
async fn refuse(http: Http, mut socket: WebSocket, client: Client, too_many: TooMany) {
    let limit = http.state.config.ws_max_per_address;
    tracing::info!(peer = ?client.peer, limit, "websocket refused: {}", too_many.reason());
    let frame = Message::Close(Some(close(TooMany::CODE, too_many.reason())));
    let _ = tokio::time::timeout(http.state.config.ws_write_timeout, socket.send(frame)).await;
}

/// How the serve loop ended.
enum End {
    /// In order: what is queued, then this close frame.
    Close(CloseFrame),
    /// The client is `ws_max_queue` frames behind.
    Behind,
    /// The writer stopped on its own (the socket failed, or a write stalled).
    Writer(Stopped, Sink),
    /// The client closed, went away or stopped answering pings: nothing more to send.
    Gone,
}

/// Splits the socket before the connection's future is made: an async fn keeps its
/// arguments for as long as it runs, and the halves are all it needs (B6).
fn serve(http: Http, socket: WebSocket, client: Client, slot: Slot) -> impl Future<Output = ()> {
    let (sink, incoming) = socket.split();
    run(http, sink, incoming, client, slot)
}

async fn run(http: Http, sink: Sink, incoming: SplitStream<WebSocket>, client: Client, slot: Slot) {
    let config = &http.state.config;
    let mut writer = Writer::start(sink, config.ws_max_queue, config.ws_write_timeout);
    let heard = Arc::new(Heard::new());
    let seat = Arc::new(Mutex::new(Seat { slot, refused: None }));
    let (state, init_seat) = (http.state.clone(), seat.clone());
    let mut engine = Engine::new(http.api.clone(), Incoming::new(incoming, heard.clone()), client.protocol)
        .connection_data(init::connection_data(client.peer))
        .on_connection_init(move |payload| async move { init::connection_init(&state, &payload, &init_seat).await });

    let mut said = Said::default();
    let mut shutdown = http.state.shutdown.subscribe(); // hardening: close with 1001 on SIGTERM
    let mut shutting_down = std::pin::pin!(shutdown.changed());
    // Pings every KASSA_WS_PING; a client silent for two intervals is dropped.
    let every = config.ws_ping;
    let mut ping = tokio::time::interval_at(Instant::now() + every, every);
    // Boxed, and dropped at connection_ack: no idle connection keeps its timer.
    let mut init_deadline = Some(Box::pin(tokio::time::sleep(INIT_TIMEOUT)));
    let end = loop {
        let frame = tokio::select! {
            next = engine.next() => match next {
                Some(WsMessage::Text(text)) => {
                    heard.subscriptions.track_completion(&text);
                    said.note(&text);
                    if said.acked {
                        init_deadline = None;
                    }
                    Message::Text(text.into())
                }
                Some(WsMessage::Close(code, reason)) => {
                    break End::Close(over_cap(&seat).unwrap_or_else(|| said.engine_close(code, reason)));
                }
                None if heard.gone() => break End::Gone,
                None => break End::Close(over_cap(&seat).unwrap_or_else(|| said.engine_end())),
            },
            refusal = std::future::poll_fn(|_| heard.refusal()) => Message::Text(refusal.into()),
            (stopped, sink) = writer.stopped() => break End::Writer(stopped, sink),
            _ = &mut shutting_down => break End::Close(close(1001, "server is shutting down")),
            Some(()) = OptionFuture::from(init_deadline.as_mut()), if init_deadline.is_some() => break End::Close(close(4408, "connection initialisation timeout")),
            _ = ping.tick() => {
                if heard.silent_for() > every * 2 {
                    tracing::debug!("dropping a websocket client that stopped answering pings");
                    break End::Gone;
                }
                Message::Ping(Bytes::new())
            }
        };
        if !writer.push(frame).await {
            break End::Behind;
        }
    };
    // The subscriptions end now; the slot is held until the socket is closed.
    drop(engine);
    let user_id = seat.lock().expect("seat").slot.user();
    // Boxed: its close paths are only needed once, not kept in every idle connection's state.
    Box::pin(end_with(end, writer, &http, client, user_id)).await;
    drop(seat);
}

/// Closes as the serve loop ended; a client too slow to read is logged once.
async fn end_with(end: End, writer: Writer, http: &Http, client: Client, user_id: Option<i64>) {
    let config = &http.state.config;
    let (peer, protocol, connected_for) =
        (client.peer, client.protocol.sec_websocket_protocol(), client.since.elapsed());
    match end {
        End::Close(frame) => writer.finish(frame).await,
        End::Behind => {
            let queued = config.ws_max_queue;
            tracing::warn!(?peer, user_id, protocol, ?connected_for, queued, "dropping a websocket client: too slow");
            writer.drop_now(close(1008, &format!("client too slow: {queued} frames behind"))).await;
        }
        End::Writer(Stopped::Stalled, sink) => {
            let blocked_for = config.ws_write_timeout;
            tracing::warn!(
                ?peer,
                user_id,
                protocol,
                ?connected_for,
                ?blocked_for,
                "dropping a websocket client: too slow"
            );
            let frame = close(1008, &format!("client too slow: a write blocked for {blocked_for:?}"));
            writer::send_close(sink, frame, config.ws_write_timeout).await;
        }
        End::Writer(..) | End::Gone => {}
    }
}

/// The close frame of a connection_init refused over the per-user cap, if it was.
fn over_cap(seat: &Mutex<Seat>) -> Option<CloseFrame> {
    seat.lock().expect("seat").refused.map(|too_many| close(TooMany::CODE, too_many.reason()))
}
