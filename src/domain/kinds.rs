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

/// Signature hash of Robokassa and PayMaster, as chosen in the shop's settings.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum HashAlgorithm {
    #[graphql(name = "MD5")]
    Md5,
    /// Robokassa's sixth algorithm.
    #[graphql(name = "RIPEMD160")]
    Ripemd160,
    #[graphql(name = "SHA1")]
    Sha1,
    #[graphql(name = "SHA256")]
    Sha256,
    #[graphql(name = "SHA384")]
    Sha384,
    #[graphql(name = "SHA512")]
    Sha512,
}

text_enum!(HashAlgorithm {
    Md5 = "MD5",
    Ripemd160 = "RIPEMD160",
    Sha1 = "SHA1",
    Sha256 = "SHA256",
    Sha384 = "SHA384",
    Sha512 = "SHA512",
});

/// Where an online top-up stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "TopUpInvoiceStatus")]
pub enum InvoiceStatus {
    /// Waiting for the payment system to confirm the payment.
    Pending,
    /// Confirmed by a valid signed notification (or credited by a cashier from REVIEW); the
    /// wallet was credited exactly once.
    Paid,
    /// Not confirmed before expiresAt. A valid, matching confirmation that comes later still
    /// credits it: the money arrived.
    Expired,
    /// A validly signed confirmation that does not match the invoice (amount, currency,
    /// merchant, a second payment): kept for a cashier, not credited.
    Review,
    /// A cashier looked at it in REVIEW and credited nothing (e.g. the payment system
    /// returned the money).
    Rejected,
}

text_enum!(InvoiceStatus {
    Pending = "PENDING",
    Paid = "PAID",
    Expired = "EXPIRED",
    Review = "REVIEW",
    Rejected = "REJECTED",
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
    /// An admin created an API key for the portal's back end.
    ApiKeyCreated,
    /// An admin revoked an API key.
    ApiKeyRevoked,
    /// An admin registered a webhook endpoint.
    WebhookEndpointCreated,
    /// An admin deleted a webhook endpoint.
    WebhookEndpointDeleted,
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
    ApiKeyCreated = "API_KEY_CREATED",
    ApiKeyRevoked = "API_KEY_REVOKED",
    WebhookEndpointCreated = "WEBHOOK_ENDPOINT_CREATED",
    WebhookEndpointDeleted = "WEBHOOK_ENDPOINT_DELETED",
});

/// What an API key of the portal's back end may do.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ApiScope {
    /// Read holds, orders and wallets' balances.
    PaymentsRead,
    /// Create, capture and void holds; includes PAYMENTS_READ.
    PaymentsWrite,
}

text_enum!(ApiScope { PaymentsRead = "PAYMENTS_READ", PaymentsWrite = "PAYMENTS_WRITE" });

/// What a webhook endpoint can be told about; sent as `type`, lower case with dots.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum WebhookEvent {
    TransactionCreated,
    HoldCreated,
    HoldCaptured,
    HoldVoided,
    HoldExpired,
    InvoicePaid,
}

text_enum!(WebhookEvent {
    TransactionCreated = "transaction.created",
    HoldCreated = "hold.created",
    HoldCaptured = "hold.captured",
    HoldVoided = "hold.voided",
    HoldExpired = "hold.expired",
    InvoicePaid = "invoice.paid",
});

/// Where one event's delivery to one endpoint stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum WebhookDeliveryStatus {
    /// Not delivered yet: being tried, or waiting for its next try.
    Pending,
    /// A 2xx answer came within 10 s.
    Delivered,
    /// Given up: 24 hours of failures, or the endpoint was deleted.
    Failed,
}

text_enum!(WebhookDeliveryStatus { Pending = "PENDING", Delivered = "DELIVERED", Failed = "FAILED" });

/// Where a hold stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum HoldStatus {
    /// Funds reserved; they count against `available`.
    Held,
    /// Turned into a PAYMENT (in whole or in part; the rest was released).
    Captured,
    /// Released before capture.
    Voided,
    /// Released because it was not captured before expiresAt.
    Expired,
}

text_enum!(HoldStatus { Held = "HELD", Captured = "CAPTURED", Voided = "VOIDED", Expired = "EXPIRED" });
