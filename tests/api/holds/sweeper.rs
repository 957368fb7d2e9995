//! Expired holds are released by the sweeper within 5 s, with a balance event; on two
//! instances each hold is expired once.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{try_capture, wallet};
use crate::helpers::{Options, code};
use crate::jwt::count;
use crate::live::{Scene, event};
use crate::ws_client::{Protocol, WsClient};

const LIVE: &str = "subscription { myBalance { balance available held version transaction { id } } }";

async fn short_hold(scene: &Scene, amount: &str, key: &str, seconds: i64) -> Value {
    let input = json!({ "walletNumber": scene.customer.wallet, "amount": amount, "orderReference": "SHORT",
                        "expiresInSeconds": seconds, "idempotencyKey": key });
    let body = scene.app.gql(Some(&scene.customer.token), &super::create_query(), json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["createHold"].clone()
}

#[tokio::test]
async fn an_expired_hold_is_released_within_five_seconds_and_subscribers_see_available_rise() {
    let scene = Scene::new(Default::default()).await;
    let app = &scene.app;
    app.top_up(&scene.cashier, &scene.customer.wallet, "20.00", &scene.system).await;
    let mut client = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("1", LIVE, json!({})).await;
    let first = event(&client.next_payload("1", Duration::from_secs(5)).await.unwrap(), "myBalance");
    assert_eq!((first["available"].as_str(), first["version"].as_i64()), (Some("20.00"), Some(1)));

    let held = short_hold(&scene, "12.00", "short-1", 1).await;
    let expires_at = chrono::DateTime::parse_from_rfc3339(held["hold"]["expiresAt"].as_str().unwrap()).unwrap();
    let seen = event(&client.next_payload("1", Duration::from_secs(5)).await.unwrap(), "myBalance");
    assert_eq!(
        seen,
        json!({ "balance": "20.00", "available": "8.00", "held": "12.00", "version": 2, "transaction": null })
    );

    let released = event(&client.next_payload("1", Duration::from_secs(7)).await.unwrap(), "myBalance");
    let late = chrono::Utc::now().signed_duration_since(expires_at);
    assert_eq!(
        released,
        json!({ "balance": "20.00", "available": "20.00", "held": "0.00", "version": 3, "transaction": null })
    );
    assert!(late < chrono::Duration::seconds(5), "released {late} after expiresAt");
    let id = held["hold"]["id"].as_str().unwrap();
    let status =
        app.ok(Some(&scene.customer.token), "query($id: ID!) { hold(id: $id) { status } }", json!({ "id": id })).await;
    assert_eq!(status["hold"]["status"], "EXPIRED");

    // Capturing it now is refused and changes nothing.
    assert_eq!(code(&try_capture(app, &scene.customer.token, id, None, "late").await), "BAD_USER_INPUT");
    assert_eq!(wallet(app, &scene.customer).await, ("20.00".into(), "20.00".into(), "0.00".into(), 3));
    assert_eq!(count(app, "select count(*) as n from transactions where kind = 'PAYMENT'").await, 0);
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_hold_past_its_expiry_cannot_be_captured_even_before_the_sweeper_runs() {
    let scene = Scene::new(Default::default()).await;
    let app = &scene.app;
    app.top_up(&scene.cashier, &scene.customer.wallet, "20.00", &scene.system).await;
    let held = short_hold(&scene, "5.00", "short-2", 1).await;
    let id = held["hold"]["id"].as_str().unwrap().to_owned();
    // Whether the sweeper has run yet or not, the answer is the same.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let answer = try_capture(app, &scene.customer.token, &id, None, "cap").await;
    assert_eq!(code(&answer), "BAD_USER_INPUT", "{answer}");
    assert_eq!(count(app, "select count(*) as n from transactions where kind = 'PAYMENT'").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_sweeping_expire_each_hold_exactly_once() {
    let scene = Scene::new(Options { redis: true, ..Default::default() }).await;
    let app = &scene.app;
    let sibling = app.sibling().await;
    let customers = [scene.customer.clone(), app.customer().await, app.customer().await];
    for customer in &customers {
        app.top_up(&scene.cashier, &customer.wallet, "100.00", &scene.system).await;
    }
    // 60 holds over three wallets, made on both instances, all expiring in about a second.
    for i in 0..60 {
        let customer = &customers[i % 3];
        let on = if i % 2 == 0 { app } else { &sibling };
        let input = json!({ "walletNumber": customer.wallet, "amount": "1.00", "orderReference": format!("O-{i}"),
                            "expiresInSeconds": 1, "idempotencyKey": format!("k-{i}") });
        let body = on.gql(Some(&customer.token), &super::create_query(), json!({ "input": input })).await;
        assert!(body.get("errors").is_none(), "{body:#}");
    }
    let started = Instant::now();
    loop {
        let left = count(app, "select count(*) as n from holds where status = 'HELD'").await;
        if left == 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(8), "{left} holds still HELD");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(count(app, "select count(*) as n from holds where status = 'EXPIRED'").await, 60);
    // Expired once each: one EXPIRED version per hold, and each wallet's version counts
    // its top-up, 20 creations and 20 expiries.
    let once = "select count(*) as n from (select hold_id from wallet_changes where status = 'EXPIRED'
                group by hold_id having count(*) = 1) once";
    assert_eq!(count(app, once).await, 60);
    for customer in &customers {
        assert_eq!(wallet(app, customer).await, ("100.00".into(), "100.00".into(), "0.00".into(), 41));
    }
    assert_eq!(app.verify_ledger().await, vec![]);
}
