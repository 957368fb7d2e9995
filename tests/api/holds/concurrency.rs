//! Holds and payments racing on one wallet never overdraw `available`.

use std::sync::Arc;

use serde_json::json;

use super::{try_hold, wallet};
use crate::helpers::code;
use crate::live::Scene;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_holds_and_payments_never_overdraw_available() {
    let scene = Arc::new(Scene::new(Default::default()).await);
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "100.00", &scene.system).await;
    let pay = "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { wallet { balance } } }";
    // 20 operations of 7.00 against 100.00: exactly 14 fit, whichever order they commit in.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let scene = scene.clone();
            tokio::spawn(async move {
                let (app, customer) = (&scene.app, &scene.customer);
                let key = format!("race-{i}");
                let body = if i % 2 == 0 {
                    try_hold(app, &customer.token, &customer.wallet, "7.00", "RACE", &key).await
                } else {
                    let input = json!({ "amount": "7.00", "orderReference": "RACE", "idempotencyKey": key });
                    app.gql(Some(&customer.token), pay, json!({ "input": input })).await
                };
                match body.get("errors") {
                    None => Ok(i % 2 == 0),
                    Some(_) => Err(code(&body).to_owned()),
                }
            })
        })
        .collect();
    let (mut holds, mut payments, mut refused) = (0, 0, Vec::new());
    for task in tasks {
        match task.await.unwrap() {
            Ok(true) => holds += 1,
            Ok(false) => payments += 1,
            Err(code) => refused.push(code),
        }
    }
    assert_eq!(holds + payments, 14, "everything that fits, and nothing more");
    assert!(refused.iter().all(|c| c == "INSUFFICIENT_FUNDS"), "{refused:?}");
    let (balance, available, held, version) = wallet(app, customer).await;
    assert_eq!(balance, format!("{}.00", 100 - 7 * payments));
    assert_eq!(held, format!("{}.00", 7 * holds));
    assert_eq!(available, "2.00", "never negative: what is left is less than one more operation");
    assert_eq!(version, 1 + 14, "one version per committed operation");
    assert_eq!(app.verify_ledger().await, vec![]);
}
