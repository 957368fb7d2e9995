//! Enumerations shared by the database, the services and the API.

use async_graphql::Enum;

/// What a user may do. Every user is a CUSTOMER; CASHIER and ADMIN are granted.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Every user: owns one wallet and pays from it.
    Customer,
    /// Tops up and writes off other users' wallets.
    Cashier,
    /// Manages users, cashiers and payment-system bindings.
    Admin,
}

macro_rules! text_enum {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            /// The value as stored in PostgreSQL.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Reads a value stored by [`Self::as_str`].
            pub fn from_db(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

/// What a transaction did to the wallet.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum TransactionKind {
    /// A cashier credited real funds received through a payment system.
    TopUp,
    /// A cashier took funds off the wallet.
    WriteOff,
    /// The owner paid for products or services.
    Payment,
    /// A payment, or part of it, was returned to the wallet.
    Refund,
}

text_enum!(TransactionKind { TopUp = "TOP_UP", WriteOff = "WRITE_OFF", Payment = "PAYMENT", Refund = "REFUND" });

impl TransactionKind {
    /// True when the kind adds to the wallet.
    pub fn is_credit(self) -> bool {
        matches!(self, Self::TopUp | Self::Refund)
    }
}

/// The company behind a payment-system binding.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PaymentProvider {
    Yoomoney,
    Qiwi,
    Paymaster,
    Mykassa,
    Robokassa,
    Other,
}

text_enum!(PaymentProvider {
    Yoomoney = "YOOMONEY",
    Qiwi = "QIWI",
    Paymaster = "PAYMASTER",
    Mykassa = "MYKASSA",
    Robokassa = "ROBOKASSA",
    Other = "OTHER",
});

/// An administrative act, as the audit log records it.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum AuditAction {
    /// A user signed up, or an admin created one.
    UserCreated,
    /// An admin account was created (`kassa create-admin`).
    AdminCreated,
    CashierAdded,
    CashierRemoved,
    PaymentSystemCreated,
    PaymentSystemUpdated,
    /// A payment system's secrets were replaced.
    SecretsRotated,
    /// A cashier resolved an online top-up that needed review.
    InvoiceResolved,
}

text_enum!(AuditAction {
    UserCreated = "USER_CREATED",
    AdminCreated = "ADMIN_CREATED",
    CashierAdded = "CASHIER_ADDED",
    CashierRemoved = "CASHIER_REMOVED",
    PaymentSystemCreated = "PAYMENT_SYSTEM_CREATED",
    PaymentSystemUpdated = "PAYMENT_SYSTEM_UPDATED",
    SecretsRotated = "SECRETS_ROTATED",
    InvoiceResolved = "INVOICE_RESOLVED",
});
