//! What a receiver gets, when, and how often.

use std::time::{Duration, Instant};

use serde_json::json;

use super::receiver::{Receiver, Reply};
use super::{app, endpoint, log, log_of, shop, stored_deliveries};
use crate::helpers::{Options, TestApp};

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn a_top_up_delivers_a_signed_transaction_created_event_in_the_contract_shape() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::Ok).await;
    let (id, secret) = endpoint(&app, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    let moved = app.top_up(&cashier, &customer.wallet, "100.50", &system).await;

    let received = receiver.wait_for(1, SOON).await;
    let hook = &received[0];
    assert!(hook.signed_with(&secret), "Kassa-Signature verifies: {}", hook.signature);
    assert!(!hook.signed_with("whsec_other"), "and not with another secret");
    assert_eq!(hook.content_type, "application/json");
    let body = hook.json();
    let keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4, "id, type, createdAt, data: {body:#}");
    assert_eq!(body["type"], "transaction.created");
    assert!(chrono::DateTime::parse_from_rfc3339(body["createdAt"].as_str().unwrap()).is_ok(), "{body:#}");
    let data = &body["data"];
    let transaction = &moved["transaction"];
    assert_eq!(data["id"], transaction["id"]);
    assert_eq!(data["kind"], "TOP_UP");
    assert_eq!(data["amount"], "100.50");
    assert_eq!(data["balanceAfter"], "100.50");
    assert_eq!(data["walletNumber"], customer.wallet.as_str());
    assert_eq!(data["walletVersion"], transaction["walletVersion"]);
    assert_eq!(data["reference"], "R-1");
    assert_eq!(data["paymentSystemId"], system.as_str());
    assert_eq!(data["performedById"], cashier.id.as_str());
    assert!(chrono::DateTime::parse_from_rfc3339(data["createdAt"].as_str().unwrap()).is_ok(), "{data:#}");

    let attempts = log_of(&app, &admin, &id, 1, SOON).await;
    assert_eq!(attempts.len(), 1, "one attempt: {attempts:#?}");
    assert_eq!(attempts[0]["eventId"], body["id"]);
    assert_eq!(attempts[0]["event"], "TRANSACTION_CREATED");
    assert_eq!((&attempts[0]["statusCode"], &attempts[0]["status"]), (&json!(200), &json!("DELIVERED")));
    assert_eq!(attempts[0]["error"], json!(null));
}

#[tokio::test]
async fn a_receiver_that_is_down_for_a_while_gets_the_same_event_when_it_is_back() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    // A port nobody listens on, for now.
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (id, secret) = endpoint(&app, &admin, &format!("http://{addr}/hooks"), &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    let failed = log_of(&app, &admin, &id, 3, SOON).await;
    assert!(failed.iter().all(|a| a["statusCode"].is_null() && a["status"] == "PENDING"), "{failed:#?}");
    assert!(failed.iter().all(|a| a["eventId"] == failed[0]["eventId"]), "one event, retried: {failed:#?}");

    let receiver = Receiver::at(addr, Reply::Ok).await;
    let received = receiver.wait_for(1, SOON).await;
    assert!(received[0].signed_with(&secret));
    assert_eq!(received[0].json()["id"], failed[0]["eventId"], "the same event id, so the receiver can deduplicate");
    let deadline = Instant::now() + SOON;
    while log(&app, &admin, &id).await[0]["status"] != "DELIVERED" {
        assert!(Instant::now() < deadline, "the delivery is marked delivered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_growing_gaps_and_each_attempt_is_logged() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::Status(500)).await;
    let (id, _) = endpoint(&app, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    let received = receiver.wait_for(5, Duration::from_secs(15)).await;
    let gaps: Vec<Duration> = received.windows(2).map(|pair| pair[1].at - pair[0].at).collect();
    // 100 ms, 200 ms, 400 ms, 800 ms: each pause about twice the one before.
    for pair in gaps.windows(2) {
        assert!(pair[1] > pair[0] + Duration::from_millis(50), "growing gaps: {gaps:?}");
    }
    assert!(gaps[0] >= Duration::from_millis(100), "not before the base pause: {gaps:?}");
    let ids: Vec<_> = received.iter().map(|hook| hook.json()["id"].clone()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one event: {ids:?}");
    let attempts = log_of(&app, &admin, &id, 5, SOON).await;
    for attempt in &attempts[..5] {
        assert_eq!((&attempt["statusCode"], &attempt["error"]), (&json!(500), &json!("HTTP 500")), "{attempt:#}");
        assert_eq!(attempt["status"], "PENDING", "still being retried");
        assert!(attempt["latencyMs"].as_i64().unwrap() >= 0);
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_counts_as_a_failure() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let elsewhere = Receiver::start(Reply::Ok).await;
    let redirecting = Receiver::start(Reply::RedirectTo(elsewhere.url.clone())).await;
    let (id, _) = endpoint(&app, &admin, &redirecting.url, &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    redirecting.wait_for(2, SOON).await;
    let attempts = log_of(&app, &admin, &id, 2, SOON).await;
    assert_eq!(attempts[0]["statusCode"], 302);
    assert!(attempts[0]["error"].as_str().unwrap().contains("redirect"), "{:#}", attempts[0]);
    assert_eq!(attempts[0]["status"], "PENDING");
    assert!(elsewhere.received().is_empty(), "the Location was never visited");
}

#[tokio::test]
async fn only_subscribed_live_endpoints_get_events() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let (all, paid_only, deleted) =
        (Receiver::start(Reply::Ok).await, Receiver::start(Reply::Ok).await, Receiver::start(Reply::Ok).await);
    endpoint(&app, &admin, &all.url, &["TRANSACTION_CREATED", "INVOICE_PAID"]).await;
    let (paid_id, _) = endpoint(&app, &admin, &paid_only.url, &["INVOICE_PAID"]).await;
    let (deleted_id, _) = endpoint(&app, &admin, &deleted.url, &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    all.wait_for(1, SOON).await;
    deleted.wait_for(1, SOON).await;

    let delete = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }";
    app.ok(Some(&admin.token), delete, json!({ "id": deleted_id })).await;
    app.top_up(&cashier, &customer.wallet, "20.00", &system).await;
    let got = all.wait_for(2, SOON).await;
    assert_eq!(got[1].json()["data"]["amount"], "20.00");
    assert_eq!(stored_deliveries(&app, &paid_id).await, 0, "no delivery was even stored for an unsubscribed type");
    assert_eq!(stored_deliveries(&app, &deleted_id).await, 1, "nothing new for a deleted endpoint");
    assert!(paid_only.received().is_empty());
    assert_eq!(deleted.received().len(), 1);
    let listed = app.ok(Some(&admin.token), "{ webhookEndpoints { id } }", json!({})).await;
    assert!(!listed.to_string().contains(&format!("\"{deleted_id}\"")), "{listed}");
}

#[tokio::test]
async fn two_instances_deliver_each_event_once_to_a_healthy_receiver() {
    let options =
        Options { redis: true, env: vec![("KASSA_WEBHOOK_RETRY_BASE", "100ms".into())], ..Default::default() };
    let first = TestApp::with(options).await;
    let second = first.sibling().await;
    let (admin, cashier, customer, system) = shop(&first).await;
    let receiver = Receiver::start(Reply::Ok).await;
    endpoint(&first, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    let moves = (0..20).map(|n| {
        let app: &TestApp = if n % 2 == 0 { &first } else { &second };
        let (cashier, wallet, system) = (&cashier, &customer.wallet, &system);
        async move { app.try_top_up(cashier, wallet, "1.00", system, &format!("twice-{n}")).await }
    });
    for answer in futures::future::join_all(moves).await {
        assert!(answer.get("errors").is_none(), "{answer:#}");
    }
    receiver.wait_for(20, SOON).await;
    // Both instances poll every second: give a duplicate the time to show up.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut ids: Vec<String> =
        receiver.received().iter().map(|h| h.json()["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 20, "each event once");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "twenty distinct events");
}

#[tokio::test]
async fn a_money_move_does_not_wait_for_a_slow_receiver() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::SlowOk(Duration::from_secs(5))).await;
    endpoint(&app, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    let first_done = Instant::now();
    receiver.wait_for(1, SOON).await;
    // The receiver is now holding the first delivery: a second move must not wait for it.
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    let second_done = Instant::now();
    let deadline = Instant::now() + SOON;
    while receiver.answered().is_empty() {
        assert!(Instant::now() < deadline, "the receiver answers in the end");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answered = receiver.answered()[0];
    assert!(first_done < answered, "the first move answered before its receiver did");
    assert!(second_done < answered, "the second move answered while the receiver still held the first event");
}

#[tokio::test]
async fn a_delivery_failing_for_24_hours_is_given_up_and_not_sent_again() {
    let app = app().await;
    let (admin, cashier, customer, system) = shop(&app).await;
    let receiver = Receiver::start(Reply::Status(503)).await;
    let (id, _) = endpoint(&app, &admin, &receiver.url, &["TRANSACTION_CREATED"]).await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    receiver.wait_for(1, SOON).await;
    // As if the event had been failing since yesterday.
    crate::online::sql(&app, "UPDATE webhook_deliveries SET created_at = now() - interval '25 hours'").await;
    let deadline = Instant::now() + SOON;
    while log(&app, &admin, &id).await[0]["status"] != "FAILED" {
        assert!(Instant::now() < deadline, "the delivery is given up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let tries = receiver.received().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), tries, "nothing is sent after giving up");
    let pending = "SELECT count(*) FROM webhook_deliveries WHERE status <> 'FAILED'";
    assert_eq!(crate::online::sql(&app, pending).await[0].get::<_, i64>(0), 0);
}
