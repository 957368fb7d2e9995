//! What travels between instances over Redis: JSON, serialised once per event.

use serde::{Deserialize, Serialize};

use super::BalanceEvent;

/// Ends or re-checks subscriptions whose access may have changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Control {
    /// A session was signed out: subscriptions opened with it end.
    SessionRevoked { token_hash: String },
    /// A user's roles changed (cashier added or removed): their subscriptions re-check access.
    AccessChanged { user_id: i64 },
    /// Events may have been missed (the broker reconnected): every subscription re-checks.
    Recheck,
    /// An API key was revoked: every instance forgets it at once.
    ApiKeyRevoked { key_id: i64 },
}

/// One message on the instances' shared channel.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Envelope<T> {
    /// The instance that sent it; it has already delivered the message locally.
    pub(super) from: String,
    #[serde(flatten)]
    pub(super) body: T,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum Body {
    Balance { event: Box<BalanceEvent> },
    Control { control: Control },
}

/// A balance event as the instance `from` publishes it: `from` first, so that its sender
/// tells it from its first bytes (`sent_by`). The benchmark publishes with it too.
pub fn balance_payload(from: &str, event: &BalanceEvent) -> String {
    let envelope = Envelope { from: from.to_owned(), body: BalanceRef { event } };
    serde_json::to_string(&envelope).expect("events serialise")
}

/// `Body::Balance` as it is written, borrowing the event instead of a copy of it.
#[derive(Serialize)]
#[serde(tag = "type", rename = "balance")]
struct BalanceRef<'a> {
    event: &'a BalanceEvent,
}

impl Envelope<Body> {
    pub(super) fn encode(&self) -> String {
        serde_json::to_string(self).expect("events serialise")
    }

    pub(super) fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// Whether `payload` is an envelope `instance` sent (it comes back from Redis to its sender
/// too), told from its first bytes, without decoding the event: `from` is encoded first.
pub(super) fn sent_by(payload: &[u8], instance: &str) -> bool {
    let prefix = br#"{"from":""#;
    payload
        .strip_prefix(prefix.as_slice())
        .and_then(|rest| rest.strip_prefix(instance.as_bytes()))
        .is_some_and(|rest| rest.first() == Some(&b'"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_is_told_from_the_first_bytes() {
        let envelope = Envelope { from: "abc".to_owned(), body: Body::Control { control: Control::Recheck } };
        let payload = envelope.encode();
        assert!(sent_by(payload.as_bytes(), "abc"), "{payload}");
        assert!(!sent_by(payload.as_bytes(), "ab"), "a prefix of the name is another instance");
        assert!(!sent_by(payload.as_bytes(), "abcd"));
        assert_eq!(Envelope::decode(&payload).map(|e| e.from), Some("abc".to_owned()));
    }

    #[test]
    fn a_balance_payload_reads_back_as_the_balance_body_it_stands_for() {
        let wallet = serde_json::json!({ "id": 7, "number": "100000000008", "owner_id": 3, "currency": "RUB",
            "balance": "30.00", "version": 2, "created_at": "2026-12-01T21:00:00Z" });
        let event: BalanceEvent = serde_json::from_value(serde_json::json!({ "wallet": wallet })).unwrap();
        let payload = balance_payload("abc", &event);
        assert!(sent_by(payload.as_bytes(), "abc"), "{payload}");
        let Some(Envelope { from, body: Body::Balance { event: read } }) = Envelope::decode(&payload) else {
            panic!("not a balance envelope: {payload}");
        };
        assert_eq!(from, "abc");
        assert_eq!(serde_json::to_value(&*read).unwrap(), serde_json::to_value(&event).unwrap());
    }
}
