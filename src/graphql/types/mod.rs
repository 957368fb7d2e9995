//! Output types of the schema, each a thin view over a row.

mod cashier;
mod connection;
mod payloads;
mod payment_system;
mod transaction;
mod user;
mod wallet;

pub use cashier::CashierObject;
pub use connection::{PageInfo, TransactionConnection, UserConnection};
pub use payloads::{AuthPayload, BalanceEventObject, WalletConfig, WalletOperationResult};
pub use payment_system::PaymentSystemObject;
pub use transaction::{TransactionFilter, TransactionObject};
pub use user::UserObject;
pub use wallet::WalletObject;
