//! Output types of the schema, each a thin view over a row.

mod api_key;
mod audit;
mod cashier;
mod connection;
mod hold;
mod invoice;
mod order;
mod payloads;
mod payment_system;
mod report;
mod transaction;
mod user;
mod wallet;
mod webhook;

pub(crate) use api_key::{ApiKeyObject, CreatedApiKeyObject};
pub(crate) use audit::AuditEntryConnection;
pub(crate) use cashier::CashierObject;
pub(crate) use connection::{TransactionConnection, UserConnection};
pub(crate) use hold::{HoldConnection, HoldObject, HoldResult};
pub(crate) use invoice::{TopUpInvoiceConnection, TopUpInvoiceObject};
pub(crate) use order::OrderObject;
pub(crate) use payloads::{AuthPayload, BalanceEventObject, WalletConfig, WalletOperationResult};
pub(crate) use payment_system::PaymentSystemObject;
pub(crate) use report::PaymentSystemDayObject;
pub(crate) use transaction::{TransactionFilter, TransactionObject};
pub(crate) use user::UserObject;
pub(crate) use wallet::WalletObject;
pub(crate) use webhook::{
    CreateWebhookEndpointInput, CreatedWebhookEndpoint, WebhookDeliveryObject, WebhookEndpointObject,
};
