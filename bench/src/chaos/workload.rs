//! The seeded workload: workers send top-ups, payments, refunds, write-offs, invalid
//! requests and reads to random instances. A request that got no answer, timed out or was
//! answered SERVICE_UNAVAILABLE / INTERNAL_SERVER_ERROR is retried with the SAME
//! idempotency key (on another instance) until it is answered; each one's outcome is kept.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use tokio::time::Instant;

/// How a request ended.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Acknowledged: the transaction's id.
    Acked(String),
    /// Refused with this code: it must have changed nothing.
    Rejected(String),
    /// Never answered before the run's end (then only "at most one effect" applies).
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub key: String,
    /// The mutation's name: topUpWallet, payFromWallet, refundPayment, writeOffWallet.
    pub kind: &'static str,
    /// The amount asked, when one was (a full refund asks none).
    pub amount: Option<String>,
    pub answer: Answer,
}

/// What every worker shares.
pub struct Ctx {
    pub urls: Vec<String>,
    pub cashier: String,
    pub system: String,
    /// (token, wallet number) of each customer.
    pub customers: Vec<(String, String)>,
    pub http: reqwest::Client,
    /// Retries stop here: the request's outcome is then Unknown.
    pub give_up: Instant,
}

const TOP_UP: &str = "mutation($input: TopUpWalletInput!) { topUpWallet(input: $input) { transaction { id } } }";
const PAY: &str = "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id } } }";
const WRITE_OFF: &str =
    "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { transaction { id } } }";
const REFUND: &str = "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { transaction { id } } }";
const READ: &str = "{ myWallet { balance version } }";

fn money(rng: &mut StdRng, max: u32) -> String {
    let cents = rng.random_range(100..=max * 100);
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// One worker until `until`; its outcomes, every request's.
pub async fn worker(ctx: Arc<Ctx>, seed: u64, n: u64, until: Instant) -> Vec<Outcome> {
    let mut rng = StdRng::seed_from_u64(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut outcomes = Vec::new();
    let mut payments: Vec<(String, String)> = Vec::new(); // (id, amount) of my acknowledged payments
    let mut i = 0;
    while Instant::now() < until {
        i += 1;
        let key = format!("chaos-{seed}-{n}-{i}");
        let (token, wallet) = ctx.customers[rng.random_range(0..ctx.customers.len())].clone();
        let at = rng.random_range(0..ctx.urls.len());
        let roll = rng.random_range(0..100);
        let (query, token, amount, input) = match roll {
            0..35 => {
                let amount = money(&mut rng, 50);
                let input = json!({ "walletNumber": wallet, "amount": amount, "paymentSystemId": ctx.system,
                                    "receipt": key, "idempotencyKey": key });
                (TOP_UP, ctx.cashier.clone(), Some(amount), input)
            }
            35..60 => {
                let amount = money(&mut rng, 60); // may be more than the balance
                let input = json!({ "amount": amount, "orderReference": key, "idempotencyKey": key });
                (PAY, token, Some(amount), input)
            }
            60..70 if !payments.is_empty() => {
                let (payment, paid) = payments[rng.random_range(0..payments.len())].clone();
                // Half the time all that is left; else an amount that may exceed it.
                let amount = rng.random_bool(0.5).then(|| money(&mut rng, 30));
                let input = json!({ "paymentId": payment, "amount": amount, "reason": format!("of {paid}"),
                                    "idempotencyKey": key });
                (REFUND, ctx.cashier.clone(), amount, input)
            }
            70..80 => {
                let amount = money(&mut rng, 40);
                let input =
                    json!({ "walletNumber": wallet, "amount": amount, "reason": "chaos", "idempotencyKey": key });
                (WRITE_OFF, ctx.cashier.clone(), Some(amount), input)
            }
            80..85 => {
                // Invalid on purpose: a negative amount, three decimals, an unknown wallet.
                let (amount, number) = match rng.random_range(0..3) {
                    0 => ("-5.00", wallet.as_str()),
                    1 => ("1.001", wallet.as_str()),
                    _ => ("5.00", "0000000000"),
                };
                let input = json!({ "walletNumber": number, "amount": amount, "paymentSystemId": ctx.system,
                                    "receipt": key, "idempotencyKey": key });
                (TOP_UP, ctx.cashier.clone(), Some(amount.to_owned()), input)
            }
            _ => {
                let _ = send(&ctx, at, &token, READ, json!({})).await;
                continue;
            }
        };
        let answer = settle(&ctx, at, &token, query, json!({ "input": input })).await;
        if let (Answer::Acked(id), PAY) = (&answer, query) {
            payments.push((id.clone(), amount.clone().unwrap_or_default()));
        }
        let kind = match query {
            TOP_UP => "topUpWallet",
            PAY => "payFromWallet",
            REFUND => "refundPayment",
            _ => "writeOffWallet",
        };
        outcomes.push(Outcome { key, kind, amount, answer });
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..15))).await;
    }
    outcomes
}

/// Sends until answered for good, rotating instances; the same body every time.
async fn settle(ctx: &Ctx, at: usize, token: &str, query: &str, variables: Value) -> Answer {
    for attempt in 0.. {
        if Instant::now() > ctx.give_up {
            break;
        }
        if let Some(body) = send(ctx, at + attempt, token, query, variables.clone()).await {
            match body["errors"][0]["extensions"]["code"].as_str() {
                None => {
                    let data = body["data"].as_object().and_then(|data| data.values().next()).cloned();
                    let id = data.as_ref().and_then(|op| op["transaction"]["id"].as_str());
                    return Answer::Acked(id.unwrap_or_default().to_owned());
                }
                Some("SERVICE_UNAVAILABLE" | "INTERNAL_SERVER_ERROR") => {}
                Some(code) => return Answer::Rejected(code.to_owned()),
            }
        }
        tokio::time::sleep(Duration::from_millis(100 << attempt.min(4))).await;
    }
    Answer::Unknown
}

/// One attempt; None when there was no JSON answer (down, refused, timed out).
async fn send(ctx: &Ctx, at: usize, token: &str, query: &str, variables: Value) -> Option<Value> {
    let url = &ctx.urls[at % ctx.urls.len()];
    let request = ctx.http.post(format!("{url}/graphql")).bearer_auth(token);
    let response = request.json(&json!({ "query": query, "variables": variables })).send().await.ok()?;
    response.json().await.ok()
}
