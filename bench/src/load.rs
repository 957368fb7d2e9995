//! Closed-loop load over POST /graphql: B1 top-ups, B2 the hot wallet, B3 reads. Every
//! client sends its next request as soon as the last one answered; each loop stops by
//! itself at the deadline or after `max_ops`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::dialect::{Dialect, TopUp};
use crate::fixture::{CASHIER_TOKEN, customer_token, wallet_number};
use crate::hist::Hist;
use crate::http::{HttpConn, has_errors, query};

#[derive(Clone, Debug)]
pub enum Op {
    /// topUpWallet by the cashier on a random wallet among customers `from..=to`.
    TopUp { from: usize, to: usize, payment_system: String },
    /// payFromWallet by the owner of customer `customer`'s wallet.
    Pay { customer: usize },
    /// myWallet { balance } and one history page, as a random customer among `from..=to`.
    Read { from: usize, to: usize },
}

const PAY: &str = "mutation($i:PayFromWalletInput!){payFromWallet(input:$i){transaction{id walletVersion createdAt} wallet{balance version}}}";

pub struct Spec {
    pub addr: SocketAddr,
    pub clients: usize,
    pub duration: Duration,
    pub warmup: Duration,
    pub max_ops: u64,
    /// Whose documents to send (Kassa's, or a peer's: B1 and B3 only).
    pub dialect: Dialect,
}

struct WorkerResult {
    hist: Hist,
    errors: u64,
    first_error: Option<String>,
}

/// The id of the first enabled payment system (the seed makes one).
pub async fn payment_system(addr: SocketAddr) -> anyhow::Result<String> {
    let mut conn = HttpConn::new(addr);
    let found = query(&mut conn, Some(CASHIER_TOKEN), &json!({"query": "{paymentSystems{id enabled}}"})).await?;
    found["data"]["paymentSystems"]
        .as_array()
        .and_then(|systems| systems.iter().find(|s| s["enabled"] == true))
        .and_then(|s| s["id"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no enabled payment system; was the database seeded?"))
}

/// Runs `op` from `spec.clients` concurrent clients and returns the result line.
pub async fn run(spec: &Spec, op: Op) -> Value {
    let run_id: u64 = rand::random();
    let started = Instant::now();
    let measure_from = started + spec.warmup;
    let deadline = measure_from + spec.duration;
    let per_client = spec.max_ops.div_ceil(spec.clients as u64).max(1);
    let mut tasks = Vec::new();
    for client in 0..spec.clients {
        let op = op.clone();
        let (addr, dialect) = (spec.addr, spec.dialect);
        tasks.push(tokio::spawn(async move {
            worker(addr, dialect, op, run_id, client, measure_from, deadline, per_client).await
        }));
    }
    let mut hist = Hist::default();
    let (mut errors, mut first_error) = (0, None);
    for task in tasks {
        if let Ok(result) = task.await {
            hist.merge(&result.hist);
            errors += result.errors;
            first_error = first_error.or(result.first_error);
        }
    }
    let measured = deadline.min(Instant::now()).saturating_duration_since(measure_from).as_secs_f64();
    let mut line = json!({
        "clients": spec.clients,
        "duration_s": measured,
        "ops": hist.count(),
        "errors": errors,
        "ops_per_s": (hist.count() as f64 / measured.max(1e-9)).round(),
    });
    merge_into(&mut line, hist.summary());
    if let Some(error) = first_error {
        line["first_error"] = json!(error);
    }
    line
}

pub fn merge_into(line: &mut Value, more: Value) {
    if let (Some(line), Value::Object(more)) = (line.as_object_mut(), more) {
        line.extend(more);
    }
}

#[allow(clippy::too_many_arguments)]
async fn worker(
    addr: SocketAddr,
    dialect: Dialect,
    op: Op,
    run_id: u64,
    client: usize,
    measure_from: Instant,
    deadline: Instant,
    max_ops: u64,
) -> WorkerResult {
    let mut conn = HttpConn::new(addr);
    let mut result = WorkerResult { hist: Hist::default(), errors: 0, first_error: None };
    let mut rng = rand::rngs::StdRng::from_rng(&mut rand::rng());
    let pay_token = match &op {
        Op::Pay { customer } => customer_token(*customer),
        _ => String::new(),
    };
    for seq in 0..max_ops {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        let key = format!("bench-{run_id:x}-{client}-{seq}");
        let (token, body) = match &op {
            Op::TopUp { from, to, payment_system } => {
                let (number, receipt) = (wallet_number(rng.random_range(*from..=*to)), format!("r-{seq}"));
                let top_up =
                    TopUp { wallet_number: &number, amount: "1.00", payment_system, receipt: &receipt, key: &key };
                (CASHIER_TOKEN.to_owned(), dialect.top_up(&top_up))
            }
            Op::Pay { .. } => {
                let input = json!({"amount": "0.01", "orderReference": format!("o-{seq}"), "idempotencyKey": key});
                (pay_token.clone(), json!({"query": PAY, "variables": {"i": input}}).to_string())
            }
            Op::Read { from, to } => {
                let i = rng.random_range(*from..=*to);
                (customer_token(i), json!({"query": dialect.read()}).to_string())
            }
        };
        let sent = Instant::now();
        let outcome = conn
            .post(Some(&token), &body)
            .await
            .map(|body| if has_errors(body) { Some(String::from_utf8_lossy(body).into_owned()) } else { None });
        let elapsed = sent.elapsed();
        if sent < measure_from {
            continue;
        }
        match outcome {
            Ok(None) => result.hist.record(elapsed.as_micros() as u64),
            Ok(Some(error)) => {
                result.errors += 1;
                result.first_error.get_or_insert(error);
            }
            Err(error) => {
                result.errors += 1;
                result.first_error.get_or_insert(error.to_string());
                // Do not spin on a dead server.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    result
}
