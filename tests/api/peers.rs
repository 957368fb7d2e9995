//! The benchmark's peers (bench/peers, docs/benchmarks.md "Peers") set up as scripts/bench.sh
//! --peers sets them up: on a migrated database with the top-up function installed, each peer
//! tops up through its own GraphQL, reads the balance back, delivers the live frame over
//! graphql-ws, and the function really ran Kassa's statement (journal, ledger, outbox).

use std::path::Path;
use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::{Value, json};

use crate::helpers::{REDIS_URL, TestApp};
use crate::ws_client::{Protocol, WsClient};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const MY_BALANCE: &str = "subscription{myBalance{version balance transaction{id createdAt}}}";

/// What differs between the peers: the script, where graphql-ws is, and the documents.
struct Peer {
    script: &'static str,
    ws_path: &'static str,
    top_up: &'static str,
    top_up_input: fn(&str, &str) -> Value,
    /// Path to the new transaction in the top-up's data: (its id, the wallet's version).
    moved: fn(&Value) -> (Value, Value),
    read: &'static str,
    /// The wallet and its first history node in the read's data.
    wallet: fn(&Value) -> (Value, Value),
}

const APOLLO: Peer = Peer {
    script: "apollo.mjs",
    ws_path: "/graphql/ws",
    top_up: "mutation($i:TopUpWalletInput!){topUpWallet(input:$i){transaction{id walletVersion createdAt} wallet{balance version}}}",
    top_up_input: |number, key| {
        json!({"walletNumber": number, "amount": "12.34", "paymentSystemId": "ignored", "receipt": "smoke",
            "idempotencyKey": key})
    },
    moved: |data| (data["topUpWallet"]["transaction"]["id"].clone(), data["topUpWallet"]["wallet"]["version"].clone()),
    read: "{myWallet{balance version transactions(first:20){edges{node{id kind amount balanceAfter createdAt}} pageInfo{hasNextPage endCursor}}}}",
    wallet: |data| (data["myWallet"].clone(), data["myWallet"]["transactions"]["edges"][0]["node"].clone()),
};

const POSTGRAPHILE: Peer = Peer {
    script: "postgraphile.mjs",
    ws_path: "/graphql",
    top_up: "mutation($i:KassaBenchTopUpNotifyInput!){kassaBenchTopUpNotify(input:$i){result{rowId walletVersion balanceAfter createdAt}}}",
    top_up_input: |number, key| json!({"walletNo": number, "topUp": "12.34", "receipt": "smoke", "idemKey": key}),
    moved: |data| {
        let result = &data["kassaBenchTopUpNotify"]["result"];
        (result["rowId"].clone(), result["walletVersion"].clone())
    },
    read: "{myWallet{balance version transactionsByWalletId(first:20,orderBy:ROW_ID_DESC){edges{node{rowId kind amount balanceAfter createdAt}} pageInfo{hasNextPage endCursor}}}}",
    wallet: |data| (data["myWallet"].clone(), data["myWallet"]["transactionsByWalletId"]["edges"][0]["node"].clone()),
};

#[tokio::test]
async fn apollo_tops_up_with_kassas_statement_reads_back_and_sends_the_live_frame() {
    smoke(&APOLLO).await;
}

#[tokio::test]
async fn postgraphile_tops_up_with_kassas_statement_reads_back_and_sends_the_live_frame() {
    smoke(&POSTGRAPHILE).await;
}

/// A number (or a BigInt written as a string, PostGraphile's way) as i64.
fn int(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str()?.parse().ok())
}

#[derive(diesel::QueryableByName)]
struct Number {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

async fn number(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    diesel::sql_query(format!("SELECT ({sql})::bigint AS n")).get_result::<Number>(conn).await.expect(sql).n
}

async fn smoke(peer: &Peer) {
    let node = format!("{ROOT}/bench/peers/node_modules/.bin/node");
    assert!(
        Path::new(&node).exists(),
        "bench/peers/node_modules is missing: run `npm ci` in bench/peers (scripts/test.sh does)"
    );
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    app.payment_system(&admin).await;
    let customer = app.customer().await;

    // What bench.sh --peers does to the benchmark database.
    let mut conn = AsyncPgConnection::establish(&app.database_url).await.unwrap();
    let staff = number(&mut conn, &format!("SELECT id FROM users WHERE email = '{}'", cashier.email)).await;
    let ps = number(&mut conn, "SELECT max(id) FROM payment_system_bindings").await;
    let wallet_id = number(&mut conn, &format!("SELECT id FROM wallets WHERE number = '{}'", customer.wallet)).await;
    let function = std::fs::read_to_string(format!("{ROOT}/bench/peers/sql/top_up.sql")).unwrap();
    conn.batch_execute(&function).await.expect("installing the top-up function");
    conn.batch_execute(&format!(
        "ALTER DATABASE \"{db}\" SET kassa_bench.staff_id = '{staff}';
         ALTER DATABASE \"{db}\" SET kassa_bench.payment_system_id = '{ps}';",
        db = app.database
    ))
    .await
    .unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let _peer = tokio::process::Command::new(&node)
        .arg(peer.script)
        .current_dir(format!("{ROOT}/bench/peers"))
        .env("DATABASE_URL", &app.database_url)
        .env("REDIS_URL", REDIS_URL)
        .env("PEER_REDIS_PREFIX", &app.redis_prefix)
        .env("PEER_LISTEN", &addr)
        .env("NODE_ENV", "production")
        .kill_on_drop(true)
        .spawn()
        .expect("starting the peer");
    let url = format!("http://{addr}/graphql");
    let post = |token: Option<String>, query: &'static str, variables: Value| {
        let mut request = app.http.post(&url).json(&json!({"query": query, "variables": variables}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move {
            let response = request.send().await?;
            anyhow::ensure!(response.status() == 200, "HTTP {}", response.status());
            Ok::<Value, anyhow::Error>(response.json().await?)
        }
    };
    // Ready once it answers GraphQL (PostGraphile introspects the database first).
    let mut started = false;
    for _ in 0..300 {
        if post(None, "{__typename}", json!({})).await.is_ok_and(|body| body["data"]["__typename"] == "Query") {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(started, "{} never answered {{__typename}} at {url}", peer.script);

    // The bench's token for customer i names wallet i + 1, with no lookup.
    let token = format!("kassa_bench_customer_{}", wallet_id - 1);
    let mut ws = WsClient::connect(&format!("ws://{addr}{}", peer.ws_path), &token, Protocol::TransportWs).await;
    ws.subscribe("1", MY_BALANCE, json!({})).await;
    let initial = ws.next_payload("1", Duration::from_secs(10)).await.expect("the current state first");
    assert_eq!(initial["data"]["myBalance"]["version"], 0, "{initial}");
    assert_eq!(initial["data"]["myBalance"]["balance"], "0.00", "{initial}");

    let key = format!("smoke-{}", app.unique());
    let moved = post(
        Some("kassa_bench_cashier".into()),
        peer.top_up,
        json!({"i": (peer.top_up_input)(&customer.wallet, &key)}),
    )
    .await
    .unwrap();
    assert!(moved.get("errors").is_none(), "{moved}");
    let (transaction_id, version) = (peer.moved)(&moved["data"]);
    assert_eq!(int(&version), Some(1), "{moved}");

    let frame = ws.next_payload("1", Duration::from_secs(10)).await.expect("the live frame");
    let event = &frame["data"]["myBalance"];
    assert_eq!((event["version"].as_i64(), event["balance"].as_str()), (Some(1), Some("12.34")), "{frame}");
    assert_eq!(event["transaction"]["id"], transaction_id, "{frame}");
    assert!(event["transaction"]["createdAt"].as_str().is_some_and(|at| at.ends_with('Z')), "{frame}");

    let read = post(Some(token), peer.read, json!({})).await.unwrap();
    assert!(read.get("errors").is_none(), "{read}");
    let (wallet, latest) = (peer.wallet)(&read["data"]);
    assert_eq!((wallet["balance"].as_str(), int(&wallet["version"])), (Some("12.34"), Some(1)), "{read}");
    assert_eq!((latest["kind"].as_str(), latest["amount"].as_str()), (Some("TOP_UP"), Some("12.34")), "{read}");

    // Kassa's own statement ran: its journal row, both ledger entries, the outbox row (already
    // published, so Kassa's relay leaves it), and Kassa sees the balance and a clean ledger.
    let id = int(&transaction_id).expect("a numeric transaction id");
    let journaled = format!(
        "SELECT count(*) FROM transactions WHERE id = {id} AND wallet_id = {wallet_id} AND kind = 'TOP_UP' \
         AND amount = 12.34 AND performed_by = {staff} AND payment_system_id = {ps} AND idempotency_key = '{key}'"
    );
    assert_eq!(number(&mut conn, &journaled).await, 1, "the journal row");
    let entries = format!(
        "SELECT count(*) FROM ledger_entries WHERE transaction_id = {id} GROUP BY transaction_id HAVING sum(amount) = 0"
    );
    assert_eq!(number(&mut conn, &entries).await, 2, "two ledger entries that sum to zero");
    let outbox = format!("SELECT count(*) FROM outbox WHERE transaction_id = {id} AND published_at IS NOT NULL");
    assert_eq!(number(&mut conn, &outbox).await, 1, "the outbox row, published");
    assert_eq!(app.balance(&customer).await, ("12.34".to_owned(), 1));
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances");
}
