//! Who is asking. Every way in (an HTTP request, a WebSocket connection, each operation on
//! it, a live subscription) is authenticated here, through one bearer parser and one
//! session read, with the session cache in front of it. Access notices keep the cache
//! and the live subscriptions truthful.

pub(crate) mod cache;
pub(crate) mod jwt;
pub(crate) mod portal;
mod recheck;
pub(crate) mod viewer;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::RngCore;

use crate::db::models::User;
use crate::db::schema::{cashiers, sessions, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, Control};
use crate::services::api_keys;
use crate::state::AppState;
pub(crate) use recheck::{Access, guarded};
pub use viewer::hash_token;
pub(crate) use viewer::{Asker, Caller, Viewer};

/// Tokens start with this, so a leaked one is easy to recognise in logs and scanners.
const TOKEN_PREFIX: &str = "kassa_";

/// A fresh session: the bearer token is returned once and stored only as its hash.
pub(crate) struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// The credential in an `Authorization` value (`Bearer <credential>`, the scheme in any
/// case), if it is one.
fn bearer(authorization: &str) -> Option<&str> {
    let (scheme, credential) = authorization.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| credential.trim())
}

/// The longest portal JWT read; anything longer is refused unread.
const MAX_JWT_LEN: usize = 8192;

/// Who is behind an `Authorization` value (an HTTP header, or the `authorization` of a
/// WebSocket's connection_init): a user (a valid, unexpired, unrevoked session or a valid
/// portal JWT) or an API key (`kassa_sk_…`, told apart first, since it starts like a
/// session token), or None for anything else. Runs on every request: from the caches
/// when they may answer, else one indexed query. Sign-outs, role changes and key
/// revocations apply at once either way (see `cache` and `api_keys::cache`).
pub(crate) async fn authenticate(state: &AppState, authorization: &str) -> ApiResult<Option<Caller>> {
    let user = match bearer(authorization) {
        Some(secret) if secret.starts_with(api_keys::SECRET_PREFIX) => {
            return Ok(api_keys::authenticate(state, secret).await?.map(Caller::Key));
        }
        Some(token) if token.starts_with(TOKEN_PREFIX) && token.len() <= 128 => by_hash(state, hash_token(token)).await,
        Some(token) if token.len() <= MAX_JWT_LEN && jwt::looks_like_jwt(token) => by_jwt(state, token).await,
        _ => Ok(None),
    };
    Ok(user?.map(Caller::User))
}

/// A portal JWT's viewer: verified every time (the signature, `exp`, ...), then from the
/// session cache under the token's hash, else provisioned (created, or its profile
/// updated) and its roles read. `expires_at` is the token's `exp`.
async fn by_jwt(state: &AppState, token: &str) -> ApiResult<Option<Viewer>> {
    let Some(claims) = state.jwt.verify(token).await else { return Ok(None) };
    let token_hash = hash_token(token);
    if let Some(viewer) = state.sessions.get(&token_hash) {
        return Ok(Some(viewer));
    }
    let ticket = state.sessions.ticket();
    let user_id = portal::provision(state, &claims).await?;
    let viewer = read_user(state, user_id, token_hash, claims.expires_at).await?;
    if let Some(viewer) = &viewer {
        state.sessions.put(ticket, viewer);
    }
    Ok(viewer)
}

/// The viewer as it is now (for each operation on a WebSocket): a session read again, or
/// a portal JWT's user while the token has not expired.
pub(crate) async fn current(state: &AppState, viewer: &Viewer) -> ApiResult<Option<Viewer>> {
    if !viewer.portal {
        return by_hash(state, viewer.token_hash.clone()).await;
    }
    if let Some(viewer) = state.sessions.get(&viewer.token_hash) {
        return Ok(Some(viewer));
    }
    let ticket = state.sessions.ticket();
    let now = read_user(state, viewer.user_id, viewer.token_hash.clone(), viewer.expires_at).await?;
    if let Some(now) = &now {
        state.sessions.put(ticket, now);
    }
    Ok(now)
}

/// `viewer` as the database has it now, bypassing the cache (for re-checks).
async fn read_again(state: &AppState, viewer: &Viewer) -> ApiResult<Option<Viewer>> {
    if viewer.portal {
        read_user(state, viewer.user_id, viewer.token_hash.clone(), viewer.expires_at).await
    } else {
        read(state, viewer.token_hash.clone()).await
    }
}

/// A portal JWT's user with their roles now, until `expires_at`.
async fn read_user(
    state: &AppState,
    user_id: i64,
    token_hash: Vec<u8>,
    expires_at: DateTime<Utc>,
) -> ApiResult<Option<Viewer>> {
    if expires_at <= Utc::now() {
        return Ok(None);
    }
    let mut conn = state.conn().await?;
    let found: Option<(bool, Option<i64>)> = users::table
        .left_join(cashiers::table.on(cashiers::user_id.eq(users::id)))
        .filter(users::id.eq(user_id))
        .select((users::is_admin, cashiers::user_id.nullable()))
        .first(&mut conn)
        .await
        .optional()?;
    Ok(found.map(|(is_admin, cashier)| Viewer {
        user_id,
        is_admin,
        is_cashier: cashier.is_some(),
        token_hash,
        expires_at,
        portal: true,
    }))
}

/// The viewer behind a stored token hash (WebSocket connections keep only the hash, and
/// every operation on them runs as the session is now).
pub(crate) async fn by_hash(state: &AppState, token_hash: Vec<u8>) -> ApiResult<Option<Viewer>> {
    if let Some(viewer) = state.sessions.get(&token_hash) {
        return Ok(Some(viewer));
    }
    let ticket = state.sessions.ticket();
    let viewer = read(state, token_hash).await?;
    if let Some(viewer) = &viewer {
        state.sessions.put(ticket, viewer);
    }
    Ok(viewer)
}

/// The session as the database has it now, bypassing the cache (for re-checks).
async fn read(state: &AppState, token_hash: Vec<u8>) -> ApiResult<Option<Viewer>> {
    let mut conn = state.conn().await?;
    let found: Option<(i64, bool, Option<i64>, DateTime<Utc>)> = sessions::table
        .inner_join(users::table)
        .left_join(cashiers::table.on(cashiers::user_id.eq(sessions::user_id)))
        .filter(sessions::token_hash.eq(&token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(Utc::now()))
        .select((sessions::user_id, users::is_admin, cashiers::user_id.nullable(), sessions::expires_at))
        .first(&mut conn)
        .await
        .optional()?;
    Ok(found.map(|(user_id, is_admin, cashier, expires_at)| Viewer {
        user_id,
        is_admin,
        is_cashier: cashier.is_some(),
        token_hash,
        expires_at,
        portal: false,
    }))
}

/// The bearer token of a session's secret, or None for the one in 64³ whose text would
/// start like an API key's (`kassa_sk_…`): `authenticate` would take it for a key, and the
/// session would be refused for its whole life.
fn token_of(secret: [u8; 32]) -> Option<String> {
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
    (!token.starts_with(api_keys::SECRET_PREFIX)).then_some(token)
}

/// Opens a session for `user` (after a sign-up or a checked password).
pub(super) async fn open(state: &AppState, user: User) -> ApiResult<Session> {
    let token = loop {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        if let Some(token) = token_of(secret) {
            break token;
        }
    };
    let ttl = chrono::Duration::from_std(state.config.token_ttl).map_err(|e| ApiError::internal("token ttl", e))?;
    let expires_at = Utc::now() + ttl;
    let mut conn = state.conn().await?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(hash_token(&token)),
            sessions::user_id.eq(user.row.id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(&mut conn)
        .await?;
    tracing::info!(user_id = user.row.id, "signed in");
    Ok(Session { token, expires_at, user })
}

/// Revokes the session the request came with; its subscriptions end on every instance
/// (the notice is written with the revocation, so it reaches them even if Redis is down).
pub(crate) async fn sign_out(state: &AppState, viewer: &Viewer) -> ApiResult<bool> {
    let mut conn = state.conn().await?;
    let token_hash = viewer.token_hash.clone();
    let (revoked, notice) = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let revoked = diesel::update(sessions::table)
                .filter(sessions::token_hash.eq(&token_hash))
                .filter(sessions::revoked_at.is_null())
                .set(sessions::revoked_at.eq(Utc::now()))
                .execute(conn)
                .await?;
            let notice = events::record(conn, Control::SessionRevoked { token_hash: hex::encode(&token_hash) }).await?;
            Ok((revoked, notice))
        })
        .await?;
    drop(conn);
    state.events.notify(notice);
    Ok(revoked == 1)
}

/// Writes, inside the caller's transaction, the notice that `user_id`'s roles changed;
/// [`crate::events::Events::notify`] sends it once that commits, and then every instance
/// drops the user's cached sessions and their live subscriptions re-check.
pub(crate) async fn access_changed(
    conn: &mut diesel_async::AsyncPgConnection,
    user_id: i64,
) -> ApiResult<events::Notice> {
    Ok(events::record(conn, Control::AccessChanged { user_id }).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_session_token_starts_like_an_api_key() {
        // A secret whose text begins "sk_": its token would read as `kassa_sk_…`.
        let mut like_a_key = [0u8; 32];
        let decoded = URL_SAFE_NO_PAD.decode("sk_A").expect("base64url");
        like_a_key[..decoded.len()].copy_from_slice(&decoded);
        assert!(URL_SAFE_NO_PAD.encode(like_a_key).starts_with("sk_"));
        assert_eq!(token_of(like_a_key), None);

        let token = token_of([7u8; 32]).expect("an ordinary secret");
        assert!(token.starts_with(TOKEN_PREFIX) && !token.starts_with(api_keys::SECRET_PREFIX));
        assert_eq!(bearer(&format!("Bearer {token}")), Some(token.as_str()));
    }
}
