//! Users from the portal's sign-in, provisioned just in time: the first request with a new
//! `sub` creates the user, their wallet and the USER_CREATED entry in one transaction,
//! exactly once however many first requests race (INSERT ... ON CONFLICT DO NOTHING on the
//! unique `external_id`). Later tokens update the profile when `email` or `name` changed.
//!
//! Emails: an `email` claim another user already has is not taken (Kassa never joins two
//! accounts by email, an email claim proves nothing about the Kassa account holding it): a
//! new user then gets a placeholder, `<hash of sub>@portal.invalid`, and a known one keeps
//! theirs; both are logged. The same placeholder stands in when there is no `email` claim.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};

use super::jwt::Claims;
use crate::db::schema::users;
use crate::domain::{AuditAction, Email};
use crate::error::{ApiError, ApiResult};
use crate::services::audit::{self, Entry};
use crate::services::text;
use crate::services::users::{self as accounts, PLACEHOLDER_DOMAIN};
use crate::state::AppState;

/// What `password_hash` holds for them: no PHC string, so it can never match.
const NO_PASSWORD: &str = "!";

/// The user id behind `claims`, creating the user (and wallet) on their first request.
pub(crate) async fn provision(state: &AppState, claims: &Claims) -> ApiResult<i64> {
    let email = claims.email.as_deref().and_then(|email| Email::parse(email).ok());
    let name = claims
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty() && name.chars().count() <= 100 && text::visible("name", name).is_ok());
    let mut conn = state.conn().await?;
    let known: Option<(i64, String, String)> = users::table
        .filter(users::external_id.eq(&claims.sub))
        .select((users::id, users::email, users::name))
        .first(&mut conn)
        .await
        .optional()?;
    if let Some((id, stored_email, stored_name)) = known {
        update_profile(&mut conn, id, (email.as_ref(), &stored_email), (name, &stored_name)).await?;
        return Ok(id);
    }
    let placeholder = placeholder(&claims.sub);
    let fallback_name = name.map_or_else(|| default_name(claims), str::to_owned);
    let wanted = email.as_ref().map_or(placeholder.as_str(), Email::as_str);
    if let Some(id) = create(state, &mut conn, &claims.sub, wanted, &fallback_name).await? {
        return Ok(id);
    }
    if wanted != placeholder {
        tracing::info!(sub = %claims.sub, "portal user's email belongs to another user; a placeholder stands in");
        if let Some(id) = create(state, &mut conn, &claims.sub, &placeholder, &fallback_name).await? {
            return Ok(id);
        }
    }
    Err(ApiError::internal("provisioning a portal user", "the placeholder email is taken"))
}

/// Inserts the user unless one with this `sub` (or this email) exists; the id of the user
/// with this `sub` afterwards, or None when only the email was in the way.
async fn create(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    sub: &str,
    email: &str,
    name: &str,
) -> ApiResult<Option<i64>> {
    let currency = state.config.currency.clone();
    conn.transaction::<_, ApiError, _>(async move |conn| {
        let inserted: Option<i64> = diesel::insert_into(users::table)
            .values((
                users::external_id.eq(sub),
                users::email.eq(email),
                users::name.eq(name),
                users::password_hash.eq(NO_PASSWORD),
            ))
            .on_conflict_do_nothing()
            .returning(users::id)
            .get_result(conn)
            .await
            .optional()?;
        let Some(id) = inserted else {
            // A concurrent first request created them (its commit is what we waited for),
            // or the email is another user's.
            let existing = users::table.filter(users::external_id.eq(sub)).select(users::id);
            return Ok(existing.first(conn).await.optional()?);
        };
        accounts::open_wallet(conn, id, &currency).await?;
        let details = format!("provisioned from the portal's sign-in: sub {sub}");
        let entry =
            Entry { action: AuditAction::UserCreated, actor: Some(id), user: Some(id), payment_system: None, details };
        audit::record(conn, entry).await?;
        tracing::info!(user_id = id, sub, "portal user provisioned");
        Ok(Some(id))
    })
    .await
}

/// Writes the claims' email and name when they differ from what is stored.
async fn update_profile(
    conn: &mut AsyncPgConnection,
    id: i64,
    (email, stored_email): (Option<&Email>, &str),
    (name, stored_name): (Option<&str>, &str),
) -> ApiResult<()> {
    let name = name.filter(|name| *name != stored_name);
    if let Some(name) = name {
        diesel::update(users::table.find(id)).set(users::name.eq(name)).execute(conn).await?;
    }
    let Some(email) = email.filter(|email| email.as_str() != stored_email) else { return Ok(()) };
    match diesel::update(users::table.find(id)).set(users::email.eq(email.as_str())).execute(conn).await {
        Ok(_) => Ok(()),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            tracing::info!(user_id = id, "portal user's new email belongs to another user; kept the old one");
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

fn placeholder(sub: &str) -> String {
    let hash = hex::encode(&Sha256::digest(sub.as_bytes())[..16]);
    format!("{hash}@{PLACEHOLDER_DOMAIN}")
}

/// A name when the token has none: the email's local part, else "Portal user".
fn default_name(claims: &Claims) -> String {
    claims
        .email
        .as_deref()
        .and_then(|email| email.split('@').next())
        .map(str::trim)
        .filter(|local| !local.is_empty() && local.chars().count() <= 100)
        .unwrap_or("Portal user")
        .to_owned()
}
