//! Idempotency keys: a retry returns the first result and moves nothing; the same key with
//! other input is refused; keys belong to the one who sent them.

use serde_json::{Value, json};

use crate::helpers::{Options, code};
use crate::money_input::{Desk, Op};

/// Sends `op` with `amount` and `key`; returns the whole body.
async fn send(desk: &Desk, op: Op, amount: Value, key: &str) -> Value {
    op.send(desk, op.input(desk, amount, key)).await
}

/// `data`, or a failure naming what was sent.
fn data(body: Value, what: &str) -> Value {
    assert!(body.get("errors").is_none(), "{what}: {body:#}");
    body["data"].clone()
}

/// Sends a changed copy of `op`'s input under `key`: it must be IDEMPOTENCY_KEY_REUSED and move nothing.
async fn reused(desk: &Desk, op: Op, key: &str, change: impl FnOnce(&mut Value)) {
    let before = desk.balance().await;
    let mut input = op.input(desk, json!("2.00"), key);
    change(&mut input);
    let body = op.send(desk, input.clone()).await;
    assert_eq!(code(&body), "IDEMPOTENCY_KEY_REUSED", "{} with {input}: {body:#}", op.field());
    assert_eq!(desk.balance().await, before, "{} with {input} moved money", op.field());
}

/// The first answer; another move of the same kind; then the replay answers exactly as the first did.
async fn a_replay_returns_the_first_result(op: Op) {
    let desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, op, json!("2.00"), "key-1").await, "the first request");
    data(send(&desk, op, json!("1.00"), "key-2").await, "a later move with another key");
    let now = desk.balance().await;
    assert!(now.1 > first[op.field()]["wallet"]["version"].as_i64().unwrap(), "the wallet changed since");

    let replay = data(send(&desk, op, json!("2.00"), "key-1").await, "the replay");
    assert_eq!(replay, first, "{}: the replay answers as the first request did", op.field());
    assert_eq!(desk.balance().await, now, "{}: the replay moved no money", op.field());
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_replayed_top_up_returns_the_first_result_even_after_the_wallet_changed() {
    a_replay_returns_the_first_result(Op::TopUp).await;
}

#[tokio::test]
async fn a_replayed_write_off_returns_the_first_result_even_after_the_wallet_changed() {
    a_replay_returns_the_first_result(Op::WriteOff).await;
}

#[tokio::test]
async fn a_replayed_payment_returns_the_first_result_even_after_the_wallet_changed() {
    a_replay_returns_the_first_result(Op::Pay).await;
}

#[tokio::test]
async fn a_replayed_refund_returns_the_first_result_even_after_the_wallet_changed() {
    a_replay_returns_the_first_result(Op::Refund).await;
}

#[tokio::test]
async fn the_same_key_with_other_input_is_refused_and_moves_nothing() {
    let desk = Desk::open(Options::default()).await;
    let other = desk.app.customer().await;
    let second_system = desk.app.payment_system(&desk.admin).await;
    let key = |op: Op| format!("once-{op:?}");
    for op in Op::ALL {
        data(send(&desk, op, json!("2.00"), &key(op)).await, "the first request");
    }
    let other_before = desk.app.balance(&other).await;

    let (top_up, write_off, pay, refund) = (&key(Op::TopUp), &key(Op::WriteOff), &key(Op::Pay), &key(Op::Refund));
    reused(&desk, Op::TopUp, top_up, |input| input["amount"] = json!("3.00")).await;
    reused(&desk, Op::TopUp, top_up, |input| input["walletNumber"] = json!(other.wallet)).await;
    reused(&desk, Op::TopUp, top_up, |input| input["receipt"] = json!("R-2")).await;
    reused(&desk, Op::TopUp, top_up, |input| input["comment"] = json!("a comment")).await;
    reused(&desk, Op::TopUp, top_up, |input| input["paymentSystemId"] = json!(second_system)).await;
    reused(&desk, Op::WriteOff, write_off, |input| input["amount"] = json!("2.01")).await;
    reused(&desk, Op::WriteOff, write_off, |input| input["walletNumber"] = json!(other.wallet)).await;
    reused(&desk, Op::WriteOff, write_off, |input| input["reason"] = json!("Another reason")).await;
    reused(&desk, Op::Pay, pay, |input| input["amount"] = json!("2.50")).await;
    reused(&desk, Op::Pay, pay, |input| input["orderReference"] = json!("ORDER-2")).await;
    reused(&desk, Op::Pay, pay, |input| input["description"] = json!("Tickets")).await;
    reused(&desk, Op::Refund, refund, |input| input["amount"] = json!("3.00")).await;
    reused(&desk, Op::Refund, refund, |input| input["amount"] = Value::Null).await;
    reused(&desk, Op::Refund, refund, |input| input["reason"] = json!("Another reason")).await;
    // The cashier's top-up key, reused for a write-off of the very same wallet and amount.
    reused(&desk, Op::WriteOff, top_up, |_| {}).await;

    assert_eq!(desk.app.balance(&other).await, other_before, "the other wallet is untouched");
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn two_cashiers_using_the_same_key_are_independent() {
    let mut desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, Op::TopUp, json!("10.00"), "shared").await, "the first cashier");
    desk.cashier = desk.app.cashier(&desk.admin).await;
    let second = data(send(&desk, Op::TopUp, json!("20.00"), "shared").await, "the second cashier");

    let (first, second) = (&first["topUpWallet"], &second["topUpWallet"]);
    assert_ne!(first["transaction"]["id"], second["transaction"]["id"], "two transactions");
    assert_eq!(second["transaction"]["amount"], "20.00");
    assert_eq!(desk.balance().await, ("80.00".to_owned(), 4), "50.00 + 10.00 + 20.00, two more versions");
    // The customer's own key "shared" is theirs, apart from both cashiers'.
    let paid = data(send(&desk, Op::Pay, json!("5.00"), "shared").await, "the customer's payment");
    assert_eq!(paid["payFromWallet"]["wallet"]["balance"], "75.00");
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_replayed_payment_returns_its_first_result_after_the_balance_dropped_below_its_amount() {
    let desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, Op::Pay, json!("40.00"), "pay-40").await, "the payment");
    data(send(&desk, Op::WriteOff, json!("10.00"), "empty-it").await, "the write-off");
    assert_eq!(desk.balance().await, ("0.00".to_owned(), 4));

    let replay = data(send(&desk, Op::Pay, json!("40.00"), "pay-40").await, "the replay, not INSUFFICIENT_FUNDS");
    assert_eq!(replay, first);
    assert_eq!(replay["payFromWallet"]["wallet"]["balance"], "10.00", "the wallet as the first answer saw it");
    assert_eq!(desk.balance().await, ("0.00".to_owned(), 4), "nothing moved");
    let fresh = send(&desk, Op::Pay, json!("40.00"), "pay-40-again").await;
    assert_eq!(code(&fresh), "INSUFFICIENT_FUNDS", "a new key is a new payment: {fresh:#}");
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_replayed_full_refund_without_an_amount_returns_the_first_result() {
    let desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, Op::Refund, Value::Null, "refund-all").await, "the full refund");
    assert_eq!(first["refundPayment"]["transaction"]["amount"], "50.00", "all of the payment");
    data(send(&desk, Op::TopUp, json!("5.00"), "later").await, "a later top-up");
    let now = desk.balance().await;

    let replay = data(send(&desk, Op::Refund, Value::Null, "refund-all").await, "the replay, not 'refunded in full'");
    assert_eq!(replay, first);
    assert_eq!(desk.balance().await, now, "nothing moved");
    assert_eq!(now, ("105.00".to_owned(), 4));
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_replayed_partial_refund_returns_the_first_result_and_the_rest_stays_refundable() {
    let desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, Op::Refund, json!("10.00"), "part-a").await, "the first part");
    data(send(&desk, Op::Refund, json!("20.00"), "part-b").await, "the second part");

    let replay = data(send(&desk, Op::Refund, json!("10.00"), "part-a").await, "the replay");
    assert_eq!(replay, first);
    assert_eq!(desk.balance().await, ("80.00".to_owned(), 4), "50.00 + 10.00 + 20.00");
    reused(&desk, Op::Refund, "part-a", |input| input["amount"] = json!("5.00")).await;
    let rest = data(send(&desk, Op::Refund, Value::Null, "the-rest").await, "the rest");
    assert_eq!(rest["refundPayment"]["transaction"]["amount"], "20.00", "replays did not count twice");
    assert_eq!(desk.balance().await, ("100.00".to_owned(), 5));
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_replayed_top_up_returns_its_first_result_after_the_payment_system_was_disabled() {
    let desk = Desk::open(Options::default()).await;
    let first = data(send(&desk, Op::TopUp, json!("5.00"), "before-disabling").await, "the top-up");
    let disable = "mutation($id: ID!) { updatePaymentSystemBinding(id: $id, input: { enabled: false }) { enabled } }";
    desk.app.ok(Some(&desk.admin.token), disable, json!({ "id": desk.system })).await;

    let replay = send(&desk, Op::TopUp, json!("5.00"), "before-disabling").await;
    assert_eq!(data(replay, "the replay, not PAYMENT_SYSTEM_DISABLED"), first);
    assert_eq!(desk.balance().await, ("55.00".to_owned(), 3), "moved once");
}

#[tokio::test]
async fn a_key_whose_request_failed_is_not_used_up() {
    let desk = Desk::open(Options::default()).await;
    let failed = send(&desk, Op::WriteOff, json!("80.00"), "retry-me").await;
    assert_eq!(code(&failed), "INSUFFICIENT_FUNDS", "{failed:#}");
    data(send(&desk, Op::TopUp, json!("30.00"), "funds").await, "the top-up");

    let retried = data(send(&desk, Op::WriteOff, json!("80.00"), "retry-me").await, "the retry once funds are there");
    assert_eq!(retried["writeOffWallet"]["wallet"]["balance"], "0.00");
    assert_eq!(desk.balance().await, ("0.00".to_owned(), 4));
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

/// Sends `op` with one input ten times at once, over the HTTP client, the requests taking
/// turns among the instances at `urls`; the ten bodies.
async fn ten_at_once(desk: &Desk, op: Op, input: Value, urls: &[String]) -> Vec<Value> {
    let body = json!({ "query": op.document(), "variables": { "input": input } });
    let tasks = (0..10).map(|i| {
        let url = format!("{}/graphql", urls[i % urls.len()]);
        let (http, body) = (desk.app.http.clone(), body.clone());
        let token = op.actor(desk).token.clone();
        tokio::spawn(async move {
            let response = http.post(url).bearer_auth(token).json(&body).send().await.expect("POST /graphql");
            response.json::<Value>().await.expect("a JSON body")
        })
    });
    futures::future::join_all(tasks).await.into_iter().map(|task| task.expect("the request task")).collect()
}

async fn transactions(desk: &Desk) -> usize {
    let query = "{ myWallet { transactions(first: 100) { edges { node { id } } } } }";
    let data = desk.app.ok(Some(&desk.customer.token), query, json!({})).await;
    data["myWallet"]["transactions"]["edges"].as_array().unwrap().len()
}

/// The desk's 50.00 after one move of 5.00.
fn after_one_move(op: Op) -> &'static str {
    match op {
        Op::TopUp | Op::Refund => "55.00",
        Op::WriteOff | Op::Pay => "45.00",
    }
}

/// Ten identical requests with one key at once, to one instance or, in turns, to two on the
/// same database (where no in-process queue can see both): all ten answer the same, money
/// moves once.
async fn ten_at_once_move_money_once(op: Op, instances: usize) {
    let desk = Desk::open(Options { redis: true, ..Options::default() }).await;
    let mut siblings = Vec::new();
    for _ in 1..instances {
        siblings.push(desk.app.sibling().await);
    }
    let urls: Vec<String> = std::iter::once(&desk.app).chain(&siblings).map(|app| app.url.clone()).collect();
    let (before, history) = (desk.balance().await, transactions(&desk).await);
    let bodies = ten_at_once(&desk, op, op.input(&desk, json!("5.00"), "at-once"), &urls).await;

    let first = data(bodies[0].clone(), "the first answer");
    for body in bodies {
        assert_eq!(data(body, "every answer"), first, "{}: all ten answers carry one transaction", op.field());
    }
    assert_eq!(desk.balance().await, (after_one_move(op).to_owned(), before.1 + 1), "{}: moved once", op.field());
    assert_eq!(first[op.field()]["wallet"]["version"], before.1 + 1);
    assert_eq!(transactions(&desk).await, history + 1, "{}: one transaction was recorded", op.field());
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_top_ups_with_one_key_move_the_money_once() {
    ten_at_once_move_money_once(Op::TopUp, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_write_offs_with_one_key_move_the_money_once() {
    ten_at_once_move_money_once(Op::WriteOff, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_payments_with_one_key_move_the_money_once() {
    ten_at_once_move_money_once(Op::Pay, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_refunds_with_one_key_move_the_money_once() {
    ten_at_once_move_money_once(Op::Refund, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_top_ups_with_one_key_on_two_instances_move_the_money_once() {
    ten_at_once_move_money_once(Op::TopUp, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_write_offs_with_one_key_on_two_instances_move_the_money_once() {
    ten_at_once_move_money_once(Op::WriteOff, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_payments_with_one_key_on_two_instances_move_the_money_once() {
    ten_at_once_move_money_once(Op::Pay, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_refunds_with_one_key_on_two_instances_move_the_money_once() {
    ten_at_once_move_money_once(Op::Refund, 2).await;
}
