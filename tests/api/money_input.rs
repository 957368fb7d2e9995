//! Malformed Money input: refused with BAD_USER_INPUT by every money move, sent as a
//! variable or as a literal in the document, and nothing changes.

use serde_json::{Value, json};

use crate::helpers::{Actor, Options, TestApp};

/// Strings that are not an acceptable amount (the default maximum is 1000000.00).
const MALFORMED: &[&str] = &[
    "0",
    "0.00",
    "-1",
    "+1",
    "1.001",
    "1e3",
    "1E3",
    "NaN",
    "Infinity",
    " 1",
    "1 ",
    "1 000",
    "1,00",
    "1.",
    ".5",
    "0x10",
    "",
    "1234567890123456789012345678901234567890",
    "1000000.01",
];

/// A cashier's desk: a customer with 50.00 left after paying 50.00 (the payment to refund).
pub(crate) struct Desk {
    pub(crate) app: TestApp,
    pub(crate) admin: Actor,
    pub(crate) cashier: Actor,
    pub(crate) customer: Actor,
    pub(crate) system: String,
    pub(crate) payment: String,
}

impl Desk {
    pub(crate) async fn open(options: Options) -> Desk {
        let app = TestApp::with(options).await;
        let admin = app.admin().await;
        let system = app.payment_system(&admin).await;
        let cashier = app.cashier(&admin).await;
        let customer = app.customer().await;
        app.top_up(&cashier, &customer.wallet, "100.00", &system).await;
        let mut desk = Desk { app, admin, cashier, customer, system, payment: String::new() };
        let paid = Op::Pay.send(&desk, Op::Pay.input(&desk, json!("50.00"), "setup-pay")).await;
        desk.payment = paid["data"]["payFromWallet"]["transaction"]["id"].as_str().unwrap().to_owned();
        desk
    }

    /// The customer's (balance, version).
    pub(crate) async fn balance(&self) -> (String, i64) {
        self.app.balance(&self.customer).await
    }
}

/// The four money moves, each sent by the one who may send it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    TopUp,
    WriteOff,
    Pay,
    Refund,
}

impl Op {
    pub(crate) const ALL: [Op; 4] = [Op::TopUp, Op::WriteOff, Op::Pay, Op::Refund];

    pub(crate) fn field(self) -> &'static str {
        match self {
            Op::TopUp => "topUpWallet",
            Op::WriteOff => "writeOffWallet",
            Op::Pay => "payFromWallet",
            Op::Refund => "refundPayment",
        }
    }

    fn input_type(self) -> &'static str {
        match self {
            Op::TopUp => "TopUpWalletInput",
            Op::WriteOff => "WriteOffWalletInput",
            Op::Pay => "PayFromWalletInput",
            Op::Refund => "RefundPaymentInput",
        }
    }

    /// A well-formed input except, perhaps, `amount`.
    pub(crate) fn input(self, desk: &Desk, amount: Value, key: &str) -> Value {
        let mut input = match self {
            Op::TopUp => {
                json!({ "walletNumber": desk.customer.wallet, "paymentSystemId": desk.system, "receipt": "R-1" })
            }
            Op::WriteOff => json!({ "walletNumber": desk.customer.wallet, "reason": "Correction" }),
            Op::Pay => json!({ "orderReference": "ORDER-1" }),
            Op::Refund => json!({ "paymentId": desk.payment, "reason": "Back" }),
        };
        input["amount"] = amount;
        input["idempotencyKey"] = json!(key);
        input
    }

    pub(crate) fn actor(self, desk: &Desk) -> &Actor {
        if matches!(self, Op::Pay) { &desk.customer } else { &desk.cashier }
    }

    fn selection(self) -> String {
        format!("{}(input: {{}}) {{ transaction {{ id amount }} wallet {{ balance version }} }}", self.field())
    }

    /// The mutation, taking its input as the `$input` variable.
    pub(crate) fn document(self) -> String {
        format!("mutation($input: {}!) {{ {} }}", self.input_type(), self.selection().replace("{}", "$input"))
    }

    /// Sends `input` as the `$input` variable.
    pub(crate) async fn send(self, desk: &Desk, input: Value) -> Value {
        desk.app.gql(Some(&self.actor(desk).token), &self.document(), json!({ "input": input })).await
    }

    /// Sends `input` written into the document as a literal.
    pub(crate) async fn send_inline(self, desk: &Desk, input: Value) -> Value {
        let query = format!("mutation {{ {} }}", self.selection().replace("{}", &literal(&input)));
        desk.app.gql(Some(&self.actor(desk).token), &query, json!({})).await
    }
}

/// A JSON value as a GraphQL input literal.
pub(crate) fn literal(value: &Value) -> String {
    match value {
        Value::Object(fields) => {
            let fields: Vec<_> = fields.iter().map(|(name, value)| format!("{name}: {}", literal(value))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(literal).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// Sends every malformed amount both ways and checks each is refused and moves nothing;
/// then a well-formed amount in the same documents passes, so the refusals were about
/// the amount.
async fn refuses_malformed_amounts(op: Op) {
    let desk = Desk::open(Options::default()).await;
    let before = desk.balance().await;
    let mut amounts: Vec<Value> = MALFORMED.iter().map(|text| json!(text)).collect();
    amounts.extend([json!(1), json!(1.5), json!(true), json!({ "amount": "1.00" }), json!(["1.00"])]);
    if !matches!(op, Op::Refund) {
        amounts.push(Value::Null); // a refund's null amount means "all that is left"
    }
    // Every wrong answer is collected, so one run names all of them.
    let mut wrong = Vec::new();
    for (n, amount) in amounts.iter().enumerate() {
        let input = op.input(&desk, amount.clone(), &format!("bad-{n}"));
        for (how, body) in
            [("variable", op.send(&desk, input.clone()).await), ("literal", op.send_inline(&desk, input).await)]
        {
            let got = body["errors"][0]["extensions"]["code"].as_str().unwrap_or("no error").to_owned();
            if got != "BAD_USER_INPUT" {
                wrong.push(format!("{} with amount {amount} as a {how}: {got}, expected BAD_USER_INPUT", op.field()));
            }
            assert!(body["data"].is_null() || body["data"][op.field()].is_null(), "{body:#}");
            assert_eq!(desk.balance().await, before, "{} with amount {amount} as a {how} moved money", op.field());
        }
    }
    assert!(wrong.is_empty(), "wrong answers:\n{}", wrong.join("\n"));
    let good = op.send(&desk, op.input(&desk, json!("1.00"), "good-variable")).await;
    assert_eq!(good["data"][op.field()]["transaction"]["amount"], "1.00", "{good:#}");
    let good = op.send_inline(&desk, op.input(&desk, json!("1.00"), "good-literal")).await;
    assert_eq!(good["data"][op.field()]["transaction"]["amount"], "1.00", "{good:#}");
    assert_eq!(desk.balance().await.1, before.1 + 2, "both well-formed moves went through");
    assert_eq!(desk.app.verify_ledger().await, vec![]);
}

#[tokio::test]
async fn top_up_refuses_every_malformed_amount_and_moves_nothing() {
    refuses_malformed_amounts(Op::TopUp).await;
}

#[tokio::test]
async fn write_off_refuses_every_malformed_amount_and_moves_nothing() {
    refuses_malformed_amounts(Op::WriteOff).await;
}

#[tokio::test]
async fn payment_refuses_every_malformed_amount_and_moves_nothing() {
    refuses_malformed_amounts(Op::Pay).await;
}

#[tokio::test]
async fn refund_refuses_every_malformed_amount_and_moves_nothing() {
    refuses_malformed_amounts(Op::Refund).await;
}
