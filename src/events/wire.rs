//! What travels between instances over Redis: JSON, serialised once per event.

use std::fmt;

use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};
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

/// One message on the instances' shared channel, as it is written.
#[derive(Debug, Serialize)]
pub(super) struct Envelope<T> {
    /// The instance that sent it; it has already delivered the message locally.
    pub(super) from: String,
    #[serde(flatten)]
    pub(super) body: T,
}

/// What an envelope carries besides a balance event (`balance_payload` writes those).
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum Body {
    Control { control: Control },
}

/// A balance event as the instance `from` publishes it: `from` first, so that its sender
/// tells it from its first bytes (`sent_by`), and the wallet's id before the event, so that
/// an instance where nobody watches that wallet skips the event without decoding it
/// (`decode`). The benchmark publishes with it too.
pub fn balance_payload(from: &str, event: &BalanceEvent) -> String {
    let envelope = Envelope { from: from.to_owned(), body: BalanceRef { wallet: event.wallet.id, event } };
    serde_json::to_string(&envelope).expect("events serialise")
}

/// `Body::Balance` as it is written, borrowing the event instead of a copy of it. An
/// instance of an earlier version reads it as `Body::Balance` (it ignores `wallet`).
#[derive(Serialize)]
#[serde(tag = "type", rename = "balance")]
struct BalanceRef<'a> {
    wallet: i64,
    event: &'a BalanceEvent,
}

impl Envelope<Body> {
    pub(super) fn encode(&self) -> String {
        serde_json::to_string(self).expect("events serialise")
    }
}

/// A message from the shared channel, decoded.
#[derive(Debug)]
pub(super) enum Message {
    Balance(Box<BalanceEvent>),
    Control(Control),
}

/// The sender and the message of an envelope, or None for one that is malformed. The event
/// is decoded straight from the text: serde's `flatten` and internal tags would first copy
/// the whole envelope into a tree of its own and decode that (27,600 instructions an event,
/// more than half of it the copy), on every instance, for every event. An event nobody
/// here watches is skipped before this, on its first bytes (`wallet_of`).
pub(super) fn decode(text: &str) -> Option<(String, Message)> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let decoded = reader.deserialize_map(Read).ok()?;
    reader.end().ok()?;
    Some(decoded)
}

/// The envelope's keys, in any order; `event` is the balance body's, `control` the control
/// body's (the balance body's `wallet` is for `wallet_of`, and read here as any other key).
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    From,
    Type,
    Event,
    Control,
    #[serde(other)]
    Other,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Balance,
    Control,
}

struct Read;

impl<'de> Visitor<'de> for Read {
    type Value = (String, Message);

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an event envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut from, mut tag, mut message) = (None, None, None);
        while let Some(key) = map.next_key()? {
            match key {
                Key::From => from = Some(map.next_value::<String>()?),
                Key::Type => tag = Some(map.next_value::<Tag>()?),
                Key::Event => message = Some(Message::Balance(map.next_value()?)),
                Key::Control => message = Some(Message::Control(map.next_value()?)),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let from = from.ok_or_else(|| de::Error::missing_field("from"))?;
        let message = message.ok_or_else(|| de::Error::missing_field("event"))?;
        let expected = match message {
            Message::Balance(_) => Tag::Balance,
            Message::Control(_) => Tag::Control,
        };
        if tag != Some(expected) {
            return Err(de::Error::custom("the envelope's type does not match its body"));
        }
        Ok((from, message))
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

/// The wallet of a balance payload as `balance_payload` lays it out
/// (`{"from":"…","type":"balance","wallet":7,"event":…`), read from its first bytes; None
/// for any other layout, which `decode` then reads in full. An instance skips the event of
/// a wallet nobody there watches on this alone, without parsing the rest (690
/// instructions an event in all, where reading one costs 15,800).
pub(super) fn wallet_of(payload: &[u8]) -> Option<i64> {
    let rest = payload.strip_prefix(br#"{"from":""#.as_slice())?;
    let end = rest.iter().position(|&byte| byte == b'"' || byte == b'\\')?;
    let rest = rest[end..].strip_prefix(br#"","type":"balance","wallet":"#.as_slice())?;
    let end = rest.iter().position(|&byte| byte == b',')?;
    rest[end..].starts_with(br#","event":"#).then_some(())?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// An event of `wallet_id`, as the hub's tests publish it too.
    pub(in crate::events) fn event(wallet_id: i64) -> BalanceEvent {
        let wallet = serde_json::json!({ "id": wallet_id, "number": "100000000008", "owner_id": 3,
            "currency": "RUB", "balance": "30.00", "version": 2, "created_at": "2026-12-01T21:00:00Z" });
        serde_json::from_value(serde_json::json!({ "wallet": wallet })).unwrap()
    }

    fn same(a: &BalanceEvent, b: &BalanceEvent) -> bool {
        serde_json::to_value(a).unwrap() == serde_json::to_value(b).unwrap()
    }

    /// The envelope as an instance of the previous version reads and writes it.
    mod earlier {
        use super::super::{BalanceEvent, Control};

        #[derive(serde::Serialize, serde::Deserialize)]
        pub struct Envelope {
            pub from: String,
            #[serde(flatten)]
            pub body: Body,
        }

        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Body {
            Balance { event: Box<BalanceEvent> },
            Control { control: Control },
        }
    }

    #[test]
    fn the_sender_is_told_from_the_first_bytes() {
        let envelope = Envelope { from: "abc".to_owned(), body: Body::Control { control: Control::Recheck } };
        let payload = envelope.encode();
        assert!(sent_by(payload.as_bytes(), "abc"), "{payload}");
        assert!(!sent_by(payload.as_bytes(), "ab"), "a prefix of the name is another instance");
        assert!(!sent_by(payload.as_bytes(), "abcd"));
        let Some((from, Message::Control(Control::Recheck))) = decode(&payload) else {
            panic!("not read back: {payload}");
        };
        assert_eq!(from, "abc");
    }

    #[test]
    fn a_balance_payload_reads_back_as_the_event_it_stands_for() {
        let event = event(7);
        let payload = balance_payload("abc", &event);
        assert!(sent_by(payload.as_bytes(), "abc"), "{payload}");
        let Some((from, Message::Balance(read))) = decode(&payload) else {
            panic!("not a balance envelope: {payload}");
        };
        assert_eq!(from, "abc");
        assert!(same(&read, &event), "{payload}");
    }

    #[test]
    fn an_event_of_a_wallet_nobody_here_watches_is_skipped_unread() {
        // Not an event at all: reading it would fail, so its wallet comes from the first
        // bytes alone.
        let payload = r#"{"from":"abc","type":"balance","wallet":7,"event":{"not":"an event"}}"#;
        assert_eq!(wallet_of(payload.as_bytes()), Some(7));
        assert!(decode(payload).is_none(), "a watched wallet's event is read, and this one is malformed");
    }

    #[test]
    fn an_earlier_instance_and_this_one_read_each_other() {
        let event = event(7);
        // Theirs, without the wallet's id up front: read whole, whoever watches.
        let theirs = serde_json::to_string(&earlier::Envelope {
            from: "old".to_owned(),
            body: earlier::Body::Balance { event: Box::new(event.clone()) },
        })
        .unwrap();
        let Some((_, Message::Balance(read))) = decode(&theirs) else { panic!("not read: {theirs}") };
        assert!(same(&read, &event));
        // Ours, with it: they ignore the key they do not know.
        let ours = balance_payload("new", &event);
        let read: earlier::Envelope = serde_json::from_str(&ours).unwrap();
        let earlier::Body::Balance { event: read } = read.body else { panic!("not a balance body: {ours}") };
        assert!(same(&read, &event));
        let control = Envelope { from: "new".to_owned(), body: Body::Control { control: Control::Recheck } }.encode();
        let read: earlier::Envelope = serde_json::from_str(&control).unwrap();
        assert!(matches!(read.body, earlier::Body::Control { control: Control::Recheck }));
    }

    #[test]
    fn the_wallet_is_read_from_the_first_bytes_of_this_version_s_layout_only() {
        let payload = balance_payload("0123abcd", &event(70_001));
        assert_eq!(wallet_of(payload.as_bytes()), Some(70_001), "{payload}");
        let earlier = serde_json::to_string(&earlier::Envelope {
            from: "old".to_owned(),
            body: earlier::Body::Balance { event: Box::new(event(7)) },
        })
        .unwrap();
        let control = Envelope { from: "x".to_owned(), body: Body::Control { control: Control::Recheck } }.encode();
        for other in [
            earlier.as_str(),
            control.as_str(),
            r#"{"from":"a\"b","type":"balance","wallet":7,"event":{}}"#,
            r#"{"from":"a","type":"balance","wallet":7x,"event":{}}"#,
            r#"{"from":"a","type":"balance","wallet":7,"other":1,"event":{}}"#,
            r#"{"from":"a","type":"balance","wallet":7"#,
        ] {
            assert_eq!(wallet_of(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn keys_are_read_in_any_order() {
        let event = serde_json::to_string(&event(7)).unwrap();
        let payload = format!(r#"{{"event":{event},"extra":[1,{{"a":2}}],"type":"balance","from":"abc","wallet":7}}"#);
        assert!(matches!(decode(&payload), Some((_, Message::Balance(_)))), "{payload}");
    }

    #[test]
    fn a_malformed_envelope_is_refused() {
        let event = serde_json::to_string(&event(7)).unwrap();
        for payload in [
            format!(r#"{{"from":"abc","type":"control","event":{event}}}"#),
            format!(r#"{{"type":"balance","event":{event}}}"#),
            format!(r#"{{"from":"abc","event":{event}}}"#),
            format!(r#"{{"from":"abc","type":"balance","event":{event}}} trailing"#),
            r#"{"from":"abc","type":"balance"}"#.to_owned(),
            r#"{"from":"abc","type":"gossip","control":{"kind":"recheck"}}"#.to_owned(),
            r#"["abc"]"#.to_owned(),
        ] {
            assert!(decode(&payload).is_none(), "{payload}");
        }
    }
}
