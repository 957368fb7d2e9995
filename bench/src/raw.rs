//! The baseline for B4 and B7: a raw tokio-tungstenite server. It speaks just enough
//! graphql-transport-ws for the same subscriber code (ack, one first frame), and
//! re-broadcasts every `next` frame a driver sends to every subscriber, one shared buffer
//! per frame, with no GraphQL, no database and no auth. A frame that starts with
//! `{"type":"next","to":<i>` goes only to the subscriber that signed in as bench customer
//! i (one event, one frame: the pattern of B7), or to nobody when none did.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

const FIRST_FRAME: &str =
    r#"{"type":"next","id":"1","payload":{"data":{"myBalance":{"version":0,"balance":"0.00","transaction":null}}}}"#;

/// The start of a frame for one subscriber.
const ROUTED: &str = r#"{"type":"next","to":"#;

/// Each signed-in bench customer's connection, for routed frames.
type Routes = Arc<Mutex<HashMap<usize, mpsc::UnboundedSender<Utf8Bytes>>>>;

/// Serves until `lifetime` has passed.
pub async fn serve(listen: SocketAddr, lifetime: Duration) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    let (frames, _) = broadcast::channel::<Utf8Bytes>(4096);
    let routes = Routes::default();
    eprintln!("raw-ws-server listening on {listen} for {lifetime:?}");
    let accept = async {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let (frames, routes) = (frames.clone(), routes.clone());
            tokio::spawn(async move {
                let _ = connection(stream, frames, routes).await;
            });
        }
    };
    tokio::select! {
        () = accept => {}
        () = tokio::time::sleep(lifetime) => {}
    }
    Ok(())
}

async fn connection(stream: TcpStream, frames: broadcast::Sender<Utf8Bytes>, routes: Routes) -> anyhow::Result<()> {
    stream.set_nodelay(true)?;
    // Kassa's own settings: tungstenite zero-fills its whole read buffer (128 KiB by
    // default) on every read attempt, which would make this baseline slower than it is.
    let config = WebSocketConfig::default().read_buffer_size(4 * 1024).write_buffer_size(0);
    let ws = tokio_tungstenite::accept_hdr_async_with_config(stream, echo_protocol, Some(config)).await?;
    let (mut sink, mut incoming) = ws.split();
    let mut receiver: Option<broadcast::Receiver<Utf8Bytes>> = None;
    let (routed_in, mut routed) = mpsc::unbounded_channel::<Utf8Bytes>();
    let mut customer = None;
    let ended = loop {
        tokio::select! {
            message = incoming.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    if text.contains("\"connection_init\"") {
                        customer = bench_customer(&text);
                        if let Some(customer) = customer {
                            routes.lock().expect("routes").insert(customer, routed_in.clone());
                        }
                        sink.send(Message::text(r#"{"type":"connection_ack"}"#)).await?;
                    } else if text.contains("\"subscribe\"") {
                        receiver = Some(frames.subscribe());
                        sink.send(Message::text(FIRST_FRAME)).await?;
                    } else if let Some(to) = routed_to(&text) {
                        let route = routes.lock().expect("routes").get(&to).cloned();
                        if let Some(route) = route {
                            let _ = route.send(text);
                        }
                    } else if text.starts_with("{\"type\":\"next\"") {
                        let _ = frames.send(text);
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break Ok(()),
                Some(Ok(_)) => {}
            },
            frame = recv(&mut receiver) => match frame {
                Ok(frame) => sink.send(Message::Text(frame)).await?,
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break Ok(()),
            },
            Some(frame) = routed.recv() => sink.send(Message::Text(frame)).await?,
        }
    };
    if let Some(customer) = customer {
        routes.lock().expect("routes").remove(&customer);
    }
    ended
}

/// The bench customer a connection_init's token names (`kassa_bench_customer_<i>`).
fn bench_customer(init: &str) -> Option<usize> {
    let rest = &init[init.find("kassa_bench_customer_")? + "kassa_bench_customer_".len()..];
    rest[..rest.find(|c: char| !c.is_ascii_digit())?].parse().ok()
}

/// The customer a routed frame is for.
fn routed_to(frame: &str) -> Option<usize> {
    let rest = frame.strip_prefix(ROUTED)?;
    rest[..rest.find(',')?].parse().ok()
}

/// Answers with the first subprotocol the client offered (graphql-transport-ws).
#[allow(clippy::result_large_err)] // the callback's signature is tungstenite's
fn echo_protocol(request: &Request, mut response: Response) -> Result<Response, ErrorResponse> {
    if let Some(protocol) = request.headers().get("Sec-WebSocket-Protocol") {
        let first = protocol.to_str().unwrap_or_default().split(',').next().unwrap_or_default().trim();
        if let Ok(value) = HeaderValue::from_str(first) {
            response.headers_mut().insert("Sec-WebSocket-Protocol", value);
        }
    }
    Ok(response)
}

async fn recv(receiver: &mut Option<broadcast::Receiver<Utf8Bytes>>) -> Result<Utf8Bytes, broadcast::error::RecvError> {
    match receiver {
        Some(receiver) => receiver.recv().await,
        None => std::future::pending().await,
    }
}
