//! Known answers (the providers' published vectors; the rest computed independently with
//! Python's hashlib) and the refusals every provider shares.

use rust_decimal::Decimal;

use super::*;
use crate::domain::HashAlgorithm;

fn incoming(fields: &[(&str, &str)]) -> Incoming<'static> {
    let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    Incoming { fields, body: b"", signature_header: None }
}

fn checking(secret: &Secret, algorithm: HashAlgorithm) -> Checking<'_> {
    Checking { secret, algorithm }
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn yoomoney_matches_the_documented_example() {
    let fields = incoming(&[
        ("notification_type", "p2p-incoming"),
        ("operation_id", "1234567"),
        ("amount", "300.00"),
        ("currency", "643"),
        ("datetime", "2011-07-01T09:00:00.000+04:00"),
        ("sender", "41001XXXXXXXX"),
        ("codepro", "false"),
        ("label", "YM.label.12345"),
    ]);
    let text = yoomoney::signed_text(&fields, "01234567890ABCDEF01234567890");
    assert_eq!(digest::hex(HashAlgorithm::Sha1, &text), "a2ee4a9195f4a90e893cff4f62eeba0b662321f9");

    let mut signed = fields.fields.clone();
    signed.push(("sha1_hash".into(), "A2EE4A9195F4A90E893CFF4F62EEBA0B662321F9".into()));
    signed.push(("withdraw_amount".into(), "301.51".into()));
    let notice = Incoming { fields: signed, body: b"", signature_header: None };
    let secret = Secret::new("01234567890ABCDEF01234567890".into());
    let Notice::Payment(payment) = yoomoney::Yoomoney.read(&notice, &checking(&secret, HashAlgorithm::Md5)).unwrap()
    else {
        panic!("a payment")
    };
    assert_eq!(payment.amount, dec("301.51"), "withdraw_amount is what the customer paid");
    assert_eq!((payment.invoice.as_str(), payment.external_id.as_str()), ("YM.label.12345", "1234567"));
    assert_eq!(payment.currency.as_deref(), Some("RUB"));
    assert_eq!(payment.held, None);
    let wrong = Secret::new("another secret".into());
    assert_eq!(yoomoney::Yoomoney.read(&notice, &checking(&wrong, HashAlgorithm::Md5)), Err(Refusal::BadSignature));
}

#[test]
fn qiwi_matches_the_sdk_vector_and_reads_a_paid_bill() {
    let key = "test-merchant-secret-for-signature-check";
    let text = qiwi::signed_text("RUB", "1.00", "test_bill", "test", "PAID");
    let expected = "07e0ebb10916d97760c196034105d010607a6c6b7d72bfa1c3451448ac484a3b";
    assert_eq!(digest::hmac_sha256_hex(key, &text), expected);

    let body = br#"{"bill":{"siteId":"test","billId":"test_bill","amount":{"value":"1.00","currency":"RUB"},"status":{"value":"PAID"},"extra":1},"version":"1"}"#;
    let notice = Incoming { fields: vec![], body, signature_header: Some(expected) };
    let secret = Secret::new(key.into());
    let Notice::Payment(payment) = qiwi::Qiwi.read(&notice, &checking(&secret, HashAlgorithm::Md5)).unwrap() else {
        panic!("a payment")
    };
    assert_eq!((payment.amount, payment.merchant.as_deref()), (dec("1"), Some("test")));
    let unsigned = Incoming { fields: vec![], body, signature_header: None };
    assert_eq!(qiwi::Qiwi.read(&unsigned, &checking(&secret, HashAlgorithm::Md5)), Err(Refusal::BadSignature));
    let garbage = Incoming { fields: vec![], body: b"{\"bill\":", signature_header: Some(expected) };
    assert!(matches!(qiwi::Qiwi.read(&garbage, &checking(&secret, HashAlgorithm::Md5)), Err(Refusal::Malformed(_))));
}

#[test]
fn robokassa_checks_all_six_algorithms_with_shp_parameters_in_name_order() {
    let expected = [
        (HashAlgorithm::Md5, "b32358af34c0b8b73fb298e613162c1a"),
        (HashAlgorithm::Ripemd160, "1ffeb36dae10b271302d8cfb395703dde7ee63a6"),
        (HashAlgorithm::Sha1, "4cf21f946f6156ec08a8a5b74ad360ff3c90a286"),
        (HashAlgorithm::Sha256, "b9ea1229ee1208208fe63d4f517b54afcbdc7d977f3f9b9c2c2695356c03186d"),
        (
            HashAlgorithm::Sha384,
            "380b05e5b369294b641c7345d13425cc2b9c003cf91db10629c193b6ff22a23da27b20e05f788da8b6c19fcbda721b2b",
        ),
        (
            HashAlgorithm::Sha512,
            "07531d359b20abbc8bea3c8b09c372a82dde046eb0267d932ae4b4d7b3248ede3133c403ba427bbd83cca5b7266320c99b4900da4e8c90c029753fdb30db3a0f",
        ),
    ];
    let secret = Secret::new("pass2".into());
    for (algorithm, signature) in expected {
        // Shp_ parameters arrive in any order and are signed sorted by name.
        let notice = incoming(&[
            ("OutSum", "100.000000"),
            ("InvId", "17"),
            ("Shp_user", "42"),
            ("Fee", "3.5"),
            ("Shp_lang", "ru"),
            ("SignatureValue", &signature.to_uppercase()),
        ]);
        let read = robokassa::Robokassa.read(&notice, &checking(&secret, algorithm));
        let Ok(Notice::Payment(payment)) = read else { panic!("{algorithm:?}: {read:?}") };
        assert_eq!(payment.amount, dec("100.00"), "100.000000 equals 100.00");
        let other = if algorithm == HashAlgorithm::Md5 { HashAlgorithm::Sha1 } else { HashAlgorithm::Md5 };
        assert_eq!(robokassa::Robokassa.read(&notice, &checking(&secret, other)), Err(Refusal::BadSignature));
    }
    let reply = robokassa::Robokassa.reply(Answer::Accepted { invoice: "17" });
    assert_eq!((reply.status, reply.body.as_str()), (200, "OK17"));
    assert_eq!(robokassa::Robokassa.reply(Answer::BadSignature).body, "bad sign");
}

#[test]
fn robokassa_links_are_signed_with_password_one() {
    let password = Secret::new("pass1".into());
    let link = Link {
        merchant: "shop",
        invoice: "17",
        amount: dec("100"),
        currency: "RUB",
        description: "Top-up 17",
        payment_secret: Some(&password),
        algorithm: HashAlgorithm::Md5,
        test_mode: true,
    };
    let url = robokassa::Robokassa.payment_url(&link);
    assert!(
        url.starts_with("https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=shop&OutSum=100.00&InvId=17&")
    );
    assert!(url.contains("SignatureValue=d9bfb0b889ac219fc634da64ee9a0ca6"), "{url}");
    assert!(url.ends_with("&IsTest=1") && url.contains("Description=Top-up+17"), "{url}");
    assert!(!url.contains("pass1"));
}

#[test]
fn paymaster_hashes_base64_and_answers_pre_requests() {
    let fields = [
        ("LMI_MERCHANT_ID", "shop-1"),
        ("LMI_PAYMENT_NO", "17"),
        ("LMI_SYS_PAYMENT_ID", "555"),
        ("LMI_SYS_PAYMENT_DATE", "2026-12-01T10:00:00"),
        ("LMI_PAYMENT_AMOUNT", "100.00"),
        ("LMI_CURRENCY", "RUB"),
        ("LMI_PAID_AMOUNT", "100.00"),
        ("LMI_PAID_CURRENCY", "RUB"),
        ("LMI_PAYMENT_SYSTEM", "3"),
        ("LMI_SIM_MODE", "0"),
    ];
    let secret = Secret::new("pmsecret".into());
    for (algorithm, hash) in [
        (HashAlgorithm::Md5, "SGJ2GxtDJnnpTXiIGTCecA=="),
        (HashAlgorithm::Sha256, "FAqmhz6ANOj+lhDQIUZc4LaYNqj4Tb1aXJLPbw1AlzI="),
    ] {
        let mut signed = fields.to_vec();
        signed.push(("LMI_HASH", hash));
        let read = paymaster::Paymaster.read(&incoming(&signed), &checking(&secret, algorithm)).unwrap();
        let Notice::Payment(payment) = read else { panic!("a payment") };
        assert_eq!((payment.external_id.as_str(), payment.merchant.as_deref()), ("555", Some("shop-1")));
    }
    let forged = [fields.as_slice(), &[("LMI_HASH", "SGJ2GxtDJnnpTXiIGTCecB==")]].concat();
    assert_eq!(
        paymaster::Paymaster.read(&incoming(&forged), &checking(&secret, HashAlgorithm::Md5)),
        Err(Refusal::BadSignature)
    );
    let pre = incoming(&[("LMI_PREREQUEST", "1"), ("LMI_PAYMENT_NO", "17"), ("LMI_PAYMENT_AMOUNT", "100.00")]);
    assert!(matches!(
        paymaster::Paymaster.read(&pre, &checking(&secret, HashAlgorithm::Md5)),
        Ok(Notice::PreRequest { .. })
    ));
    assert_eq!(paymaster::Paymaster.reply(Answer::Payable(true)).body, "YES");
    assert_ne!(paymaster::Paymaster.reply(Answer::Payable(false)).body, "YES");
}

#[test]
fn mykassa_signs_with_md5_and_answers_yes() {
    let secret = Secret::new("word2".into());
    let fields = [("MERCHANT_ID", "mk-7"), ("AMOUNT", "100.00"), ("MERCHANT_ORDER_ID", "17"), ("intid", "9001")];
    let signed = [fields.as_slice(), &[("SIGN", "20b684b4060026f522db97c6b5c2d39e")]].concat();
    let read = mykassa::Mykassa.read(&incoming(&signed), &checking(&secret, HashAlgorithm::Sha512)).unwrap();
    let Notice::Payment(payment) = read else { panic!("a payment") };
    assert_eq!((payment.invoice.as_str(), payment.external_id.as_str()), ("17", "9001"));
    assert_eq!(mykassa::Mykassa.reply(Answer::Accepted { invoice: "17" }).body, "YES");
    assert_eq!(
        mykassa::Mykassa.read(&incoming(&fields), &checking(&secret, HashAlgorithm::Md5)),
        Err(Refusal::BadSignature)
    );
}

#[test]
fn amounts_are_exact_decimals_and_never_floats() {
    assert_eq!(amount("x", "100.000000").unwrap(), dec("100.00"));
    assert_eq!(amount("x", "0.1").unwrap() + amount("x", "0.2").unwrap(), dec("0.3"));
    for bad in ["", "1e3", "abc", "-1", "0"] {
        assert!(amount("x", bad).is_err(), "{bad:?}");
    }
}
