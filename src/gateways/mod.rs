//! The payment systems' own protocols (gateways.md): read a notification and check its
//! signature, answer it in the provider's format, and build the payment link. One small
//! module per provider behind [`Gateway`]; nothing here touches the database, so the rules
//! that move money stay in `services::invoices`.

mod digest;
mod mykassa;
mod paymaster;
mod qiwi;
mod robokassa;
mod yoomoney;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

use crate::domain::{HashAlgorithm, PaymentProvider};
use crate::secrets::Secret;

/// A notification as it arrived: its form fields (the query string of a GET, the body of
/// a form POST), the raw body and the signature header some providers use.
pub(crate) struct Incoming<'a> {
    pub fields: Vec<(String, String)>,
    pub body: &'a [u8],
    pub signature_header: Option<&'a str>,
}

impl Incoming<'_> {
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    fn required(&self, name: &str) -> Result<&str, Refusal> {
        self.field(name).ok_or_else(|| Refusal::Malformed(format!("{name} is missing")))
    }
}

/// What a binding checks notifications with.
pub(crate) struct Checking<'a> {
    pub secret: &'a Secret,
    pub algorithm: HashAlgorithm,
}

/// A validly signed notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Notice {
    Payment(Payment),
    /// PayMaster asks, before taking the money, whether the invoice may be paid so.
    PreRequest {
        invoice: String,
        amount: Decimal,
        merchant: Option<String>,
    },
    /// A valid notification that reports no payment (a QIWI bill that is not PAID).
    NotPaid {
        invoice: String,
        status: String,
    },
}

/// A payment the provider confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Payment {
    /// The invoice number Kassa put in the payment link.
    pub invoice: String,
    /// The provider's own id of the payment.
    pub external_id: String,
    /// What was paid, exactly as a decimal.
    pub amount: Decimal,
    /// ISO 4217 letters, when the provider says.
    pub currency: Option<String>,
    /// The merchant the provider says it paid, when it says.
    pub merchant: Option<String>,
    /// Why the money is not free to credit yet (YooMoney's protection code or an
    /// unaccepted transfer): the invoice goes to REVIEW.
    pub held: Option<&'static str>,
}

/// Why a notification was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    Malformed(String),
    BadSignature,
}

/// How Kassa answers a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer<'a> {
    /// Credited, already credited, kept for review or reporting no payment: the provider
    /// must stop retrying.
    Accepted {
        invoice: &'a str,
    },
    /// PayMaster's pre-request: may the payment go ahead?
    Payable(bool),
    BadSignature,
    Malformed,
    UnknownInvoice,
    /// The notification could not be handled now (the database failed): retry later.
    TryLater,
}

/// An HTTP answer in the provider's format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub(crate) fn text(status: u16, body: impl Into<String>) -> Self {
        Self { status, content_type: "text/plain; charset=utf-8", body: body.into() }
    }

    /// The answer every provider gets for the failures they do not specify.
    pub(crate) fn plain(answer: Answer<'_>) -> Self {
        match answer {
            Answer::Accepted { .. } => Self::text(200, "OK"),
            Answer::Payable(true) => Self::text(200, "YES"),
            Answer::Payable(false) => Self::text(200, "NO"),
            Answer::BadSignature => Self::text(400, "bad sign"),
            Answer::Malformed => Self::text(400, "malformed notification"),
            Answer::UnknownInvoice => Self::text(404, "unknown invoice"),
            Answer::TryLater => Self::text(503, "try again later"),
        }
    }
}

/// What a payment link carries.
pub(crate) struct Link<'a> {
    pub merchant: &'a str,
    pub invoice: &'a str,
    pub amount: Decimal,
    pub currency: &'a str,
    pub description: &'a str,
    /// Robokassa Password #1, MyKassa secret word 1, QIWI's public key.
    pub payment_secret: Option<&'a Secret>,
    pub algorithm: HashAlgorithm,
    pub test_mode: bool,
}

/// One payment system's protocol.
pub(crate) trait Gateway: Sync {
    /// Parses a notification and checks its signature (in constant time) before anything
    /// it says is believed.
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal>;

    /// The answer in the provider's format.
    fn reply(&self, answer: Answer<'_>) -> Reply;

    /// The provider's payment page for an invoice, with Kassa's signed parameters.
    fn payment_url(&self, link: &Link<'_>) -> String;

    /// Whether links need `paymentSecret` (else only the notification `secret`).
    fn needs_payment_secret(&self) -> bool;
}

/// The protocol of a provider; None for OTHER (a binding only cashiers use).
pub(crate) fn gateway(provider: PaymentProvider) -> Option<&'static dyn Gateway> {
    match provider {
        PaymentProvider::Robokassa => Some(&robokassa::Robokassa),
        PaymentProvider::Yoomoney => Some(&yoomoney::Yoomoney),
        PaymentProvider::Qiwi => Some(&qiwi::Qiwi),
        PaymentProvider::Paymaster => Some(&paymaster::Paymaster),
        PaymentProvider::Mykassa => Some(&mykassa::Mykassa),
        PaymentProvider::Other => None,
    }
}

/// An exact decimal as a provider sends it (`100.000000` equals `100.00`); no float ever.
fn amount(name: &str, text: &str) -> Result<Decimal, Refusal> {
    let text = text.trim();
    let plain =
        text.bytes().all(|b| b.is_ascii_digit() || b == b'.') && text.bytes().filter(|b| *b == b'.').count() <= 1;
    let value: Decimal = plain
        .then(|| text.parse().ok())
        .flatten()
        .ok_or_else(|| Refusal::Malformed(format!("{name} is not a decimal")))?;
    if value <= Decimal::ZERO {
        return Err(Refusal::Malformed(format!("{name} must be positive")));
    }
    Ok(value.normalize())
}

/// An amount with exactly two fraction digits, as links carry it.
fn two_digits(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

/// ISO 4217 numeric codes providers use for the currencies Kassa runs in.
fn currency_letters(code: &str) -> String {
    match code.trim() {
        "643" | "810" => "RUB".to_owned(),
        "840" => "USD".to_owned(),
        "978" => "EUR".to_owned(),
        "398" => "KZT".to_owned(),
        other => other.to_ascii_uppercase(),
    }
}

/// `base?name=value&…`, every value percent-encoded.
fn url(base: &str, params: &[(&str, String)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    format!("{base}?{query}")
}
