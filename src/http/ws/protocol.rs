//! The GraphQL-over-WebSocket subprotocols: the cap on a connection's subscriptions.

use std::collections::HashSet;
use std::sync::Mutex;

use serde_json::{Value, json};

use crate::error::codes::RATE_LIMITED;

/// Live subscriptions one connection may hold.
pub(super) const MAX_SUBSCRIPTIONS: usize = 32;

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
