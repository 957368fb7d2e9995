//! PayMaster's LMI protocol: a pre-request (`LMI_PREREQUEST=1`, answered `YES` when the
//! invoice may be paid so) and the payment notification, signed with
//! `LMI_HASH = base64(H(fields ; secret))`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::digest::{raw, same_exact};
use super::{Answer, Checking, Gateway, Incoming, Link, Notice, Payment, Refusal, Reply, amount, currency_letters};
use super::{two_digits, url};

pub(super) struct Paymaster;

const PAGE: &str = "https://paymaster.ru/payment/init";

/// The fields LMI_HASH covers, in order; the secret follows them.
const SIGNED: [&str; 10] = [
    "LMI_MERCHANT_ID",
    "LMI_PAYMENT_NO",
    "LMI_SYS_PAYMENT_ID",
    "LMI_SYS_PAYMENT_DATE",
    "LMI_PAYMENT_AMOUNT",
    "LMI_CURRENCY",
    "LMI_PAID_AMOUNT",
    "LMI_PAID_CURRENCY",
    "LMI_PAYMENT_SYSTEM",
    "LMI_SIM_MODE",
];

pub(super) fn expected_hash(incoming: &Incoming<'_>, checking: &Checking<'_>) -> String {
    let mut parts: Vec<&str> = SIGNED.iter().map(|name| incoming.field(name).unwrap_or_default()).collect();
    parts.push(checking.secret.expose());
    STANDARD.encode(raw(checking.algorithm, &parts.join(";")))
}

impl Gateway for Paymaster {
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal> {
        let invoice = incoming.required("LMI_PAYMENT_NO")?.to_owned();
        let merchant = incoming.field("LMI_MERCHANT_ID").map(str::to_owned);
        let hash = incoming.field("LMI_HASH");
        if incoming.field("LMI_PREREQUEST") == Some("1") {
            // The protocol's pre-request carries no hash; it moves nothing and is only told
            // YES or NO. One that does carry a hash must carry a valid one.
            if hash.is_some_and(|hash| !same_exact(hash, &expected_hash(incoming, checking))) {
                return Err(Refusal::BadSignature);
            }
            let amount = amount("LMI_PAYMENT_AMOUNT", incoming.required("LMI_PAYMENT_AMOUNT")?)?;
            return Ok(Notice::PreRequest { invoice, amount, merchant });
        }
        let hash = hash.ok_or(Refusal::BadSignature)?;
        if !same_exact(hash, &expected_hash(incoming, checking)) {
            return Err(Refusal::BadSignature);
        }
        Ok(Notice::Payment(Payment {
            invoice,
            external_id: incoming.required("LMI_SYS_PAYMENT_ID")?.to_owned(),
            amount: amount("LMI_PAYMENT_AMOUNT", incoming.required("LMI_PAYMENT_AMOUNT")?)?,
            currency: incoming.field("LMI_CURRENCY").map(currency_letters),
            merchant,
            held: None,
        }))
    }

    fn reply(&self, answer: Answer<'_>) -> Reply {
        Reply::plain(answer)
    }

    fn payment_url(&self, link: &Link<'_>) -> String {
        let mut params = vec![
            ("LMI_MERCHANT_ID", link.merchant.to_owned()),
            ("LMI_PAYMENT_AMOUNT", two_digits(link.amount)),
            ("LMI_CURRENCY", link.currency.to_owned()),
            ("LMI_PAYMENT_NO", link.invoice.to_owned()),
            ("LMI_PAYMENT_DESC", link.description.to_owned()),
        ];
        if link.test_mode {
            // Test mode 0: every test payment succeeds.
            params.push(("LMI_SIM_MODE", "0".to_owned()));
        }
        url(PAGE, &params)
    }

    fn needs_payment_secret(&self) -> bool {
        false
    }
}
