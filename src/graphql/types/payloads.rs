use async_graphql::{ID, Object, SimpleObject};

use super::{TransactionObject, UserObject, WalletObject};
use crate::domain::Money;
use crate::events::BalanceEvent;
use crate::graphql::scalars::{DateTime, to_id, to_int};
use crate::services::moves::Outcome;

#[derive(SimpleObject)]
pub(crate) struct WalletConfig {
    pub currency: String,
    /// True when at least one payment system is enabled, so wallets can be topped up.
    pub top_up_available: bool,
    /// The largest amount one operation may move.
    pub max_operation_amount: Money,
}

#[derive(SimpleObject)]
pub(crate) struct AuthPayload {
    /// Opaque bearer token.
    pub token: String,
    pub expires_at: DateTime,
    pub user: UserObject,
}

#[derive(SimpleObject)]
pub(crate) struct WalletOperationResult {
    pub transaction: TransactionObject,
    /// The wallet as it is right after the operation.
    pub wallet: WalletObject,
}

impl From<Outcome> for WalletOperationResult {
    fn from(outcome: Outcome) -> Self {
        Self { transaction: TransactionObject(outcome.transaction), wallet: WalletObject(outcome.wallet) }
    }
}

/// One state of a wallet's balance. Shared by every subscriber of the wallet.
pub(crate) struct BalanceEventObject(pub std::sync::Arc<BalanceEvent>);

#[Object(name = "BalanceEvent")]
impl BalanceEventObject {
    /// The wallet as of this event (same id as Wallet elsewhere), so a normalising client
    /// cache (Apollo Client, urql) updates `Wallet.balance` by itself.
    async fn wallet(&self) -> WalletObject {
        WalletObject(self.0.wallet.clone())
    }

    async fn wallet_id(&self) -> ID {
        to_id(self.0.wallet.id)
    }

    async fn wallet_number(&self) -> &str {
        &self.0.wallet.number
    }

    async fn balance(&self) -> Money {
        Money::from_decimal(self.0.wallet.balance)
    }

    /// The wallet's balance minus its active holds, as of this event.
    async fn available(&self) -> Money {
        Money::from_decimal(self.0.wallet.available())
    }

    /// The sum of the wallet's active holds, as of this event.
    async fn held(&self) -> Money {
        Money::from_decimal(self.0.wallet.held)
    }

    async fn currency(&self) -> &str {
        &self.0.wallet.currency
    }

    async fn version(&self) -> i32 {
        to_int(self.0.wallet.version)
    }

    /// The transaction that made this change; null for the first event (the current state)
    /// and for a hold created, voided or expired (a capture is its PAYMENT).
    async fn transaction(&self) -> Option<TransactionObject> {
        self.0.transaction.clone().map(TransactionObject)
    }
}
