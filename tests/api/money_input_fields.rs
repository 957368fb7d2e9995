//! The rest of a money move's input: wallet numbers, required texts, idempotency keys and
//! the payment system, and the configured maximum amount. Every refusal moves nothing.

use serde_json::{Value, json};

use crate::helpers::{Options, code};
use crate::money_input::{Desk, Op};

/// The standard Luhn check digit for `payload`.
fn luhn(payload: &str) -> char {
    let sum: u32 = payload
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 0 { (d * 2) / 10 + (d * 2) % 10 } else { d }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

/// The wallet number with its last (check) digit changed.
fn mistyped(number: &str) -> String {
    let (payload, check) = number.split_at(11);
    let check = check.chars().next().unwrap().to_digit(10).unwrap();
    format!("{payload}{}", (check + 1) % 10)
}

async fn lookup(desk: &Desk, number: &str) -> Value {
    let query = "query($n: String!) { walletByNumber(number: $n) { id } }";
    desk.app.gql(Some(&desk.cashier.token), query, json!({ "n": number })).await
}

/// Sends `op` with one field of its well-formed input replaced; it must fail with `wanted`.
async fn refused(desk: &Desk, op: Op, field: &str, value: Value, wanted: &str) {
    let before = desk.balance().await;
    let mut input = op.input(desk, json!("1.00"), &format!("{op:?}-{field}-{value}"));
    input[field] = value.clone();
    let body = op.send(desk, input).await;
    let got = body["errors"][0]["extensions"]["code"].as_str();
    assert_eq!(got, Some(wanted), "{} with {field} = {value}: {body:#}", op.field());
    assert_eq!(desk.balance().await, before, "{} with {field} = {value} moved money", op.field());
}

#[test]
fn the_test_luhn_agrees_with_the_textbook_example() {
    assert_eq!(luhn("7992739871"), '3');
}

#[tokio::test]
async fn malformed_wallet_numbers_are_bad_user_input_for_lookup_top_up_and_write_off() {
    let desk = Desk::open(Options::default()).await;
    assert_eq!(luhn(&desk.customer.wallet[..11]), desk.customer.wallet.chars().last().unwrap(), "Kassa uses Luhn");
    let numbers = ["12345", "1234567890123", "12345678901a", "abcdefghijkl", "", &mistyped(&desk.customer.wallet)];
    for number in numbers {
        let body = lookup(&desk, number).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "walletByNumber({number:?}): {body:#}");
        for op in [Op::TopUp, Op::WriteOff] {
            refused(&desk, op, "walletNumber", json!(number), "BAD_USER_INPUT").await;
        }
    }
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_valid_but_unused_wallet_number_is_null_on_lookup_and_not_found_for_money_moves() {
    let desk = Desk::open(Options::default()).await;
    let payload = if desk.customer.wallet.starts_with("00000") { "99999999999" } else { "00000000000" };
    let unused = format!("{payload}{}", luhn(payload));
    let body = lookup(&desk, &unused).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert!(body["data"]["walletByNumber"].is_null(), "{body:#}");
    for op in [Op::TopUp, Op::WriteOff] {
        refused(&desk, op, "walletNumber", json!(unused), "NOT_FOUND").await;
    }
    let found = lookup(&desk, &desk.customer.wallet).await;
    assert!(found["data"]["walletByNumber"]["id"].is_string(), "the real number is found: {found:#}");
}

#[tokio::test]
async fn empty_or_blank_receipt_reason_and_order_reference_are_refused() {
    let desk = Desk::open(Options::default()).await;
    let required =
        [(Op::TopUp, "receipt"), (Op::WriteOff, "reason"), (Op::Pay, "orderReference"), (Op::Refund, "reason")];
    for (op, field) in required {
        for blank in ["", "   "] {
            refused(&desk, op, field, json!(blank), "BAD_USER_INPUT").await;
        }
    }
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn an_idempotency_key_has_one_to_255_characters() {
    let desk = Desk::open(Options::default()).await;
    for op in Op::ALL {
        refused(&desk, op, "idempotencyKey", json!(""), "BAD_USER_INPUT").await;
        refused(&desk, op, "idempotencyKey", json!("k".repeat(256)), "BAD_USER_INPUT").await;
        let longest = format!("{op:?}-{}", "k".repeat(255 - format!("{op:?}-").len()));
        let body = op.send(&desk, op.input(&desk, json!("1.00"), &longest)).await;
        assert!(body.get("errors").is_none(), "{} with a 255-character key: {body:#}", op.field());
    }
    assert_eq!(desk.balance().await, ("50.00".to_owned(), 6), "the four 255-character moves went through");
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_disabled_payment_system_refuses_top_ups_and_an_unknown_one_is_not_found() {
    let desk = Desk::open(Options::default()).await;
    let disable = "mutation($id: ID!) { updatePaymentSystemBinding(id: $id, input: { enabled: false }) { enabled } }";
    let disabled = desk.app.ok(Some(&desk.admin.token), disable, json!({ "id": desk.system })).await;
    assert_eq!(disabled["updatePaymentSystemBinding"]["enabled"], false);

    refused(&desk, Op::TopUp, "paymentSystemId", json!(desk.system), "PAYMENT_SYSTEM_DISABLED").await;
    refused(&desk, Op::TopUp, "paymentSystemId", json!("999999999"), "NOT_FOUND").await;
    refused(&desk, Op::TopUp, "paymentSystemId", json!("not-an-id"), "BAD_USER_INPUT").await;
    let config = desk.app.ok(None, "{ walletConfig { topUpAvailable } }", json!({})).await;
    assert_eq!(config["walletConfig"]["topUpAvailable"], false);
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn the_default_maximum_of_one_million_is_inclusive() {
    let desk = Desk::open(Options::default()).await;
    let config = desk.app.ok(None, "{ walletConfig { maxOperationAmount } }", json!({})).await;
    assert_eq!(config["walletConfig"]["maxOperationAmount"], "1000000.00");
    let topped = desk.app.top_up(&desk.cashier, &desk.customer.wallet, "1000000.00", &desk.system).await;
    assert_eq!(topped["wallet"]["balance"], "1000050.00");
}

#[tokio::test]
async fn a_configured_maximum_is_inclusive_for_every_money_move() {
    let options = Options { env: vec![("KASSA_MAX_AMOUNT", "500.00".into())], ..Default::default() };
    let desk = Desk::open(options).await;
    let config = desk.app.ok(None, "{ walletConfig { maxOperationAmount } }", json!({})).await;
    assert_eq!(config["walletConfig"]["maxOperationAmount"], "500.00");
    // 1000.00 more, so write-off and payment have funds; then a payment of 500.00 to refund.
    desk.app.top_up(&desk.cashier, &desk.customer.wallet, "500.00", &desk.system).await;
    desk.app.top_up(&desk.cashier, &desk.customer.wallet, "500.00", &desk.system).await;
    let paid = Op::Pay.send(&desk, Op::Pay.input(&desk, json!("500.00"), "big-payment")).await;
    let payment = paid["data"]["payFromWallet"]["transaction"]["id"].as_str().unwrap().to_owned();
    let desk = Desk { payment, ..desk };

    for op in Op::ALL {
        let before = desk.balance().await;
        let over = op.send(&desk, op.input(&desk, json!("500.01"), &format!("{op:?}-over"))).await;
        assert_eq!(code(&over), "BAD_USER_INPUT", "{op:?} 500.01: {over:#}");
        assert_eq!(desk.balance().await, before, "{op:?} 500.01 moved money");
        let at = op.send(&desk, op.input(&desk, json!("500.00"), &format!("{op:?}-at"))).await;
        assert!(at.get("errors").is_none(), "{op:?} 500.00 is allowed: {at:#}");
        assert_eq!(at["data"][op.field()]["transaction"]["amount"], "500.00");
    }
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}
