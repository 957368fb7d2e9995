//! Top-ups through the balancer while instances die and restart: each with an idempotency
//! key of its own, retried with the SAME key after an error or a timeout until acknowledged.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::faults::{outcome, top_up_input};
use crate::helpers::TOP_UP;

/// What the test is doing; the writer counts its failed attempts per phase.
pub const WARM: u8 = 0;
pub const KILL: u8 = 1;
pub const ROLLING: u8 = 2;
pub const DONE: u8 = 3;

#[derive(Debug, Default)]
pub struct Written {
    /// key -> (wallet, the acknowledged transaction's id)
    pub acked: BTreeMap<String, (String, String)>,
    /// Failed attempts (no answer, or an error answer) in each phase.
    pub failures: [u32; 4],
    /// The first failure of each phase, to show.
    pub first_failure: [Option<String>; 4],
}

/// Writes until the phase is DONE; `name` prefixes its keys.
pub async fn write(
    url: String,
    token: String,
    system: String,
    wallets: Vec<String>,
    phase: Arc<AtomicU8>,
    name: &'static str,
) -> Written {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut written = Written::default();
    for i in 0.. {
        if phase.load(Ordering::SeqCst) == DONE {
            break;
        }
        let key = format!("{name}-{i}");
        let wallet = &wallets[i % wallets.len()];
        loop {
            let now = phase.load(Ordering::SeqCst) as usize;
            let answer = post(&http, &url, &token, top_up_input(wallet, &system, &key)).await;
            match answer.as_ref().map(outcome).as_deref() {
                Ok("OK") => {
                    let id = answer.unwrap()["data"]["topUpWallet"]["transaction"]["id"].as_str().unwrap().to_owned();
                    written.acked.insert(key, (wallet.clone(), id));
                    break;
                }
                _ => {
                    written.failures[now] += 1;
                    written.first_failure[now].get_or_insert_with(|| format!("{key}: {answer:?}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }
    written
}

/// One attempt: the answer's body, or what went wrong (no answer, not JSON).
async fn post(http: &reqwest::Client, url: &str, token: &str, variables: Value) -> Result<Value, String> {
    let request = http.post(format!("{url}/graphql")).bearer_auth(token);
    let response = request.json(&json!({ "query": TOP_UP, "variables": variables })).send().await;
    let response = response.map_err(|error| format!("{error:?}"))?;
    let status = response.status();
    let text = response.text().await.map_err(|error| format!("{status}: {error:?}"))?;
    serde_json::from_str(&text).map_err(|_| format!("{status}: {text}"))
}
