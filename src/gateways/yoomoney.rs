//! YooMoney wallet HTTP notifications: `sha1_hash` over nine `&`-joined fields with the
//! notification_secret among them. The amount paid is `withdraw_amount`; a protection code
//! or an unaccepted transfer is not free to credit.

use super::digest::{hex, same_hex};
use super::{Answer, Checking, Gateway, Incoming, Link, Notice, Payment, Refusal, Reply, amount, currency_letters};
use super::{two_digits, url};
use crate::domain::HashAlgorithm;

pub(super) struct Yoomoney;

const PAGE: &str = "https://yoomoney.ru/quickpay/confirm";

/// The string YooMoney signs (an absent field counts as empty).
pub(super) fn signed_text(incoming: &Incoming<'_>, secret: &str) -> String {
    let field = |name: &str| incoming.field(name).unwrap_or_default().to_owned();
    [
        field("notification_type"),
        field("operation_id"),
        field("amount"),
        field("currency"),
        field("datetime"),
        field("sender"),
        field("codepro"),
        secret.to_owned(),
        field("label"),
    ]
    .join("&")
}

impl Gateway for Yoomoney {
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal> {
        let signature = incoming.field("sha1_hash").ok_or(Refusal::BadSignature)?;
        let expected = hex(HashAlgorithm::Sha1, &signed_text(incoming, checking.secret.expose()));
        if !same_hex(signature, &expected) {
            return Err(Refusal::BadSignature);
        }
        let operation = incoming.required("operation_id")?;
        let paid = incoming.required("withdraw_amount")?;
        let is_true = |name: &str| incoming.field(name).is_some_and(|value| value.eq_ignore_ascii_case("true"));
        let held = if is_true("codepro") {
            Some("the transfer is protected by a code")
        } else if is_true("unaccepted") {
            Some("the transfer is not accepted yet")
        } else {
            None
        };
        Ok(Notice::Payment(Payment {
            invoice: incoming.field("label").unwrap_or_default().to_owned(),
            external_id: operation.to_owned(),
            amount: amount("withdraw_amount", paid)?,
            currency: Some(currency_letters(incoming.required("currency")?)),
            merchant: None,
            held,
        }))
    }

    fn reply(&self, answer: Answer<'_>) -> Reply {
        match answer {
            Answer::Accepted { .. } => Reply::text(200, ""),
            other => Reply::plain(other),
        }
    }

    fn payment_url(&self, link: &Link<'_>) -> String {
        url(
            PAGE,
            &[
                ("receiver", link.merchant.to_owned()),
                ("quickpay-form", "button".to_owned()),
                ("sum", two_digits(link.amount)),
                ("label", link.invoice.to_owned()),
                ("paymentType", "AC".to_owned()),
            ],
        )
    }

    fn needs_payment_secret(&self) -> bool {
        false
    }
}
