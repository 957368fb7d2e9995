//! For every provider: a valid notification credits once and is answered in the provider's
//! format; a bad or missing signature, a wrong merchant or currency, an unknown invoice and
//! a malformed body move no money.

use serde_json::json;

use super::signing::{self, Sent, md5_hex};
use super::{Shop, records};
use crate::helpers::TestApp;

/// The provider's answer to an accepted notification of invoice `number`.
fn accepted(provider: &str, number: &str) -> String {
    match provider {
        "ROBOKASSA" => format!("OK{number}"),
        "YOOMONEY" => String::new(),
        "QIWI" => r#"{"error":"0"}"#.to_owned(),
        "PAYMASTER" => "OK".to_owned(),
        "MYKASSA" => "YES".to_owned(),
        other => panic!("{other}"),
    }
}

/// A copy of a notification with one form field replaced (the signature left as it was).
fn with_field(sent: &Sent, name: &str, value: &str) -> Sent {
    let fields: Vec<(String, String)> = form_urlencoded::parse(sent.body.as_bytes())
        .into_owned()
        .map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) })
        .collect();
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    Sent { body, header: sent.header.clone(), ..*sent }
}

fn without_signature(provider: &str, sent: &Sent) -> Sent {
    let signature = match provider {
        "ROBOKASSA" => "SignatureValue",
        "YOOMONEY" => "sha1_hash",
        "PAYMASTER" => "LMI_HASH",
        "MYKASSA" => "SIGN",
        _ => return Sent { header: None, body: sent.body.clone(), ..*sent },
    };
    let fields: Vec<(String, String)> =
        form_urlencoded::parse(sent.body.as_bytes()).into_owned().filter(|(k, _)| k != signature).collect();
    Sent { body: form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish(), header: None, ..*sent }
}

fn forged(provider: &str, sent: &Sent) -> Sent {
    match provider {
        "QIWI" => Sent { header: Some(("X-Api-Signature-SHA256", "0".repeat(64))), body: sent.body.clone(), ..*sent },
        "ROBOKASSA" => with_field(sent, "SignatureValue", &md5_hex("forged")),
        "YOOMONEY" => with_field(sent, "sha1_hash", "a2ee4a9195f4a90e893cff4f62eeba0b662321f9"),
        "PAYMASTER" => with_field(sent, "LMI_HASH", "SGJ2GxtDJnnpTXiIGTCecA=="),
        _ => with_field(sent, "SIGN", &md5_hex("forged")),
    }
}

async fn a_valid_notification_credits_once_and_nothing_wrong_moves_money(provider: &'static str) {
    let shop = Shop::open(TestApp::spawn().await, provider).await;
    let invoice = shop.start("150.00").await;
    let number = invoice["number"].as_str().unwrap().to_owned();
    let id = invoice["id"].as_str().unwrap().to_owned();

    // Refused before anything is believed: nothing changes, each attempt is recorded.
    let valid = signing::notification(provider, &shop.paid(&number, "150.00", "pay-1"));
    let garbage = Sent { get: false, content_type: valid.content_type, body: "{{{&&&".to_owned(), header: None };
    for (what, sent) in [
        ("a forged signature", forged(provider, &valid)),
        ("no signature", without_signature(provider, &valid)),
        ("a malformed body", garbage),
    ] {
        let (status, _) = shop.send(&sent).await;
        assert_eq!(status, 400, "{provider}: {what} is refused with 400");
    }
    // An amount changed after signing breaks the signature.
    let amount_field = match provider {
        "ROBOKASSA" => Some("OutSum"),
        "PAYMASTER" => Some("LMI_PAYMENT_AMOUNT"),
        "MYKASSA" => Some("AMOUNT"),
        _ => None,
    };
    if let Some(field) = amount_field {
        assert_eq!(shop.send(&with_field(&valid, field, "15000.00")).await.0, 400, "{provider}: {field} tampered");
    }
    // Validly signed, but for an invoice that does not exist: refused, nothing credited.
    let unknown = signing::notification(provider, &shop.paid("999999", "150.00", "pay-x"));
    assert_eq!(shop.send(&unknown).await.0, 404, "{provider}: unknown invoice");
    assert_eq!(shop.balance().await, "0.00");
    assert_eq!(shop.invoice(&id).await["status"], "PENDING", "{provider}: refusals leave the invoice waiting");

    // The valid one credits, in the provider's answer format.
    let (status, body) = shop.send(&valid).await;
    assert_eq!((status, body.as_str()), (200, accepted(provider, &number).as_str()), "{provider}");
    assert_eq!(shop.balance().await, "150.00");
    let paid = shop.invoice(&id).await;
    assert_eq!(paid["status"], "PAID");
    let transaction = &paid["transaction"];
    assert_eq!(transaction["kind"], "TOP_UP");
    assert_eq!(transaction["amount"], "150.00");
    assert_eq!(transaction["invoice"]["id"], id.as_str());
    assert_eq!(transaction["performedBy"]["id"], shop.customer.id.as_str(), "performed by the customer who started it");
    assert_eq!(transaction["paymentSystem"]["id"], shop.binding.as_str());
    let payment_id = if matches!(provider, "ROBOKASSA" | "QIWI") { number.as_str() } else { "pay-1" };
    assert_eq!(transaction["reference"], payment_id, "the reference is the payment system's payment id");
    assert_eq!(paid["externalId"], payment_id);

    // The payment system retries: the same answer, nothing more.
    for _ in 0..3 {
        let (status, body) = shop.send(&valid).await;
        assert_eq!((status, body), (200, accepted(provider, &number)));
    }
    assert_eq!(shop.balance().await, "150.00", "{provider}: a replay credits nothing");
    assert!(shop.app.verify_ledger().await.is_empty(), "the ledger balances");

    let verdicts: Vec<String> = records(&shop.app).await.into_iter().map(|(verdict, _, _)| verdict).collect();
    // YooMoney's signature is looked for first, so its garbage is unsigned rather than malformed.
    let mut expected =
        vec!["BAD_SIGNATURE", "BAD_SIGNATURE", if provider == "YOOMONEY" { "BAD_SIGNATURE" } else { "MALFORMED" }];
    if matches!(provider, "ROBOKASSA" | "PAYMASTER" | "MYKASSA") {
        expected.push("BAD_SIGNATURE");
    }
    expected.extend(["UNKNOWN_INVOICE", "CREDITED", "REPLAYED", "REPLAYED", "REPLAYED"]);
    assert_eq!(verdicts, expected, "{provider}: every attempt is recorded with its verdict");
}

/// A wrong merchant or currency, validly signed: accepted (so the provider stops
/// retrying), nothing credited, the invoice kept for a cashier.
async fn a_wrong_merchant_or_currency_goes_to_review(provider: &'static str, currency: bool) {
    let shop = Shop::open(TestApp::spawn().await, provider).await;
    let invoice = shop.start("80.00").await;
    let number = invoice["number"].as_str().unwrap();
    let mut paid = shop.paid(number, "80.00", "pay-9");
    if currency {
        paid.currency = "USD";
    } else {
        paid.merchant = "someone-else";
    }
    // A wrong merchant changes what MyKassa and PayMaster sign, so the signature stays valid.
    let (status, _) = shop.send(&signing::notification(provider, &paid)).await;
    assert_eq!(status, 200, "{provider}: accepted, so it is not retried");
    assert_eq!(shop.balance().await, "0.00", "{provider}: nothing credited");
    let seen = shop.invoice(invoice["id"].as_str().unwrap()).await;
    assert_eq!(seen["status"], "REVIEW");
    let reason = seen["reviewReason"].as_str().unwrap();
    assert!(reason.contains(if currency { "USD" } else { "someone-else" }), "{reason}");
}

macro_rules! per_provider {
    ($($name:ident => $provider:literal),+ $(,)?) => {
        mod credits_once {
            $(#[tokio::test]
            async fn $name() {
                super::a_valid_notification_credits_once_and_nothing_wrong_moves_money($provider).await;
            })+
        }
    };
}

per_provider!(robokassa => "ROBOKASSA", yoomoney => "YOOMONEY", qiwi => "QIWI", paymaster => "PAYMASTER", mykassa => "MYKASSA");

#[tokio::test]
async fn a_wrong_merchant_goes_to_review_for_qiwi_paymaster_and_mykassa() {
    for provider in ["QIWI", "PAYMASTER", "MYKASSA"] {
        a_wrong_merchant_or_currency_goes_to_review(provider, false).await;
    }
}

#[tokio::test]
async fn a_wrong_currency_goes_to_review_for_yoomoney_qiwi_and_paymaster() {
    for provider in ["YOOMONEY", "QIWI", "PAYMASTER"] {
        a_wrong_merchant_or_currency_goes_to_review(provider, true).await;
    }
}

#[tokio::test]
async fn robokassa_may_notify_with_get_and_its_links_are_signed() {
    let shop = Shop::open(TestApp::spawn().await, "ROBOKASSA").await;
    let invoice = shop.start("10.50").await;
    let number = invoice["number"].as_str().unwrap();
    let url = invoice["paymentUrl"].as_str().unwrap();
    assert!(url.starts_with("https://auth.robokassa.ru/Merchant/Index.aspx?"), "{url}");
    let params: Vec<(String, String)> =
        form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes()).into_owned().collect();
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(
        (param("MerchantLogin"), param("OutSum"), param("InvId")),
        ("robokassa-shop".into(), "10.50".into(), number.to_owned())
    );
    let expected = md5_hex(&format!("robokassa-shop:10.50:{number}:link-secret-of-robokassa-Yx7"));
    assert_eq!(param("SignatureValue"), expected, "signed with Password #1");
    assert!(!url.contains("link-secret"), "no secret in the link");

    let mut sent = signing::robokassa(&shop.paid(number, "10.50", number));
    sent.get = true;
    assert_eq!(shop.send(&sent).await, (200, format!("OK{number}")));
    assert_eq!(shop.balance().await, "10.50");
}

#[tokio::test]
async fn paymaster_pre_requests_say_yes_only_for_a_payable_invoice() {
    let shop = Shop::open(TestApp::spawn().await, "PAYMASTER").await;
    let invoice = shop.start("42.00").await;
    let number = invoice["number"].as_str().unwrap();
    let ask = |amount: &str, merchant: &str| signing::paymaster_prerequest(number, amount, merchant);
    assert_eq!(shop.send(&ask("42.00", "paymaster-shop")).await, (200, "YES".to_owned()));
    assert_eq!(shop.send(&ask("41.00", "paymaster-shop")).await, (200, "NO".to_owned()));
    assert_eq!(shop.send(&ask("42.00", "someone-else")).await, (200, "NO".to_owned()));
    assert_eq!(shop.balance().await, "0.00", "a pre-request moves nothing");
    shop.notify(number, "42.00", "pm-1").await;
    assert_eq!(shop.send(&ask("42.00", "paymaster-shop")).await, (200, "NO".to_owned()), "paid already");
}

#[tokio::test]
async fn unknown_bindings_and_bindings_without_notifications_are_refused_and_recorded() {
    let shop = Shop::open(TestApp::spawn().await, "MYKASSA").await;
    let invoice = shop.start("5.00").await;
    let sent = signing::mykassa(&shop.paid(invoice["number"].as_str().unwrap(), "5.00", "1"));
    for binding in ["999999", "not-a-number"] {
        assert_eq!(super::send_to(&shop.app, binding, &sent).await.0, 404);
    }
    let other = shop
        .app
        .ok(
            Some(&shop.admin.token),
            "mutation { createPaymentSystemBinding(input: { provider: OTHER, name: \"Cash desk\", enabled: true }) { id acceptsOnlinePayments } }",
            json!({}),
        )
        .await;
    assert_eq!(other["createPaymentSystemBinding"]["acceptsOnlinePayments"], false);
    let other = other["createPaymentSystemBinding"]["id"].as_str().unwrap();
    assert_eq!(super::send_to(&shop.app, other, &sent).await.0, 404);
    assert_eq!(shop.balance().await, "0.00");
    let verdicts: Vec<String> = records(&shop.app).await.into_iter().map(|(v, _, _)| v).collect();
    assert_eq!(verdicts, ["UNKNOWN_BINDING", "UNKNOWN_BINDING", "NOT_CONFIGURED"]);
}
