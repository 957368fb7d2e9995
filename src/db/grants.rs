//! The running server may connect as a role that does not own the tables: it then gets
//! exactly the privileges it needs, and being no owner it can neither disable the
//! append-only triggers nor alter the schema. Migrations run as the owner.

use anyhow::Context;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;

/// What the server does with each table: the journal and its entries are only ever read
/// and appended to (UPDATE on one column only because `SELECT ... FOR UPDATE`, which
/// serialises refunds, needs it; the append-only trigger still refuses any update).
const PRIVILEGES: &[(&str, &str)] = &[
    ("transactions", "SELECT, INSERT, UPDATE (comment)"),
    ("ledger_entries", "SELECT, INSERT"),
    ("cashier_audit", "SELECT, INSERT"),
    ("audit_log", "SELECT, INSERT"),
    ("api_keys", "SELECT, INSERT, UPDATE"),
    ("users", "SELECT, INSERT, UPDATE"),
    ("sessions", "SELECT, INSERT, UPDATE"),
    ("wallets", "SELECT, INSERT, UPDATE"),
    ("cashiers", "SELECT, INSERT, DELETE"),
    ("payment_system_bindings", "SELECT, INSERT, UPDATE"),
    ("outbox", "SELECT, INSERT, UPDATE, DELETE"),
    ("access_notices", "SELECT, INSERT, UPDATE, DELETE"),
    ("top_up_invoices", "SELECT, INSERT, UPDATE"),
    ("payment_notifications", "SELECT, INSERT"),
    ("webhook_endpoints", "SELECT, INSERT, UPDATE"),
    ("webhook_events", "SELECT, INSERT"),
    ("webhook_deliveries", "SELECT, INSERT, UPDATE"),
    ("webhook_attempts", "SELECT, INSERT"),
    ("holds", "SELECT, INSERT, UPDATE"),
    // The hold changes' journal: published_at is their outbox mark.
    ("wallet_changes", "SELECT, INSERT, UPDATE"),
];

#[derive(diesel::QueryableByName)]
struct Role {
    #[diesel(sql_type = Text)]
    name: String,
}

/// When `database_url` signs in as another role than `owner_url`, grants that role what
/// the server needs (idempotent; run after every migration).
pub async fn grant_server_role(owner_url: &str, database_url: &str) -> anyhow::Result<()> {
    if owner_url == database_url {
        return Ok(());
    }
    let role_of = async |url: &str| -> anyhow::Result<String> {
        let mut conn = super::tls::establish(url, "to check its role").await?;
        let role: Role = diesel::sql_query("SELECT current_user::text AS name").get_result(&mut conn).await?;
        Ok(role.name)
    };
    let owner = role_of(owner_url).await.context("DATABASE_MIGRATION_URL")?;
    let server = role_of(database_url).await.context("DATABASE_URL")?;
    if owner == server {
        return Ok(());
    }
    let role = format!("\"{}\"", server.replace('"', "\"\""));
    let mut sql = format!("GRANT USAGE ON SCHEMA public TO {role}; ");
    for (table, privileges) in PRIVILEGES {
        sql.push_str(&format!("GRANT {privileges} ON {table} TO {role}; "));
    }
    sql.push_str(&format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};"));
    let mut conn = super::tls::establish(owner_url, "to grant the server role its privileges").await?;
    diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, &sql)
        .await
        .context("granting the server role its privileges")?;
    tracing::info!(server = %server, owner = %owner, "the server runs as a role that does not own the tables");
    Ok(())
}
