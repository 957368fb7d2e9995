//! Signing up and signing in: passwords checked under the throttles, then a session.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::users;
use crate::domain::Email;
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::{self, Session};
use crate::services::users::{self as accounts, NewUser};
use crate::state::AppState;

/// Creates an account with its wallet and signs it in, when self-registration is on.
pub(crate) async fn sign_up(state: &AppState, new: NewUser) -> ApiResult<Session> {
    if !state.config.allow_signup {
        return Err(ApiError::Forbidden("self-registration is switched off; ask an admin"));
    }
    let user = accounts::create(state, new, false).await?;
    sessions::open(state, user).await
}

/// The network address a request came from, put into the GraphQL request data by the HTTP
/// layer so that sign-in attempts can be throttled per client as well as per account.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClientAddress(pub std::net::IpAddr);

/// Checks the password (an unknown email costs the same argon2 work and gets the same
/// answer) and opens a session. Attempts are counted per account and per client address
/// before the password is checked, so concurrent requests and aliased fields count too;
/// over either limit the answer is RATE_LIMITED.
pub(crate) async fn sign_in(
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
            sessions::open(state, user).await
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
