//! The two GraphQL-over-WebSocket subprotocols: which one a connection speaks, the cap on
//! its subscriptions, and the close codes it ends with.

use std::collections::HashSet;
use std::sync::Mutex;

use async_graphql::http::WebSocketProtocols as Protocols;
use axum::extract::ws::CloseFrame;
use axum::http::HeaderValue;
use serde_json::{Value, json};

use crate::error::codes::RATE_LIMITED;

/// Live subscriptions one connection may hold.
pub(super) const MAX_SUBSCRIPTIONS: usize = 32;

/// graphql-transport-ws when the client offers it, wherever it is in the list; else the
/// legacy graphql-ws; None when it offers neither. The handshake answers this one and the
/// engine speaks it, so both always agree (axum alone picks by the server's order, the
/// engine by the client's).
pub(super) fn choose<'a>(offered: impl IntoIterator<Item = &'a HeaderValue>) -> Option<Protocols> {
    let offered: Vec<&HeaderValue> = offered.into_iter().collect();
    [Protocols::GraphQLWS, Protocols::SubscriptionsTransportWS]
        .into_iter()
        .find(|protocol| offered.iter().any(|name| name.as_bytes() == protocol.sec_websocket_protocol().as_bytes()))
}

/// A close frame.
pub(super) fn close(code: u16, reason: &str) -> CloseFrame {
    CloseFrame { code, reason: reason.into() }
}

/// What the connection has said so far, to pick the code it closes with.
#[derive(Default)]
pub(super) struct Said {
    /// connection_ack went out.
    pub(super) acked: bool,
    /// A legacy connection_error went out (the engine then ends the stream).
    pub(super) connection_error: bool,
}

impl Said {
    /// Notes a text frame from the engine (which writes the type first).
    pub(super) fn note(&mut self, text: &str) {
        self.acked = self.acked || text.starts_with(r#"{"type":"connection_ack""#);
        self.connection_error = self.connection_error || text.starts_with(r#"{"type":"connection_error""#);
    }

    /// The frame for a close the engine asked for. A refused connection_init is
    /// "Forbidden" (4403) in graphql-transport-ws; the engine says 1002.
    pub(super) fn engine_close(&self, code: u16, reason: String) -> CloseFrame {
        let code = if !self.acked && code == 1002 { 4403 } else { code };
        CloseFrame { code, reason: reason.into() }
    }

    /// The frame for an engine that ended its stream: after a legacy connection_error
    /// the same codes as graphql-transport-ws (4403 refused, 4429 a second init), else a
    /// normal close (the client sent connection_terminate).
    pub(super) fn engine_end(&self) -> CloseFrame {
        match (self.connection_error, self.acked) {
            (true, false) => close(4403, "Forbidden"),
            (true, true) => close(4429, "Too many initialisation requests."),
            (false, _) => close(1000, ""),
        }
    }
}

/// The ids of a connection's live subscriptions, capped at [`MAX_SUBSCRIPTIONS`].
#[derive(Default)]
pub(super) struct Subscriptions(Mutex<HashSet<String>>);

impl Subscriptions {
    /// Counts subscribe/start messages; refuses one over the cap with an error for its id
    /// (graphql-transport-ws sends a list of errors, the legacy protocol one error; both
    /// use the type "error").
    pub(super) fn admit(&self, bytes: &[u8]) -> Option<String> {
        let message: Value = serde_json::from_slice(bytes).ok()?;
        let id = message.get("id").and_then(Value::as_str).map(str::to_owned);
        let mut active = self.0.lock().expect("subscription set");
        match (message.get("type").and_then(Value::as_str), id) {
            (Some("subscribe" | "start"), Some(id)) => {
                if active.len() >= MAX_SUBSCRIPTIONS && !active.contains(&id) {
                    let error = json!({
                        "message": format!("at most {MAX_SUBSCRIPTIONS} subscriptions per connection"),
                        "extensions": { "code": RATE_LIMITED }
                    });
                    let legacy = message.get("type").and_then(Value::as_str) == Some("start");
                    let payload = if legacy { error } else { json!([error]) };
                    return Some(json!({ "type": "error", "id": id, "payload": payload }).to_string());
                }
                active.insert(id);
            }
            (Some("complete" | "stop"), Some(id)) => {
                active.remove(&id);
            }
            _ => {}
        }
        None
    }

    /// Frees a slot when the server completes a subscription.
    pub(super) fn track_completion(&self, text: &str) {
        if !(text.contains("\"complete\"") || text.contains("\"error\"")) {
            return;
        }
        let Ok(message) = serde_json::from_str::<Value>(text) else { return };
        if let (Some("complete" | "error"), Some(id)) =
            (message.get("type").and_then(Value::as_str), message.get("id").and_then(Value::as_str))
        {
            self.0.lock().expect("subscription set").remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(header: &str) -> Option<&'static str> {
        let values: Vec<HeaderValue> =
            header.split(',').map(|name| HeaderValue::from_str(name.trim()).unwrap()).collect();
        choose(&values).map(|protocol| protocol.sec_websocket_protocol())
    }

    #[test]
    fn graphql_transport_ws_wins_wherever_it_is_offered() {
        assert_eq!(offer("graphql-ws, graphql-transport-ws"), Some("graphql-transport-ws"));
        assert_eq!(offer("graphql-transport-ws, graphql-ws"), Some("graphql-transport-ws"));
        assert_eq!(offer("graphql-ws"), Some("graphql-ws"));
        assert_eq!(offer("soap, graphql-ws"), Some("graphql-ws"));
        assert_eq!(offer("soap"), None);
    }

    #[test]
    fn a_legacy_refusal_closes_like_graphql_transport_ws() {
        let mut said = Said::default();
        said.note(r#"{"type":"connection_error","payload":{"message":"unauthenticated"}}"#);
        assert_eq!(said.engine_end().code, 4403);
        let mut said = Said::default();
        said.note(r#"{"type":"connection_ack"}"#);
        assert_eq!(said.engine_end().code, 1000);
        assert_eq!(said.engine_close(1002, "bad message".into()).code, 1002, "after the ack, as the engine says");
    }
}
