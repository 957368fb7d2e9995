//! PostgreSQL: the pool, database creation and the embedded migrations. Every connection
//! is opened by a [`tls::Connector`], which honours DATABASE_URL's `sslmode`.

mod grants;
pub mod models;
pub(crate) mod replica;
pub mod schema;
pub(crate) mod tls;

pub use grants::grant_server_role;

use std::time::Duration;

use anyhow::Context;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConn = Object<AsyncPgConnection>;

/// How long a request waits for a free connection before SERVICE_UNAVAILABLE.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// Per-connection limits, so that a held row lock or a runaway statement ends in
/// SERVICE_UNAVAILABLE ("canceling statement due to ...") instead of a hung request.
#[derive(Clone, Copy, Debug)]
pub struct SessionTimeouts {
    pub statement: Duration,
    pub lock: Duration,
}

/// Builds the pool. Connections are opened lazily, so this succeeds while PostgreSQL is
/// down and the server recovers by itself when it comes back. Every new connection gets
/// `statement_timeout` and `lock_timeout` set before it is handed out, and `application_name`
/// (`name`, unless the URL names one), so `pg_stat_activity` tells the pools apart. The TLS
/// set-up (if DATABASE_URL asks for it) is read once, here, not per connection.
pub fn pool(database_url: &str, name: &str, size: usize, timeouts: SessionTimeouts) -> anyhow::Result<DbPool> {
    let connector = std::sync::Arc::new(tls::Connector::new(database_url)?);
    let naming = if database_url.contains("application_name=") {
        String::new()
    } else {
        format!("; SET application_name = '{}'", name.replace('\'', "''"))
    };
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    // No `SELECT 1` on every checkout: a connection that broke is marked so by diesel-async
    // on its first failed use (answered SERVICE_UNAVAILABLE) and then dropped by the pool.
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |_url| {
        let (connector, naming) = (connector.clone(), naming.clone());
        Box::pin(async move {
            let mut conn = connector.connect().await?;
            let sql = format!(
                "SET statement_timeout = {}; SET lock_timeout = {}{naming}",
                timeouts.statement.as_millis(),
                timeouts.lock.as_millis()
            );
            diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, &sql)
                .await
                .map_err(|error| diesel::ConnectionError::BadConnection(error.to_string()))?;
            Ok(conn)
        })
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    Pool::builder(manager)
        .max_size(size)
        .wait_timeout(Some(CHECKOUT_TIMEOUT))
        .create_timeout(Some(CHECKOUT_TIMEOUT))
        .recycle_timeout(Some(CHECKOUT_TIMEOUT))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("building the database pool")
}

/// Creates the database named in `database_url` when it does not exist yet, connecting to
/// the server's `postgres` database to do so (with the same parameters, TLS included).
pub async fn create_database_if_missing(database_url: &str) -> anyhow::Result<()> {
    let (server_url, name) = split_database_url(database_url)?;
    if tls::Connector::new(database_url)?.connect().await.is_ok() {
        return Ok(());
    }
    let params = database_url.split_once('?').map(|(_, params)| format!("?{params}")).unwrap_or_default();
    let mut admin =
        tls::Connector::new(&format!("{server_url}/postgres{params}"))?.connect_for("to create the database").await?;
    let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
    match diesel::sql_query(sql).execute(&mut admin).await {
        Ok(_) => tracing::info!(database = name, "created the database"),
        // Another instance may have created it at the same moment.
        Err(error) if error.to_string().contains("already exists") => {}
        Err(error) => return Err(error).context("creating the database"),
    }
    Ok(())
}

/// Splits `postgres://user@host:port/name?params` into the server part and the name.
pub fn split_database_url(database_url: &str) -> anyhow::Result<(String, String)> {
    let without_params = database_url.split('?').next().unwrap_or_default();
    let (server, name) = without_params
        .rsplit_once('/')
        .filter(|(server, name)| server.contains("://") && !server.ends_with('/') && !name.is_empty())
        .context("DATABASE_URL must name a database, e.g. postgres://host/kassa")?;
    Ok((server.to_owned(), name.to_owned()))
}

/// Creates and migrates the database as the owner of its tables, then grants the server's
/// role what it needs when that is another role.
pub async fn prepare(config: &crate::config::Config) -> anyhow::Result<()> {
    create_database_if_missing(&config.database_migration_url).await?;
    migrate(&config.database_migration_url).await?;
    grant_server_role(&config.database_migration_url, &config.database_url).await
}

/// Runs the embedded migrations that have not run yet, one instance at a time.
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let conn = tls::Connector::new(database_url)?.connect_for("to migrate").await?;
    // diesel_migrations is sync: the wrapper blocks on this runtime from a blocking thread.
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::from(conn);
        // Instances starting together on a fresh database take turns.
        diesel::RunQueryDsl::execute(diesel::sql_query("SELECT pg_advisory_lock(72260427)"), &mut conn)
            .context("taking the migration lock")?;
        let applied =
            conn.run_pending_migrations(MIGRATIONS).map_err(|error| anyhow::anyhow!("running migrations: {error}"))?;
        let applied: Vec<String> = applied.iter().map(ToString::to_string).collect();
        diesel::RunQueryDsl::execute(diesel::sql_query("SELECT pg_advisory_unlock(72260427)"), &mut conn)
            .context("releasing the migration lock")?;
        for version in applied {
            tracing::info!(%version, "applied migration");
        }
        Ok(())
    })
    .await
    .context("migration task panicked")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_split_into_server_and_name() {
        let (server, name) = split_database_url("postgres://u@h:5432/kassa?sslmode=disable").unwrap();
        assert_eq!((server.as_str(), name.as_str()), ("postgres://u@h:5432", "kassa"));
        assert!(split_database_url("postgres://u@h:5432").is_err());
    }
}
