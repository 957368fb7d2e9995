use std::io::Read;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::app::Server;
use crate::config::Config;
use crate::services::{cashiers, ledger, payment_systems, users, webhooks};
use crate::state::AppState;
use crate::{db, graphql, telemetry};

/// Kassa: virtual wallets for a portal, served as a GraphQL API.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the API (the default): creates and migrates the database first.
    Serve,
    /// Create the database if needed and run pending migrations, then exit.
    Migrate,
    /// Create an admin account. The password comes from KASSA_ADMIN_PASSWORD or stdin.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Also appoint the admin as a cashier.
        #[arg(long)]
        cashier: bool,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Prove that every balance equals its ledger and that the ledger sums to zero.
    VerifyLedger,
    /// Re-seal every payment-system secret under KASSA_SECRET_KEY, opening those sealed
    /// under the previous key with KASSA_SECRET_KEY_PREVIOUS.
    RotateSecrets,
}

/// Runs the command line; the exit code is non-zero on any failure.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Schema = command {
        print!("{}", graphql::sdl());
        return Ok(());
    }
    let config = Config::from_env()?;
    telemetry::init(config.log_json);
    match command {
        Command::Serve => Server::start(config).await?.wait().await,
        Command::Migrate => db::prepare(&config).await,
        Command::CreateAdmin { email, name, cashier } => create_admin(config, &email, &name, cashier).await,
        Command::VerifyLedger => verify_ledger(&config).await,
        Command::RotateSecrets => rotate_secrets(config).await,
        Command::Schema => unreachable!("handled above"),
    }
}

async fn create_admin(config: Config, email: &str, name: &str, cashier: bool) -> anyhow::Result<()> {
    let password = match std::env::var("KASSA_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("reading the password from stdin")?;
            password.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let state = AppState::build_offline(config).await?;
    let new = users::NewUser::parse(email, name, &password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = users::create(&state, new, users::CreatedBy::CommandLine).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if cashier {
        cashiers::set(&state, user.row.id, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    println!("created admin {} (id {})", user.row.email, user.row.id);
    Ok(())
}

async fn rotate_secrets(config: Config) -> anyhow::Result<()> {
    let state = AppState::build_offline(config).await?;
    let changed = payment_systems::rotate(&state).await?;
    let endpoints = webhooks::rotate(&state).await?;
    let key = state.config.online.keyring.current_id().unwrap_or_default().to_owned();
    println!("{endpoints} webhook endpoint(s) re-sealed");
    println!("{changed} payment system(s) re-sealed; every secret is now sealed under key {key}");
    Ok(())
}

async fn verify_ledger(config: &Config) -> anyhow::Result<()> {
    let (totals, problems) = ledger::verify(&config.database_url).await?;
    println!(
        "{} wallets, {} transactions; wallets hold {}, ledger entries sum to {}",
        totals.wallets, totals.transactions, totals.wallet_total, totals.entries_total
    );
    if problems.is_empty() {
        println!("ledger OK");
        return Ok(());
    }
    for problem in &problems {
        println!("PROBLEM {}: {}", problem.subject, problem.problem);
    }
    bail!("the ledger does not balance: {} problem(s)", problems.len())
}
