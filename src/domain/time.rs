use chrono::{DateTime, SecondsFormat, Utc};

/// A time as Kassa writes it everywhere: the DateTime scalar, webhook payloads and the
/// events between instances (RFC 3339 with `Z`, as many fraction digits as it needs; the
/// same as chrono's own `Serialize`).
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
