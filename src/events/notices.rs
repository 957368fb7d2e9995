//! Access notices kept as durably as balance events: written in the transaction of the
//! change they announce, published after commit, and republished by the relay until
//! some instance got them out.

use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::wire::Control;
use super::{Broker, Hub};
use crate::db::DbPool;
use crate::db::schema::access_notices;

/// How long the committing instance has to publish before the relay steps in.
const GRACE: Duration = Duration::from_secs(2);
/// Notices one relay pass takes.
const BATCH: i64 = 100;

/// A notice written with the change it announces, to be sent once that commits.
#[derive(Debug)]
pub struct Notice {
    id: i64,
    control: Control,
}

/// Writes `control` on `conn`, inside the caller's transaction.
pub(crate) async fn record(conn: &mut AsyncPgConnection, control: Control) -> QueryResult<Notice> {
    let body = serde_json::to_string(&control).expect("notices serialise");
    let id = diesel::insert_into(access_notices::table)
        .values(access_notices::body.eq(body))
        .returning(access_notices::id)
        .get_result(conn)
        .await?;
    Ok(Notice { id, control })
}

impl Notice {
    pub(super) fn id(&self) -> i64 {
        self.id
    }

    pub(super) fn control(&self) -> &Control {
        &self.control
    }
}

/// Marks a notice as out.
pub(super) async fn mark_published(db: &DbPool, id: i64) {
    let result = async {
        let mut conn = db.get().await.map_err(|e| e.to_string())?;
        diesel::update(access_notices::table.find(id))
            .set(access_notices::published_at.eq(Utc::now()))
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(%error, notice = id, "could not mark an access notice published; the relay will send it again");
    }
}

/// One relay pass over overdue notices: publishes them to the other instances, applies
/// them here, and marks them, in one transaction (SKIP LOCKED, so instances share the work).
pub(super) async fn relay_once(db: &DbPool, broker: &Broker, hub: &Hub) -> anyhow::Result<usize> {
    let mut conn = db.get().await?;
    let overdue = Utc::now() - chrono::Duration::from_std(GRACE).expect("grace fits");
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        let rows: Vec<(i64, String)> = access_notices::table
            .filter(access_notices::published_at.is_null())
            .filter(access_notices::created_at.lt(overdue))
            .order(access_notices::id.asc())
            .limit(BATCH)
            .select((access_notices::id, access_notices::body))
            .for_update()
            .skip_locked()
            .load(conn)
            .await?;
        for (_, body) in &rows {
            match serde_json::from_str::<Control>(body) {
                Ok(control) => {
                    broker.publish_control(control.clone()).await.map_err(anyhow::Error::msg)?;
                    hub.deliver_control(control);
                }
                Err(error) => tracing::warn!(%error, "skipped an access notice that does not parse"),
            }
        }
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        if !ids.is_empty() {
            diesel::update(access_notices::table.filter(access_notices::id.eq_any(&ids)))
                .set(access_notices::published_at.eq(Utc::now()))
                .execute(conn)
                .await?;
        }
        Ok(ids.len())
    })
    .await
}

/// Deletes notices published before `before`.
pub(super) async fn prune(conn: &mut AsyncPgConnection, before: chrono::DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(access_notices::table.filter(access_notices::published_at.lt(before))).execute(conn).await
}
