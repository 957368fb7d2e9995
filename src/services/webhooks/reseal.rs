//! `kassa rotate-secrets` for the endpoints' signing secrets: each one not sealed under the
//! current key is opened (with `KASSA_SECRET_KEY_PREVIOUS`) and sealed again, in one
//! transaction with its audit entry; each update is guarded by the value it replaces.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::schema::webhook_endpoints;
use crate::domain::AuditAction;
use crate::services::audit::{self, Entry};
use crate::state::AppState;

/// Returns how many endpoints changed.
pub(crate) async fn rotate(state: &AppState) -> anyhow::Result<usize> {
    let keyring = &state.config.online.keyring;
    anyhow::ensure!(keyring.can_seal(), "KASSA_SECRET_KEY is not set");
    let mut conn = state.conn().await.map_err(|error| anyhow::anyhow!("{error}"))?;
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        let stored: Vec<(i64, String)> = webhook_endpoints::table
            .select((webhook_endpoints::id, webhook_endpoints::signing_secret))
            .order(webhook_endpoints::id.asc())
            .load(conn)
            .await?;
        let mut changed = 0;
        for (id, sealed) in stored.into_iter().filter(|(_, sealed)| !keyring.is_current(sealed)) {
            let secret = keyring.open(&sealed).map_err(|error| anyhow::anyhow!("webhook endpoint {id}: {error}"))?;
            let resealed = keyring.seal(&secret).expect("the keyring can seal");
            changed +=
                diesel::update(webhook_endpoints::table.find(id).filter(webhook_endpoints::signing_secret.eq(&sealed)))
                    .set(webhook_endpoints::signing_secret.eq(resealed))
                    .execute(conn)
                    .await?;
        }
        if changed > 0 {
            let key = keyring.current_id().unwrap_or_default();
            let details = format!("{changed} webhook endpoint secret(s) re-sealed under key {key}");
            let entry =
                Entry { action: AuditAction::SecretsRotated, actor: None, user: None, payment_system: None, details };
            audit::record(conn, entry).await?;
        }
        Ok(changed)
    })
    .await
}
