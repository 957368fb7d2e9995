//! The database itself enforces the ledger's rules, whatever code (or person) writes to it.

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::live::Scene;

/// Inserts a REFUND row by hand, as a buggy release or a person at psql might; returns the
/// database's error, if any.
async fn insert_refund(app: &TestApp, wallet_id: &str, payment_id: &str, amount: &str, key: &str) -> Option<String> {
    let mut conn = app.state().conn().await.unwrap();
    let sql = format!(
        "INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version, performed_by,
             refund_of, idempotency_key, request_hash)
         SELECT 'REFUND', {amount}, {wallet_id}, 0, 1000 + (SELECT count(*) FROM transactions), performed_by,
             {payment_id}, '{key}', '\\x00'::bytea FROM transactions WHERE id = {payment_id}"
    );
    diesel::sql_query(sql).execute(&mut conn).await.err().map(|error| error.to_string())
}

async fn pay(scene: &Scene, amount: &str, key: &str) -> Value {
    let data = scene
        .app
        .ok(
            Some(&scene.customer.token),
            "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id } } }",
            json!({ "input": { "amount": amount, "orderReference": "O-1", "idempotencyKey": key } }),
        )
        .await;
    data["payFromWallet"]["transaction"]["id"].clone()
}

#[tokio::test]
async fn refunds_over_the_payment_or_of_anything_but_a_payment_of_that_wallet_are_refused_by_the_database() {
    let scene = Scene::new(Default::default()).await;
    let top_up = scene.app.top_up(&scene.cashier, &scene.customer.wallet, "50.00", &scene.system).await;
    let top_up_id = top_up["transaction"]["id"].as_str().unwrap().to_owned();
    let payment = pay(&scene, "20.00", "p-1").await;
    let payment = payment.as_str().unwrap();
    let wallet = &scene.customer.wallet_id;

    let over = insert_refund(&scene.app, wallet, payment, "20.01", "r-1").await;
    assert!(over.as_deref().is_some_and(|e| e.contains("would exceed")), "{over:?}");
    assert_eq!(insert_refund(&scene.app, wallet, payment, "15.00", "r-2").await, None, "within the payment");
    let rest = insert_refund(&scene.app, wallet, payment, "5.01", "r-3").await;
    assert!(rest.as_deref().is_some_and(|e| e.contains("would exceed")), "15 + 5.01 > 20: {rest:?}");

    let not_a_payment = insert_refund(&scene.app, wallet, &top_up_id, "1.00", "r-4").await;
    assert!(not_a_payment.as_deref().is_some_and(|e| e.contains("must return a PAYMENT")), "{not_a_payment:?}");

    let other = scene.app.customer().await;
    let elsewhere = insert_refund(&scene.app, &other.wallet_id, payment, "1.00", "r-5").await;
    assert!(elsewhere.as_deref().is_some_and(|e| e.contains("wallet of its payment")), "{elsewhere:?}");
}

#[tokio::test]
async fn refunds_through_the_api_still_work_up_to_the_payment() {
    let scene = Scene::new(Default::default()).await;
    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "50.00", &scene.system).await;
    let payment = pay(&scene, "20.00", "p-1").await;
    let refund = "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { wallet { balance } } }";
    for (amount, key) in [("12.00", "r-1"), ("8.00", "r-2")] {
        let input =
            json!({ "input": { "paymentId": payment, "amount": amount, "reason": "r", "idempotencyKey": key } });
        scene.app.ok(Some(&scene.cashier.token), refund, input).await;
    }
    assert_eq!(scene.app.balance(&scene.customer).await.0, "50.00");
    assert!(scene.app.verify_ledger().await.is_empty());
}
