//! One attempt: the body built from the stored event (the same bytes every time but for
//! nothing: the event is append-only), signed, POSTed with a 10 s timeout and no
//! redirects; a 2xx delivers it, anything else is tried again later or, 24 hours after the
//! event, given up. The attempt is recorded either way.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamptz};
use diesel_async::{AsyncConnection, RunQueryDsl};
use reqwest::header::CONTENT_TYPE;
use serde::Serialize;

use super::signature::{self, HEADER};
use crate::db::schema::{webhook_attempts, webhook_deliveries};
use crate::state::AppState;

/// One claimed attempt: the delivery, its event and where to send it.
#[derive(diesel::QueryableByName)]
pub(super) struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub endpoint_id: i64,
    /// Counting this one.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Text)]
    pub data: String,
    #[diesel(sql_type = Timestamptz)]
    pub event_created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub url: String,
    /// Sealed.
    #[diesel(sql_type = Text)]
    pub signing_secret: String,
}

/// A receiver must answer within this.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The longest pause between two attempts.
const MAX_PAUSE: Duration = Duration::from_secs(3600);
/// Pauses below this get a timer of their own; longer ones wait for the worker's poll.
const SHORT_PAUSE: Duration = Duration::from_secs(1);
/// How long an event is tried, from its creation.
const GIVE_UP_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// The HTTP client of the worker: no redirects, the timeout, Kassa's user agent.
pub(super) fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent(concat!("Kassa-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The body: portal.md's envelope.
#[derive(Serialize)]
struct Envelope<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "createdAt")]
    created_at: String,
    data: serde_json::Value,
}

pub(super) fn body(delivery: &Claimed) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&Envelope {
        id: &delivery.event_id,
        kind: &delivery.event_type,
        created_at: crate::domain::rfc3339(delivery.event_created_at),
        data: serde_json::from_str(&delivery.data)?,
    })
}

/// What an attempt came to.
struct Answer {
    status_code: Option<i32>,
    /// None when delivered; short, never a secret or the URL.
    error: Option<String>,
    elapsed: Duration,
}

pub(super) async fn attempt(state: &AppState, client: &reqwest::Client, delivery: Claimed) {
    let answer = send(state, client, &delivery).await;
    if let Err(error) = record(state, &delivery, &answer).await {
        // The lease runs out and the attempt is made again: at least once.
        tracing::warn!(%error, delivery_id = delivery.id, "webhooks: could not record an attempt");
    }
}

async fn send(state: &AppState, client: &reqwest::Client, delivery: &Claimed) -> Answer {
    let started = Instant::now();
    let failed = |error: &str| Answer { status_code: None, error: Some(error.to_owned()), elapsed: started.elapsed() };
    let Ok(secret) = state.config.online.keyring.open(&delivery.signing_secret) else {
        return failed("the signing secret cannot be opened: check KASSA_SECRET_KEY");
    };
    let Ok(body) = body(delivery) else { return failed("the stored event is not JSON") };
    let header = signature::sign(secret.expose(), Utc::now().timestamp(), &body);
    let sent = client.post(&delivery.url).header(CONTENT_TYPE, "application/json").header(HEADER, header).body(body);
    match sent.send().await {
        Ok(response) => {
            let status = response.status();
            let error = match status.as_u16() {
                200..=299 => None,
                300..=399 => Some(format!("HTTP {}: redirects are not followed", status.as_u16())),
                code => Some(format!("HTTP {code}")),
            };
            Answer { status_code: Some(i32::from(status.as_u16())), error, elapsed: started.elapsed() }
        }
        Err(error) if error.is_timeout() => failed("no answer within 10 s"),
        Err(error) if error.is_connect() => failed("could not connect"),
        Err(_) => failed("the request failed"),
    }
}

/// The pause after the `attempts`-th failure: the base, doubling, at most an hour.
fn pause(base: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(30);
    base.saturating_mul(1 << doublings).min(MAX_PAUSE)
}

/// Records the attempt and moves the delivery on, in one transaction; guarded by the
/// attempt count, so an attempt whose lease ran out cannot overwrite a later one's result.
async fn record(state: &AppState, delivery: &Claimed, answer: &Answer) -> anyhow::Result<()> {
    let now = Utc::now();
    let latency_ms = i32::try_from(answer.elapsed.as_millis()).unwrap_or(i32::MAX);
    let deadline = delivery.created_at + GIVE_UP_AFTER;
    let (status, next, outcome) = match &answer.error {
        None => ("DELIVERED", now, "delivered"),
        Some(_) if now >= deadline => ("FAILED", now, "failed"),
        Some(_) => {
            let wait = chrono::TimeDelta::from_std(pause(state.config.webhook_retry_base, delivery.attempts))?;
            ("PENDING", (now + wait).min(deadline), "retry")
        }
    };
    let mut conn = state.db.get().await?;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::update(
            webhook_deliveries::table
                .find(delivery.id)
                .filter(webhook_deliveries::attempts.eq(delivery.attempts))
                .filter(webhook_deliveries::status.eq("PENDING")),
        )
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::next_attempt_at.eq(next),
            webhook_deliveries::last_status_code.eq(answer.status_code),
            webhook_deliveries::last_error.eq(&answer.error),
            webhook_deliveries::last_latency_ms.eq(latency_ms),
            webhook_deliveries::delivered_at.eq(answer.error.is_none().then_some(now)),
        ))
        .execute(conn)
        .await?;
        diesel::insert_into(webhook_attempts::table)
            .values((
                webhook_attempts::delivery_id.eq(delivery.id),
                webhook_attempts::endpoint_id.eq(delivery.endpoint_id),
                webhook_attempts::status_code.eq(answer.status_code),
                webhook_attempts::latency_ms.eq(latency_ms),
                webhook_attempts::error.eq(&answer.error),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await?;
    crate::metrics::webhook_delivery(outcome, answer.elapsed);
    // A pause shorter than the worker's poll (a small KASSA_WEBHOOK_RETRY_BASE): wake it on time.
    if let Ok(left) = (next - Utc::now()).to_std()
        && outcome == "retry"
        && left < SHORT_PAUSE
    {
        let signal = state.webhooks.clone();
        tokio::spawn(async move {
            tokio::time::sleep(left).await;
            signal.wake();
        });
    }
    let (delivery_id, endpoint_id, attempts) = (delivery.id, delivery.endpoint_id, delivery.attempts);
    let (event_id, code, error) = (&delivery.event_id, answer.status_code, answer.error.as_deref().unwrap_or(""));
    match outcome {
        "delivered" => tracing::debug!(delivery_id, endpoint_id, %event_id, attempts, "webhook delivered"),
        "failed" => tracing::warn!(
            delivery_id, endpoint_id, %event_id, attempts, status_code = code, error,
            "webhook delivery given up after 24 hours"
        ),
        _ => tracing::info!(
            delivery_id, endpoint_id, %event_id, attempts, status_code = code, error, retry_at = %next,
            "webhook delivery failed; will retry"
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_from_the_base_up_to_an_hour() {
        let base = Duration::from_secs(1);
        let pauses: Vec<u64> = (1..=14).map(|attempts| pause(base, attempts).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600]);
        assert_eq!(pause(base, 1000), MAX_PAUSE);
    }
}
