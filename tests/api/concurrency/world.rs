//! The scene of the concurrency tests: clients, wallets, random operations and what they did.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use rand::rngs::StdRng;
use serde_json::{Value, json};

use crate::helpers::{Actor, TestApp, code};

const RESULT: &str =
    "transaction { id kind amount balanceAfter walletVersion refundOf { id } } wallet { number balance version }";

/// One of the independent clients: its own HTTP connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    url: String,
}

impl Client {
    pub fn new(app: &TestApp) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        Self { http, url: format!("{}/graphql", app.url) }
    }

    pub async fn mutate(&self, token: &str, field: &str, input_type: &str, input: Value) -> Value {
        let query = format!("mutation($input: {input_type}!) {{ {field}(input: $input) {{ {RESULT} }} }}");
        let response = self
            .http
            .post(&self.url)
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": { "input": input } }));
        let response = response.send().await.expect("POST /graphql");
        assert_eq!(response.status(), 200);
        response.json().await.expect("a JSON body")
    }
}

pub fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

pub fn cents(value: &Value) -> i64 {
    let text = value.as_str().unwrap_or_else(|| panic!("not Money: {value}"));
    let (units, fraction) = text.split_once('.').unwrap_or_else(|| panic!("no fraction digits: {text}"));
    assert_eq!(fraction.len(), 2, "{text}");
    units.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

/// A committed move, as the server reported it.
#[derive(Clone, Debug)]
pub struct Moved {
    pub id: String,
    pub wallet: String,
    pub signed: i64,
    pub version: i64,
    pub balance_after: i64,
    pub refund_of: Option<String>,
}

impl Moved {
    /// Reads a WalletOperationResult, checking that it agrees with itself.
    pub fn read(result: &Value, expected_cents: Option<i64>) -> Self {
        let (tx, wallet) = (&result["transaction"], &result["wallet"]);
        let amount = cents(&tx["amount"]);
        if let Some(expected) = expected_cents {
            assert_eq!(amount, expected, "{result:#}");
        }
        let signed = match tx["kind"].as_str().unwrap() {
            "TOP_UP" | "REFUND" => amount,
            _ => -amount,
        };
        let moved = Self {
            id: tx["id"].as_str().unwrap().to_owned(),
            wallet: wallet["number"].as_str().unwrap().to_owned(),
            signed,
            version: tx["walletVersion"].as_i64().unwrap(),
            balance_after: cents(&tx["balanceAfter"]),
            refund_of: tx["refundOf"]["id"].as_str().map(str::to_owned),
        };
        assert_eq!(
            (moved.version, moved.balance_after),
            (wallet["version"].as_i64().unwrap(), cents(&wallet["balance"]))
        );
        moved
    }
}

pub struct World {
    pub app: TestApp,
    pub admin: Actor,
    pub system: String,
    pub cashiers: Vec<Actor>,
    pub customers: Vec<Actor>,
    /// Successful payments, for refunds: (id, amount in cents).
    pub payments: Mutex<Vec<(String, i64)>>,
}

pub async fn world(cashiers: usize, customers: usize) -> Arc<World> {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let system = app.payment_system(&admin).await;
    let mut world = World { system, cashiers: vec![], customers: vec![], payments: Mutex::new(vec![]), admin, app };
    for _ in 0..cashiers {
        world.cashiers.push(world.app.cashier(&world.admin).await);
    }
    for _ in 0..customers {
        world.customers.push(world.app.customer().await);
    }
    Arc::new(world)
}

/// What one random operation did: moved money, or failed with a code it was allowed to fail with.
pub enum Outcome {
    Moved(Moved),
    Refused(&'static str, String),
}

pub async fn random_operation(world: &World, client: &Client, rng: &mut StdRng, key: String) -> Outcome {
    let cashier = &world.cashiers[rng.random_range(0..world.cashiers.len())];
    let customer = &world.customers[rng.random_range(0..world.customers.len())];
    let amount = rng.random_range(1..=6_000);
    let choice = rng.random_range(0..100);
    let (kind, body, expected) = if choice < 32 {
        let input = json!({ "walletNumber": customer.wallet, "amount": money(amount), "paymentSystemId": world.system,
                            "receipt": "R", "idempotencyKey": key });
        ("TOP_UP", client.mutate(&cashier.token, "topUpWallet", "TopUpWalletInput", input).await, Some(amount))
    } else if choice < 47 {
        let input =
            json!({ "walletNumber": customer.wallet, "amount": money(amount), "reason": "R", "idempotencyKey": key });
        ("WRITE_OFF", client.mutate(&cashier.token, "writeOffWallet", "WriteOffWalletInput", input).await, Some(amount))
    } else if choice < 77 || world.payments.lock().unwrap().is_empty() {
        let input = json!({ "amount": money(amount), "orderReference": "O", "idempotencyKey": key });
        ("PAYMENT", client.mutate(&customer.token, "payFromWallet", "PayFromWalletInput", input).await, Some(amount))
    } else {
        let (payment, paid) = {
            let payments = world.payments.lock().unwrap();
            // Mostly recent payments, so several refunds meet on one payment.
            let from = payments.len().saturating_sub(8);
            payments[rng.random_range(from..payments.len())].clone()
        };
        let staff = if rng.random_bool(0.2) { &world.admin } else { cashier };
        let part = rng.random_bool(0.6).then(|| rng.random_range(1..=paid));
        let input = json!({ "paymentId": payment, "amount": part.map(money), "reason": "R", "idempotencyKey": key });
        ("REFUND", client.mutate(&staff.token, "refundPayment", "RefundPaymentInput", input).await, part)
    };
    if body.get("errors").is_none() {
        let field = body["data"].as_object().unwrap().values().next().unwrap();
        let moved = Moved::read(field, expected);
        if kind == "PAYMENT" {
            world.payments.lock().unwrap().push((moved.id.clone(), -moved.signed));
        }
        return Outcome::Moved(moved);
    }
    let allowed = match kind {
        "WRITE_OFF" | "PAYMENT" => "INSUFFICIENT_FUNDS",
        "REFUND" => "BAD_USER_INPUT",
        _ => "",
    };
    let got = code(&body);
    Outcome::Refused(kind, if got == allowed { got.to_owned() } else { format!("UNEXPECTED {got}: {body}") })
}

/// The whole history of a wallet, oldest first, read page by page.
pub async fn history(app: &TestApp, admin: &Actor, number: &str) -> (Vec<Value>, Value) {
    let query = "query($n: String!, $after: String) { walletByNumber(number: $n) { balance version
        transactions(first: 100, after: $after) { edges { node { id kind amount balanceAfter walletVersion } }
                                                  pageInfo { hasNextPage endCursor } } } }";
    let (mut nodes, mut after) = (Vec::new(), Value::Null);
    let wallet = loop {
        let data = app.ok(Some(&admin.token), query, json!({ "n": number, "after": after })).await;
        let wallet = data["walletByNumber"].clone();
        let page = &wallet["transactions"];
        nodes.extend(page["edges"].as_array().unwrap().iter().map(|edge| edge["node"].clone()));
        if page["pageInfo"]["hasNextPage"] != true {
            break wallet;
        }
        after = page["pageInfo"]["endCursor"].clone();
    };
    nodes.reverse();
    (nodes, wallet)
}
