//! What admins do with webhook endpoints: create one (its signing secret sealed, shown
//! once), list the live ones, delete one (soft: the delivery log keeps it; what was still
//! pending for it is given up), and read its delivery log. Each change is one transaction
//! with its audit entry.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::RngCore;

use super::target::WebhookUrl;
use crate::db::models::{WebhookAttemptRow, WebhookEndpointRow};
use crate::db::schema::{webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events};
use crate::domain::{AuditAction, Role, WebhookEvent};
use crate::error::{ApiError, ApiResult};
use crate::secrets::Secret;
use crate::services::audit::{self, Entry};
use crate::services::sessions::viewer::Viewer;
use crate::state::AppState;

/// Attempts a delivery-log page shows by default, and at most.
const LOG_DEFAULT: i64 = 20;
const LOG_MAX: i64 = 100;

/// ADMIN: registers an endpoint for `events`; returns it and its signing secret, which is
/// stored sealed and never shown again.
pub(crate) async fn create(
    state: &AppState,
    viewer: &Viewer,
    url: &str,
    events: &[WebhookEvent],
) -> ApiResult<(WebhookEndpointRow, String)> {
    viewer.require(Role::Admin)?;
    let url = WebhookUrl::parse(url)?;
    let mut kinds: Vec<&'static str> = events.iter().map(|event| event.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.is_empty() {
        return Err(ApiError::bad_input("events must name at least one event"));
    }
    let mut random = [0u8; 32];
    rand::rng().fill_bytes(&mut random);
    let secret = format!("whsec_{}", hex::encode(random));
    let sealed = state.config.online.keyring.seal(&Secret::new(secret.clone())).ok_or_else(|| {
        ApiError::bad_input("storing a signing secret needs KASSA_SECRET_KEY on the server (see docs/operations.md)")
    })?;
    let actor = viewer.user_id;
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let row: WebhookEndpointRow = diesel::insert_into(webhook_endpoints::table)
                .values((
                    webhook_endpoints::url.eq(url.as_str()),
                    webhook_endpoints::events.eq(&kinds),
                    webhook_endpoints::signing_secret.eq(&sealed),
                    webhook_endpoints::created_by.eq(actor),
                ))
                .returning(WebhookEndpointRow::as_returning())
                .get_result(conn)
                .await?;
            // The host only: a path or query may carry the portal's own token.
            let details = format!("webhook endpoint {} for {} on {}", row.id, kinds.join(", "), url.host());
            let entry = Entry {
                action: AuditAction::WebhookEndpointCreated,
                actor: Some(actor),
                user: None,
                payment_system: None,
                details,
            };
            audit::record(conn, entry).await?;
            Ok(row)
        })
        .await?;
    tracing::info!(endpoint_id = row.id, admin_id = actor, "webhook endpoint created");
    Ok((row, secret))
}

/// ADMIN: the live endpoints, oldest first.
pub(crate) async fn list(state: &AppState, viewer: &Viewer) -> ApiResult<Vec<WebhookEndpointRow>> {
    viewer.require(Role::Admin)?;
    let mut conn = state.conn().await?;
    Ok(webhook_endpoints::table
        .filter(webhook_endpoints::deleted_at.is_null())
        .order(webhook_endpoints::id.asc())
        .select(WebhookEndpointRow::as_select())
        .load(&mut conn)
        .await?)
}

/// ADMIN: deletes a live endpoint (false when it already was); NOT_FOUND for no endpoint.
/// Its pending deliveries are given up in the same transaction.
pub(crate) async fn delete(state: &AppState, viewer: &Viewer, id: i64) -> ApiResult<bool> {
    viewer.require(Role::Admin)?;
    let actor = viewer.user_id;
    let mut conn = state.conn().await?;
    let deleted = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let found: Option<Option<DateTime<Utc>>> = webhook_endpoints::table
                .find(id)
                .select(webhook_endpoints::deleted_at)
                // Not FOR UPDATE: a money move's delivery row only key-shares the endpoint.
                .for_no_key_update()
                .first(conn)
                .await
                .optional()?;
            match found {
                None => return Err(ApiError::NotFound("webhook endpoint")),
                Some(Some(_)) => return Ok(false),
                Some(None) => {}
            }
            diesel::update(webhook_endpoints::table.find(id))
                .set(webhook_endpoints::deleted_at.eq(Utc::now()))
                .execute(conn)
                .await?;
            diesel::update(
                webhook_deliveries::table
                    .filter(webhook_deliveries::endpoint_id.eq(id))
                    .filter(webhook_deliveries::status.eq("PENDING")),
            )
            .set((webhook_deliveries::status.eq("FAILED"), webhook_deliveries::last_error.eq("endpoint deleted")))
            .execute(conn)
            .await?;
            let details = format!("webhook endpoint {id} deleted");
            let entry = Entry {
                action: AuditAction::WebhookEndpointDeleted,
                actor: Some(actor),
                user: None,
                payment_system: None,
                details,
            };
            audit::record(conn, entry).await?;
            Ok(true)
        })
        .await?;
    if deleted {
        tracing::info!(endpoint_id = id, admin_id = actor, "webhook endpoint deleted");
    }
    Ok(deleted)
}

/// One attempt of the delivery log, with its event and where its delivery stands now.
pub(crate) struct Attempt {
    pub row: WebhookAttemptRow,
    pub event_id: String,
    pub event_type: String,
    pub delivery_status: String,
}

/// ADMIN: an endpoint's last attempts, newest first (`first`: 20 by default, at most 100).
pub(crate) async fn deliveries(
    state: &AppState,
    viewer: &Viewer,
    endpoint_id: i64,
    first: Option<i32>,
) -> ApiResult<Vec<Attempt>> {
    viewer.require(Role::Admin)?;
    let limit = match first {
        None => LOG_DEFAULT,
        Some(first) if (1..=LOG_MAX as i32).contains(&first) => i64::from(first),
        Some(_) => return Err(ApiError::bad_input(format!("first must be between 1 and {LOG_MAX}"))),
    };
    let mut conn = state.conn().await?;
    let exists: Option<i64> =
        webhook_endpoints::table.find(endpoint_id).select(webhook_endpoints::id).first(&mut conn).await.optional()?;
    if exists.is_none() {
        return Err(ApiError::NotFound("webhook endpoint"));
    }
    let rows: Vec<(WebhookAttemptRow, String, String, String)> = webhook_attempts::table
        .inner_join(webhook_deliveries::table.inner_join(webhook_events::table))
        .filter(webhook_attempts::endpoint_id.eq(endpoint_id))
        .order(webhook_attempts::id.desc())
        .limit(limit)
        .select((WebhookAttemptRow::as_select(), webhook_events::id, webhook_events::type_, webhook_deliveries::status))
        .load(&mut conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(row, event_id, event_type, delivery_status)| Attempt { row, event_id, event_type, delivery_status })
        .collect())
}
