//! kassa killed with SIGKILL under load, then restarted: every acknowledged top-up is there,
//! every retry with its original key applies once, and the ledger balances.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;

use super::{KassaProcess, create_admin, gql, outcome, top_up_input};
use crate::helpers::{PASSWORD, TOP_UP, TestApp};

#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_operation_and_retries_apply_once() {
    let database = TestApp::spawn().await; // a fresh database on the shared server
    let url = database.database_url.clone();
    create_admin(&url, "admin@example.com").await;
    let first = KassaProcess::start(&url, &[]).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();

    let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
    let input = json!({ "input": { "email": "admin@example.com", "password": PASSWORD } });
    let admin = gql(&http, &first.url, None, sign_in, input).await.unwrap()["data"]["signIn"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let system = gql(
        &http,
        &first.url,
        Some(&admin),
        "mutation { createPaymentSystemBinding(input: { provider: QIWI, name: \"Q\", merchantId: \"m\", secret: \"s\", enabled: true }) { id } }",
        json!({}),
    )
    .await
    .unwrap()["data"]["createPaymentSystemBinding"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sign_up = "mutation { signUp(input: { email: \"c@example.com\", password: \"correct horse battery\", name: \"C\" }) { token user { wallet { number } } } }";
    let customer = gql(&http, &first.url, None, sign_up, json!({})).await.unwrap();
    let wallet = customer["data"]["signUp"]["user"]["wallet"]["number"].as_str().unwrap().to_owned();
    let customer_token = customer["data"]["signUp"]["token"].as_str().unwrap().to_owned();

    // Four clients top up until the server dies under them; key -> acknowledged transaction.
    let worker = |n: usize| {
        let (http, url, admin, wallet, system) = (&http, &first.url, &admin, &wallet, &system);
        async move {
            let mut seen = BTreeMap::<String, Option<String>>::new();
            for i in 0.. {
                let key = format!("kill-{n}-{i}");
                let answer = gql(http, url, Some(admin), TOP_UP, top_up_input(wallet, system, &key)).await;
                let acked = answer.as_ref().filter(|body| outcome(body) == "OK");
                seen.insert(key, acked.map(|body| body["data"]["topUpWallet"]["transaction"]["id"].to_string()));
                if answer.is_none() {
                    return seen; // the server is gone
                }
            }
            seen
        }
    };
    let kill = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        first.signal("KILL");
    };
    let (_, a, b, c, d) = tokio::join!(kill, worker(0), worker(1), worker(2), worker(3));
    let seen: BTreeMap<_, _> = [a, b, c, d].into_iter().flatten().collect();
    let acknowledged = seen.values().filter(|id| id.is_some()).count();
    assert!(acknowledged > 0, "some top-ups were acknowledged before the kill");

    let second = KassaProcess::start(&url, &[]).await;
    for (key, acked) in &seen {
        let body = gql(&http, &second.url, Some(&admin), TOP_UP, top_up_input(&wallet, &system, key)).await.unwrap();
        assert_eq!(outcome(&body), "OK", "retrying {key}: {body:#}");
        if let Some(id) = acked {
            let replayed = body["data"]["topUpWallet"]["transaction"]["id"].to_string();
            assert_eq!(&replayed, id, "the retry of acknowledged {key} returns the stored transaction");
        }
    }
    let balance =
        gql(&http, &second.url, Some(&customer_token), "{ myWallet { balance version } }", json!({})).await.unwrap();
    assert_eq!(balance["data"]["myWallet"]["balance"], format!("{}.00", seen.len()), "each key applied once");
    assert_eq!(balance["data"]["myWallet"]["version"], seen.len());
    let (_, problems) = kassa::services::ledger::verify(&url).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    println!("sigkill: {} operations sent, {acknowledged} acknowledged before the kill", seen.len());
}
