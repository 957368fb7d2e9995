//! Payment-system bindings: what an admin connects, what customers and cashiers see of it,
//! and whether it takes online payments. Its secrets are sealed at rest (`sealing`).

mod sealing;

pub(crate) use sealing::{open, rotate, seal_plain};

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::models::PaymentSystemRow;
use crate::db::schema::payment_system_bindings as bindings;
use crate::domain::{AuditAction, HashAlgorithm, PaymentProvider, Role};
use crate::error::{ApiError, ApiResult};
use crate::gateways::gateway;
use crate::services::audit::{self, Entry};
use crate::services::sessions::Viewer;
use crate::services::text::{optional, required};
use crate::state::AppState;
use sealing::seal_input;

pub(crate) struct NewBinding {
    pub provider: PaymentProvider,
    pub name: String,
    pub merchant_id: Option<String>,
    pub secret: Option<String>,
    pub payment_secret: Option<String>,
    pub hash_algorithm: Option<HashAlgorithm>,
    pub test_mode: Option<bool>,
    pub enabled: bool,
}

/// A change; None leaves a field as it is.
pub(crate) struct BindingChange {
    pub name: Option<String>,
    pub merchant_id: Option<String>,
    pub secret: Option<String>,
    pub payment_secret: Option<String>,
    pub hash_algorithm: Option<HashAlgorithm>,
    pub test_mode: Option<bool>,
    pub enabled: Option<bool>,
}

/// Enabled systems for everyone signed in; all of them for admins.
pub(crate) async fn list(state: &AppState, viewer: &Viewer) -> ApiResult<Vec<PaymentSystemRow>> {
    let mut query = bindings::table.select(PaymentSystemRow::as_select()).order(bindings::id.asc()).into_boxed();
    if !viewer.is_admin {
        query = query.filter(bindings::enabled.eq(true));
    }
    let mut conn = state.conn().await?;
    Ok(query.load(&mut conn).await?)
}

/// Whether any system is enabled, i.e. whether wallets can be topped up at all.
pub(crate) async fn top_up_available(state: &AppState) -> ApiResult<bool> {
    let mut conn = state.conn().await?;
    Ok(diesel::select(diesel::dsl::exists(bindings::table.filter(bindings::enabled.eq(true))))
        .get_result(&mut conn)
        .await?)
}

pub(crate) async fn by_ids(state: &AppState, ids: &[i64]) -> ApiResult<Vec<PaymentSystemRow>> {
    let mut conn = state.conn().await?;
    Ok(bindings::table.filter(bindings::id.eq_any(ids)).select(PaymentSystemRow::as_select()).load(&mut conn).await?)
}

/// ADMIN: connects a payment system.
pub(crate) async fn create(state: &AppState, viewer: &Viewer, new: NewBinding) -> ApiResult<PaymentSystemRow> {
    viewer.require(Role::Admin)?;
    let name = required("name", &new.name, 100)?;
    let merchant_id = optional("merchantId", new.merchant_id.as_deref(), 200)?;
    let secret = seal_input(state, "secret", new.secret.as_deref())?;
    let payment_secret = seal_input(state, "paymentSecret", new.payment_secret.as_deref())?;
    let algorithm = new.hash_algorithm.unwrap_or(HashAlgorithm::Md5);
    let what = secrets_named(secret.is_some(), payment_secret.is_some());
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = diesel::insert_into(bindings::table)
                .values((
                    bindings::provider.eq(new.provider.as_str()),
                    bindings::name.eq(name),
                    bindings::enabled.eq(new.enabled),
                    bindings::merchant_id.eq(merchant_id),
                    bindings::secret.eq(secret),
                    bindings::payment_secret.eq(payment_secret),
                    bindings::hash_algorithm.eq(algorithm.as_str()),
                    bindings::test_mode.eq(new.test_mode.unwrap_or(false)),
                ))
                .returning(PaymentSystemRow::as_returning())
                .get_result(conn)
                .await?;
            let details = format!(
                "{} \"{}\", {}, merchant {}{what}",
                row.provider,
                row.name,
                if row.enabled { "enabled" } else { "disabled" },
                row.merchant_id.as_deref().unwrap_or("none"),
            );
            recorded(conn, viewer, AuditAction::PaymentSystemCreated, &row, details).await?;
            Ok(row)
        })
        .await?;
    tracing::info!(id = row.id, provider = %row.provider, enabled = row.enabled, actor = viewer.user_id, "payment system created");
    Ok(row)
}

/// ADMIN: renames, re-keys, enables or disables a payment system.
pub(crate) async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    change: BindingChange,
) -> ApiResult<PaymentSystemRow> {
    viewer.require(Role::Admin)?;
    let name = optional("name", change.name.as_deref(), 100)?;
    if change.name.is_some() && name.is_none() {
        return Err(ApiError::bad_input("name must not be empty"));
    }
    let merchant_id = optional("merchantId", change.merchant_id.as_deref(), 200)?;
    let secret = seal_input(state, "secret", change.secret.as_deref())?;
    let payment_secret = seal_input(state, "paymentSecret", change.payment_secret.as_deref())?;
    let mut changed: Vec<String> = Vec::new();
    if let Some(name) = &name {
        changed.push(format!("name \"{name}\""));
    }
    if let Some(merchant) = &merchant_id {
        changed.push(format!("merchant {merchant}"));
    }
    if let Some(enabled) = change.enabled {
        changed.push(if enabled { "enabled".into() } else { "disabled".into() });
    }
    if let Some(algorithm) = change.hash_algorithm {
        changed.push(format!("hash {}", algorithm.as_str()));
    }
    if let Some(test_mode) = change.test_mode {
        changed.push(format!("test mode {}", if test_mode { "on" } else { "off" }));
    }
    let what = secrets_named(secret.is_some(), payment_secret.is_some());
    let details =
        format!("{}{what}", if changed.is_empty() { "nothing but secrets".to_owned() } else { changed.join(", ") });
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = diesel::update(bindings::table.find(id))
                .set((
                    name.map(|name| bindings::name.eq(name)),
                    merchant_id.map(|merchant| bindings::merchant_id.eq(Some(merchant))),
                    secret.map(|secret| bindings::secret.eq(Some(secret))),
                    payment_secret.map(|secret| bindings::payment_secret.eq(Some(secret))),
                    change.hash_algorithm.map(|algorithm| bindings::hash_algorithm.eq(algorithm.as_str())),
                    change.test_mode.map(|test_mode| bindings::test_mode.eq(test_mode)),
                    change.enabled.map(|enabled| bindings::enabled.eq(enabled)),
                    bindings::updated_at.eq(Utc::now()),
                ))
                .returning(PaymentSystemRow::as_returning())
                .get_result(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound("payment system"))?;
            recorded(conn, viewer, AuditAction::PaymentSystemUpdated, &row, details).await?;
            Ok(row)
        })
        .await?;
    tracing::info!(id, enabled = row.enabled, actor = viewer.user_id, "payment system updated");
    Ok(row)
}

/// The merchant id of a binding: for admins only (None for everyone else).
pub(crate) fn merchant_id<'r>(viewer: Option<&Viewer>, row: &'r PaymentSystemRow) -> Option<&'r str> {
    row.merchant_id.as_deref().filter(|_| viewer.is_some_and(|viewer| viewer.is_admin))
}

/// An admin's act on a binding, in the audit log (inside the act's transaction).
async fn recorded(
    conn: &mut diesel_async::AsyncPgConnection,
    viewer: &Viewer,
    action: AuditAction,
    row: &PaymentSystemRow,
    details: String,
) -> diesel::QueryResult<()> {
    let entry = Entry { action, actor: Some(viewer.user_id), user: None, payment_system: Some(row.id), details };
    audit::record(conn, entry).await
}

/// Which secrets an act stored, for the audit log (their names, never their values).
fn secrets_named(secret: bool, payment_secret: bool) -> String {
    match (secret, payment_secret) {
        (true, true) => "; new secret and payment secret".to_owned(),
        (true, false) => "; new secret".to_owned(),
        (false, true) => "; new payment secret".to_owned(),
        (false, false) => String::new(),
    }
}

/// Whether customers can pay through the binding online: enabled, a provider Kassa speaks,
/// its merchant id and the secrets its protocol needs stored.
pub(crate) fn accepts_online(row: &PaymentSystemRow) -> bool {
    let provider = PaymentProvider::from_db(&row.provider).unwrap_or(PaymentProvider::Other);
    row.enabled
        && row.merchant_id.is_some()
        && row.secret.is_some()
        && gateway(provider).is_some_and(|gateway| !gateway.needs_payment_secret() || row.payment_secret.is_some())
}

/// The address a payment system sends notifications to, for admins only.
pub(crate) fn notification_url(state: &AppState, viewer: Option<&Viewer>, row: &PaymentSystemRow) -> Option<String> {
    viewer
        .is_some_and(|viewer| viewer.is_admin)
        .then(|| format!("{}/payments/{}/notify", state.config.public_url(), row.id))
}

/// The hash algorithm and test mode, for admins only.
pub(crate) fn settings(viewer: Option<&Viewer>, row: &PaymentSystemRow) -> Option<(HashAlgorithm, bool)> {
    viewer.filter(|viewer| viewer.is_admin).map(|_| (algorithm(row), row.test_mode))
}

pub(crate) fn algorithm(row: &PaymentSystemRow) -> HashAlgorithm {
    HashAlgorithm::from_db(&row.hash_algorithm).unwrap_or(HashAlgorithm::Md5)
}
