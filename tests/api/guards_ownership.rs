//! Ownership through nested paths, payment-system visibility, write-only secrets, and the
//! cashier role ending the moment an admin removes it.

use serde_json::{Value, json};

use crate::guards::World;
use crate::helpers::{Actor, TestApp, code};

/// The error paths of a response, e.g. `["myWallet", "transactions", ..., "wallet"]`.
fn error_path(body: &Value) -> Vec<String> {
    let path = body["errors"][0]["path"].as_array().unwrap_or_else(|| panic!("no error path in {body:#}"));
    path.iter().filter_map(|part| part.as_str().map(str::to_owned)).collect()
}

/// A refused nested field: FORBIDDEN, on that path, and its value nowhere in the body.
fn assert_refused(body: &Value, ends_with: &[&str], hidden: &str) {
    assert_eq!(code(body), "FORBIDDEN", "{body:#}");
    assert!(error_path(body).ends_with(&ends_with.iter().map(|s| s.to_string()).collect::<Vec<_>>()), "{body:#}");
    assert!(!body.to_string().contains(hidden), "{hidden} leaked: {body:#}");
}

async fn history(app: &TestApp, actor: &Actor, kind: &str, node: &str) -> Value {
    let query =
        format!("{{ myWallet {{ transactions(filter: {{ kinds: [{kind}] }}) {{ edges {{ node {{ {node} }} }} }} }} }}");
    app.gql(Some(&actor.token), &query, json!({})).await
}

#[tokio::test]
async fn a_customer_sees_the_wallet_of_their_own_transactions_but_not_the_cashiers_wallet_or_email() {
    let world = World::new().await;
    let (app, customer, cashier) = (&world.app, &world.customer, &world.cashier);

    let own = history(app, customer, "TOP_UP", "wallet { number owner { id } } performedBy { id name }").await;
    assert!(own.get("errors").is_none(), "{own:#}");
    let node = &own["data"]["myWallet"]["transactions"]["edges"][0]["node"];
    assert_eq!(node["wallet"]["number"], customer.wallet.as_str());
    assert_eq!(node["wallet"]["owner"]["id"], customer.id.as_str());
    assert_eq!(node["performedBy"]["id"], cashier.id.as_str(), "the cashier is named, by id and name");

    let wallet = history(app, customer, "TOP_UP", "performedBy { wallet { number balance } }").await;
    assert_refused(&wallet, &["performedBy", "wallet"], &cashier.wallet);
    let email = history(app, customer, "TOP_UP", "performedBy { email }").await;
    assert_refused(&email, &["performedBy", "email"], &cashier.email);

    let paid = history(app, customer, "PAYMENT", "performedBy { email wallet { number } }").await;
    assert!(paid.get("errors").is_none(), "their own payment shows themself: {paid:#}");
    let me = &paid["data"]["myWallet"]["transactions"]["edges"][0]["node"]["performedBy"];
    assert_eq!(
        (me["email"].as_str(), me["wallet"]["number"].as_str()),
        (Some(&*customer.email), Some(&*customer.wallet))
    );
}

#[tokio::test]
async fn a_refund_shows_its_payment_to_the_customer_but_not_the_refunding_cashiers_wallet() {
    let world = World::new().await;
    let (app, customer, cashier) = (&world.app, &world.customer, &world.cashier);
    app.ok(
        Some(&cashier.token),
        "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { wallet { balance } } }",
        json!({ "input": { "paymentId": world.payment, "amount": "2.00", "reason": "Back", "idempotencyKey": "rf" } }),
    )
    .await;

    let refund = history(app, customer, "REFUND", "refundOf { id wallet { number } } wallet { number }").await;
    assert!(refund.get("errors").is_none(), "{refund:#}");
    let node = &refund["data"]["myWallet"]["transactions"]["edges"][0]["node"];
    assert_eq!(node["refundOf"]["id"], world.payment.as_str());
    assert_eq!(node["refundOf"]["wallet"]["number"], customer.wallet.as_str());
    let cashiers = history(app, customer, "REFUND", "performedBy { wallet { number } }").await;
    assert_refused(&cashiers, &["performedBy", "wallet"], &cashier.wallet);
}

#[tokio::test]
async fn a_customer_never_sees_another_customers_transactions() {
    let world = World::new().await;
    let app = &world.app;
    let other = app.customer().await;
    app.top_up(&world.cashier, &other.wallet, "7.00", &world.system).await;
    let ids = |body: &Value| -> Vec<String> {
        let edges = body["myWallet"]["transactions"]["edges"].as_array().unwrap().clone();
        edges.iter().map(|edge| edge["node"]["id"].as_str().unwrap().to_owned()).collect()
    };
    let query = "{ myWallet { transactions { edges { node { id wallet { number } } } } } }";
    let mine = app.ok(Some(&world.customer.token), query, json!({})).await;
    let theirs = app.ok(Some(&other.token), query, json!({})).await;
    assert_eq!((ids(&mine).len(), ids(&theirs).len()), (2, 1), "top-up and payment; one top-up");
    assert!(ids(&theirs).iter().all(|id| !ids(&mine).contains(id)));
    assert!(!mine.to_string().contains(&other.wallet), "{mine:#}");
}

#[tokio::test]
async fn a_removed_cashier_can_no_longer_reach_other_wallets_through_nested_paths() {
    let world = World::new().await;
    let (app, former, cashier) = (&world.app, &world.former, &world.cashier);
    // While a cashier, `former` topped up the cashier's wallet; now they are a customer.
    let wallet = history(app, former, "TOP_UP", "performedBy { wallet { number } }").await;
    assert_refused(&wallet, &["performedBy", "wallet"], &cashier.wallet);
    let email = history(app, former, "TOP_UP", "performedBy { email }").await;
    assert_refused(&email, &["performedBy", "email"], &cashier.email);
}

#[tokio::test]
async fn staff_reach_any_wallet_and_email_through_nested_paths() {
    let world = World::new().await;
    let (app, customer) = (&world.app, &world.customer);
    let recent = app
        .ok(
            Some(&world.cashier.token),
            "{ recentTransactions(first: 100) { edges { node { kind wallet { number owner { email } }
               performedBy { email wallet { number } } } } } }",
            json!({}),
        )
        .await;
    let text = recent.to_string();
    assert!(text.contains(&customer.wallet) && text.contains(&customer.email), "{recent:#}");
    let cashiers =
        app.ok(Some(&world.admin.token), "{ cashiers { user { email wallet { number balance } } } }", json!({})).await;
    assert!(cashiers.to_string().contains(&world.cashier.wallet), "{cashiers:#}");
}

#[tokio::test]
async fn a_removed_cashiers_very_next_request_is_forbidden_and_moves_nothing() {
    let world = World::new().await;
    let (app, admin, customer) = (&world.app, &world.admin, &world.customer);
    let cashier = app.cashier(admin).await;
    app.top_up(&cashier, &customer.wallet, "5.00", &world.system).await;
    let before = app.balance(customer).await;
    app.ok(Some(&admin.token), "mutation($id: ID!) { removeCashier(userId: $id) }", json!({ "id": cashier.id })).await;

    let refused = app.try_top_up(&cashier, &customer.wallet, "5.00", &world.system, "after-removal").await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused:#}");
    assert_eq!(app.balance(customer).await, before, "nothing moved");
    let lookup = "query($n: String!) { walletByNumber(number: $n) { id } }";
    let lookup = app.gql(Some(&cashier.token), lookup, json!({ "n": customer.wallet })).await;
    assert_eq!(code(&lookup), "FORBIDDEN", "{lookup:#}");
    let mine = app.ok(Some(&cashier.token), "{ me { roles } myWallet { number } }", json!({})).await;
    assert_eq!(mine["me"]["roles"], json!(["CUSTOMER"]), "only the customer role is left");
    assert_eq!(mine["myWallet"]["number"], cashier.wallet.as_str(), "their own wallet stays theirs");
}

const SYSTEMS: &str = "{ paymentSystems { id name enabled merchantId hasSecret } }";

async fn connect(app: &TestApp, admin: &Actor, name: &str, merchant: &str, secret: &str, enabled: bool) -> Value {
    let data = app
        .ok(
            Some(&admin.token),
            "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) {
               id provider name enabled merchantId hasSecret createdAt updatedAt } }",
            json!({ "input": { "provider": "ROBOKASSA", "name": name, "merchantId": merchant, "secret": secret, "enabled": enabled } }),
        )
        .await;
    data["createPaymentSystemBinding"].clone()
}

#[tokio::test]
async fn customers_and_cashiers_see_enabled_payment_systems_without_merchant_ids_and_admins_see_all() {
    let world = World::new().await;
    let (app, admin) = (&world.app, &world.admin);
    let shown = connect(app, admin, "Shown", "M-SHOWN", "s1", true).await;
    let hidden = connect(app, admin, "Hidden", "M-HIDDEN", "s2", false).await;

    for actor in [&world.customer, &world.cashier, &world.former] {
        let data = app.ok(Some(&actor.token), SYSTEMS, json!({})).await;
        let systems = data["paymentSystems"].as_array().unwrap();
        let ids: Vec<_> = systems.iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [world.system.as_str(), shown["id"].as_str().unwrap()], "{}: enabled only", actor.email);
        assert!(systems.iter().all(|s| s["merchantId"].is_null() && s["hasSecret"] == true), "{data:#}");
        assert!(!data.to_string().contains("M-"), "no merchant id leaks: {data:#}");
    }
    let data = app.ok(Some(&admin.token), SYSTEMS, json!({})).await;
    let merchants: Vec<_> =
        data["paymentSystems"].as_array().unwrap().iter().map(|s| s["merchantId"].clone()).collect();
    assert_eq!(merchants, [json!("4100"), json!("M-SHOWN"), json!("M-HIDDEN")], "{data:#}");
    assert_eq!(data["paymentSystems"][2]["id"], hidden["id"]);
    assert_eq!(data["paymentSystems"][2]["enabled"], false);
}

#[tokio::test]
async fn payment_system_secrets_never_appear_in_any_response() {
    let world = World::new().await;
    let (app, admin) = (&world.app, &world.admin);
    let (first, second) = ("first-secret-7f3a9c", "second-secret-2b81d4");
    let created = connect(app, admin, "Robokassa", "shop-1", first, true).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut bodies = vec![json!(created)];
    let update = "mutation($id: ID!, $input: UpdatePaymentSystemBindingInput!) {
                    updatePaymentSystemBinding(id: $id, input: $input) { id name merchantId hasSecret } }";
    bodies.push(app.gql(Some(&admin.token), update, json!({ "id": id, "input": { "secret": second } })).await);
    let too_long = second.repeat(60);
    let refused = app.gql(Some(&admin.token), update, json!({ "id": id, "input": { "secret": too_long } })).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused:#}");
    bodies.push(refused);
    for actor in [admin, &world.customer, &world.cashier] {
        bodies.push(app.gql(Some(&actor.token), SYSTEMS, json!({})).await);
    }
    let topped = app.top_up(&world.cashier, &world.customer.wallet, "1.00", &id).await;
    bodies.push(topped);
    let history = "{ myWallet { transactions { edges { node { paymentSystem { id name merchantId hasSecret } } } } } }";
    bodies.push(app.gql(Some(&world.customer.token), history, json!({})).await);
    let fields = "{ __type(name: \"PaymentSystemBinding\") { fields { name } } }";
    let introspected = app.ok(Some(&admin.token), fields, json!({})).await;
    let names: Vec<_> =
        introspected["__type"]["fields"].as_array().unwrap().iter().map(|f| f["name"].clone()).collect();
    assert!(!names.contains(&json!("secret")) && names.contains(&json!("hasSecret")), "{names:?}");

    for body in bodies {
        let text = body.to_string();
        assert!(!text.contains(first) && !text.contains(second), "a secret leaked: {text}");
    }
    let hidden = app.ok(Some(&admin.token), SYSTEMS, json!({})).await;
    assert_eq!(hidden["paymentSystems"][1]["hasSecret"], true, "the secret is stored, only never shown");
}
