//! QIWI P2P bill notifications: a JSON body and `X-Api-Signature-SHA256`, hex HMAC-SHA256
//! of `"{currency}|{value}|{billId}|{siteId}|{status}"` under the secret key.

use serde::Deserialize;

use super::digest::{hmac_sha256_hex, same_hex};
use super::{Answer, Checking, Gateway, Incoming, Link, Notice, Payment, Refusal, Reply, amount, two_digits, url};

pub(super) struct Qiwi;

const PAGE: &str = "https://oplata.qiwi.com/create";

#[derive(Deserialize)]
struct Body {
    bill: Bill,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bill {
    site_id: String,
    bill_id: String,
    amount: Amount,
    status: Status,
}

#[derive(Deserialize)]
struct Amount {
    value: String,
    currency: String,
}

#[derive(Deserialize)]
struct Status {
    value: String,
}

pub(super) fn signed_text(currency: &str, value: &str, bill: &str, site: &str, status: &str) -> String {
    format!("{currency}|{value}|{bill}|{site}|{status}")
}

impl Gateway for Qiwi {
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal> {
        let Body { bill } = serde_json::from_slice(incoming.body)
            .map_err(|_| Refusal::Malformed("the body is not a QIWI bill notification".to_owned()))?;
        let signature = incoming.signature_header.ok_or(Refusal::BadSignature)?;
        let signed =
            signed_text(&bill.amount.currency, &bill.amount.value, &bill.bill_id, &bill.site_id, &bill.status.value);
        if !same_hex(signature, &hmac_sha256_hex(checking.secret.expose(), &signed)) {
            return Err(Refusal::BadSignature);
        }
        if bill.status.value != "PAID" {
            return Ok(Notice::NotPaid { invoice: bill.bill_id, status: bill.status.value });
        }
        Ok(Notice::Payment(Payment {
            amount: amount("amount.value", &bill.amount.value)?,
            external_id: bill.bill_id.clone(),
            invoice: bill.bill_id,
            currency: Some(bill.amount.currency.to_ascii_uppercase()),
            merchant: Some(bill.site_id),
            held: None,
        }))
    }

    fn reply(&self, answer: Answer<'_>) -> Reply {
        let json = |status, error: &str| Reply {
            status,
            content_type: "application/json",
            body: serde_json::json!({ "error": error }).to_string(),
        };
        match answer {
            Answer::Accepted { .. } => json(200, "0"),
            Answer::BadSignature => json(400, "bad signature"),
            Answer::Malformed => json(400, "malformed notification"),
            Answer::UnknownInvoice => json(404, "unknown bill"),
            Answer::TryLater => json(503, "try again later"),
            Answer::Payable(_) => Reply::plain(answer),
        }
    }

    /// QIWI's payment form, opened with the shop's public key (stored as `paymentSecret`).
    fn payment_url(&self, link: &Link<'_>) -> String {
        let public_key = link.payment_secret.map(|key| key.expose().to_owned()).unwrap_or_default();
        url(
            PAGE,
            &[
                ("publicKey", public_key),
                ("billId", link.invoice.to_owned()),
                ("amount", two_digits(link.amount)),
                ("comment", link.description.to_owned()),
            ],
        )
    }

    fn needs_payment_secret(&self) -> bool {
        true
    }
}
