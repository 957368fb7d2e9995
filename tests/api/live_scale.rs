//! Live balances at scale, and through a client nobody here wrote.

use std::process::Stdio;
use std::time::Duration;

use diesel::sql_types::{Array, BigInt, Text};
use diesel_async::RunQueryDsl;
use futures::{StreamExt, stream};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::helpers::TestApp;
use crate::live::{MY_BALANCE, Scene, event};
use crate::ws_client::{Protocol, WsClient};

/// `n` customers with wallets and open sessions, inserted in one statement (signing up a
/// thousand users would spend most of the test in argon2). Returns (token, wallet number).
async fn bulk_customers(app: &TestApp, n: usize) -> Vec<(String, String)> {
    let mut rng = rand::rng();
    let emails: Vec<String> = (0..n).map(|i| format!("bulk{i}-{}@example.com", app.unique())).collect();
    let numbers: Vec<String> =
        (0..n).map(|_| kassa::domain::WalletNumber::generate(&mut rng).as_str().to_owned()).collect();
    let tokens: Vec<String> = (0..n).map(|_| format!("kassa_bulk{:032x}", rand::random::<u128>())).collect();
    let hashes: Vec<String> = tokens.iter().map(|t| hex::encode(kassa::services::sessions::hash_token(t))).collect();
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let mut conn = app.state().conn().await.unwrap();
    let inserted: Count = diesel::sql_query(
        "WITH u AS (INSERT INTO users (email, name, password_hash)
                    SELECT e, 'Bulk', '!' FROM unnest($1::text[]) e RETURNING id, email),
              w AS (INSERT INTO wallets (number, owner_id, currency)
                    SELECT n.number, u.id, 'RUB' FROM u JOIN unnest($1::text[], $2::text[]) AS n(email, number)
                    ON n.email = u.email RETURNING owner_id),
              s AS (INSERT INTO sessions (token_hash, user_id, expires_at)
                    SELECT decode(t.hash, 'hex'), u.id, now() + interval '1 day'
                    FROM u JOIN unnest($1::text[], $3::text[]) AS t(email, hash) ON t.email = u.email)
         SELECT count(*) AS count FROM w",
    )
    .bind::<Array<Text>, _>(&emails)
    .bind::<Array<Text>, _>(&numbers)
    .bind::<Array<Text>, _>(&hashes)
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(inserted.count as usize, n);
    tokens.into_iter().zip(numbers).collect()
}

#[tokio::test]
async fn a_thousand_concurrent_subscribers_each_receive_their_own_wallets_event() {
    const N: usize = 1000;
    // A thousand sockets from 127.0.0.1: the per-address cap is for the internet, not this.
    let env = vec![("KASSA_WS_MAX_PER_ADDRESS", "0".to_owned())];
    let scene = Scene::new(crate::helpers::Options { redis: true, env, ..Default::default() }).await;
    let app = &scene.app;
    let customers = bulk_customers(app, N).await;
    let url = app.ws_url();

    let mut clients: Vec<(WsClient, String)> = stream::iter(customers.iter().cloned())
        .map(|(token, number)| {
            let url = url.clone();
            async move {
                let mut client = WsClient::connect(&url, &token, Protocol::TransportWs).await;
                client.subscribe("b", MY_BALANCE, json!({})).await;
                let first = event(&client.next_payload("b", Duration::from_secs(30)).await.unwrap(), "myBalance");
                assert_eq!(first["walletNumber"], number.as_str());
                (client, number)
            }
        })
        .buffer_unordered(64)
        .collect()
        .await;
    assert_eq!(clients.len(), N);

    let amounts: Vec<String> = (0..N).map(|i| format!("{}.{:02}", 1 + i / 100, i % 100)).collect();
    let (cashier, system) = (&scene.cashier, &scene.system);
    stream::iter(customers.iter().zip(&amounts))
        .for_each_concurrent(16, |((_, number), amount)| async move {
            app.top_up(cashier, number, amount, system).await;
        })
        .await;

    let expected: std::collections::HashMap<&str, &str> =
        customers.iter().map(|(_, n)| n.as_str()).zip(amounts.iter().map(String::as_str)).collect();
    let received: Vec<Value> = stream::iter(clients.iter_mut())
        .map(|(client, _)| async move {
            event(&client.next_payload("b", Duration::from_secs(30)).await.unwrap(), "myBalance")
        })
        .buffer_unordered(256)
        .collect()
        .await;
    for event in &received {
        let wallet = event["walletNumber"].as_str().unwrap();
        assert_eq!(event["version"], 1, "{wallet}");
        assert_eq!(event["balance"], expected[wallet], "each subscriber gets its own wallet's event");
    }
    let distinct: std::collections::HashSet<&str> =
        received.iter().map(|e| e["walletNumber"].as_str().unwrap()).collect();
    assert_eq!(distinct.len(), N, "every wallet's event reached its subscriber");
}

#[tokio::test]
async fn the_npm_graphql_ws_client_receives_the_current_state_and_a_live_event() {
    let scene = Scene::new(Default::default()).await;
    let root = env!("CARGO_MANIFEST_DIR");
    assert!(
        std::path::Path::new(&format!("{root}/client-examples/node_modules/graphql-ws")).exists(),
        "client-examples/node_modules is missing: run `npm ci` in client-examples (scripts/test.sh does)"
    );
    let mut child = tokio::process::Command::new("node")
        .args(["client-examples/cli/watch-balance.mjs", "--url", &scene.app.url, "--count", "2", "--json"])
        .current_dir(root)
        .env("KASSA_TOKEN", &scene.customer.token)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("node is installed");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let read = async |lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>| -> Value {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await;
        serde_json::from_str(&line.expect("node printed in time").unwrap().expect("a line")).unwrap()
    };
    let first = read(&mut lines).await;
    assert_eq!((first["version"].as_i64(), first["balance"].as_str()), (Some(0), Some("0.00")));

    scene.app.top_up(&scene.cashier, &scene.customer.wallet, "42.00", &scene.system).await;
    let live = read(&mut lines).await;
    assert_eq!((live["version"].as_i64(), live["balance"].as_str()), (Some(1), Some("42.00")));
    assert_eq!(live["transaction"]["kind"], "TOP_UP");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "the example exits cleanly after --count events");
}
