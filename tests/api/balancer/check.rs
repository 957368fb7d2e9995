//! What the balancer test asserts once the writers have stopped: the database against the
//! writers' acknowledgements, and every subscriber's frames against the database.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use tokio::time::Instant;

use super::subscriber::{Connection, Subscriber};
use super::writer::Written;
use crate::helpers::Actor;

/// The wallets' (version, balance) and every lb- transaction by key, as committed.
pub struct Database {
    pub wallets: HashMap<String, (i64, String)>,
    pub by_key: BTreeMap<String, Vec<String>>,
}

impl Database {
    pub async fn read(url: &str, wallets: &[String]) -> Self {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        let rows = client
            .query("SELECT number, version, balance::text FROM wallets WHERE number = ANY($1)", &[&wallets])
            .await
            .unwrap();
        let wallets = rows.iter().map(|row| (row.get(0), (row.get(1), row.get(2)))).collect();
        let rows = client
            .query("SELECT idempotency_key, id::text FROM transactions WHERE idempotency_key LIKE 'lb-%'", &[])
            .await
            .unwrap();
        let mut by_key = BTreeMap::<String, Vec<String>>::new();
        for row in rows {
            by_key.entry(row.get(0)).or_default().push(row.get(1));
        }
        Self { wallets, by_key }
    }
}

/// Every acknowledged top-up is in the database once, as acknowledged; nothing else is;
/// each wallet holds exactly its acknowledged top-ups (1.00 each, from 0).
pub fn writes(written: &[Written], database: &Database) {
    let mut per_wallet = HashMap::<&str, i64>::new();
    let mut acked = 0;
    for writer in written {
        for (key, (wallet, id)) in &writer.acked {
            assert_eq!(database.by_key.get(key), Some(&vec![id.clone()]), "{key} is committed once, as acknowledged");
            *per_wallet.entry(wallet).or_default() += 1;
            acked += 1;
        }
        let rolling = writer.failures[super::writer::ROLLING as usize];
        assert_eq!(rolling, 0, "no mutation fails in a rolling restart; first: {:?}", writer.first_failure[2]);
    }
    assert_eq!(database.by_key.len(), acked, "no top-up beyond the acknowledged ones");
    for (wallet, (version, balance)) in &database.wallets {
        let count = per_wallet.get(wallet.as_str()).copied().unwrap_or(0);
        assert_eq!((*version, balance.clone()), (count, format!("{count}.00")), "wallet {wallet}");
    }
}

/// Waits until every subscriber has seen its wallet's committed version.
pub async fn subscribers_catch_up(subscribers: &[Subscriber], customers: &[Actor], database: &Database) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let behind = subscribers
            .iter()
            .enumerate()
            .filter(|(n, subscriber)| {
                let want = database.wallets[&customers[n % customers.len()].wallet].0;
                subscriber.last.load(std::sync::atomic::Ordering::Relaxed) != want
            })
            .count();
        if behind == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{behind} subscribers are not at the database's version after 20 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Per subscriber: each connection starts with the state (never older than what the last
/// connection showed), then versions one by one; the balance is the version's; the final
/// version is the database's.
pub fn gapless(seen: &[Vec<Connection>], customers: &[Actor], database: &Database) {
    for (n, connections) in seen.iter().enumerate() {
        let (version, balance) = &database.wallets[&customers[n % customers.len()].wallet];
        let mut last = -1;
        for connection in connections.iter().filter(|connection| !connection.frames.is_empty()) {
            let (first, _) = connection.frames[0];
            assert!(first >= last, "subscriber {n}: a reconnect showed version {first} after {last}");
            for pair in connection.frames.windows(2) {
                assert_eq!(pair[1].0, pair[0].0 + 1, "subscriber {n}: a gap or a repeat in {:?}", pair);
            }
            for (v, shown) in &connection.frames {
                assert_eq!(shown, &format!("{v}.00"), "subscriber {n}: version {v}'s balance");
            }
            last = connection.frames.last().unwrap().0;
        }
        assert_eq!((last, format!("{last}.00")), (*version, balance.clone()), "subscriber {n} ends at the database");
    }
}

/// Exactly the killed instance's clients lost their socket while it was down.
pub fn kill(seen: &[Vec<Connection>], (from, to): (Instant, Instant), victims: usize) {
    let cut = seen.iter().filter(|connections| ended_within(connections, from, to).next().is_some()).count();
    assert_eq!(cut, victims, "the clients of the killed instance, and only they, reconnected");
}

/// In the rolling restart every subscriber was drained at least once, always with 1001.
pub fn rolling(seen: &[Vec<Connection>], (from, to): (Instant, Instant)) {
    for (n, connections) in seen.iter().enumerate() {
        let codes: Vec<u16> = ended_within(connections, from, to).collect();
        assert!(!codes.is_empty(), "subscriber {n} was never drained");
        assert!(codes.iter().all(|&code| code == 1001), "subscriber {n}: close codes {codes:?}");
    }
}

fn ended_within(connections: &[Connection], from: Instant, to: Instant) -> impl Iterator<Item = u16> + '_ {
    connections.iter().filter_map(move |c| c.ended.filter(|(at, _)| (from..to).contains(at)).map(|(_, code)| code))
}
