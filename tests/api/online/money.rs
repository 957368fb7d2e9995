//! The money rules of online top-ups: concurrent duplicates credit once, mismatches and
//! second payments wait for a cashier, late and disabled-binding payments still credit,
//! and the credit reaches a subscriber on another instance.

use std::time::Duration;

use futures::future::join_all;
use serde_json::json;

use super::{INVOICE, Shop, records, signing};
use crate::helpers::{Options, TestApp, code};
use crate::live::{MY_BALANCE, event};
use crate::ws_client::{Protocol, WsClient};

#[tokio::test]
async fn twenty_concurrent_duplicate_notifications_credit_once() {
    let shop = Shop::open(TestApp::spawn().await, "YOOMONEY").await;
    let invoice = shop.start("300.00").await;
    let number = invoice["number"].as_str().unwrap();
    let sent = signing::yoomoney(&shop.paid(number, "300.00", "op-77"));
    let answers = join_all((0..20).map(|_| shop.send(&sent))).await;
    assert!(answers.iter().all(|answer| answer == &(200, String::new())), "{answers:?}");
    assert_eq!(shop.balance().await, "300.00");
    let verdicts: Vec<String> = records(&shop.app).await.into_iter().map(|(v, _, _)| v).collect();
    assert_eq!(verdicts.iter().filter(|v| *v == "CREDITED").count(), 1, "{verdicts:?}");
    assert_eq!(verdicts.iter().filter(|v| *v == "REPLAYED").count(), 19, "{verdicts:?}");
    assert!(shop.app.verify_ledger().await.is_empty());
}

#[tokio::test]
async fn an_amount_mismatch_waits_in_review_and_a_cashier_credits_it_once() {
    let shop = Shop::open(TestApp::spawn().await, "MYKASSA").await;
    let invoice = shop.start("100.00").await;
    let (id, number) = (invoice["id"].as_str().unwrap(), invoice["number"].as_str().unwrap());
    // Signed, but for 90.00: accepted, kept for review, nothing credited.
    assert_eq!(shop.notify(number, "90.00", "mk-1").await, (200, "YES".to_owned()));
    assert_eq!(shop.balance().await, "0.00");
    let review = shop.invoice(id).await;
    assert_eq!((review["status"].as_str(), review["paidAmount"].as_str()), (Some("REVIEW"), Some("90.00")));

    let queue = shop
        .app
        .ok(
            Some(&shop.cashier.token),
            "{ topUpInvoices(status: REVIEW) { edges { node { id status wallet { number } } } } }",
            json!({}),
        )
        .await;
    let queued = queue["topUpInvoices"]["edges"].as_array().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["node"]["id"], id);
    // Customers do not see the queue.
    let refused = shop.app.gql(Some(&shop.customer.token), "{ topUpInvoices { edges { cursor } } }", json!({})).await;
    assert_eq!(code(&refused), "FORBIDDEN");

    let resolve =
        format!("mutation($input: ResolveTopUpInvoiceInput!) {{ resolveTopUpInvoice(input: $input) {{ {INVOICE} }} }}");
    let input = json!({ "invoiceId": id, "credit": true, "reason": "receipt checked: 90.00 arrived", "idempotencyKey": "rv-1" });
    let customer_try = shop.app.gql(Some(&shop.customer.token), &resolve, json!({ "input": input })).await;
    assert_eq!(code(&customer_try), "FORBIDDEN");
    let first = shop.app.ok(Some(&shop.cashier.token), &resolve, json!({ "input": input })).await;
    let again = shop.app.ok(Some(&shop.cashier.token), &resolve, json!({ "input": input })).await;
    assert_eq!(first, again, "the same resolution again answers the same");
    let paid = &first["resolveTopUpInvoice"];
    assert_eq!(paid["status"], "PAID");
    assert_eq!(paid["transaction"]["amount"], "90.00", "the amount that arrived, by default");
    assert_eq!(paid["transaction"]["performedBy"]["id"], shop.cashier.id.as_str());
    assert_eq!(paid["resolution"], "receipt checked: 90.00 arrived");
    assert_eq!(shop.balance().await, "90.00");
    // Settled: it cannot be rejected now, and a late notification credits nothing.
    let reject = json!({ "invoiceId": id, "credit": false, "reason": "oops", "idempotencyKey": "rv-2" });
    let refused = shop.app.gql(Some(&shop.cashier.token), &resolve, json!({ "input": reject })).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT");
    shop.notify(number, "90.00", "mk-1").await;
    assert_eq!(shop.balance().await, "90.00");
    assert!(shop.app.verify_ledger().await.is_empty());
    // The resolution is in the audit log once, by the cashier, with its reason.
    let resolved: Vec<_> = super::audit(&shop.app, &shop.admin)
        .await
        .into_iter()
        .filter(|(action, _, _)| action == "INVOICE_RESOLVED")
        .collect();
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved[0].1.as_deref(), Some(shop.cashier.id.as_str()));
    assert!(resolved[0].2.contains("credited 90.00: receipt checked"), "{resolved:?}");
}

#[tokio::test]
async fn a_second_payment_for_a_paid_invoice_is_kept_apart_for_review_and_can_be_rejected() {
    let shop = Shop::open(TestApp::spawn().await, "PAYMASTER").await;
    let invoice = shop.start("25.00").await;
    let (id, number) = (invoice["id"].as_str().unwrap(), invoice["number"].as_str().unwrap());
    shop.notify(number, "25.00", "pm-1").await;
    assert_eq!(shop.notify(number, "25.00", "pm-2").await.0, 200, "accepted: it stops retrying");
    assert_eq!(shop.notify(number, "25.00", "pm-2").await.0, 200);
    assert_eq!(shop.balance().await, "25.00", "credited once");
    let data = shop
        .app
        .ok(
            Some(&shop.cashier.token),
            &format!("{{ topUpInvoices(status: REVIEW) {{ edges {{ node {{ {INVOICE} }} }} }} }}"),
            json!({}),
        )
        .await;
    let queued = data["topUpInvoices"]["edges"].as_array().unwrap();
    assert_eq!(queued.len(), 1, "one review invoice for the second payment, however often notified");
    let second = &queued[0]["node"];
    assert_eq!((second["duplicateOf"]["id"].as_str(), second["externalId"].as_str()), (Some(id), Some("pm-2")));
    let input =
        json!({ "invoiceId": second["id"], "credit": false, "reason": "refunded by PayMaster", "idempotencyKey": "r" });
    let rejected = shop
        .app
        .ok(
            Some(&shop.cashier.token),
            "mutation($input: ResolveTopUpInvoiceInput!) { resolveTopUpInvoice(input: $input) { status transaction { id } } }",
            json!({ "input": input }),
        )
        .await;
    assert_eq!(rejected["resolveTopUpInvoice"], json!({ "status": "REJECTED", "transaction": null }));
    assert_eq!(shop.balance().await, "25.00");
}

#[tokio::test]
async fn a_late_payment_and_one_through_a_disabled_binding_still_credit() {
    let app = TestApp::with(Options { env: vec![("KASSA_INVOICE_TTL", "1s".into())], ..Options::default() }).await;
    let shop = Shop::open(app, "ROBOKASSA").await;
    let late = shop.start("7.00").await;
    let (late_id, late_number) = (late["id"].as_str().unwrap(), late["number"].as_str().unwrap());
    let other = shop.start("8.00").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(shop.invoice(late_id).await["status"], "EXPIRED");
    shop.notify(late_number, "7.00", late_number).await;
    assert_eq!(shop.invoice(late_id).await["status"], "PAID", "the money arrived");

    shop.app
        .ok(
            Some(&shop.admin.token),
            "mutation($id: ID!) { updatePaymentSystemBinding(id: $id, input: { enabled: false }) { enabled } }",
            json!({ "id": shop.binding }),
        )
        .await;
    let refused = shop.try_start(&shop.customer, "1.00", "after-disable").await;
    assert_eq!(code(&refused), "PAYMENT_SYSTEM_DISABLED");
    let number = other["number"].as_str().unwrap();
    shop.notify(number, "8.00", number).await;
    assert_eq!(shop.balance().await, "15.00");
    assert!(shop.app.verify_ledger().await.is_empty());
}

#[tokio::test]
async fn start_top_up_is_idempotent_and_checks_its_input() {
    let shop = Shop::open(TestApp::spawn().await, "QIWI").await;
    let first = shop.try_start(&shop.customer, "12.00", "k-1").await;
    let again = shop.try_start(&shop.customer, "12.00", "k-1").await;
    assert_eq!(first["data"]["startTopUp"]["id"], again["data"]["startTopUp"]["id"]);
    assert!(first["data"]["startTopUp"]["paymentUrl"].as_str().unwrap().starts_with("https://oplata.qiwi.com/create?"));
    assert_eq!(code(&shop.try_start(&shop.customer, "13.00", "k-1").await), "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(code(&shop.try_start(&shop.customer, "0.00", "k-2").await), "BAD_USER_INPUT");
    assert_eq!(code(&shop.try_start(&shop.customer, "99999999.00", "k-3").await), "BAD_USER_INPUT");
    let anonymous = shop
        .app
        .gql(None, "mutation { startTopUp(input: { paymentSystemId: \"1\", amount: \"1.00\", idempotencyKey: \"a\" }) { id } }", json!({}))
        .await;
    assert_eq!(code(&anonymous), "UNAUTHENTICATED");
    let invoices = shop
        .app
        .ok(Some(&shop.customer.token), "{ myWallet { topUpInvoices { edges { node { id } } } } }", json!({}))
        .await;
    assert_eq!(invoices["myWallet"]["topUpInvoices"]["edges"].as_array().unwrap().len(), 1);

    // The key Kassa credits an invoice with cannot be taken first by the customer.
    let id = first["data"]["startTopUp"]["id"].as_str().unwrap();
    let squat = shop
        .app
        .gql(
            Some(&shop.customer.token),
            "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id } } }",
            json!({ "input": { "amount": "1.00", "orderReference": "x", "idempotencyKey": format!("\u{1}invoice:{id}") } }),
        )
        .await;
    assert_eq!(code(&squat), "BAD_USER_INPUT");
    shop.notify(first["data"]["startTopUp"]["number"].as_str().unwrap(), "12.00", "x").await;
    assert_eq!(shop.balance().await, "12.00");
}

#[tokio::test]
async fn an_online_credit_reaches_a_subscriber_on_another_instance() {
    let shop = Shop::open(TestApp::with(Options { redis: true, ..Options::default() }).await, "YOOMONEY").await;
    let other = shop.app.sibling().await;
    let invoice = shop.start("64.00").await;
    let mut socket = WsClient::connect(&other.ws_url(), &shop.customer.token, Protocol::TransportWs).await;
    socket.subscribe("1", MY_BALANCE, json!({})).await;
    let current = event(&socket.next_payload("1", Duration::from_secs(5)).await.expect("an event"), "myBalance");
    assert_eq!(current["balance"], "0.00");
    shop.notify(invoice["number"].as_str().unwrap(), "64.00", "op-1").await;
    let credited = event(&socket.next_payload("1", Duration::from_secs(5)).await.expect("an event"), "myBalance");
    assert_eq!((credited["balance"].as_str(), credited["version"].as_i64()), (Some("64.00"), Some(1)));
    assert_eq!(credited["transaction"]["kind"], "TOP_UP");
}
