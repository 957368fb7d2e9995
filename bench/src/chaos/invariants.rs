//! The checks after a chaos run, each printed with its verdict.

use std::collections::HashMap;

use super::watchers::Watcher;
use super::workload::{Answer, Outcome};

/// One invariant: its name, whether it held, and what was counted.
pub struct Verdict {
    pub name: &'static str,
    pub held: bool,
    pub detail: String,
}

fn verdict(name: &'static str, broken: &[String], counted: String) -> Verdict {
    let detail = match broken.first() {
        None => counted,
        Some(first) => format!("{} broken, first: {first}", broken.len()),
    };
    Verdict { name, held: broken.is_empty(), detail }
}

pub async fn check(url: &str, outcomes: &[Outcome], watchers: &[Watcher]) -> anyhow::Result<Vec<Verdict>> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    let mut verdicts = Vec::new();

    let (totals, problems) = kassa::services::ledger::verify(url).await?;
    let broken: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.subject, p.problem)).collect();
    let counted = format!("{} transactions, wallets total {}", totals.transactions, totals.wallet_total);
    verdicts.push(verdict("the ledger sums to zero and every balance equals its ledger", &broken, counted));

    let rows = client.query("SELECT number, balance::text FROM wallets WHERE balance < 0", &[]).await?;
    let broken: Vec<String> =
        rows.iter().map(|r| format!("{} at {}", r.get::<_, String>(0), r.get::<_, String>(1))).collect();
    let wallets: i64 = client.query_one("SELECT count(*) FROM wallets", &[]).await?.get(0);
    verdicts.push(verdict("no balance is below zero", &broken, format!("{wallets} wallets")));

    let rows = client
        .query(
            "SELECT idempotency_key, id::text, amount::text FROM transactions WHERE idempotency_key LIKE 'chaos-%'",
            &[],
        )
        .await?;
    let mut by_key = HashMap::<String, Vec<(String, String)>>::new();
    for row in &rows {
        by_key.entry(row.get(0)).or_default().push((row.get(1), row.get(2)));
    }
    let broken: Vec<String> =
        by_key.iter().filter(|(_, effects)| effects.len() > 1).map(|(key, e)| format!("{key}: {e:?}")).collect();
    verdicts.push(verdict(
        "at most one effect per idempotency key",
        &broken,
        format!("{} keys with an effect", by_key.len()),
    ));

    let mut broken = Vec::new();
    let (mut acked, mut rejected, mut unknown) = (0, 0, 0);
    let mut kinds = std::collections::BTreeMap::<&str, u32>::new();
    for outcome in outcomes {
        let effects = by_key.get(&outcome.key).map(Vec::as_slice).unwrap_or_default();
        match &outcome.answer {
            Answer::Acked(id) => {
                acked += 1;
                *kinds.entry(outcome.kind).or_default() += 1;
                let same_amount = |amount: &String| outcome.amount.as_ref().is_none_or(|asked| same(asked, amount));
                if !matches!(effects, [(found, amount)] if found == id && same_amount(amount)) {
                    broken.push(format!(
                        "{} acknowledged as {id} ({:?}), stored {effects:?}",
                        outcome.key, outcome.amount
                    ));
                }
            }
            Answer::Rejected(_) => rejected += 1,
            Answer::Unknown => unknown += 1,
        }
    }
    let counted = format!("{acked} acknowledged {kinds:?} ({unknown} never answered)");
    verdicts.push(verdict("every acknowledged move is present, as acknowledged", &broken, counted));

    let broken: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.answer, Answer::Rejected(_)) && by_key.contains_key(&o.key))
        .map(|o| format!("{} rejected ({:?}) yet stored {:?}", o.key, o.answer, by_key[&o.key]))
        .collect();
    let mut codes = HashMap::<&str, u32>::new();
    for outcome in outcomes {
        if let Answer::Rejected(code) = &outcome.answer {
            *codes.entry(code.as_str()).or_default() += 1;
        }
    }
    let mut codes: Vec<_> = codes.into_iter().collect();
    codes.sort();
    verdicts.push(verdict(
        "every rejected request changed nothing",
        &broken,
        format!("{rejected} rejected: {codes:?}"),
    ));

    let rows = client.query("SELECT number, version, balance::text FROM wallets", &[]).await?;
    let db: HashMap<String, (i64, String)> = rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2)))).collect();
    let broken: Vec<String> = watchers
        .iter()
        .filter_map(|w| {
            let last = w.last();
            let want = db.get(&w.wallet)?;
            let shown = last.shown.as_ref();
            (shown.is_none_or(|(v, b)| *v != want.0 || !same(b, &want.1)))
                .then(|| format!("wallet {} shows {shown:?}, database {want:?}", w.wallet))
        })
        .collect();
    let reconnects: u32 = watchers.iter().map(|w| w.last().connections.saturating_sub(1)).sum();
    let counted = format!("{} subscribers, {reconnects} reconnections", watchers.len());
    verdicts.push(verdict("every quiet subscriber shows the database's balance and version", &broken, counted));
    Ok(verdicts)
}

/// Two decimal strings name the same amount ("5.00" and "5.0" do); exact, no floats.
pub fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        (int.trim_start_matches('0').to_owned(), frac.trim_end_matches('0').to_owned())
    };
    norm(a) == norm(b)
}
