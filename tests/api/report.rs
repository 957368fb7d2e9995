//! The reconciliation report: per-day totals per payment system (GraphQL) and every top-up
//! as a CSV row, on real top-ups moved to known days in SQL.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::helpers::{Actor, TOP_UP, TestApp, code};
use crate::live::Scene;

const REPORT: &str = "query($since: DateTime!, $until: DateTime!) { paymentSystemReport(since: $since, until: $until) {
    day paymentSystem { id name } topUps topUpAmount onlineTopUps onlineTopUpAmount } }";
const SINCE: &str = "2026-11-20T00:00:00Z";
const UNTIL: &str = "2026-11-22T00:00:00Z";

/// A second payment system whose name a spreadsheet would read as a formula.
async fn tricky_system(app: &TestApp, admin: &Actor) -> String {
    let input = json!({ "input": { "provider": "ROBOKASSA", "name": "=Robo \"kassa\", main", "enabled": true } });
    let create =
        "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }";
    app.ok(Some(&admin.token), create, input).await["createPaymentSystemBinding"]["id"].as_str().unwrap().to_owned()
}

/// A top-up with its own receipt; returns the transaction id.
async fn top_up(app: &TestApp, cashier: &Actor, wallet: &str, amount: &str, system: &str, receipt: &str) -> String {
    let input = json!({ "input": { "walletNumber": wallet, "amount": amount, "paymentSystemId": system,
                                   "receipt": receipt, "idempotencyKey": format!("report-{}", app.unique()) } });
    let data = app.ok(Some(&cashier.token), TOP_UP, input).await;
    data["topUpWallet"]["transaction"]["id"].as_str().unwrap().to_owned()
}

/// Runs `sql` as the tables' owner with the journal's append-only trigger off (the test's
/// own database: the way to put real top-ups on days in the past).
async fn rewrite_history(app: &TestApp, sql: &str) {
    let mut conn = AsyncPgConnection::establish(&app.database_url).await.unwrap();
    let script = format!(
        "ALTER TABLE transactions DISABLE TRIGGER transactions_append_only; {sql}; \
         ALTER TABLE transactions ENABLE TRIGGER transactions_append_only;"
    );
    diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, &script).await.unwrap();
}

/// Four top-ups on two systems and two days, one of them online (credited by an invoice),
/// and a write-off that no report counts.
async fn history() -> (Scene, String, [String; 4]) {
    let scene = Scene::new(Default::default()).await;
    let (app, cashier, wallet) = (&scene.app, &scene.cashier, scene.customer.wallet.as_str());
    let other = tricky_system(app, &scene.admin).await;
    let ids = [
        top_up(app, cashier, wallet, "100.10", &scene.system, "R-1").await,
        top_up(app, cashier, wallet, "200.20", &scene.system, "R-2").await,
        top_up(app, cashier, wallet, "50.05", &other, "INV-7").await,
        top_up(app, cashier, wallet, "10.01", &scene.system, "=1+2").await,
    ];
    let write_off = json!({ "input": { "walletNumber": wallet, "amount": "1.00", "reason": "test",
                                       "idempotencyKey": "report-write-off" } });
    let write_off_mutation =
        "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { transaction { id } } }";
    app.ok(Some(&cashier.token), write_off_mutation, write_off).await;
    let [a, b, c, d] = &ids;
    rewrite_history(
        app,
        &format!(
            "UPDATE transactions SET created_at = '2026-11-20T08:00:00Z' WHERE id = {a};
             UPDATE transactions SET created_at = '2026-11-20T23:59:59Z' WHERE id = {b};
             UPDATE transactions SET created_at = '2026-11-20T12:30:00Z' WHERE id = {c};
             UPDATE transactions SET created_at = '2026-11-21T00:00:00Z' WHERE id = {d};
             UPDATE transactions SET created_at = '2026-11-21T09:00:00Z' WHERE kind = 'WRITE_OFF';
             INSERT INTO top_up_invoices (wallet_id, payment_system_id, amount, currency, status, payment_url,
                 created_by, idempotency_key, request_hash, expires_at, paid_at)
               SELECT wallet_id, payment_system_id, amount, 'RUB', 'PAID', 'https://pay.example/7', performed_by,
                      'invoice-7', '\\x00', now(), now() FROM transactions WHERE id = {c};
             UPDATE transactions SET invoice_id = (SELECT max(id) FROM top_up_invoices) WHERE id = {c}"
        ),
    )
    .await;
    (scene, other, ids)
}

#[tokio::test]
async fn the_report_sums_exactly_per_payment_system_and_utc_day_cashier_and_online_apart() {
    let (scene, other, _) = history().await;
    let data = scene.app.ok(Some(&scene.admin.token), REPORT, json!({ "since": SINCE, "until": UNTIL })).await;
    let rows: Vec<Value> = data["paymentSystemReport"].as_array().unwrap().clone();
    let row = |day: &str, system: &str, top_ups: i64, amount: &str, online: i64, online_amount: Value| {
        json!({ "day": day, "paymentSystem": { "id": system, "name": if system == other { "=Robo \"kassa\", main" } else { "YooMoney" } },
                "topUps": top_ups, "topUpAmount": amount, "onlineTopUps": online, "onlineTopUpAmount": online_amount })
    };
    let (first, second) = (scene.system.as_str(), other.as_str());
    let expected = vec![
        row("2026-11-20", first, 2, "300.30", 0, Value::Null),
        row("2026-11-20", second, 1, "50.05", 1, json!("50.05")),
        row("2026-11-21", first, 1, "10.01", 0, Value::Null),
    ];
    assert_eq!(rows, expected);

    // Until is exclusive: the 21st's top-up at midnight is left out.
    let data = scene
        .app
        .ok(Some(&scene.admin.token), REPORT, json!({ "since": SINCE, "until": "2026-11-21T00:00:00Z" }))
        .await;
    assert_eq!(data["paymentSystemReport"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_report_is_for_admins_and_bounded() {
    let scene = Scene::new(Default::default()).await;
    let app = &scene.app;
    let range = json!({ "since": SINCE, "until": UNTIL });
    assert_eq!(code(&app.gql(None, REPORT, range.clone()).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(Some(&scene.cashier.token), REPORT, range.clone()).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&scene.customer.token), REPORT, range).await), "FORBIDDEN");
    for (since, until) in [(UNTIL, SINCE), (SINCE, SINCE), ("2025-01-01T00:00:00Z", "2026-01-03T00:00:00Z")] {
        let body = app.gql(Some(&scene.admin.token), REPORT, json!({ "since": since, "until": until })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{since}..{until}");
    }
}

async fn csv(app: &TestApp, token: Option<&str>, since: &str, until: &str) -> reqwest::Response {
    let mut request =
        app.http.get(format!("{}/reports/top-ups.csv", app.url)).query(&[("since", since), ("until", until)]);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_csv_has_one_quoted_defused_row_per_top_up() {
    let (scene, other, [a, b, c, d]) = history().await;
    let response = csv(&scene.app, Some(&scene.admin.token), SINCE, UNTIL).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, "attachment; filename=\"kassa-top-ups-20261120T000000Z-20261122T000000Z.csv\"");
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    let (wallet, email, system) = (&scene.customer.wallet, &scene.cashier.email, &scene.system);
    assert_eq!(
        lines,
        [
            "created_at,transaction_id,wallet_number,amount,currency,payment_system_id,payment_system_name,provider,channel,reference,invoice_number,performed_by",
            &format!(
                "2026-11-20T08:00:00.000000Z,{a},{wallet},100.10,RUB,{system},YooMoney,YOOMONEY,cashier,R-1,,{email}"
            ),
            &format!(
                "2026-11-20T12:30:00.000000Z,{c},{wallet},50.05,RUB,{other},\"'=Robo \"\"kassa\"\", main\",ROBOKASSA,online,INV-7,1,{email}"
            ),
            &format!(
                "2026-11-20T23:59:59.000000Z,{b},{wallet},200.20,RUB,{system},YooMoney,YOOMONEY,cashier,R-2,,{email}"
            ),
            &format!(
                "2026-11-21T00:00:00.000000Z,{d},{wallet},10.01,RUB,{system},YooMoney,YOOMONEY,cashier,'=1+2,,{email}"
            ),
        ]
    );
}

#[tokio::test]
async fn the_csv_refuses_anyone_but_an_admin_and_a_bad_range() {
    let scene = Scene::new(Default::default()).await;
    let app = &scene.app;
    let response = csv(app, None, SINCE, UNTIL).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(csv(app, Some("kassa_not-a-real-token"), SINCE, UNTIL).await.status(), 401);
    assert_eq!(csv(app, Some(&scene.cashier.token), SINCE, UNTIL).await.status(), 403);
    assert_eq!(csv(app, Some(&scene.customer.token), SINCE, UNTIL).await.status(), 403);
    let admin = Some(scene.admin.token.as_str());
    assert_eq!(csv(app, admin, "yesterday", UNTIL).await.status(), 400);
    assert_eq!(csv(app, admin, "2024-01-01T00:00:00Z", UNTIL).await.status(), 400, "over 366 days");
    let missing = app.http.get(format!("{}/reports/top-ups.csv", app.url)).bearer_auth(&scene.admin.token).send().await;
    assert_eq!(missing.unwrap().status(), 400);
}

#[tokio::test]
async fn a_long_csv_streams_in_batches_and_misses_no_row() {
    let scene = Scene::new(Default::default()).await;
    let app = &scene.app;
    top_up(app, &scene.cashier, &scene.customer.wallet, "1.00", &scene.system, "seed").await;
    // 1,201 top-ups, two per second, so that equal times straddle the batches of 500.
    rewrite_history(
        app,
        "INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version, performed_by,
             payment_system_id, reference, idempotency_key, request_hash, created_at)
         SELECT 'TOP_UP', 1.00, wallet_id, 1.00, 1000 + g, performed_by, payment_system_id, 'bulk-' || g,
                'bulk-' || g, '\\x00', '2026-11-20T00:00:00Z'::timestamptz + (g / 2) * interval '1 second'
         FROM transactions, generate_series(1, 1200) AS g WHERE kind = 'TOP_UP'",
    )
    .await;
    let text = csv(app, Some(&scene.admin.token), SINCE, UNTIL).await.text().await.unwrap();
    let references: Vec<&str> =
        text.split_terminator("\r\n").skip(1).map(|line| line.split(',').nth(9).unwrap()).collect();
    let expected: Vec<String> = (1..=1200).map(|g| format!("bulk-{g}")).collect();
    assert_eq!(references, expected, "every row once, in time order");
}
