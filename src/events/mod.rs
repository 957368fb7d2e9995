//! Balance events: built once per committed change, fanned out to every subscriber.

mod hub;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::config::Config;
use crate::db::DbPool;
use crate::db::models::{TransactionRow, WalletRow};
use crate::services::moves::Outcome;
pub use hub::Hub;

/// One state of a wallet: after a transaction, or the current state (no transaction).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BalanceEvent {
    pub wallet: WalletRow,
    pub transaction: Option<TransactionRow>,
}

impl BalanceEvent {
    pub fn current(wallet: WalletRow) -> Self {
        Self { wallet, transaction: None }
    }
}

/// The event side of the application: publishes committed changes and hands out
/// subscriptions. Built once at start-up.
#[derive(Clone)]
pub struct Events {
    hub: Hub,
}

impl Events {
    pub async fn start(_config: &Config, _db: DbPool) -> anyhow::Result<Self> {
        tracing::info!("events: in-process broker (single instance)");
        Ok(Self { hub: Hub::default() })
    }

    /// Called after a money move commits.
    pub async fn publish_committed(&self, outcome: &Outcome) {
        let event = BalanceEvent { wallet: outcome.wallet.clone(), transaction: Some(outcome.transaction.clone()) };
        self.hub.deliver(Arc::new(event));
    }

    /// Whether the broker can publish right now (always, in process).
    pub async fn ready(&self) -> bool {
        true
    }

    pub fn wallet(&self, wallet_id: i64) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.hub.wallet(wallet_id)
    }

    pub fn feed(&self) -> broadcast::Receiver<Arc<BalanceEvent>> {
        self.hub.feed()
    }
}
