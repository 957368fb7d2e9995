//! Signing up and signing in: passwords checked under the throttles, then a session.

use std::net::IpAddr;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::users;
use crate::domain::Email;
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::{self, Session};
use crate::services::throttle::Throttle;
use crate::services::users::{self as accounts, CreatedBy, NewUser};
use crate::state::AppState;

/// Creates an account with its wallet and signs it in, when self-registration is on. Each
/// client address may sign up `KASSA_SIGNUP_ADDRESS_LIMIT` times an hour.
pub(crate) async fn sign_up(state: &AppState, new: NewUser, client: Option<ClientAddress>) -> ApiResult<Session> {
    if !state.config.allow_signup {
        return Err(ApiError::Forbidden("self-registration is switched off; ask an admin"));
    }
    let address = client.map(ClientAddress::key);
    if let Some(address) = &address {
        state.throttles.signup.attempt(address).await?;
    }
    match accounts::create(state, new, CreatedBy::SignUp).await {
        Ok(user) => sessions::open(state, user).await,
        Err(error @ (ApiError::ServiceUnavailable | ApiError::Internal | ApiError::RateLimited { .. })) => {
            // Not the client's doing: the attempt does not count.
            if let Some(address) = &address {
                state.throttles.signup.forgive(address).await;
            }
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// The network address a request came from, put into the GraphQL request data by the HTTP
/// and WebSocket layers so that attempts can be throttled per client as well as per account.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClientAddress(pub std::net::IpAddr);

impl ClientAddress {
    /// What attempts are counted under: the IPv4 address, or the /64 network of an IPv6
    /// one (a single host commonly holds a whole /64).
    pub(crate) fn key(self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let [a, b, c, d, ..] = v6.segments();
                    format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
                }
            },
        }
    }
}

/// Account-wide attempts in a window after which every further attempt on the account
/// waits [`SLOW_DOWN`] first: many addresses guessing one password are slowed, while the
/// owner, from an address of their own, still gets in.
const SLOW_AFTER: u32 = 10;
const SLOW_DOWN: Duration = Duration::from_secs(1);

/// Checks the password (an unknown email costs the same argon2 work and gets the same
/// answer) and opens a session. Attempts are counted before the password is checked, so
/// concurrent requests and aliased fields count too:
/// - per client address (`KASSA_SIGNIN_ADDRESS_LIMIT` in 15 minutes), and per account *at
///   that address* (5): over either the answer is RATE_LIMITED, so failures from one
///   address never refuse the right password from another;
/// - per account across all addresses: past [`SLOW_AFTER`], attempts wait [`SLOW_DOWN`].
pub(crate) async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: Option<ClientAddress>,
) -> ApiResult<Session> {
    // A malformed email cannot belong to anyone; answer as for any unknown email.
    let email = Email::parse(email).map(|email| email.to_string()).unwrap_or_default();
    let throttles = &state.throttles;
    let address = client.map(ClientAddress::key);
    if let Some(address) = &address {
        throttles.address.attempt(address).await.inspect_err(|_| crate::metrics::sign_in_throttled("address"))?;
    }
    let at_address = format!("{email} {}", address.as_deref().unwrap_or("-"));
    if let Err(limited) = throttles.account.attempt(&at_address).await {
        crate::metrics::sign_in_throttled("account");
        forgive(&throttles.address, address.as_deref()).await;
        return Err(limited);
    }
    if throttles.slowdown.attempt(&email).await? > SLOW_AFTER {
        crate::metrics::sign_in_throttled("slowed");
        tokio::time::sleep(SLOW_DOWN).await;
    }
    match check_password(state, &email, password).await {
        Ok(Some(user_id)) => {
            throttles.account.reset(&at_address).await;
            throttles.slowdown.forgive(&email).await;
            forgive(&throttles.address, address.as_deref()).await;
            let user = accounts::get(state, user_id).await?;
            sessions::open(state, user).await
        }
        Ok(None) => Err(ApiError::BadCredentials),
        Err(error) => {
            // Not the client's fault (the database is down, the hashing queue is full).
            throttles.account.forgive(&at_address).await;
            throttles.slowdown.forgive(&email).await;
            forgive(&throttles.address, address.as_deref()).await;
            Err(error)
        }
    }
}

async fn forgive(throttle: &Throttle, key: Option<&str>) {
    if let Some(key) = key {
        throttle.forgive(key).await;
    }
}

/// The id of the user with this email and password, or None.
async fn check_password(state: &AppState, email: &str, password: &str) -> ApiResult<Option<i64>> {
    let mut conn = state.conn().await?;
    let found: Option<(i64, String)> = users::table
        .filter(users::email.eq(email))
        // Users from the portal's sign-in have no password: signIn does not apply to them.
        .filter(users::external_id.is_null())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4() {
        let key = |text: &str| ClientAddress(text.parse().unwrap()).key();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
    }
}
