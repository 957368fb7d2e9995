//! Prometheus metrics through the `metrics` facade. One recorder per process (a global
//! recorder can be installed once), rendered by every server's `/metrics` listener; each
//! recording site is one call to a function here. Labels are bounded: kinds, codes,
//! providers, payment-system and API key ids and operation names up to [`MAX_OPERATIONS`], never a
//! wallet, a user or a query. docs/operations.md lists every metric.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use ::metrics::{Counter, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Distinct operation names given a label of their own; later ones count as "other".
pub(crate) const MAX_OPERATIONS: usize = 100;
/// Latency buckets (seconds) of the request histogram.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Buckets of the move batch sizes (one batch is at most 64 moves).
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
static OPERATIONS: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
static HOT: OnceLock<Hot> = OnceLock::new();

/// The counters of every event and every frame, registered once: `counter!` looks its
/// series up by name and labels on each call.
struct Hot {
    received: Counter,
    /// By stream: "balance", then "transactions".
    delivered: [Counter; 2],
    skipped: [Counter; 2],
}

impl Hot {
    fn register() -> Self {
        let by_stream = |name: &'static str| STREAMS.map(|stream| counter!(name, "stream" => stream));
        Self {
            received: counter!("kassa_events_received_total"),
            delivered: by_stream("kassa_events_delivered_total"),
            skipped: by_stream("kassa_events_skipped_total"),
        }
    }
}

const STREAMS: [&str; 2] = ["balance", "transactions"];

/// The process's recorder, installed by the first server that serves metrics; None when
/// another recorder was installed first (then nothing of Kassa's is recorded).
pub(crate) fn handle() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .expect("buckets are not empty")
                .set_buckets_for_metric(Matcher::Full("kassa_move_batch_size".into()), BATCH_BUCKETS)
                .expect("buckets are not empty");
            match builder.install_recorder() {
                Ok(handle) => {
                    describe();
                    Some(handle)
                }
                Err(error) => {
                    tracing::warn!(%error, "metrics: another recorder is installed; /metrics stays empty");
                    None
                }
            }
        })
        .clone()
}

fn describe() {
    describe_counter!("kassa_graphql_requests_total", "GraphQL requests by operation name and result code");
    describe_histogram!("kassa_graphql_request_duration_seconds", "GraphQL request latency by operation name");
    describe_counter!("kassa_money_moves_total", "Committed money moves by kind and payment system");
    describe_counter!(
        "kassa_money_moved_minor_units_total",
        "Amount moved, in minor units (kopecks), by kind and payment system"
    );
    describe_histogram!(
        "kassa_move_batch_size",
        "Moves per batch on one wallet (one transaction, one commit; 1 = a lone move)"
    );
    describe_counter!("kassa_subscriptions_direct_total", "Balance subscriptions answered without the executor");
    describe_gauge!("kassa_move_batch_waiting", "Moves queued behind their wallet's running batch");
    describe_counter!("kassa_payment_notifications_total", "Payment-system notifications by provider and verdict");
    describe_gauge!("kassa_websockets_open", "Open WebSocket connections");
    describe_gauge!("kassa_subscriptions_active", "Live subscriptions by stream");
    describe_counter!("kassa_events_published_total", "Balance events published to the broker, by path");
    describe_counter!("kassa_events_delivered_total", "Events sent to a subscriber, by stream");
    describe_counter!("kassa_events_skipped_total", "Events a subscriber already had, skipped, by stream");
    describe_counter!(
        "kassa_events_received_total",
        "Messages (events, access notices) this instance received from Redis"
    );
    describe_gauge!("kassa_outbox_backlog", "Outbox rows not yet published (sampled)");
    describe_gauge!("kassa_outbox_oldest_unpublished_seconds", "Age of the oldest unpublished outbox row (sampled)");
    describe_gauge!("kassa_redis_connected", "Whether the Redis subscriber connection is up (1) or not (0)");
    describe_gauge!("kassa_replica_reachable", "Whether the read replica answers its lag check (1) or not (0)");
    describe_gauge!("kassa_replica_lag_seconds", "The read replica's lag, an upper bound; -1 when unknown");
    describe_gauge!("kassa_replica_serving", "Whether reads that may lag go to the replica (1) or the primary (0)");
    describe_gauge!("kassa_db_pool_connections_in_use", "Pooled PostgreSQL connections handed out");
    describe_gauge!("kassa_db_pool_waiting", "Requests waiting for a pooled connection");
    describe_gauge!("kassa_db_pool_connections_max", "The pool's size (KASSA_DB_POOL_SIZE)");
    describe_counter!("kassa_signins_throttled_total", "Sign-ins refused or slowed by a throttle, by reason");
    describe_counter!("kassa_api_key_requests_total", "Requests authenticated with an API key, by key id");
    describe_counter!("kassa_webhook_deliveries_total", "Webhook delivery attempts by outcome");
    describe_histogram!("kassa_webhook_delivery_duration_seconds", "How long a webhook receiver took to answer");
    // Series with a fixed label set start at zero, so that rate() sees their first event.
    let hot = HOT.get_or_init(Hot::register);
    for counter in hot.delivered.iter().chain(&hot.skipped).chain([&hot.received]) {
        counter.absolute(0);
    }
    for stream in STREAMS {
        gauge!("kassa_subscriptions_active", "stream" => stream).increment(0.0);
    }
    for path in ["publisher", "relay"] {
        counter!("kassa_events_published_total", "path" => path).absolute(0);
    }
    for outcome in ["delivered", "retry", "failed"] {
        counter!("kassa_webhook_deliveries_total", "outcome" => outcome).absolute(0);
    }
    for reason in ["address", "account", "slowed"] {
        counter!("kassa_signins_throttled_total", "reason" => reason).absolute(0);
    }
    gauge!("kassa_websockets_open").increment(0.0);
    gauge!("kassa_move_batch_waiting").set(0.0);
}

/// Drains histogram samples into their buckets; the listener runs it every few seconds.
pub(crate) fn run_upkeep() {
    if let Some(Some(handle)) = HANDLE.get() {
        handle.run_upkeep();
    }
}

/// One GraphQL request that reached the executor or was refused by the document checks.
pub(crate) fn graphql_request(operation: &str, code: &'static str, elapsed: Duration) {
    let operation = operation_label(operation);
    histogram!("kassa_graphql_request_duration_seconds", "operation" => operation.clone()).record(elapsed);
    counter!("kassa_graphql_requests_total", "operation" => operation, "code" => code).increment(1);
}

/// A hold's committed change of status (a fresh one, never a replay): HELD when created,
/// CAPTURED, VOIDED, EXPIRED when released.
pub(crate) fn hold_changed(status: &str) {
    let status = match status {
        "HELD" | "CAPTURED" | "VOIDED" | "EXPIRED" => status.to_owned(),
        _ => "other".to_owned(),
    };
    counter!("kassa_holds_total", "status" => status).increment(1);
}

/// A committed money move (a fresh one, never an idempotent replay).
pub(crate) fn money_moved(kind: &str, payment_system_id: Option<i64>, amount: Decimal) {
    let kind = kind.to_owned();
    let system = payment_system_id.map_or_else(|| "none".to_owned(), |id| id.to_string());
    let minor = (amount * Decimal::ONE_HUNDRED).trunc().to_u64().unwrap_or(0);
    counter!("kassa_money_moves_total", "kind" => kind.clone(), "payment_system" => system.clone()).increment(1);
    counter!("kassa_money_moved_minor_units_total", "kind" => kind, "payment_system" => system).increment(minor);
}

/// A batch of moves on one wallet started: `size` moves, one transaction.
pub(crate) fn move_batch(size: usize) {
    histogram!("kassa_move_batch_size").record(size as f64);
}

/// Moves now queued behind a running batch, on every wallet.
pub(crate) fn move_batch_waiting(count: usize) {
    gauge!("kassa_move_batch_waiting").set(count as f64);
}

/// A payment system's notification and what Kassa made of it. `provider` is the binding's
/// provider (YOOMONEY...), `verdict` one of the handler's fixed verdicts: never free text.
pub fn payment_notification(provider: &str, verdict: &str) {
    counter!("kassa_payment_notifications_total", "provider" => provider.to_owned(), "verdict" => verdict.to_owned())
        .increment(1);
}

/// Holds one unit of a gauge (an open WebSocket, a live subscription) while it lives.
pub(crate) struct Held {
    name: &'static str,
    label: Option<(&'static str, &'static str)>,
}

impl Held {
    fn take(name: &'static str, label: Option<(&'static str, &'static str)>) -> Self {
        Self::gauge(name, label).increment(1.0);
        Self { name, label }
    }

    fn gauge(name: &'static str, label: Option<(&'static str, &'static str)>) -> ::metrics::Gauge {
        match label {
            Some((key, value)) => gauge!(name, key => value),
            None => gauge!(name),
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        Self::gauge(self.name, self.label).decrement(1.0);
    }
}

/// An open WebSocket, counted until dropped.
pub(crate) fn websocket_open() -> Held {
    Held::take("kassa_websockets_open", None)
}

/// A live subscription on `stream` ("balance", "transactions"), counted until dropped.
pub(crate) fn subscription(stream: &'static str) -> Held {
    Held::take("kassa_subscriptions_active", Some(("stream", stream)))
}

/// A balance subscription started on the direct path (answered from each event without
/// the executor, `graphql::direct`).
pub(crate) fn subscription_direct() {
    counter!("kassa_subscriptions_direct_total").increment(1);
}

/// A money move or a `myWallet` read answered without the executor (graphql::direct);
/// `field` is its root field, one of five.
pub(crate) fn request_direct(field: &'static str) {
    counter!("kassa_requests_direct_total", "field" => field).increment(1);
}

/// Events handed to the broker: `path` is "publisher" (after commit) or "relay" (overdue).
pub(crate) fn events_published(path: &'static str, count: usize) {
    counter!("kassa_events_published_total", "path" => path).increment(count as u64);
}

pub(crate) fn event_received() {
    if let Some(hot) = HOT.get() {
        hot.received.increment(1);
    }
}

pub(crate) fn event_delivered(stream: &'static str) {
    count(|hot| &hot.delivered, stream);
}

pub(crate) fn event_skipped(stream: &'static str) {
    count(|hot| &hot.skipped, stream);
}

/// Counts one on the registered counter of `stream`; nothing before the recorder is
/// installed (nothing is recorded then).
fn count(counters: fn(&Hot) -> &[Counter; 2], stream: &str) {
    if let (Some(hot), Some(index)) = (HOT.get(), STREAMS.iter().position(|known| *known == stream)) {
        counters(hot)[index].increment(1);
    }
}

/// The outbox as last sampled: rows waiting and the age of the oldest.
pub(crate) fn outbox_backlog(rows: i64, oldest: Duration) {
    gauge!("kassa_outbox_backlog").set(rows as f64);
    gauge!("kassa_outbox_oldest_unpublished_seconds").set(oldest.as_secs_f64());
}

pub(crate) fn redis_connected(connected: bool) {
    gauge!("kassa_redis_connected").set(if connected { 1.0 } else { 0.0 });
}

/// The read replica as the lag check last saw it (only with DATABASE_READ_URL): whether it
/// answers, its lag (-1 when unknown), whether reads that may lag go to it.
pub(crate) fn replica(reachable: bool, lag: Option<Duration>, serving: bool) {
    gauge!("kassa_replica_reachable").set(if reachable { 1.0 } else { 0.0 });
    gauge!("kassa_replica_lag_seconds").set(lag.map_or(-1.0, |lag| lag.as_secs_f64()));
    gauge!("kassa_replica_serving").set(if serving { 1.0 } else { 0.0 });
}

/// The pool as it is now: connections handed out, requests waiting, and its size.
pub(crate) fn pool(in_use: usize, waiting: usize, max: usize) {
    gauge!("kassa_db_pool_connections_in_use").set(in_use as f64);
    gauge!("kassa_db_pool_waiting").set(waiting as f64);
    gauge!("kassa_db_pool_connections_max").set(max as f64);
}

/// A sign-in refused (`reason` "address", "account") or slowed ("slowed") by a throttle.
/// One webhook attempt: "delivered" (2xx), "retry" (tried again later) or "failed" (given up).
pub(crate) fn webhook_delivery(outcome: &'static str, elapsed: Duration) {
    counter!("kassa_webhook_deliveries_total", "outcome" => outcome).increment(1);
    histogram!("kassa_webhook_delivery_duration_seconds").record(elapsed);
}

pub(crate) fn sign_in_throttled(reason: &'static str) {
    counter!("kassa_signins_throttled_total", "reason" => reason).increment(1);
}

/// A request authenticated with API key `key_id` (ids are bounded by the api_keys table).
pub(crate) fn api_key_request(key_id: i64) {
    counter!("kassa_api_key_requests_total", "key_id" => key_id.to_string()).increment(1);
}

/// The label of an operation name: "anonymous" for none, the name itself while fewer than
/// [`MAX_OPERATIONS`] names were seen, else "other". A name with a long run of digits (a
/// wallet number or an id smuggled into it) or of more than 64 characters is "other" too.
pub(crate) fn operation_label(name: &str) -> String {
    if name.is_empty() {
        return "anonymous".into();
    }
    let digits = name.as_bytes().split(|b| !b.is_ascii_digit()).map(<[u8]>::len).max().unwrap_or(0);
    let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if name.len() > 64 || digits >= 6 || !plain {
        return "other".into();
    }
    let mut seen = OPERATIONS.get_or_init(Mutex::default).lock().expect("operation names");
    if seen.contains(name) || (seen.len() < MAX_OPERATIONS && seen.insert(name.to_owned())) {
        name.to_owned()
    } else {
        "other".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_labels_are_bounded() {
        assert_eq!(operation_label(""), "anonymous");
        assert_eq!(operation_label("MyWallet"), "MyWallet");
        assert_eq!(operation_label("Wallet998959977146"), "other");
        assert_eq!(operation_label(&"A".repeat(65)), "other");
        for n in 0..MAX_OPERATIONS + 10 {
            operation_label(&format!("Op{n}"));
        }
        assert_eq!(operation_label("AFreshNameAfterTheCap"), "other");
        assert_eq!(operation_label("MyWallet"), "MyWallet", "a name seen before keeps its label");
    }
}
