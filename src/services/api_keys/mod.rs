//! API keys of the portal's back end: created, listed and revoked by admins, and checked
//! on every request that carries one (`authenticate`). A key is not a user: requests made
//! with it carry a `KeyHolder`, never a `Viewer`.

mod auth;
pub(crate) mod cache;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::RngCore;

pub(crate) use auth::{SECRET_PREFIX, authenticate};

use crate::db::models::ApiKeyRow;
use crate::db::schema::api_keys;
use crate::domain::{ApiScope, AuditAction, Role};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, Control};
use crate::services::audit::{self, Entry};
use crate::services::sessions::viewer::{Viewer, hash_token};
use crate::services::text;
use crate::state::AppState;

/// Characters of the secret kept to tell keys apart: `kassa_sk_` and three more.
const PREFIX_LEN: usize = 12;
const MAX_NAME: usize = 100;

/// A key to create, checked.
#[derive(Debug)]
pub(crate) struct NewKey {
    name: String,
    scopes: Vec<ApiScope>,
}

impl NewKey {
    /// The name trimmed, 1 to 100 characters; at least one scope (repeats count once).
    pub(crate) fn parse(name: &str, scopes: &[ApiScope]) -> ApiResult<Self> {
        let name = text::required("name", name, MAX_NAME)?;
        let mut scopes = scopes.to_vec();
        scopes.sort_by_key(|scope| scope.as_str());
        scopes.dedup();
        if scopes.is_empty() {
            return Err(ApiError::bad_input("scopes must name at least one scope"));
        }
        Ok(Self { name, scopes })
    }
}

/// A key just created, with its secret: the only time the secret exists outside the client.
pub(crate) struct Created {
    pub row: ApiKeyRow,
    pub secret: String,
}

/// `kassa_sk_` and 43 base64url characters: 32 random bytes.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A stored key's scopes (`ApiKeyRow::scopes`).
pub(crate) fn scopes(stored: &[Option<String>]) -> Vec<ApiScope> {
    stored.iter().flatten().filter_map(|scope| ApiScope::from_db(scope)).collect()
}

/// ADMIN: creates a key; the audit entry commits with it.
pub(crate) async fn create(state: &AppState, viewer: &Viewer, new: NewKey) -> ApiResult<Created> {
    viewer.require(Role::Admin)?;
    let secret = new_secret();
    let scopes: Vec<&str> = new.scopes.iter().map(|scope| scope.as_str()).collect();
    let values = (
        api_keys::name.eq(&new.name),
        api_keys::scopes.eq(scopes.iter().map(|scope| Some(*scope)).collect::<Vec<_>>()),
        api_keys::prefix.eq(&secret[..PREFIX_LEN]),
        api_keys::secret_hash.eq(hash_token(&secret)),
        api_keys::created_by.eq(viewer.user_id),
    );
    let actor = viewer.user_id;
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let row: ApiKeyRow = diesel::insert_into(api_keys::table)
                .values(values)
                .returning(ApiKeyRow::as_returning())
                .get_result(conn)
                .await?;
            let details = format!("API key {} \"{}\" ({}), prefix {}", row.id, row.name, scopes.join(", "), row.prefix);
            audit::record(conn, entry(AuditAction::ApiKeyCreated, actor, details)).await?;
            Ok(row)
        })
        .await?;
    tracing::info!(key_id = row.id, actor, "API key created");
    Ok(Created { row, secret })
}

/// ADMIN: every key, revoked ones too, newest first.
pub(crate) async fn list(state: &AppState, viewer: &Viewer) -> ApiResult<Vec<ApiKeyRow>> {
    viewer.require(Role::Admin)?;
    let mut conn = state.conn().await?;
    Ok(api_keys::table.select(ApiKeyRow::as_select()).order(api_keys::id.desc()).load(&mut conn).await?)
}

/// ADMIN: revokes a key: true when this call revoked it, false when it already was
/// revoked (nothing changes then, and nothing more is audited). Its next request answers
/// UNAUTHENTICATED on every instance: the notice commits with the revocation.
pub(crate) async fn revoke(state: &AppState, viewer: &Viewer, id: i64) -> ApiResult<bool> {
    viewer.require(Role::Admin)?;
    let actor = viewer.user_id;
    let mut conn = state.conn().await?;
    let notice = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let revoked: Option<ApiKeyRow> = diesel::update(api_keys::table.find(id))
                .filter(api_keys::revoked_at.is_null())
                .set(api_keys::revoked_at.eq(Utc::now()))
                .returning(ApiKeyRow::as_returning())
                .get_result(conn)
                .await
                .optional()?;
            let Some(row) = revoked else {
                let exists: bool =
                    diesel::select(diesel::dsl::exists(api_keys::table.find(id))).get_result(conn).await?;
                return if exists { Ok(None) } else { Err(ApiError::NotFound("API key")) };
            };
            let details = format!("API key {} \"{}\", prefix {}", row.id, row.name, row.prefix);
            audit::record(conn, entry(AuditAction::ApiKeyRevoked, actor, details)).await?;
            Ok(Some(events::record(conn, Control::ApiKeyRevoked { key_id: id }).await?))
        })
        .await?;
    drop(conn);
    let Some(notice) = notice else { return Ok(false) };
    state.events.notify(notice);
    tracing::info!(key_id = id, actor, "API key revoked");
    Ok(true)
}

fn entry(action: AuditAction, actor: i64, details: String) -> Entry {
    Entry { action, actor: Some(actor), user: None, payment_system: None, details }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_the_prefix_and_43_base64url_characters() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        let rest = a.strip_prefix(SECRET_PREFIX).expect("the prefix");
        assert_eq!(rest.len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(rest).map(|bytes| bytes.len()).ok(), Some(32));
    }

    #[test]
    fn a_new_key_needs_a_name_and_a_scope() {
        assert!(NewKey::parse("  ", &[ApiScope::PaymentsRead]).is_err());
        assert!(NewKey::parse(&"n".repeat(101), &[ApiScope::PaymentsRead]).is_err());
        assert!(NewKey::parse("shop", &[]).is_err());
        let new = NewKey::parse(" shop ", &[ApiScope::PaymentsWrite, ApiScope::PaymentsWrite]).unwrap();
        assert_eq!((new.name.as_str(), new.scopes.len()), ("shop", 1));
    }
}
