//! Online top-ups end to end: a customer starts an invoice over GraphQL, a payment system
//! sends its signed notification over HTTP, and the wallet is credited exactly once.

mod money;
mod providers;
mod secrets;
pub mod signing;

use serde_json::{Value, json};

use crate::helpers::{Actor, TestApp};
use signing::{Paid, Sent};

pub const PROVIDERS: [&str; 5] = ["ROBOKASSA", "YOOMONEY", "QIWI", "PAYMASTER", "MYKASSA"];

pub const INVOICE: &str = "id number status amount paymentUrl externalId paidAmount reviewReason
    transaction { id kind amount reference invoice { id } performedBy { id } paymentSystem { id } }
    duplicateOf { id } resolution";

/// A binding of one provider, a cashier and a customer.
pub struct Shop {
    pub app: TestApp,
    pub admin: Actor,
    pub cashier: Actor,
    pub customer: Actor,
    pub provider: &'static str,
    pub binding: String,
    pub merchant: String,
    pub secret: String,
}

pub fn merchant_of(provider: &str) -> String {
    format!("{}-shop", provider.to_lowercase())
}

pub fn secret_of(provider: &str) -> String {
    format!("notify-secret-of-{}-Zq9", provider.to_lowercase())
}

/// Connects `provider` with its notification secret and (where its links need one) its
/// link secret; returns the binding id.
pub async fn bind(app: &TestApp, admin: &Actor, provider: &str) -> String {
    let input = json!({
        "provider": provider, "name": format!("{provider} test"), "merchantId": merchant_of(provider),
        "secret": secret_of(provider), "paymentSecret": format!("link-secret-of-{}-Yx7", provider.to_lowercase()),
        "enabled": true,
    });
    let data = app
        .ok(
            Some(&admin.token),
            "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id acceptsOnlinePayments } }",
            json!({ "input": input }),
        )
        .await;
    assert_eq!(data["createPaymentSystemBinding"]["acceptsOnlinePayments"], true);
    data["createPaymentSystemBinding"]["id"].as_str().unwrap().to_owned()
}

impl Shop {
    pub async fn open(app: TestApp, provider: &'static str) -> Self {
        let admin = app.admin().await;
        let cashier = app.cashier(&admin).await;
        let customer = app.customer().await;
        let binding = bind(&app, &admin, provider).await;
        Self {
            app,
            admin,
            cashier,
            customer,
            provider,
            binding,
            merchant: merchant_of(provider),
            secret: secret_of(provider),
        }
    }

    pub async fn try_start(&self, who: &Actor, amount: &str, key: &str) -> Value {
        self.app
            .gql(
                Some(&who.token),
                &format!("mutation($input: StartTopUpInput!) {{ startTopUp(input: $input) {{ {INVOICE} }} }}"),
                json!({ "input": { "paymentSystemId": self.binding, "amount": amount, "idempotencyKey": key } }),
            )
            .await
    }

    /// The customer starts a top-up of `amount`; returns the invoice.
    pub async fn start(&self, amount: &str) -> Value {
        let body = self.try_start(&self.customer, amount, &format!("online-{}", self.app.unique())).await;
        assert!(body.get("errors").is_none(), "startTopUp failed: {body:#}");
        assert_eq!(body["data"]["startTopUp"]["status"], "PENDING");
        body["data"]["startTopUp"].clone()
    }

    /// What the payment system would say about a payment of `amount` for `invoice`.
    pub fn paid<'a>(&'a self, invoice: &'a str, amount: &'a str, payment_id: &'a str) -> Paid<'a> {
        Paid { invoice, amount, payment_id, merchant: &self.merchant, currency: "RUB", secret: &self.secret }
    }

    pub async fn send(&self, sent: &Sent) -> (u16, String) {
        send_to(&self.app, &self.binding, sent).await
    }

    /// Sends the provider's valid notification for a payment.
    pub async fn notify(&self, invoice: &str, amount: &str, payment_id: &str) -> (u16, String) {
        self.send(&signing::notification(self.provider, &self.paid(invoice, amount, payment_id))).await
    }

    /// The invoice as its owner sees it.
    pub async fn invoice(&self, id: &str) -> Value {
        let data = self
            .app
            .ok(
                Some(&self.customer.token),
                &format!("{{ myWallet {{ topUpInvoices(first: 100) {{ edges {{ node {{ {INVOICE} }} }} }} }} }}"),
                json!({}),
            )
            .await;
        let edges = data["myWallet"]["topUpInvoices"]["edges"].as_array().unwrap().clone();
        edges.into_iter().map(|edge| edge["node"].clone()).find(|node| node["id"] == id).expect("the invoice")
    }

    pub async fn balance(&self) -> String {
        self.app.balance(&self.customer).await.0
    }
}

pub async fn send_to(app: &TestApp, binding: &str, sent: &Sent) -> (u16, String) {
    let url = format!("{}/payments/{binding}/notify", app.url);
    let request = if sent.get {
        app.http.get(format!("{url}?{}", sent.body))
    } else {
        app.http.post(url).header("content-type", sent.content_type).body(sent.body.clone())
    };
    let request = match &sent.header {
        Some((name, value)) => request.header(*name, value),
        None => request,
    };
    let response = request.send().await.expect("the notification is answered");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The recorded attempts, oldest first: (verdict, invoice id, body).
pub async fn records(app: &TestApp) -> Vec<(String, Option<i64>, String)> {
    let (client, connection) = tokio_postgres::connect(&app.database_url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let rows =
        client.query("SELECT verdict, invoice_id, body FROM payment_notifications ORDER BY id", &[]).await.unwrap();
    rows.iter().map(|row| (row.get(0), row.get(1), row.get(2))).collect()
}

/// One SQL statement against the app's database, for set-up and checks.
pub async fn sql(app: &TestApp, statement: &str) -> Vec<tokio_postgres::Row> {
    let (client, connection) = tokio_postgres::connect(&app.database_url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.query(statement, &[]).await.unwrap()
}

/// The audit log as an admin reads it, newest first: (action, actor id, details).
pub async fn audit(app: &TestApp, admin: &Actor) -> Vec<(String, Option<String>, String)> {
    let data = app
        .ok(
            Some(&admin.token),
            "{ auditLog(first: 100) { edges { node { action actor { id } subjectPaymentSystem { id } details } } } }",
            json!({}),
        )
        .await;
    data["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| {
            let node = &edge["node"];
            (
                node["action"].as_str().unwrap().to_owned(),
                node["actor"]["id"].as_str().map(str::to_owned),
                node["details"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
