//! The two GraphQL-over-WebSocket subprotocols: which one a connection speaks, and the
//! cap on its subscriptions.

use std::collections::HashSet;
use std::sync::Mutex;

use async_graphql::http::WebSocketProtocols as Protocols;
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
}
