//! The payment systems' side: signed notifications as each provider sends them, built
//! from gateways.md with the hash crates directly (not with Kassa's own code).

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Digest;

/// A notification ready to send.
pub struct Sent {
    pub get: bool,
    pub content_type: &'static str,
    pub body: String,
    pub header: Option<(&'static str, String)>,
}

/// What the payment system says was paid.
#[derive(Clone)]
pub struct Paid<'a> {
    pub invoice: &'a str,
    pub amount: &'a str,
    pub payment_id: &'a str,
    pub merchant: &'a str,
    pub currency: &'a str,
    pub secret: &'a str,
}

fn form(fields: &[(&str, String)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        out.append_pair(name, value);
    }
    out.finish()
}

fn post(fields: &[(&str, String)]) -> Sent {
    Sent { get: false, content_type: "application/x-www-form-urlencoded", body: form(fields), header: None }
}

pub fn md5_hex(text: &str) -> String {
    hex::encode(md5::Md5::digest(text.as_bytes()))
}

pub fn robokassa(paid: &Paid<'_>) -> Sent {
    // Robokassa sends six fraction digits and signs them as sent.
    let out_sum = format!("{}0000", paid.amount);
    let signed = format!("{out_sum}:{}:{}:Shp_a=1:Shp_b=x y", paid.invoice, paid.secret);
    post(&[
        ("OutSum", out_sum),
        ("InvId", paid.invoice.to_owned()),
        ("Shp_b", "x y".to_owned()),
        ("Shp_a", "1".to_owned()),
        ("Fee", "1.20".to_owned()),
        ("SignatureValue", md5_hex(&signed).to_uppercase()),
    ])
}

pub fn yoomoney(paid: &Paid<'_>) -> Sent {
    let currency = if paid.currency == "RUB" { "643".to_owned() } else { paid.currency.to_owned() };
    let fields = [
        ("notification_type", "p2p-incoming".to_owned()),
        ("operation_id", paid.payment_id.to_owned()),
        ("amount", "99.50".to_owned()),
        ("currency", currency),
        ("datetime", "2026-12-01T10:00:00Z".to_owned()),
        ("sender", "41001000040".to_owned()),
        ("codepro", "false".to_owned()),
        ("label", paid.invoice.to_owned()),
    ];
    let mut signed: Vec<String> = fields.iter().map(|(_, value)| value.clone()).collect();
    signed.insert(7, paid.secret.to_owned());
    let hash = hex::encode(sha1::Sha1::digest(signed.join("&").as_bytes()));
    let mut all = fields.to_vec();
    all.extend([
        ("withdraw_amount", paid.amount.to_owned()),
        ("unaccepted", "false".to_owned()),
        ("test_notification", "false".to_owned()),
        ("sha1_hash", hash),
    ]);
    post(&all)
}

pub fn qiwi(paid: &Paid<'_>) -> Sent {
    let body = serde_json::json!({
        "bill": {
            "siteId": paid.merchant, "billId": paid.invoice,
            "amount": { "value": paid.amount, "currency": paid.currency },
            "status": { "value": "PAID", "changedDateTime": "2026-12-01T10:00:00+03:00" },
            "customer": {}, "customFields": {}
        },
        "version": "1"
    })
    .to_string();
    let signed = format!("{}|{}|{}|{}|PAID", paid.currency, paid.amount, paid.invoice, paid.merchant);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(paid.secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    Sent { get: false, content_type: "application/json", body, header: Some(("X-Api-Signature-SHA256", signature)) }
}

pub fn paymaster(paid: &Paid<'_>) -> Sent {
    let fields = [
        ("LMI_MERCHANT_ID", paid.merchant.to_owned()),
        ("LMI_PAYMENT_NO", paid.invoice.to_owned()),
        ("LMI_SYS_PAYMENT_ID", paid.payment_id.to_owned()),
        ("LMI_SYS_PAYMENT_DATE", "2026-12-01T10:00:00".to_owned()),
        ("LMI_PAYMENT_AMOUNT", paid.amount.to_owned()),
        ("LMI_CURRENCY", paid.currency.to_owned()),
        ("LMI_PAID_AMOUNT", paid.amount.to_owned()),
        ("LMI_PAID_CURRENCY", paid.currency.to_owned()),
        ("LMI_PAYMENT_SYSTEM", "3".to_owned()),
        ("LMI_SIM_MODE", "0".to_owned()),
    ];
    let mut signed: Vec<String> = fields.iter().map(|(_, value)| value.clone()).collect();
    signed.push(paid.secret.to_owned());
    let hash = base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(signed.join(";").as_bytes()));
    let mut all = fields.to_vec();
    all.push(("LMI_HASH", hash));
    post(&all)
}

pub fn paymaster_prerequest(invoice: &str, amount: &str, merchant: &str) -> Sent {
    post(&[
        ("LMI_PREREQUEST", "1".to_owned()),
        ("LMI_MERCHANT_ID", merchant.to_owned()),
        ("LMI_PAYMENT_NO", invoice.to_owned()),
        ("LMI_PAYMENT_AMOUNT", amount.to_owned()),
    ])
}

pub fn mykassa(paid: &Paid<'_>) -> Sent {
    let sign = md5_hex(&format!("{}:{}:{}:{}", paid.merchant, paid.amount, paid.secret, paid.invoice));
    post(&[
        ("MERCHANT_ID", paid.merchant.to_owned()),
        ("AMOUNT", paid.amount.to_owned()),
        ("MERCHANT_ORDER_ID", paid.invoice.to_owned()),
        ("intid", paid.payment_id.to_owned()),
        ("SIGN", sign),
    ])
}

/// The provider's notification for `paid`.
pub fn notification(provider: &str, paid: &Paid<'_>) -> Sent {
    match provider {
        "ROBOKASSA" => robokassa(paid),
        "YOOMONEY" => yoomoney(paid),
        "QIWI" => qiwi(paid),
        "PAYMASTER" => paymaster(paid),
        "MYKASSA" => mykassa(paid),
        other => panic!("no notification for {other}"),
    }
}
