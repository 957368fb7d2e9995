//! The parent's side of the shard protocol (see `subscribers`): spawns this same binary
//! once per shard, waits until every subscriber is ready, hands out the final versions,
//! and merges the results.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::hist::Hist;
use crate::subscribers::Watch;

pub struct Shards {
    children: Vec<(Child, ChildStdin, Lines<BufReader<ChildStdout>>)>,
    pub ready: u64,
    pub failed: u64,
}

/// Starts `shards` processes holding `count` subscribers between them.
pub async fn start(url: &str, count: usize, shards: usize, watch_as: Watch) -> anyhow::Result<Shards> {
    let exe = std::env::current_exe()?;
    let mut children = Vec::new();
    for shard in 0..shards {
        let mut command = Command::new(&exe);
        command.args(["subscribers", "--url", url, "--count", &count.to_string()]);
        command.args(["--shard", &format!("{shard}/{shards}")]);
        match watch_as {
            Watch::Same(customer) => command.args(["--same-customer", &customer.to_string()]),
            Watch::Each { first } => command.args(["--first-customer", &first.to_string()]),
        };
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).kill_on_drop(true).spawn()?;
        let stdin = child.stdin.take().context("child stdin")?;
        let stdout = BufReader::new(child.stdout.take().context("child stdout")?).lines();
        children.push((child, stdin, stdout));
    }
    let (mut ready, mut failed) = (0, 0);
    for (_, _, lines) in &mut children {
        let line = tokio::time::timeout(Duration::from_secs(300), lines.next_line())
            .await
            .context("a shard did not get ready within 5 minutes")??
            .context("a shard exited before it was ready")?;
        let status: Value = serde_json::from_str(&line)?;
        ready += status["ready"].as_u64().unwrap_or(0);
        failed += status["failed"].as_u64().unwrap_or(0);
    }
    Ok(Shards { children, ready, failed })
}

impl Shards {
    /// The shard processes' ids.
    pub fn pids(&self) -> Vec<u32> {
        self.children.iter().filter_map(|(child, _, _)| child.id()).collect()
    }

    /// Sends the final versions, lets subscribers catch up for `grace`, and merges.
    pub async fn finish(self, finals: &HashMap<usize, i64>, grace: Duration) -> anyhow::Result<(Value, Hist)> {
        let mut message = String::new();
        for (customer, version) in finals {
            message.push_str(&format!("final {customer} {version}\n"));
        }
        message.push_str(&format!("end {}\n", grace.as_millis()));
        let mut waiting = Vec::new();
        for (child, mut stdin, lines) in self.children {
            stdin.write_all(message.as_bytes()).await?;
            stdin.flush().await?;
            waiting.push((child, stdin, lines));
        }
        let mut hist = Hist::default();
        let mut totals: HashMap<&str, u64> = HashMap::new();
        let mut first_error = Value::Null;
        for (mut child, _stdin, mut lines) in waiting {
            let Some(line) = tokio::time::timeout(grace + Duration::from_secs(60), lines.next_line()).await?? else {
                bail!("a shard exited without its result");
            };
            let result: Value = serde_json::from_str(&line)?;
            for key in ["subscribers", "frames", "expected", "received", "gaps", "errors"] {
                *totals.entry(key).or_default() += result[key].as_u64().unwrap_or(0);
            }
            if first_error.is_null() {
                first_error = result["first_error"].clone();
            }
            hist.merge(&Hist::from_json(&result["hist"]));
            let _ = child.wait().await;
        }
        let lost = totals["expected"].saturating_sub(totals["received"]);
        let line = json!({
            "subscribers": totals["subscribers"], "frames": totals["frames"], "expected_frames": totals["expected"],
            "delivered_frames": totals["received"], "lost_frames": lost, "gaps": totals["gaps"],
            "ws_errors": totals["errors"], "first_ws_error": first_error,
        });
        Ok((line, hist))
    }
}
