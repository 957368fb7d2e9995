//! hold.created, hold.captured, hold.voided and hold.expired: each written in the hold's own
//! transaction and delivered signed, in the Hold's shape; a refused hold sends nothing.

use std::time::Duration;

use serde_json::{Value, json};

use super::receiver::{Receiver, Reply};
use super::{app, endpoint, shop};
use crate::helpers::{Actor, TestApp, code};

const CREATE: &str = "mutation($input: CreateHoldInput!) { createHold(input: $input) { hold { id } } }";
const CAPTURE: &str = "mutation($input: CaptureHoldInput!) { captureHold(input: $input) { hold { payment { id } } } }";
const VOID: &str = "mutation($input: VoidHoldInput!) { voidHold(input: $input) { hold { id } } }";

async fn hold(app: &TestApp, owner: &Actor, amount: &str, order: &str, seconds: i32) -> Value {
    let input = json!({ "walletNumber": owner.wallet, "amount": amount, "orderReference": order,
                        "expiresInSeconds": seconds, "idempotencyKey": format!("hold-{order}") });
    app.gql(Some(&owner.token), CREATE, json!({ "input": input })).await
}

#[tokio::test]
async fn every_change_of_a_hold_is_delivered_signed_in_the_holds_shape_and_a_refused_one_sends_nothing() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::Ok).await;
    let events = ["HOLD_CREATED", "HOLD_CAPTURED", "HOLD_VOIDED", "HOLD_EXPIRED"];
    let (_, secret) = endpoint(&app, &admin, &receiver.url, &events).await;
    app.top_up(&cashier, &customer.wallet, "100.00", &system).await;

    let shipped = hold(&app, &customer, "40.00", "ORDER-1", 900).await;
    let shipped = shipped["data"]["createHold"]["hold"]["id"].as_str().unwrap().to_owned();
    let input = json!({ "holdId": shipped, "amount": "30.00", "idempotencyKey": "capture-1" });
    let captured = app.ok(Some(&customer.token), CAPTURE, json!({ "input": input })).await;
    let payment = captured["captureHold"]["hold"]["payment"]["id"].clone();
    let cancelled = hold(&app, &customer, "20.00", "ORDER-2", 900).await;
    let cancelled = cancelled["data"]["createHold"]["hold"]["id"].as_str().unwrap().to_owned();
    let input = json!({ "holdId": cancelled, "idempotencyKey": "void-2" });
    app.ok(Some(&customer.token), VOID, json!({ "input": input })).await;
    let refused = hold(&app, &customer, "1000.00", "ORDER-3", 900).await;
    assert_eq!(code(&refused), "INSUFFICIENT_FUNDS");
    hold(&app, &customer, "10.00", "ORDER-4", 1).await; // expires within a second or so

    // 3 created (not ORDER-3), 1 captured, 1 voided, 1 expired by the sweeper.
    let received = receiver.wait_for(6, Duration::from_secs(15)).await;
    assert!(received.iter().all(|hook| hook.signed_with(&secret)), "every delivery verifies");
    let mut seen: Vec<(String, String, String)> = received
        .iter()
        .map(|hook| {
            let body = hook.json();
            let data = &body["data"];
            assert_eq!(data["walletNumber"], customer.wallet.as_str(), "{body:#}");
            (
                body["type"].as_str().unwrap().into(),
                data["orderReference"].as_str().unwrap().into(),
                data["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    seen.sort();
    let want = [
        ("hold.captured", "ORDER-1", "CAPTURED"),
        ("hold.created", "ORDER-1", "HELD"),
        ("hold.created", "ORDER-2", "HELD"),
        ("hold.created", "ORDER-4", "HELD"),
        ("hold.expired", "ORDER-4", "EXPIRED"),
        ("hold.voided", "ORDER-2", "VOIDED"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into())).collect();
    assert_eq!(seen, want);

    let capture = received.iter().map(|hook| hook.json()).find(|body| body["type"] == "hold.captured").unwrap();
    assert_eq!(capture["data"]["paymentId"], payment, "the PAYMENT it became");
    assert_eq!((&capture["data"]["amount"], &capture["data"]["capturedAmount"]), (&json!("40.00"), &json!("30.00")));
    // Written by the holds' own transactions only: the refused hold left no event, and the
    // capture's PAYMENT is not sent to an endpoint that did not ask for transactions.
    let stored = crate::online::sql(&app, "SELECT count(*) FROM webhook_events").await;
    assert_eq!(stored[0].get::<_, i64>(0), 6);
    assert_eq!(app.verify_ledger().await, vec![]);
}
