//! The whole story, end to end, as the portal lives it.

use serde_json::json;

use crate::helpers::{TestApp, code};

const HISTORY: &str = "query($first: Int, $after: String) { myWallet { balance version
    transactions(first: $first, after: $after) { edges { cursor node { id kind amount balanceAfter walletVersion } }
                                                 pageInfo { hasNextPage hasPreviousPage endCursor } } } }";

#[tokio::test]
async fn an_admin_a_cashier_and_a_customer_move_money_and_the_books_balance() {
    let app = TestApp::spawn().await;

    // 1. An admin connects a payment system and appoints a cashier.
    let admin = app.admin().await;
    let config = app.ok(None, "{ walletConfig { topUpAvailable currency maxOperationAmount } }", json!({})).await;
    assert_eq!(config["walletConfig"]["topUpAvailable"], false, "no payment system yet");
    let system = app.payment_system(&admin).await;
    let cashier = app.cashier(&admin).await;
    let config = app.ok(None, "{ walletConfig { topUpAvailable } }", json!({})).await;
    assert_eq!(config["walletConfig"]["topUpAvailable"], true);

    // 2. A customer signs up.
    let customer = app.customer().await;
    assert_eq!(app.balance(&customer).await, ("0.00".to_owned(), 0));

    // 3. The cashier finds the wallet by the number the customer reads out, and tops it up.
    let found = app
        .ok(
            Some(&cashier.token),
            "query($n: String!) { walletByNumber(number: $n) { id balance owner { id } } }",
            json!({ "n": customer.wallet }),
        )
        .await;
    assert_eq!(found["walletByNumber"]["owner"]["id"], customer.id.as_str());
    let topped = app.top_up(&cashier, &customer.wallet, "1000.00", &system).await;
    assert_eq!(topped["wallet"]["balance"], "1000.00");
    assert_eq!(topped["transaction"]["kind"], "TOP_UP");
    assert_eq!(topped["transaction"]["paymentSystem"]["id"], system.as_str());

    // 4. The customer pays.
    let paid = app
        .ok(Some(&customer.token),
            "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id balanceAfter } wallet { balance version } } }",
            json!({ "input": { "amount": "300.00", "orderReference": "ORDER-1", "description": "Tickets", "idempotencyKey": "pay-1" } }))
        .await;
    assert_eq!(paid["payFromWallet"]["wallet"]["balance"], "700.00");
    let payment_id = paid["payFromWallet"]["transaction"]["id"].as_str().unwrap().to_owned();

    // 5. The cashier writes off.
    let written = app
        .ok(Some(&cashier.token),
            "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { wallet { balance version } } }",
            json!({ "input": { "walletNumber": customer.wallet, "amount": "50.50", "reason": "Correction", "idempotencyKey": "wo-1" } }))
        .await;
    assert_eq!(written["writeOffWallet"]["wallet"]["balance"], "649.50");

    // 6. The payment is refunded in part, then in full (the rest), and no further.
    let refund = "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) {
        transaction { kind amount refundOf { id } } wallet { balance } } }";
    let part = app
        .ok(Some(&cashier.token), refund,
            json!({ "input": { "paymentId": payment_id, "amount": "100.00", "reason": "One ticket back", "idempotencyKey": "rf-1" } }))
        .await;
    assert_eq!(part["refundPayment"]["wallet"]["balance"], "749.50");
    assert_eq!(part["refundPayment"]["transaction"]["refundOf"]["id"], payment_id.as_str());
    let rest = app
        .ok(
            Some(&admin.token),
            refund,
            json!({ "input": { "paymentId": payment_id, "reason": "Order cancelled", "idempotencyKey": "rf-2" } }),
        )
        .await;
    assert_eq!(rest["refundPayment"]["transaction"]["amount"], "200.00");
    assert_eq!(rest["refundPayment"]["wallet"]["balance"], "949.50");
    let again = app
        .gql(
            Some(&cashier.token),
            refund,
            json!({ "input": { "paymentId": payment_id, "amount": "0.01", "reason": "x", "idempotencyKey": "rf-3" } }),
        )
        .await;
    assert_eq!(code(&again), "BAD_USER_INPUT");

    // 7. The history pages match what happened, newest first, with stable cursors.
    let first = app.ok(Some(&customer.token), HISTORY, json!({ "first": 2 })).await;
    let wallet = &first["myWallet"];
    assert_eq!((wallet["balance"].as_str(), wallet["version"].as_i64()), (Some("949.50"), Some(5)));
    let page = &wallet["transactions"];
    let kinds: Vec<_> = page["edges"].as_array().unwrap().iter().map(|e| e["node"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["REFUND", "REFUND"]);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let after = page["pageInfo"]["endCursor"].as_str().unwrap();
    let second = app.ok(Some(&customer.token), HISTORY, json!({ "first": 10, "after": after })).await;
    let page = &second["myWallet"]["transactions"];
    let rest: Vec<_> = page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["kind"].as_str().unwrap(),
                e["node"]["walletVersion"].as_i64().unwrap(),
                e["node"]["balanceAfter"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rest, [("WRITE_OFF", 3, "649.50"), ("PAYMENT", 2, "700.00"), ("TOP_UP", 1, "1000.00")]);
    assert_eq!(page["pageInfo"]["hasNextPage"], false);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], true);

    let recent = app
        .ok(
            Some(&cashier.token),
            "{ recentTransactions(first: 100) { edges { node { kind wallet { number } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(recent["recentTransactions"]["edges"].as_array().unwrap().len(), 5);

    // 8. verify-ledger passes.
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn verify_ledger_names_a_wallet_whose_balance_was_tampered_with() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let system = app.payment_system(&admin).await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    app.top_up(&cashier, &customer.wallet, "10.00", &system).await;
    assert!(app.verify_ledger().await.is_empty());

    // Someone edits the balance behind Kassa's back.
    let mut conn = app.state().conn().await.unwrap();
    diesel_async::RunQueryDsl::execute(diesel::sql_query("UPDATE wallets SET balance = balance + 1"), &mut conn)
        .await
        .unwrap();

    let problems = app.verify_ledger().await;
    assert!(problems.iter().any(|p| p.subject == customer.wallet), "{problems:?}");
}
