use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::db::models::User;
use crate::db::schema::{cashiers, sessions, users};
use crate::domain::Email;
use crate::error::{ApiError, ApiResult};
use crate::events::Control;
use crate::services::access::Viewer;
use crate::services::users::{self as accounts, NewUser};

/// Tokens start with this, so a leaked one is easy to recognise in logs and scanners.
const TOKEN_PREFIX: &str = "kassa_";

/// A fresh session: the bearer token is returned once and stored only as its hash.
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates an account with its wallet and signs it in, when self-registration is on.
pub async fn sign_up(state: &AppState, new: NewUser) -> ApiResult<Session> {
    if !state.config.allow_signup {
        return Err(ApiError::Forbidden("self-registration is switched off; ask an admin"));
    }
    let user = accounts::create(state, new, false).await?;
    start_session(state, user).await
}

/// The network address a request came from, put into the GraphQL request data by the HTTP
/// layer so that sign-in attempts can be throttled per client as well as per account.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub std::net::IpAddr);

/// Checks the password (an unknown email costs the same argon2 work and gets the same
/// answer) and opens a session. Attempts are counted per account and per client address
/// before the password is checked, so concurrent requests and aliased fields count too;
/// over either limit the answer is RATE_LIMITED.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: Option<ClientAddress>,
) -> ApiResult<Session> {
    // A malformed email cannot belong to anyone; answer as for any unknown email.
    let email = Email::parse(email).map(|email| email.to_string()).unwrap_or_default();
    let address = client.map(|ClientAddress(ip)| ip.to_string());
    if let Some(address) = &address {
        state.address_throttle.attempt(address).await?;
    }
    state.account_throttle.attempt(&email).await?;
    let checked = check_password(state, &email, password).await;
    match checked {
        Ok(Some(user_id)) => {
            state.account_throttle.reset(&email).await;
            forgive_address(state, address.as_deref()).await;
            let user = accounts::get(state, user_id).await?;
            start_session(state, user).await
        }
        Ok(None) => Err(ApiError::BadCredentials),
        Err(error) => {
            // Not the client's fault (the database is down, the hashing queue is full).
            state.account_throttle.forgive(&email).await;
            forgive_address(state, address.as_deref()).await;
            Err(error)
        }
    }
}

async fn forgive_address(state: &AppState, address: Option<&str>) {
    if let Some(address) = address {
        state.address_throttle.forgive(address).await;
    }
}

/// The id of the user with this email and password, or None.
async fn check_password(state: &AppState, email: &str, password: &str) -> ApiResult<Option<i64>> {
    let mut conn = state.conn().await?;
    let found: Option<(i64, String)> = users::table
        .filter(users::email.eq(email))
        .select((users::id, users::password_hash))
        .first(&mut conn)
        .await
        .optional()?;
    drop(conn);
    let (user_id, hash) = found.unzip();
    if !state.passwords.verify(hash, password).await? {
        tracing::info!(email_known = user_id.is_some(), "failed sign-in");
        return Ok(None);
    }
    Ok(user_id)
}

async fn start_session(state: &AppState, user: User) -> ApiResult<Session> {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
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

/// Revokes the session the request came with.
pub async fn sign_out(state: &AppState, viewer: &Viewer) -> ApiResult<bool> {
    let mut conn = state.conn().await?;
    let revoked = diesel::update(sessions::table)
        .filter(sessions::token_hash.eq(&viewer.token_hash))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(Utc::now()))
        .execute(&mut conn)
        .await?;
    drop(conn);
    state.events.control(Control::SessionRevoked { token_hash: hex::encode(&viewer.token_hash) }).await;
    Ok(revoked == 1)
}

/// The viewer behind a bearer token, or None for an unknown, expired or revoked one.
/// Runs on every request: from the session cache when it may answer, else one indexed
/// query. Sign-outs and role changes apply at once either way (see `session_cache`).
pub async fn authenticate(state: &AppState, token: &str) -> ApiResult<Option<Viewer>> {
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
        return Ok(None);
    }
    authenticate_hash(state, hash_token(token)).await
}

/// The viewer behind a stored token hash (WebSocket connections keep only the hash).
pub async fn authenticate_hash(state: &AppState, token_hash: Vec<u8>) -> ApiResult<Option<Viewer>> {
    let cache = state.events.sessions();
    if let Some(viewer) = cache.get(&token_hash) {
        return Ok(Some(viewer));
    }
    let ticket = cache.ticket();
    let viewer = read_session(state, token_hash).await?;
    if let Some(viewer) = &viewer {
        cache.put(ticket, viewer);
    }
    Ok(viewer)
}

/// The session as the database has it now, bypassing the cache (for re-checks).
pub async fn read_session(state: &AppState, token_hash: Vec<u8>) -> ApiResult<Option<Viewer>> {
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
    }))
}
