use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::models::{User, UserRow, WalletRow};
use crate::db::schema::{cashiers, users, wallets};
use crate::domain::{AuditAction, Cursor, Email, Role, WalletNumber};
use crate::error::{ApiError, ApiResult};
use crate::services::audit::{self, Entry};
use crate::services::history::{Page, PageRequest};
use crate::services::sessions::viewer::{Asker, Viewer};
use crate::services::text;
use crate::state::AppState;

/// The domain of the placeholder addresses portal users get when their email is missing or
/// taken; reserved (RFC 2606), and refused at sign-up.
pub(crate) const PLACEHOLDER_DOMAIN: &str = "portal.invalid";

/// What a new account needs, already checked.
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password: String,
}

impl NewUser {
    pub fn parse(email: &str, name: &str, password: &str) -> ApiResult<Self> {
        let email = Email::parse(email).map_err(ApiError::bad_input)?;
        if email.as_str().ends_with(&format!("@{}", PLACEHOLDER_DOMAIN)) {
            return Err(ApiError::bad_input("this email domain is reserved"));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ApiError::bad_input("a name has 1 to 100 characters"));
        }
        text::visible("name", name)?;
        let length = password.chars().count();
        if !(8..=128).contains(&length) {
            return Err(ApiError::bad_input("a password has 8 to 128 characters"));
        }
        Ok(Self { email, name: name.to_owned(), password: password.to_owned() })
    }
}

/// Who creates an account, which decides its role and its audit entry.
#[derive(Clone, Copy, Debug)]
pub enum CreatedBy {
    /// The user themself, signing up (USER_CREATED, the new user as actor).
    SignUp,
    /// An admin, through the API (USER_CREATED, the admin as actor).
    Admin(i64),
    /// `kassa create-admin`: an admin account (ADMIN_CREATED, no actor).
    CommandLine,
}

/// Creates the user, their wallet and the audit entry in one transaction.
pub async fn create(state: &AppState, new: NewUser, by: CreatedBy) -> ApiResult<User> {
    let hash = state.passwords.hash(&new.password).await?;
    let currency = state.config.currency.clone();
    let is_admin = matches!(by, CreatedBy::CommandLine);
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async move |conn| {
        let row: UserRow = diesel::insert_into(users::table)
            .values((
                users::email.eq(new.email.as_str()),
                users::name.eq(&new.name),
                users::password_hash.eq(&hash),
                users::is_admin.eq(is_admin),
            ))
            .returning(UserRow::as_returning())
            .get_result(conn)
            .await
            .map_err(|error| match error {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    ApiError::bad_input("this email is already registered")
                }
                other => other.into(),
            })?;
        open_wallet(conn, row.id, &currency).await?;
        let (action, actor, how) = match by {
            CreatedBy::SignUp => (AuditAction::UserCreated, Some(row.id), "signed up"),
            CreatedBy::Admin(admin) => (AuditAction::UserCreated, Some(admin), "created by an admin"),
            CreatedBy::CommandLine => (AuditAction::AdminCreated, None, "admin created from the command line"),
        };
        let details = format!("{how}: {} ({})", row.email, row.name);
        audit::record(conn, Entry { action, actor, user: Some(row.id), payment_system: None, details }).await?;
        Ok(User::from_row((row, None)))
    })
    .await
}

/// Inserts a wallet under a fresh random number, drawing again on the rare collision.
pub(crate) async fn open_wallet(conn: &mut AsyncPgConnection, owner_id: i64, currency: &str) -> ApiResult<WalletRow> {
    loop {
        let number = WalletNumber::generate(&mut rand::rng());
        let inserted = diesel::insert_into(wallets::table)
            .values((
                wallets::number.eq(number.as_str()),
                wallets::owner_id.eq(owner_id),
                wallets::currency.eq(currency),
            ))
            .on_conflict(wallets::number)
            .do_nothing()
            .returning(WalletRow::as_returning())
            .get_result(conn)
            .await
            .optional()?;
        if let Some(wallet) = inserted {
            return Ok(wallet);
        }
        tracing::debug!(owner_id, "wallet number collision; drawing another");
    }
}

/// Users with their cashier flag, by id, in one query (for the data loader).
pub(crate) async fn by_ids(state: &AppState, ids: &[i64]) -> ApiResult<Vec<User>> {
    let mut conn = state.conn().await?;
    let rows: Vec<(UserRow, Option<i64>)> = users::table
        .left_join(cashiers::table.on(cashiers::user_id.eq(users::id)))
        .filter(users::id.eq_any(ids))
        .select((UserRow::as_select(), cashiers::user_id.nullable()))
        .load(&mut conn)
        .await?;
    Ok(rows.into_iter().map(User::from_row).collect())
}

pub(crate) async fn get(state: &AppState, id: i64) -> ApiResult<User> {
    by_ids(state, &[id]).await?.pop().ok_or(ApiError::NotFound("user"))
}

/// ADMIN: users whose email or name contains `search`, in id order, from the replica when it
/// serves (a user created a moment ago may be missing while it lags).
pub(crate) async fn search(
    state: &AppState,
    viewer: &Viewer,
    search: Option<&str>,
    page: PageRequest,
) -> ApiResult<Page<User>> {
    viewer.require(Role::Admin)?;
    let pattern = search
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(|text| format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    let rows: Vec<(UserRow, Option<i64>)> = state
        .read(async |conn| {
            let mut query = users::table
                .left_join(cashiers::table.on(cashiers::user_id.eq(users::id)))
                .select((UserRow::as_select(), cashiers::user_id.nullable()))
                .order(users::id.asc())
                .limit(page.limit())
                .into_boxed();
            if let Some(pattern) = &pattern {
                query = query.filter(users::email.ilike(pattern.clone()).or(users::name.ilike(pattern.clone())));
            }
            if let Some(Cursor(after)) = page.after {
                query = query.filter(users::id.gt(after));
            }
            query.load(conn).await
        })
        .await?;
    Ok(page.finish(rows.into_iter().map(User::from_row).collect(), |user| user.row.id))
}

/// A user's email: for the user themself, cashiers and admins.
pub(crate) fn email_of<'u>(asker: Asker<'_>, user: &'u User) -> ApiResult<&'u str> {
    if asker.is_self(user.row.id) || asker.signed_in()?.is_staff() {
        Ok(&user.row.email)
    } else {
        Err(ApiError::Forbidden("another user's email is private"))
    }
}
