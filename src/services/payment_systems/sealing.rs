//! Binding secrets at rest: sealed as they are stored, opened only to check a
//! notification or sign a link, re-sealed by `kassa rotate-secrets`, and those an older
//! version stored in plain text sealed at start-up once a key is set.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::models::PaymentSystemRow;
use crate::db::schema::payment_system_bindings as bindings;
use crate::domain::AuditAction;
use crate::error::{ApiError, ApiResult};
use crate::secrets::{Keyring, OpenError, Secret};
use crate::services::audit::{self, Entry};
use crate::services::text::optional;
use crate::state::AppState;

/// A secret from an admin's input, sealed for storing; None when not given.
pub(super) fn seal_input(state: &AppState, field: &str, value: Option<&str>) -> ApiResult<Option<String>> {
    let Some(value) = optional(field, value, 1000)? else { return Ok(None) };
    let sealed = state.config.online.keyring.seal(&Secret::new(value)).ok_or_else(|| {
        ApiError::bad_input(format!("storing {field} needs KASSA_SECRET_KEY on the server (see docs/operations.md)"))
    })?;
    Ok(Some(sealed))
}

/// A binding's secrets in the clear, for one notification or one link.
pub(crate) struct Opened {
    pub secret: Option<Secret>,
    pub payment_secret: Option<Secret>,
}

pub(crate) fn open(keyring: &Keyring, row: &PaymentSystemRow) -> Result<Opened, OpenError> {
    let open = |stored: &Option<String>| stored.as_deref().map(|stored| keyring.open(stored)).transpose();
    Ok(Opened { secret: open(&row.secret)?, payment_secret: open(&row.payment_secret)? })
}

/// Re-seals every stored secret that is not sealed under the current key (plain ones of an
/// older version, or ones under `KASSA_SECRET_KEY_PREVIOUS`), in one transaction with its
/// audit entry (SECRETS_ROTATED, no actor: the command line or start-up). Returns how many
/// bindings changed. Each update is guarded by the value it replaces, so a concurrent
/// change wins.
async fn reseal(conn: &mut AsyncPgConnection, keyring: &Keyring, plain_only: bool) -> anyhow::Result<usize> {
    let changed = conn
        .transaction::<_, anyhow::Error, _>(async |conn| {
            let changed = reseal_rows(conn, keyring, plain_only).await?;
            if changed > 0 {
                let key = keyring.current_id().unwrap_or_default();
                let details = if plain_only {
                    format!("{changed} binding(s) stored in plain text sealed under key {key}")
                } else {
                    format!("{changed} binding(s) re-sealed under key {key}")
                };
                let entry = Entry {
                    action: AuditAction::SecretsRotated,
                    actor: None,
                    user: None,
                    payment_system: None,
                    details,
                };
                audit::record(conn, entry).await?;
            }
            Ok(changed)
        })
        .await?;
    Ok(changed)
}

async fn reseal_rows(conn: &mut AsyncPgConnection, keyring: &Keyring, plain_only: bool) -> anyhow::Result<usize> {
    anyhow::ensure!(keyring.can_seal(), "KASSA_SECRET_KEY is not set");
    let rows: Vec<PaymentSystemRow> =
        bindings::table.select(PaymentSystemRow::as_select()).order(bindings::id.asc()).load(conn).await?;
    let mut changed = 0;
    for row in rows {
        let stale = |stored: &Option<String>| {
            stored.as_deref().is_some_and(|stored| {
                if plain_only { !stored.starts_with("sealed:") } else { !keyring.is_current(stored) }
            })
        };
        if !stale(&row.secret) && !stale(&row.payment_secret) {
            continue;
        }
        let reseal = |stored: &Option<String>| -> anyhow::Result<Option<String>> {
            match stored {
                Some(value) if stale(stored) => {
                    let secret = keyring.open(value).map_err(|error| anyhow::anyhow!("binding {}: {error}", row.id))?;
                    Ok(keyring.seal(&secret))
                }
                other => Ok(other.clone()),
            }
        };
        let (secret, payment_secret) = (reseal(&row.secret)?, reseal(&row.payment_secret)?);
        let updated = diesel::update(
            bindings::table
                .find(row.id)
                .filter(bindings::secret.is_not_distinct_from(&row.secret))
                .filter(bindings::payment_secret.is_not_distinct_from(&row.payment_secret)),
        )
        .set((bindings::secret.eq(secret), bindings::payment_secret.eq(payment_secret)))
        .execute(conn)
        .await?;
        changed += updated;
    }
    Ok(changed)
}

/// At start-up: seals the secrets an older version stored in plain text, once a key is set.
pub(crate) async fn seal_plain(state: &AppState) -> anyhow::Result<()> {
    let keyring = &state.config.online.keyring;
    if !keyring.can_seal() {
        return Ok(());
    }
    let mut conn = state.conn().await.map_err(|error| anyhow::anyhow!("{error}"))?;
    let sealed = reseal(&mut conn, keyring, true).await?;
    if sealed > 0 {
        tracing::info!(bindings = sealed, key = keyring.current_id(), "sealed secrets stored in plain text");
    }
    Ok(())
}

/// `kassa rotate-secrets`: every secret sealed under the current key, opened with the
/// previous one where it was sealed under that.
pub(crate) async fn rotate(state: &AppState) -> anyhow::Result<usize> {
    let keyring = &state.config.online.keyring;
    let mut conn = state.conn().await.map_err(|error| anyhow::anyhow!("{error}"))?;
    let changed = reseal(&mut conn, keyring, false).await?;
    tracing::info!(bindings = changed, key = keyring.current_id(), "secrets re-sealed under the current key");
    Ok(changed)
}
