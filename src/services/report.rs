//! Reconciliation: top-ups per payment system and day, and every top-up one by one, for
//! lining Kassa up against a payment system's statement. Online top-ups are those an
//! invoice credited (`transactions.invoice_id`); the rest were a cashier's.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Nullable, Numeric, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use futures::{Stream, stream};
use rust_decimal::Decimal;

use crate::domain::Role;
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::Viewer;
use crate::state::AppState;

/// The longest range one request may cover, so that none scans the journal for ever.
pub(crate) const MAX_DAYS: i64 = 366;
/// Top-ups read in one query while a CSV streams.
const BATCH: i64 = 500;

/// `since` (inclusive) to `until` (exclusive), at most [`MAX_DAYS`] long.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Range {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl Range {
    pub(crate) fn parse(since: DateTime<Utc>, until: DateTime<Utc>) -> ApiResult<Self> {
        if since >= until {
            return Err(ApiError::bad_input("since must be before until"));
        }
        if until - since > chrono::Duration::days(MAX_DAYS) {
            return Err(ApiError::bad_input(format!("a report covers at most {MAX_DAYS} days")));
        }
        Ok(Self { since, until })
    }
}

/// One payment system's top-ups on one UTC day; sums are exact (NUMERIC in SQL).
#[derive(diesel::QueryableByName, Clone, Debug)]
pub(crate) struct Day {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub payment_system_id: i64,
    #[diesel(sql_type = BigInt)]
    pub top_ups: i64,
    #[diesel(sql_type = Numeric)]
    pub top_up_amount: Decimal,
    #[diesel(sql_type = BigInt)]
    pub online_top_ups: i64,
    /// None when no top-up of the day was online.
    #[diesel(sql_type = Nullable<Numeric>)]
    pub online_top_up_amount: Option<Decimal>,
}

/// ADMIN: one row per payment system and day with any top-up, oldest day first.
pub(crate) async fn daily(state: &AppState, viewer: &Viewer, range: Range) -> ApiResult<Vec<Day>> {
    viewer.require(Role::Admin)?;
    let mut conn = state.conn().await?;
    Ok(diesel::sql_query(
        "SELECT (created_at AT TIME ZONE 'UTC')::date AS day, payment_system_id, count(*) AS top_ups, \
                sum(amount) AS top_up_amount, count(invoice_id) AS online_top_ups, \
                sum(amount) FILTER (WHERE invoice_id IS NOT NULL) AS online_top_up_amount \
         FROM transactions \
         WHERE kind = 'TOP_UP' AND created_at >= $1 AND created_at < $2 \
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .bind::<Timestamptz, _>(range.since)
    .bind::<Timestamptz, _>(range.until)
    .load(&mut conn)
    .await?)
}

/// One top-up with what an accountant matches it by.
#[derive(diesel::QueryableByName, Clone, Debug)]
pub(crate) struct TopUpLine {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub wallet_number: String,
    #[diesel(sql_type = Numeric)]
    pub amount: Decimal,
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = BigInt)]
    pub payment_system_id: i64,
    #[diesel(sql_type = Text)]
    pub payment_system_name: String,
    #[diesel(sql_type = Text)]
    pub provider: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub reference: Option<String>,
    /// The invoice that credited it: an online top-up. None: a cashier's.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub invoice_id: Option<i64>,
    #[diesel(sql_type = Text)]
    pub performed_by: String,
}

/// ADMIN: every top-up in the range, oldest first, in batches read one after another
/// (keyset pages on `(created_at, id)`), so a long range never sits in memory at once.
/// The role is checked before anything is read; a batch that fails ends the stream.
pub(crate) fn top_ups(
    state: &AppState,
    viewer: &Viewer,
    range: Range,
) -> ApiResult<impl Stream<Item = ApiResult<Vec<TopUpLine>>> + use<>> {
    viewer.require(Role::Admin)?;
    let start = Some((state.clone(), (range.since, 0_i64)));
    Ok(stream::unfold(start, move |next| async move {
        let (state, after) = next?;
        match batch(&state, range, after).await {
            Ok(lines) => {
                let next = (lines.len() as i64 == BATCH).then(|| {
                    let last = lines.last().expect("a full batch");
                    (state, (last.created_at, last.id))
                });
                Some((Ok(lines), next))
            }
            Err(error) => Some((Err(error), None)),
        }
    }))
}

async fn batch(state: &AppState, range: Range, after: (DateTime<Utc>, i64)) -> ApiResult<Vec<TopUpLine>> {
    let mut conn = state.conn().await?;
    Ok(diesel::sql_query(
        "SELECT t.id, t.created_at, w.number AS wallet_number, t.amount, w.currency, \
                p.id AS payment_system_id, p.name AS payment_system_name, p.provider, t.reference, \
                t.invoice_id, u.email AS performed_by \
         FROM transactions t \
         JOIN wallets w ON w.id = t.wallet_id \
         JOIN payment_system_bindings p ON p.id = t.payment_system_id \
         JOIN users u ON u.id = t.performed_by \
         WHERE t.kind = 'TOP_UP' AND t.created_at >= $1 AND t.created_at < $2 \
           AND (t.created_at, t.id) > ($3, $4) \
         ORDER BY t.created_at, t.id LIMIT $5",
    )
    .bind::<Timestamptz, _>(range.since)
    .bind::<Timestamptz, _>(range.until)
    .bind::<Timestamptz, _>(after.0)
    .bind::<BigInt, _>(after.1)
    .bind::<BigInt, _>(BATCH)
    .load(&mut conn)
    .await?)
}
