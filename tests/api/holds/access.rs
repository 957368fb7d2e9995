//! Who may hold, capture, void and read: a customer only their own; staff void and read;
//! an order is for staff (and keys, see holds_keys.rs).

use serde_json::{Value, json};

use super::{hold, try_capture, try_hold, try_void, wallet};
use crate::helpers::code;
use crate::live::Scene;

const HOLD: &str = "query($id: ID!) { hold(id: $id) { id status amount wallet { number } } }";
const ORDER: &str = "query($r: String!) { order(reference: $r) { reference holds { id status }
    transactions { kind amount reference refundOf { id } } } }";

#[tokio::test]
async fn a_customer_cannot_hold_capture_void_or_see_on_another_wallet() {
    let scene = Scene::new(Default::default()).await;
    let (app, owner) = (&scene.app, &scene.customer);
    let other = app.customer().await;
    app.top_up(&scene.cashier, &owner.wallet, "50.00", &scene.system).await;
    app.top_up(&scene.cashier, &other.wallet, "50.00", &scene.system).await;

    let foreign = try_hold(app, &other.token, &owner.wallet, "1.00", "O", "k").await;
    assert_eq!(code(&foreign), "FORBIDDEN");
    // A staff member is no owner either: holds are the owner's or a key's.
    assert_eq!(code(&try_hold(app, &scene.cashier.token, &owner.wallet, "1.00", "O", "k").await), "FORBIDDEN");

    let held = hold(app, owner, "10.00", "ORD-7").await;
    let id = held["hold"]["id"].as_str().unwrap();
    // Another customer's capture and void read as "no such hold"; hold(id) is null.
    assert_eq!(code(&try_capture(app, &other.token, id, None, "c").await), "NOT_FOUND");
    assert_eq!(code(&try_void(app, &other.token, id, "v").await), "NOT_FOUND");
    assert_eq!(app.ok(Some(&other.token), HOLD, json!({ "id": id })).await["hold"], Value::Null);
    // A cashier cannot capture (only void), and cannot tell it from a missing hold either.
    assert_eq!(code(&try_capture(app, &scene.cashier.token, id, None, "c").await), "NOT_FOUND");
    assert_eq!(wallet(app, owner).await, ("50.00".into(), "40.00".into(), "10.00".into(), 2), "unchanged");
    assert_eq!(wallet(app, &other).await.1, "50.00");

    // The owner, cashiers and admins see it; the owner's holds page shows it, another's is refused.
    for who in [owner, &scene.cashier, &scene.admin] {
        let seen = app.ok(Some(&who.token), HOLD, json!({ "id": id })).await;
        assert_eq!(seen["hold"]["status"], "HELD", "{}", who.email);
    }
    assert_eq!(app.gql(None, HOLD, json!({ "id": id })).await["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let page = app
        .ok(
            Some(&owner.token),
            "{ myWallet { holds(status: HELD) { edges { node { id } } pageInfo { hasNextPage } } } }",
            json!({}),
        )
        .await;
    assert_eq!(page["myWallet"]["holds"]["edges"][0]["node"]["id"], id);
    let none =
        app.ok(Some(&owner.token), "{ myWallet { holds(status: VOIDED) { edges { node { id } } } } }", json!({})).await;
    assert_eq!(none["myWallet"]["holds"]["edges"], json!([]));
    let staff =
        "query($n: String!) { walletByNumber(number: $n) { holds(first: 1) { edges { cursor node { amount } } } } }";
    let seen = app.ok(Some(&scene.cashier.token), staff, json!({ "n": owner.wallet })).await;
    assert_eq!(seen["walletByNumber"]["holds"]["edges"][0]["node"]["amount"], "10.00");

    // A customer cannot read orders.
    assert_eq!(code(&app.gql(Some(&owner.token), ORDER, json!({ "r": "ORD-7" })).await), "FORBIDDEN");
}

#[tokio::test]
async fn an_order_shows_its_holds_its_payment_and_the_refund_of_it_oldest_first() {
    let scene = Scene::new(Default::default()).await;
    let (app, customer) = (&scene.app, &scene.customer);
    app.top_up(&scene.cashier, &customer.wallet, "80.00", &scene.system).await;
    let first = hold(app, customer, "30.00", "ORD-9").await;
    let voided = hold(app, customer, "5.00", "ORD-9").await;
    hold(app, customer, "1.00", "ORD-other").await;
    try_void(app, &customer.token, voided["hold"]["id"].as_str().unwrap(), "v").await;
    let captured = try_capture(app, &customer.token, first["hold"]["id"].as_str().unwrap(), Some("25.00"), "c").await;
    let payment = captured["data"]["captureHold"]["hold"]["payment"]["id"].as_str().unwrap().to_owned();
    let refund = "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { transaction { id } } }";
    let input = json!({ "paymentId": payment, "amount": "5.00", "reason": "one item back", "idempotencyKey": "r" });
    app.ok(Some(&scene.cashier.token), refund, json!({ "input": input })).await;

    for staff in [&scene.cashier, &scene.admin] {
        let order = app.ok(Some(&staff.token), ORDER, json!({ "r": "ORD-9" })).await["order"].clone();
        assert_eq!(order["reference"], "ORD-9");
        let statuses: Vec<_> = order["holds"].as_array().unwrap().iter().map(|h| h["status"].clone()).collect();
        assert_eq!(statuses, vec![json!("CAPTURED"), json!("VOIDED")]);
        assert_eq!(
            order["transactions"],
            json!([
                { "kind": "PAYMENT", "amount": "25.00", "reference": "ORD-9", "refundOf": null },
                { "kind": "REFUND", "amount": "5.00", "reference": "ORD-9", "refundOf": { "id": payment } },
            ])
        );
    }
    let empty = app.ok(Some(&scene.admin.token), ORDER, json!({ "r": "ORD-none" })).await;
    assert_eq!(empty["order"], json!({ "reference": "ORD-none", "holds": [], "transactions": [] }));
    assert_eq!(code(&app.gql(Some(&scene.admin.token), ORDER, json!({ "r": "" })).await), "BAD_USER_INPUT");
    assert_eq!(wallet(app, customer).await, ("60.00".into(), "59.00".into(), "1.00".into(), 7));
    assert_eq!(app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn a_portal_user_holds_by_their_own_external_id_and_not_by_another_s() {
    let scene = Scene::new(Default::default()).await;
    let (app, portal_user) = (&scene.app, &scene.customer);
    let other = app.customer().await;
    app.top_up(&scene.cashier, &portal_user.wallet, "10.00", &scene.system).await;
    // The user as a portal sign-in would have made them: password-less, with the JWT's sub.
    let mut conn = app.state().conn().await.unwrap();
    let sql = format!("UPDATE users SET password_hash = '!', external_id = 'portal-42' WHERE id = {}", portal_user.id);
    diesel_async::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).await.unwrap();
    drop(conn);

    let input = |key: &str| json!({ "input": { "externalUserId": "portal-42", "amount": "4.00", "orderReference": "P", "idempotencyKey": key } });
    let own = app.ok(Some(&portal_user.token), &super::create_query(), input("a")).await;
    assert_eq!(own["createHold"]["hold"]["wallet"]["number"], portal_user.wallet.as_str());
    assert_eq!(code(&app.gql(Some(&other.token), &super::create_query(), input("b")).await), "FORBIDDEN");
    // An unknown portal id reads the same to a customer: nothing tells whether it exists.
    let unknown = json!({ "input": { "externalUserId": "nobody", "amount": "1.00", "orderReference": "P", "idempotencyKey": "c" } });
    assert_eq!(code(&app.gql(Some(&other.token), &super::create_query(), unknown).await), "FORBIDDEN");
    assert_eq!(wallet(app, portal_user).await, ("10.00".into(), "6.00".into(), "4.00".into(), 2));
}
