//! The key behind a bearer secret, on every request that carries one: from the key cache
//! when it may answer, else one indexed query. Each use is counted, and `last_used_at`
//! is written at most once a minute per key from each instance, off the request path.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::{cache, scopes};
use crate::db::schema::api_keys;
use crate::error::ApiResult;
use crate::services::sessions::viewer::{KeyHolder, hash_token};
use crate::state::AppState;

/// Every API key's secret starts with this (checked before a session token's `kassa_`).
pub(crate) const SECRET_PREFIX: &str = "kassa_sk_";
/// Longer secrets are refused unread.
const MAX_SECRET_LEN: usize = 128;

/// The key behind `secret`, or None for anything but an existing, unrevoked key. Refused
/// secrets all answer None, whatever the reason, so nothing tells which check failed.
pub(crate) async fn authenticate(state: &AppState, secret: &str) -> ApiResult<Option<KeyHolder>> {
    if secret.len() > MAX_SECRET_LEN || !secret.starts_with(SECRET_PREFIX) {
        return Ok(None);
    }
    let secret_hash = hash_token(secret);
    let holder = match state.api_keys.get(&secret_hash) {
        Some(holder) => holder,
        None => {
            let ticket = state.api_keys.ticket();
            let Some(holder) = read(state, &secret_hash).await? else { return Ok(None) };
            state.api_keys.put(ticket, secret_hash, &holder);
            holder
        }
    };
    used(state, holder.key_id);
    Ok(Some(holder))
}

/// The unrevoked key with this hash, as the database has it now.
async fn read(state: &AppState, secret_hash: &[u8]) -> ApiResult<Option<KeyHolder>> {
    let mut conn = state.conn().await?;
    let found: Option<(i64, Vec<Option<String>>)> = api_keys::table
        .filter(api_keys::secret_hash.eq(secret_hash))
        .filter(api_keys::revoked_at.is_null())
        .select((api_keys::id, api_keys::scopes))
        .first(&mut conn)
        .await
        .optional()?;
    Ok(found.map(|(key_id, stored)| KeyHolder { key_id, scopes: scopes(&stored) }))
}

/// Counts a use, and writes `last_used_at` when it is due, in a task of its own: the
/// request does not wait for it, and a failure only leaves the time older.
fn used(state: &AppState, key_id: i64) {
    crate::metrics::api_key_request(key_id);
    if !state.api_keys.last_used_due(key_id) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = touch(&state, key_id).await {
            tracing::warn!(%error, key_id, "could not record an API key's last use");
        }
    });
}

/// Sets `last_used_at` to now unless another instance did within the minute.
async fn touch(state: &AppState, key_id: i64) -> Result<(), String> {
    let mut conn = state.db.get().await.map_err(|e| e.to_string())?;
    let now = Utc::now();
    let stale = now - chrono::Duration::from_std(cache::LAST_USED_EVERY).map_err(|e| e.to_string())?;
    diesel::update(api_keys::table.find(key_id))
        .filter(api_keys::last_used_at.is_null().or(api_keys::last_used_at.lt(stale)))
        .set(api_keys::last_used_at.eq(now))
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
