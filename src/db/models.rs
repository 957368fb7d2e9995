//! Rows as they are stored. Services turn them into answers; nothing here has rules.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::schema::{
    api_keys, audit_log, cashiers, holds, payment_notifications, payment_system_bindings, top_up_invoices,
    transactions, users, wallet_changes, wallets, webhook_attempts, webhook_endpoints,
};

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
    /// The portal's `sub` for users who come from the portal's sign-in.
    pub external_id: Option<String>,
}

/// A user with the role that lives in another table.
#[derive(Clone, Debug)]
pub struct User {
    pub row: UserRow,
    pub is_cashier: bool,
}

impl User {
    /// A user row joined with its cashier row, if any.
    pub fn from_row((row, cashier): (UserRow, Option<i64>)) -> Self {
        Self { row, is_cashier: cashier.is_some() }
    }
}

#[derive(Queryable, Selectable, Clone, Debug, Serialize, Deserialize)]
#[diesel(table_name = wallets, check_for_backend(diesel::pg::Pg))]
pub struct WalletRow {
    pub id: i64,
    pub number: String,
    pub owner_id: i64,
    pub currency: String,
    pub balance: Decimal,
    pub version: i64,
    #[serde(serialize_with = "wire_time", deserialize_with = "read_wire_time")]
    pub created_at: DateTime<Utc>,
    /// The sum of the wallet's active holds (absent in events from older instances: 0).
    #[serde(default)]
    pub held: Decimal,
}

impl WalletRow {
    /// The wallet as `transaction` left it: its balance, held amount and version right after it.
    pub fn as_of(&self, transaction: &TransactionRow) -> Self {
        Self {
            balance: transaction.balance_after,
            held: transaction.held_after,
            version: transaction.wallet_version,
            ..self.clone()
        }
    }

    /// The wallet as a hold's change left it.
    pub fn as_of_change(&self, change: &WalletChangeRow) -> Self {
        Self { balance: change.balance_after, held: change.held_after, version: change.wallet_version, ..self.clone() }
    }

    /// What can be paid, written off or held now: balance minus held.
    pub fn available(&self) -> Decimal {
        self.balance - self.held
    }
}

#[derive(Queryable, Selectable, QueryableByName, Clone, Debug, Serialize, Deserialize)]
#[diesel(table_name = transactions, check_for_backend(diesel::pg::Pg))]
pub struct TransactionRow {
    pub id: i64,
    pub kind: String,
    pub amount: Decimal,
    pub wallet_id: i64,
    pub balance_after: Decimal,
    pub wallet_version: i64,
    pub performed_by: i64,
    pub payment_system_id: Option<i64>,
    pub reference: Option<String>,
    pub comment: Option<String>,
    pub refund_of: Option<i64>,
    pub idempotency_key: String,
    /// Only the database's copy decides a replay (`moves::flow`): an event carries `[]`.
    #[serde(serialize_with = "not_on_the_wire", default)]
    pub request_hash: Vec<u8>,
    #[serde(serialize_with = "wire_time", deserialize_with = "read_wire_time")]
    pub created_at: DateTime<Utc>,
    /// The online top-up invoice this TOP_UP paid.
    #[serde(default)]
    pub invoice_id: Option<i64>,
    /// The wallet's held amount right after this transaction.
    #[serde(default)]
    pub held_after: Decimal,
}

/// Funds reserved on a wallet for an order (see migrations/…_holds).
#[derive(Queryable, Selectable, QueryableByName, Clone, Debug)]
#[diesel(table_name = holds, check_for_backend(diesel::pg::Pg))]
pub struct HoldRow {
    pub id: i64,
    pub wallet_id: i64,
    pub amount: Decimal,
    pub status: String,
    pub order_reference: String,
    pub description: Option<String>,
    pub payment_id: Option<i64>,
    pub captured_amount: Option<Decimal>,
    pub created_by: Option<i64>,
    pub created_by_key_id: Option<i64>,
    pub idempotency_key: String,
    pub request_hash: Vec<u8>,
    pub released_by: Option<i64>,
    pub released_by_key_id: Option<i64>,
    pub release_key: Option<String>,
    pub release_hash: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub released_at: Option<DateTime<Utc>>,
}

/// A wallet version a hold made (created, voided, expired): no transaction row has it.
#[derive(Queryable, Selectable, QueryableByName, Clone, Debug, Serialize, Deserialize)]
#[diesel(table_name = wallet_changes, check_for_backend(diesel::pg::Pg))]
pub struct WalletChangeRow {
    pub id: i64,
    pub wallet_id: i64,
    pub wallet_version: i64,
    pub hold_id: i64,
    pub status: String,
    pub balance_after: Decimal,
    pub held_after: Decimal,
    #[serde(serialize_with = "wire_time", deserialize_with = "read_wire_time")]
    pub created_at: DateTime<Utc>,
}

/// A timestamp in an event, in the bytes chrono's own `Serialize` writes, formatted into one
/// string first: chrono's goes through serde_json's `collect_str`, which escapes each small
/// piece the formatter writes apart, and cost a fifth of an event's JSON
/// (docs/benchmarks.md, change 27).
fn wire_time<S: serde::Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::domain::rfc3339(*at))
}

/// A time in an event, read fast in the form `wire_time` writes (`domain::parse_rfc3339`).
fn read_wire_time<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    struct Time;
    impl serde::de::Visitor<'_> for Time {
        type Value = DateTime<Utc>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("an RFC 3339 time")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            crate::domain::parse_rfc3339(text).ok_or_else(|| E::custom(format!("not an RFC 3339 time: {text}")))
        }
    }
    deserializer.deserialize_str(Time)
}

/// A request's fingerprint in an event: an empty list, which an instance of an earlier
/// version reads as it read the 32 numbers it used to get (it never used them either).
fn not_on_the_wire<S: serde::Serializer>(_: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    serializer.serialize_seq(Some(0))?.end()
}

/// A payment-system binding. Its secrets are stored sealed and never printed: `Debug`
/// says only whether each is present.
#[derive(Queryable, Selectable, Clone)]
#[diesel(table_name = payment_system_bindings, check_for_backend(diesel::pg::Pg))]
pub struct PaymentSystemRow {
    pub id: i64,
    pub provider: String,
    pub name: String,
    pub enabled: bool,
    pub merchant_id: Option<String>,
    pub secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub payment_secret: Option<String>,
    pub hash_algorithm: String,
    pub test_mode: bool,
}

impl std::fmt::Debug for PaymentSystemRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymentSystemRow")
            .field("id", &self.id)
            .field("provider", &self.provider)
            .field("name", &self.name)
            .field("enabled", &self.enabled)
            .field("merchant_id", &self.merchant_id)
            .field("secret", &self.secret.as_ref().map(|_| "<sealed>"))
            .field("payment_secret", &self.payment_secret.as_ref().map(|_| "<sealed>"))
            .field("hash_algorithm", &self.hash_algorithm)
            .field("test_mode", &self.test_mode)
            .finish()
    }
}

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = cashiers, check_for_backend(diesel::pg::Pg))]
pub struct CashierRow {
    pub user_id: i64,
    pub added_by: Option<i64>,
    pub added_at: DateTime<Utc>,
}

/// An online top-up: what the customer started and what the payment system said.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = top_up_invoices, check_for_backend(diesel::pg::Pg))]
pub struct InvoiceRow {
    pub id: i64,
    pub wallet_id: i64,
    pub payment_system_id: i64,
    pub amount: Decimal,
    pub currency: String,
    pub status: String,
    pub payment_url: String,
    pub external_id: Option<String>,
    pub paid_amount: Option<Decimal>,
    pub review_reason: Option<String>,
    pub duplicate_of: Option<i64>,
    pub created_by: i64,
    pub idempotency_key: String,
    pub request_hash: Vec<u8>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
}

/// One notification as it reached Kassa, and what Kassa made of it.
#[derive(Insertable, Clone, Debug)]
#[diesel(table_name = payment_notifications, check_for_backend(diesel::pg::Pg))]
pub struct NewNotificationRow {
    pub payment_system_id: Option<i64>,
    pub provider: Option<String>,
    pub source_address: String,
    pub method: String,
    pub body: String,
    pub verdict: String,
    pub detail: Option<String>,
    pub invoice_id: Option<i64>,
    pub external_id: Option<String>,
}

/// One entry of the append-only audit log.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditRow {
    pub id: i64,
    pub action: String,
    pub actor_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub subject_payment_system_id: Option<i64>,
    pub details: String,
    pub created_at: DateTime<Utc>,
}

/// An API key of the portal's back end, without its secret's hash (which never leaves
/// the authentication query).
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    /// Known scopes only: the table's check refuses any other.
    pub scopes: Vec<Option<String>>,
    pub prefix: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A webhook endpoint of the portal; its signing secret is sealed.
#[derive(Queryable, Selectable, Clone)]
#[diesel(table_name = webhook_endpoints, check_for_backend(diesel::pg::Pg))]
pub struct WebhookEndpointRow {
    pub id: i64,
    pub url: String,
    pub events: Vec<Option<String>>,
    pub signing_secret: String,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// One attempt to deliver a webhook, as the delivery log shows it.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = webhook_attempts, check_for_backend(diesel::pg::Pg))]
pub struct WebhookAttemptRow {
    pub id: i64,
    pub delivery_id: i64,
    pub endpoint_id: i64,
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_timestamp_is_written_as_chronos_serde_writes_it() {
        #[derive(Serialize)]
        struct Wire(#[serde(serialize_with = "wire_time", deserialize_with = "read_wire_time")] DateTime<Utc>);
        let base = DateTime::parse_from_rfc3339("2026-12-03T07:20:11Z").unwrap().to_utc();
        for nanos in [0, 100_000_000, 123_000_000, 123_400_000, 664_317_000, 1_000, 123_456_789, 5] {
            let at = base + chrono::Duration::nanoseconds(nanos);
            assert_eq!(serde_json::to_string(&Wire(at)).unwrap(), serde_json::to_string(&at).unwrap(), "{nanos} ns");
        }
        let early = DateTime::parse_from_rfc3339("0099-01-02T03:04:05.5Z").unwrap().to_utc();
        assert_eq!(serde_json::to_string(&Wire(early)).unwrap(), serde_json::to_string(&early).unwrap());
    }

    #[test]
    fn an_event_carries_no_fingerprint_and_reads_one_from_an_earlier_version() {
        let row = TransactionRow {
            id: 7,
            kind: "TOP_UP".to_owned(),
            amount: Decimal::new(500, 2),
            wallet_id: 3,
            balance_after: Decimal::new(1500, 2),
            wallet_version: 2,
            performed_by: 1,
            payment_system_id: Some(1),
            reference: Some("R-1".to_owned()),
            comment: None,
            refund_of: None,
            idempotency_key: "key-1".to_owned(),
            request_hash: vec![0xAB; 32],
            created_at: Utc::now(),
            invoice_id: None,
            held_after: Decimal::ZERO,
        };
        let mut wire = serde_json::to_value(&row).unwrap();
        assert_eq!(wire["request_hash"], serde_json::json!([]), "{wire}");
        let read: TransactionRow = serde_json::from_value(wire.clone()).unwrap();
        assert!(read.request_hash.is_empty());
        assert_eq!((read.id, read.amount, read.idempotency_key), (7, Decimal::new(500, 2), "key-1".to_owned()));
        // What an instance of an earlier version publishes.
        wire["request_hash"] = serde_json::json!(vec![171; 32]);
        let earlier: TransactionRow = serde_json::from_value(wire).unwrap();
        assert_eq!(earlier.request_hash, vec![0xAB; 32]);
    }

    #[test]
    fn a_binding_prints_whether_it_holds_secrets_never_the_secrets() {
        let row = PaymentSystemRow {
            id: 1,
            provider: "ROBOKASSA".to_owned(),
            name: "Robokassa".to_owned(),
            enabled: true,
            merchant_id: Some("shop".to_owned()),
            secret: Some("sealed:v1:0011:c2VjcmV0LW9uZQ".to_owned()),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            payment_secret: Some("legacy plain password one".to_owned()),
            hash_algorithm: "MD5".to_owned(),
            test_mode: false,
        };
        let printed = format!("{row:?}");
        assert!(printed.contains("<sealed>") && printed.contains("shop"), "{printed}");
        assert!(!printed.contains("c2VjcmV0") && !printed.contains("password one"), "{printed}");
    }
}
