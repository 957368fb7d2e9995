//! History: Wallet.transactions, recentTransactions and users, newest first, paged with
//! stable cursors, filtered by kind and time.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::helpers::{Actor, PASSWORD, TestApp, code};

const HISTORY: &str = "query($first: Int, $after: String, $filter: TransactionFilter) { myWallet {
    transactions(first: $first, after: $after, filter: $filter) {
        edges { cursor node { id kind amount walletVersion createdAt } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }";
const RECENT: &str = "query($since: DateTime, $first: Int, $after: String) {
    recentTransactions(since: $since, first: $first, after: $after) {
        edges { cursor node { id createdAt wallet { number } } } pageInfo { hasNextPage endCursor } } }";
const USERS: &str =
    "query($search: String, $first: Int, $after: String) { users(search: $search, first: $first, after: $after) {
    edges { cursor node { id email name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

struct Scene {
    app: TestApp,
    admin: Actor,
    cashier: Actor,
    system: String,
    customer: Actor,
}

async fn scene() -> Scene {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let system = app.payment_system(&admin).await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    Scene { app, admin, cashier, system, customer }
}

impl Scene {
    async fn top_up(&self, who: &Actor, amount: &str) -> Value {
        self.app.top_up(&self.cashier, &who.wallet, amount, &self.system).await["transaction"].clone()
    }

    async fn pay(&self, who: &Actor, amount: &str) -> Value {
        let key = format!("pay-{}", self.app.unique());
        let query =
            "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id createdAt } } }";
        let input = json!({ "input": { "amount": amount, "orderReference": "ORDER", "idempotencyKey": key } });
        self.app.ok(Some(&who.token), query, input).await["payFromWallet"]["transaction"].clone()
    }

    async fn write_off(&self, who: &Actor, amount: &str) -> Value {
        let key = format!("wo-{}", self.app.unique());
        let query =
            "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { transaction { id createdAt } } }";
        let input = json!({ "input": { "walletNumber": who.wallet, "amount": amount, "reason": "Correction", "idempotencyKey": key } });
        self.app.ok(Some(&self.cashier.token), query, input).await["writeOffWallet"]["transaction"].clone()
    }

    async fn refund(&self, payment: &Value, amount: &str) -> Value {
        let key = format!("rf-{}", self.app.unique());
        let query =
            "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { transaction { id createdAt } } }";
        let input = json!({ "input": { "paymentId": payment["id"], "amount": amount, "reason": "Returned", "idempotencyKey": key } });
        self.app.ok(Some(&self.cashier.token), query, input).await["refundPayment"]["transaction"].clone()
    }

    /// One page of the customer's history.
    async fn history(&self, variables: Value) -> Value {
        self.app.ok(Some(&self.customer.token), HISTORY, variables).await["myWallet"]["transactions"].clone()
    }

    /// The wallet versions the customer's history lists under `filter`, newest first.
    async fn versions(&self, filter: Value) -> Vec<i64> {
        let page = self.history(json!({ "first": 100, "filter": filter })).await;
        edges(&page).iter().map(|edge| edge["node"]["walletVersion"].as_i64().unwrap()).collect()
    }
}

fn edges(connection: &Value) -> &Vec<Value> {
    connection["edges"].as_array().unwrap_or_else(|| panic!("no edges in {connection:#}"))
}

fn ids(connection: &Value) -> Vec<String> {
    edges(connection).iter().map(|edge| edge["node"]["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn pages_walk_the_whole_history_exactly_once_while_new_transactions_arrive() {
    let s = scene().await;
    s.top_up(&s.customer, "1000.00").await;
    for i in 0..12 {
        s.pay(&s.customer, &format!("{}.00", i + 1)).await;
        s.top_up(&s.customer, "0.50").await;
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut seen_ids: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    let mut added = 0;
    loop {
        let page = s.history(json!({ "first": 7, "after": after })).await;
        let edges = edges(&page);
        let info = &page["pageInfo"];
        assert!(!edges.is_empty() && edges.len() <= 7, "{page:#}");
        assert_eq!(info["hasPreviousPage"], after.is_some(), "{info}");
        assert_eq!(info["startCursor"], edges[0]["cursor"]);
        assert_eq!(info["endCursor"], edges[edges.len() - 1]["cursor"]);
        seen.extend(edges.iter().map(|edge| edge["node"]["walletVersion"].as_i64().unwrap()));
        seen_ids.extend(ids(&page));
        if info["hasNextPage"] == false {
            break;
        }
        after = Some(info["endCursor"].as_str().unwrap().to_owned());
        // New transactions land on top and must not shift the pages still to come.
        s.pay(&s.customer, "0.10").await;
        s.top_up(&s.customer, "0.20").await;
        added += 2;
    }
    assert_eq!(seen, (1..=25).rev().collect::<Vec<_>>(), "newest first, each once, nothing missing");
    let mut unique = seen_ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25, "no transaction id twice");
    assert_eq!(added, 6, "pages of 7 over 25 transactions: 4 pages");

    let everything = s.history(json!({ "first": 100 })).await;
    let versions: Vec<i64> = edges(&everything).iter().map(|e| e["node"]["walletVersion"].as_i64().unwrap()).collect();
    assert_eq!(versions, (1..=25 + added).rev().collect::<Vec<_>>());
    assert_eq!(ids(&everything)[added as usize..], seen_ids[..], "the old transactions keep their ids and order");
}

#[tokio::test]
async fn page_sizes_and_cursors_are_checked() {
    let s = scene().await;
    s.top_up(&s.customer, "5.00").await;
    s.pay(&s.customer, "1.00").await;
    let (admin, customer) = (Some(s.admin.token.as_str()), Some(s.customer.token.as_str()));
    // Two transactions; three users (admin, cashier, customer).
    let lists = [(customer, HISTORY, 2), (admin, RECENT, 2), (admin, USERS, 3)];
    for (token, query, count) in lists {
        for variables in [
            json!({ "first": 101 }),
            json!({ "first": -1 }),
            json!({ "after": "garbage!!" }),
            json!({ "after": "bm9wZQ" }),
            json!({ "after": "" }),
        ] {
            let body = s.app.gql(token, query, variables.clone()).await;
            assert_eq!(code(&body), "BAD_USER_INPUT", "{variables} on {query}");
        }
        let empty = s.app.ok(token, query, json!({ "first": 0 })).await;
        let connection = empty.as_object().unwrap().values().next().unwrap();
        let connection = connection.get("transactions").unwrap_or(connection);
        assert_eq!(edges(connection).len(), 0, "first: 0 on {query}");
        let full = s.app.ok(token, query, json!({ "first": 100 })).await;
        let connection = full.as_object().unwrap().values().next().unwrap();
        let connection = connection.get("transactions").unwrap_or(connection);
        assert_eq!(edges(connection).len(), count, "first: 100 is allowed: {query}");
    }
}

#[tokio::test]
async fn history_filters_by_kind_and_by_time_window() {
    let s = scene().await;
    let mut at = Vec::new(); // createdAt of versions 1..=6
    let gap = || tokio::time::sleep(Duration::from_millis(15));
    at.push(s.top_up(&s.customer, "100.00").await["createdAt"].clone());
    gap().await;
    let payment = s.pay(&s.customer, "30.00").await;
    at.push(payment["createdAt"].clone());
    gap().await;
    at.push(s.write_off(&s.customer, "5.00").await["createdAt"].clone());
    gap().await;
    at.push(s.refund(&payment, "10.00").await["createdAt"].clone());
    gap().await;
    at.push(s.pay(&s.customer, "20.00").await["createdAt"].clone());
    gap().await;
    at.push(s.top_up(&s.customer, "1.00").await["createdAt"].clone());

    assert_eq!(s.versions(json!({ "kinds": ["PAYMENT", "REFUND"] })).await, [5, 4, 2]);
    assert_eq!(s.versions(json!({ "kinds": ["TOP_UP"] })).await, [6, 1]);
    assert_eq!(s.versions(json!({ "kinds": ["WRITE_OFF"] })).await, [3]);
    assert_eq!(s.versions(json!({ "since": at[2] })).await, [6, 5, 4, 3], "since is inclusive");
    assert_eq!(s.versions(json!({ "until": at[2] })).await, [2, 1], "until is exclusive");
    assert_eq!(s.versions(json!({ "since": at[1], "until": at[4] })).await, [4, 3, 2]);
    assert_eq!(s.versions(json!({ "kinds": ["PAYMENT"], "since": at[1], "until": at[5] })).await, [5, 2]);
    let future = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    assert_eq!(s.versions(json!({ "since": future })).await, Vec::<i64>::new());

    // A filter and the cursor work together.
    let filter = json!({ "kinds": ["PAYMENT", "REFUND"] });
    let first = s.history(json!({ "first": 2, "filter": filter })).await;
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let rest = s.history(json!({ "first": 2, "filter": filter, "after": first["pageInfo"]["endCursor"] })).await;
    let kinds: Vec<_> =
        edges(&rest).iter().map(|e| (e["node"]["kind"].clone(), e["node"]["walletVersion"].clone())).collect();
    assert_eq!(kinds, [(json!("PAYMENT"), json!(2))]);
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);
}

#[tokio::test]
async fn recent_transactions_cover_all_wallets_since_a_moment_newest_first() {
    let s = scene().await;
    let other = s.app.customer().await;
    let mut made = Vec::new();
    for who in [&s.customer, &other, &s.customer, &other] {
        made.push(s.top_up(who, "10.00").await["id"].as_str().unwrap().to_owned());
        made.push(s.pay(who, "1.00").await["id"].as_str().unwrap().to_owned());
    }
    made.reverse();
    let recent = |since: Option<String>, first: i64, after: Option<String>| {
        let app = &s.app;
        let token = s.cashier.token.clone();
        async move {
            let data = app.ok(Some(&token), RECENT, json!({ "since": since, "first": first, "after": after })).await;
            data["recentTransactions"].clone()
        }
    };
    assert_eq!(ids(&recent(None, 100, None).await), made, "the default window holds everything made just now");
    let hour_ago = (Utc::now() - chrono::Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    assert_eq!(ids(&recent(Some(hour_ago.clone()), 100, None).await), made);
    let in_an_hour = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let none = recent(Some(in_an_hour), 100, None).await;
    assert_eq!((edges(&none).len(), &none["pageInfo"]["hasNextPage"]), (0, &json!(false)));

    // Walking in pages of 3 while more arrive lists the original eight exactly once.
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = recent(Some(hour_ago.clone()), 3, after).await;
        walked.extend(ids(&page));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
        s.top_up(&other, "2.00").await;
    }
    assert_eq!(walked, made);

    let forbidden = s.app.gql(Some(&s.customer.token), RECENT, json!({})).await;
    assert_eq!(code(&forbidden), "FORBIDDEN");
}

#[tokio::test]
async fn users_search_matches_part_of_email_or_name_in_any_case_and_pages() {
    let s = scene().await;
    let create = "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }";
    for (email, name) in [
        ("zoe@shop.example", "Zoe Marsh"),
        ("bob@marsh.example", "Bob Marshall"),
        ("carol@shop.example", "Carol King"),
        ("dan@other.example", "Dan Smith"),
    ] {
        let input = json!({ "input": { "email": email, "password": PASSWORD, "name": name } });
        s.app.ok(Some(&s.admin.token), create, input).await;
    }
    let search = |text: &str, first: i64, after: Option<String>| {
        let variables = json!({ "search": text, "first": first, "after": after });
        let (app, token) = (&s.app, s.admin.token.clone());
        async move { app.ok(Some(&token), USERS, variables).await["users"].clone() }
    };
    let emails = |connection: &Value| -> Vec<String> {
        let mut emails: Vec<String> =
            edges(connection).iter().map(|e| e["node"]["email"].as_str().unwrap().to_owned()).collect();
        emails.sort();
        emails
    };
    assert_eq!(emails(&search("MARSH", 100, None).await), ["bob@marsh.example", "zoe@shop.example"]);
    assert_eq!(emails(&search("Shop.EX", 100, None).await), ["carol@shop.example", "zoe@shop.example"]);
    assert_eq!(emails(&search("oL", 100, None).await), ["carol@shop.example"]);
    assert_eq!(emails(&search("%", 100, None).await), Vec::<String>::new(), "% is a literal, not a wildcard");
    assert_eq!(emails(&search("_", 100, None).await), Vec::<String>::new(), "_ is a literal, not a wildcard");

    // Seven users carry "example" (admin, cashier, customer and the four above): pages of 3.
    let mut walked = Vec::new();
    let mut after = None;
    let mut pages = 0;
    loop {
        let page = search("EXAMPLE", 3, after).await;
        pages += 1;
        walked.extend(edges(&page).iter().map(|e| e["node"]["id"].as_str().unwrap().to_owned()));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    let mut unique = walked.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((walked.len(), unique.len(), pages), (7, 7, 3), "{walked:?}");

    let forbidden = s.app.gql(Some(&s.cashier.token), USERS, json!({ "search": "a" })).await;
    assert_eq!(code(&forbidden), "FORBIDDEN");
}

/// A page of transactions whose wallets each show their own history: the histories are
/// fetched together (one query per distinct page asked for), and each is exactly what
/// that wallet's own history says.
#[tokio::test]
async fn nested_histories_of_many_wallets_are_each_their_own_wallets_history() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let mut customers = Vec::new();
    for n in 0..3 {
        let customer = app.customer().await;
        for amount in 0..=n {
            app.top_up(&cashier, &customer.wallet, &format!("{}.00", amount + 1), &system).await;
        }
        customers.push(customer);
    }
    let nested = "{ recentTransactions(first: 20) { edges { node { wallet { number
        transactions(first: 2, filter: { kinds: [TOP_UP] }) { edges { node { id amount } } pageInfo { hasNextPage } } } } } } }";
    let data = app.ok(Some(&cashier.token), nested, json!({})).await;
    let edges = data["recentTransactions"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 6);
    for customer in &customers {
        let own = app
            .ok(
                Some(&customer.token),
                "{ myWallet { transactions(first: 2, filter: { kinds: [TOP_UP] }) { edges { node { id amount } } pageInfo { hasNextPage } } } }",
                json!({}),
            )
            .await;
        let expected = &own["myWallet"]["transactions"];
        let shown: Vec<&Value> = edges
            .iter()
            .map(|edge| &edge["node"]["wallet"])
            .filter(|wallet| wallet["number"] == customer.wallet.as_str())
            .map(|wallet| &wallet["transactions"])
            .collect();
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|history| *history == expected), "{shown:?} vs {expected}");
    }
}
