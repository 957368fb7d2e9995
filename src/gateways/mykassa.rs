//! MyKassa, a FreeKassa-style merchant: the notification is signed
//! `SIGN = md5("{MERCHANT_ID}:{AMOUNT}:{secret word 2}:{MERCHANT_ORDER_ID}")` and answered
//! `YES`; the payment form is signed with secret word 1.

use super::digest::{hex, same_hex};
use super::{Answer, Checking, Gateway, Incoming, Link, Notice, Payment, Refusal, Reply, amount, two_digits, url};
use crate::domain::HashAlgorithm;

pub(super) struct Mykassa;

const PAGE: &str = "https://pay.mykassa.org/";

impl Gateway for Mykassa {
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal> {
        let merchant = incoming.required("MERCHANT_ID")?;
        let paid = incoming.required("AMOUNT")?;
        let order = incoming.required("MERCHANT_ORDER_ID")?;
        let signature = incoming.field("SIGN").ok_or(Refusal::BadSignature)?;
        let signed = format!("{merchant}:{paid}:{}:{order}", checking.secret.expose());
        if !same_hex(signature, &hex(HashAlgorithm::Md5, &signed)) {
            return Err(Refusal::BadSignature);
        }
        Ok(Notice::Payment(Payment {
            invoice: order.to_owned(),
            external_id: incoming.required("intid")?.to_owned(),
            amount: amount("AMOUNT", paid)?,
            currency: None,
            merchant: Some(merchant.to_owned()),
            held: None,
        }))
    }

    fn reply(&self, answer: Answer<'_>) -> Reply {
        match answer {
            Answer::Accepted { .. } => Reply::text(200, "YES"),
            other => Reply::plain(other),
        }
    }

    fn payment_url(&self, link: &Link<'_>) -> String {
        let amount = two_digits(link.amount);
        let word = link.payment_secret.map(|secret| secret.expose()).unwrap_or_default();
        let sign = hex(HashAlgorithm::Md5, &format!("{}:{amount}:{word}:{}", link.merchant, link.invoice));
        url(
            PAGE,
            &[
                ("m", link.merchant.to_owned()),
                ("oa", amount),
                ("o", link.invoice.to_owned()),
                ("currency", link.currency.to_owned()),
                ("s", sign),
            ],
        )
    }

    fn needs_payment_secret(&self) -> bool {
        true
    }
}
