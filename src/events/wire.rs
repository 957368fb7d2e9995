//! What travels between instances over Redis: JSON, serialised once per event.

use serde::{Deserialize, Serialize};

use super::BalanceEvent;

/// Ends or re-checks subscriptions whose access may have changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Control {
    /// A session was signed out: subscriptions opened with it end.
    SessionRevoked { token_hash: String },
    /// A user's roles changed (cashier removed): their subscriptions re-check access.
    AccessChanged { user_id: i64 },
    /// Events may have been missed (the broker reconnected): every subscription re-checks.
    Recheck,
}

/// One message on the instances' shared channel.
#[derive(Debug, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The instance that sent it; it has already delivered the message locally.
    pub from: String,
    #[serde(flatten)]
    pub body: T,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    Balance { event: Box<BalanceEvent> },
    Control { control: Control },
}

impl Envelope<Body> {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("events serialise")
    }

    pub fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}
