//! What to answer when the statement moved nothing, and how database errors are kept.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;

use super::statement::{Move, Role, Target};
use crate::db::models::{PaymentSystemRow, WalletRow};
use crate::db::schema::{cashiers, payment_system_bindings, users, wallets};
use crate::error::{ApiError, ApiResult};

/// Keeps database errors raw, so a key conflict can still be recognised by the caller.
pub(crate) enum MoveError {
    Database(DieselError),
    Api(ApiError),
}

impl std::fmt::Display for MoveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Database(error) => write!(f, "database: {error}"),
            Self::Api(error) => write!(f, "{error}"),
        }
    }
}

impl From<DieselError> for MoveError {
    fn from(error: DieselError) -> Self {
        Self::Database(error)
    }
}

impl From<ApiError> for MoveError {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// True when the insert hit the (actor, idempotency key) unique index: another request
/// with this key committed first.
pub(super) fn is_key_conflict(error: &DieselError) -> bool {
    matches!(error, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some("transactions_performed_by_idempotency_key_key"))
}

/// Nothing moved, and it was no replay: which guard refused (an error, in the order a
/// person would check), or Ok when a fresh read says the move would now pass.
pub(super) async fn explain(conn: &mut AsyncPgConnection, step: &Move) -> ApiResult<()> {
    if let Some(role) = step.role
        && !holds(conn, step.actor_id, role).await?
    {
        tracing::info!(actor = step.actor_id, ?role, "a move was refused: the actor lost the role");
        return Err(ApiError::Forbidden(match role {
            Role::Cashier => "cashiers only",
            Role::Staff => "cashiers and admins only",
        }));
    }
    let mut query = wallets::table.select(WalletRow::as_select()).into_boxed();
    query = match &step.target {
        Target::Id(id) => query.filter(wallets::id.eq(*id)),
        Target::Number(number) => query.filter(wallets::number.eq(number.to_string())),
        Target::Owner(id) => query.filter(wallets::owner_id.eq(*id)),
    };
    let wallet = query.first(conn).await.optional()?.ok_or(ApiError::NotFound("wallet"))?;
    if step.staff_operation && wallet.owner_id == step.actor_id {
        return Err(ApiError::Forbidden("staff cannot move money on their own wallet"));
    }
    // A move that pays an invoice may use a system disabled since: the customer has paid.
    if let Some(id) = step.payment_system_id.filter(|_| step.invoice_id.is_none()) {
        let system: PaymentSystemRow = payment_system_bindings::table
            .find(id)
            .select(PaymentSystemRow::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or(ApiError::NotFound("payment system"))?;
        if !system.enabled {
            return Err(ApiError::PaymentSystemDisabled);
        }
    }
    if step.delta() < Decimal::ZERO && wallet.available() + step.release < step.amount.decimal() {
        return Err(ApiError::InsufficientFunds);
    }
    // The guard refused, yet a fresh read says it would pass: a credit committed meanwhile.
    Ok(())
}

/// Whether `user_id` holds `role` as the database has it now.
async fn holds(conn: &mut AsyncPgConnection, user_id: i64, role: Role) -> ApiResult<bool> {
    let cashier: bool = diesel::select(diesel::dsl::exists(cashiers::table.find(user_id))).get_result(conn).await?;
    if cashier || role == Role::Cashier {
        return Ok(cashier);
    }
    Ok(users::table.find(user_id).select(users::is_admin).first(conn).await.optional()?.unwrap_or(false))
}
