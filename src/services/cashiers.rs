use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::models::CashierRow;
use crate::db::schema::{cashiers, users};
use crate::domain::{AuditAction, Role};
use crate::error::{ApiError, ApiResult};
use crate::services::audit::{self, Entry};
use crate::services::sessions::{self, Viewer};
use crate::state::AppState;

/// ADMIN: every current cashier, earliest appointment first.
pub(crate) async fn list(state: &AppState, viewer: &Viewer) -> ApiResult<Vec<CashierRow>> {
    viewer.require(Role::Admin)?;
    let mut conn = state.conn().await?;
    Ok(cashiers::table
        .select(CashierRow::as_select())
        .order((cashiers::added_at.asc(), cashiers::user_id.asc()))
        .load(&mut conn)
        .await?)
}

/// ADMIN: appoints a cashier. Appointing a current cashier again returns them unchanged.
pub(crate) async fn add(state: &AppState, viewer: &Viewer, user_id: i64) -> ApiResult<CashierRow> {
    viewer.require(Role::Admin)?;
    set(state, user_id, Some(viewer.user_id)).await
}

/// Appoints a cashier; `added_by` is None when done from the command line. The new role
/// applies on the user's very next request, on every instance (an access notice).
pub(crate) async fn set(state: &AppState, user_id: i64, added_by: Option<i64>) -> ApiResult<CashierRow> {
    let mut conn = state.conn().await?;
    let (row, notice) = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let exists: bool = diesel::select(diesel::dsl::exists(users::table.find(user_id))).get_result(conn).await?;
            if !exists {
                return Err(ApiError::NotFound("user"));
            }
            let inserted = diesel::insert_into(cashiers::table)
                .values((cashiers::user_id.eq(user_id), cashiers::added_by.eq(added_by)))
                .on_conflict_do_nothing()
                .returning(CashierRow::as_returning())
                .get_result(conn)
                .await
                .optional()?;
            match inserted {
                Some(row) => {
                    let details = "appointed cashier".to_owned();
                    let entry = Entry {
                        action: AuditAction::CashierAdded,
                        actor: added_by,
                        user: Some(user_id),
                        payment_system: None,
                        details,
                    };
                    audit::record(conn, entry).await?;
                    tracing::info!(user_id, added_by, "cashier added");
                    Ok((row, Some(sessions::access_changed(conn, user_id).await?)))
                }
                None => Ok((cashiers::table.find(user_id).select(CashierRow::as_select()).first(conn).await?, None)),
            }
        })
        .await?;
    drop(conn);
    if let Some(notice) = notice {
        state.events.notify(notice);
    }
    Ok(row)
}

/// ADMIN: removes a cashier; false when the user was not one. Takes effect on the removed
/// cashier's very next request, on every instance (an access notice).
pub(crate) async fn remove(state: &AppState, viewer: &Viewer, user_id: i64) -> ApiResult<bool> {
    viewer.require(Role::Admin)?;
    let mut conn = state.conn().await?;
    let actor = viewer.user_id;
    let notice = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let exists: bool = diesel::select(diesel::dsl::exists(users::table.find(user_id))).get_result(conn).await?;
            if !exists {
                return Err(ApiError::NotFound("user"));
            }
            let removed = diesel::delete(cashiers::table.find(user_id)).execute(conn).await?;
            if removed == 0 {
                return Ok(None);
            }
            let details = "removed as cashier".to_owned();
            let entry = Entry {
                action: AuditAction::CashierRemoved,
                actor: Some(actor),
                user: Some(user_id),
                payment_system: None,
                details,
            };
            audit::record(conn, entry).await?;
            tracing::info!(user_id, removed_by = actor, "cashier removed");
            Ok(Some(sessions::access_changed(conn, user_id).await?))
        })
        .await?;
    drop(conn);
    let removed = notice.is_some();
    if let Some(notice) = notice {
        state.events.notify(notice);
    }
    Ok(removed)
}
