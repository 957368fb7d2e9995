//! The audit log: every administrative act, written on the act's own connection inside its
//! transaction, so the entry commits (or rolls back) with the act. The table is
//! append-only: the database refuses UPDATE, DELETE and TRUNCATE on it.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::models::AuditRow;
use crate::db::schema::audit_log;
use crate::domain::{AuditAction, Cursor, Role};
use crate::error::ApiResult;
use crate::services::history::{Page, PageRequest};
use crate::services::sessions::viewer::Viewer;
use crate::state::AppState;

/// One act to record. `actor` is None for the command line; `details` is for people to
/// read and must never hold a secret.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub action: AuditAction,
    pub actor: Option<i64>,
    pub user: Option<i64>,
    pub payment_system: Option<i64>,
    pub details: String,
}

/// Records `entry` on `conn`: call it inside the act's transaction, e.g.
/// `audit::record(conn, Entry { action: AuditAction::SecretsRotated, .. }).await?;`
pub(crate) async fn record(conn: &mut AsyncPgConnection, entry: Entry) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::action.eq(entry.action.as_str()),
            audit_log::actor_id.eq(entry.actor),
            audit_log::subject_user_id.eq(entry.user),
            audit_log::subject_payment_system_id.eq(entry.payment_system),
            audit_log::details.eq(&entry.details),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// ADMIN: the log, newest first, optionally of one action only.
pub(crate) async fn list(
    state: &AppState,
    viewer: &Viewer,
    action: Option<AuditAction>,
    page: PageRequest,
) -> ApiResult<Page<AuditRow>> {
    viewer.require(Role::Admin)?;
    let mut query =
        audit_log::table.select(AuditRow::as_select()).order(audit_log::id.desc()).limit(page.limit()).into_boxed();
    if let Some(action) = action {
        query = query.filter(audit_log::action.eq(action.as_str()));
    }
    if let Some(Cursor(after)) = page.after {
        query = query.filter(audit_log::id.lt(after));
    }
    let mut conn = state.conn().await?;
    let rows = query.load(&mut conn).await?;
    Ok(page.finish(rows, |row| row.id))
}
