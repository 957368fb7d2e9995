//! A wallet row held locked from outside: operations on it end with SERVICE_UNAVAILABLE
//! through the lock timeout (KASSA_DB_LOCK_TIMEOUT, 2 s by default) instead of hanging,
//! while other wallets keep moving; the retry with the same key applies once.

use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

use crate::helpers::{TestApp, code};

/// Opens a transaction that locks the wallet `number` until the connection is told to end it.
pub async fn lock_wallet(database_url: &str, number: &str) -> AsyncPgConnection {
    let mut conn = AsyncPgConnection::establish(database_url).await.expect("a connection of the test's own");
    conn.batch_execute(&format!("BEGIN; SELECT id FROM wallets WHERE number = '{number}' FOR UPDATE"))
        .await
        .expect("locking the wallet row");
    conn
}

#[tokio::test]
async fn a_wallet_locked_from_outside_times_out_cleanly_and_other_wallets_keep_flowing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let (locked, free) = (app.customer().await, app.customer().await);
    let system = app.payment_system(&admin).await;
    app.top_up(&cashier, &locked.wallet, "1.00", &system).await;

    let mut holder = lock_wallet(&app.database_url, &locked.wallet).await;
    let blocked = async {
        let started = Instant::now();
        let body = app.try_top_up(&cashier, &locked.wallet, "1.00", &system, "locked-1").await;
        (body, started.elapsed())
    };
    let flowing = async {
        let mut latencies = Vec::new();
        for i in 0..10 {
            let started = Instant::now();
            let body = app.try_top_up(&cashier, &free.wallet, "1.00", &system, &format!("free-{i}")).await;
            assert!(body.get("errors").is_none(), "another wallet must keep moving: {body:#}");
            latencies.push(started.elapsed());
        }
        latencies
    };
    let ((body, waited), latencies) = tokio::join!(blocked, flowing);
    assert_eq!(code(&body), "SERVICE_UNAVAILABLE", "{body:#}");
    assert!(waited < Duration::from_secs(10), "the lock timeout ended the wait (took {waited:?})");

    holder.batch_execute("ROLLBACK").await.unwrap();
    let retried = app.try_top_up(&cashier, &locked.wallet, "1.00", &system, "locked-1").await;
    assert!(retried.get("errors").is_none(), "the retry applies once the lock is gone: {retried:#}");
    assert_eq!(app.balance(&locked).await, ("2.00".to_owned(), 2));
    assert_eq!(app.balance(&free).await, ("10.00".to_owned(), 10));
    assert!(app.verify_ledger().await.is_empty());
    println!(
        "row lock: the locked wallet answered SERVICE_UNAVAILABLE after {waited:?}; other wallet max {:?}",
        latencies.iter().max().unwrap()
    );
}
