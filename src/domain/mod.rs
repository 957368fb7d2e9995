//! Values that are checked once, when they are parsed, and trusted everywhere after.

mod cursor;
mod email;
mod kinds;
mod money;
mod time;
mod wallet_number;

pub use cursor::Cursor;
pub use email::Email;
pub use kinds::WebhookDeliveryStatus;
pub use kinds::{
    ApiScope, AuditAction, HashAlgorithm, HoldStatus, InvoiceStatus, PaymentProvider, Role, TransactionKind,
    WebhookEvent,
};
pub use money::{Money, MoneyError};
pub use time::{parse_rfc3339, rfc3339};
pub use wallet_number::WalletNumber;
