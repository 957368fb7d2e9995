//! Robokassa's ResultURL: `SignatureValue = H("{OutSum}:{InvId}:{Password #2}")` with
//! `":{name}={value}"` appended for each `Shp_*` parameter in alphabetical order of name;
//! `OutSum` is signed exactly as received. Answer `OK{InvId}`.

use super::digest::{hex, same_hex};
use super::{Answer, Checking, Gateway, Incoming, Link, Notice, Payment, Refusal, Reply, amount, two_digits, url};

pub(super) struct Robokassa;

const PAGE: &str = "https://auth.robokassa.ru/Merchant/Index.aspx";

/// `:Shp_a=1:Shp_b=2`, sorted by name.
fn shp_suffix(incoming: &Incoming<'_>) -> String {
    let mut shp: Vec<&(String, String)> = incoming.fields.iter().filter(|(name, _)| name.starts_with("Shp_")).collect();
    shp.sort_by(|a, b| a.0.cmp(&b.0));
    shp.iter().map(|(name, value)| format!(":{name}={value}")).collect()
}

impl Gateway for Robokassa {
    fn read(&self, incoming: &Incoming<'_>, checking: &Checking<'_>) -> Result<Notice, Refusal> {
        let out_sum = incoming.required("OutSum")?;
        let invoice = incoming.required("InvId")?;
        let signature = incoming.field("SignatureValue").ok_or(Refusal::BadSignature)?;
        let signed = format!("{out_sum}:{invoice}:{}{}", checking.secret.expose(), shp_suffix(incoming));
        if !same_hex(signature, &hex(checking.algorithm, &signed)) {
            return Err(Refusal::BadSignature);
        }
        Ok(Notice::Payment(Payment {
            invoice: invoice.to_owned(),
            // ResultURL names the payment by the shop's own InvId.
            external_id: invoice.to_owned(),
            amount: amount("OutSum", out_sum)?,
            currency: None,
            merchant: None,
            held: None,
        }))
    }

    fn reply(&self, answer: Answer<'_>) -> Reply {
        match answer {
            Answer::Accepted { invoice } => Reply::text(200, format!("OK{invoice}")),
            other => Reply::plain(other),
        }
    }

    fn payment_url(&self, link: &Link<'_>) -> String {
        let out_sum = two_digits(link.amount);
        let password = link.payment_secret.map(|secret| secret.expose()).unwrap_or_default();
        let signature = hex(link.algorithm, &format!("{}:{out_sum}:{}:{password}", link.merchant, link.invoice));
        let mut params = vec![
            ("MerchantLogin", link.merchant.to_owned()),
            ("OutSum", out_sum),
            ("InvId", link.invoice.to_owned()),
            ("Description", link.description.to_owned()),
            ("SignatureValue", signature),
        ];
        if link.test_mode {
            params.push(("IsTest", "1".to_owned()));
        }
        url(PAGE, &params)
    }

    fn needs_payment_secret(&self) -> bool {
        true
    }
}
