//! Role guards: every guarded field of the contract, asked by every kind of caller.
//! A refused request must also change nothing: the whole visible state is compared
//! before and after it.

use serde_json::{Value, json};

use crate::helpers::{Actor, TOP_UP, TestApp};

/// What a caller must get back from a field.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// No error, and the field has a value.
    Allowed,
    /// No error, and the field is null.
    Null,
    Unauthenticated,
    Forbidden,
}

use Expect::{Allowed as A, Forbidden as F, Null as N, Unauthenticated as U};

/// The callers, in the order they ask: a field's expectations are listed in this order.
const CALLERS: [&str; 5] = ["anonymous", "customer", "cashier", "removed cashier", "admin"];

const OPEN: [Expect; 5] = [A, A, A, A, A];
const ME: [Expect; 5] = [N, A, A, A, A];
const SIGNED_IN: [Expect; 5] = [U, A, A, A, A];
const CASHIER: [Expect; 5] = [U, F, A, F, F];
const STAFF: [Expect; 5] = [U, F, A, F, A];
const ADMIN: [Expect; 5] = [U, F, F, F, A];

/// One app with every kind of caller, money on their wallets and a payment to refund.
pub(crate) struct World {
    pub(crate) app: TestApp,
    /// A second admin who only looks, so the snapshot survives any caller signing out.
    pub(crate) auditor: Actor,
    pub(crate) admin: Actor,
    pub(crate) cashier: Actor,
    /// Was a cashier (and topped up a wallet), then an admin removed them.
    pub(crate) former: Actor,
    pub(crate) customer: Actor,
    pub(crate) system: String,
    pub(crate) payment: String,
}

impl World {
    pub(crate) async fn new() -> World {
        let app = TestApp::spawn().await;
        let admin = app.admin().await;
        let auditor = app.admin().await;
        let system = app.payment_system(&admin).await;
        let cashier = app.cashier(&admin).await;
        let former = app.cashier(&admin).await;
        let customer = app.customer().await;
        for wallet in [&customer.wallet, &admin.wallet, &former.wallet] {
            app.top_up(&cashier, wallet, "100.00", &system).await;
        }
        app.top_up(&former, &cashier.wallet, "100.00", &system).await;
        let removed = app
            .ok(Some(&admin.token), "mutation($id: ID!) { removeCashier(userId: $id) }", json!({ "id": former.id }))
            .await;
        assert_eq!(removed["removeCashier"], true, "the cashier was removed");
        let paid = app
            .ok(
                Some(&customer.token),
                "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { transaction { id } } }",
                json!({ "input": { "amount": "10.00", "orderReference": "ORDER-1", "idempotencyKey": "setup-pay" } }),
            )
            .await;
        let payment = paid["payFromWallet"]["transaction"]["id"].as_str().unwrap().to_owned();
        World { app, auditor, admin, cashier, former, customer, system, payment }
    }

    /// The caller at `index` of [`CALLERS`].
    fn caller(&self, index: usize) -> Option<&Actor> {
        [None, Some(&self.customer), Some(&self.cashier), Some(&self.former), Some(&self.admin)][index]
    }

    /// Everything a request could change, as the auditor sees it.
    async fn snapshot(&self) -> Value {
        self.app
            .ok(
                Some(&self.auditor.token),
                "{ users(first: 100) { edges { node { id email name roles wallet { number balance version } } } }
                   cashiers { user { id } addedAt }
                   paymentSystems { id name enabled merchantId hasSecret updatedAt }
                   recentTransactions(first: 100) { edges { node { id kind amount } } } }",
                json!({}),
            )
            .await
    }

    /// The document and variables that ask for `field`; `n` keeps keys and emails unique.
    fn request(&self, field: &str, n: usize) -> (String, Value) {
        let key = format!("guard-{field}-{n}");
        let input = |input: Value| json!({ "input": input });
        let (query, variables) = match field {
            "me" => ("{ me { id } }", json!({})),
            "myWallet" => ("{ myWallet { id balance } }", json!({})),
            "walletByNumber" => {
                ("query($n: String!) { walletByNumber(number: $n) { id } }", json!({ "n": self.customer.wallet }))
            }
            "recentTransactions" => ("{ recentTransactions(first: 5) { edges { node { id } } } }", json!({})),
            "users" => ("{ users(first: 5) { edges { node { id } } } }", json!({})),
            "cashiers" => ("{ cashiers { user { id } } }", json!({})),
            "paymentSystems" => ("{ paymentSystems { id } }", json!({})),
            "walletConfig" => ("{ walletConfig { currency } }", json!({})),
            "signOut" => ("mutation { signOut }", json!({})),
            "topUpWallet" => (
                TOP_UP,
                input(json!({ "walletNumber": self.customer.wallet, "amount": "1.00",
                              "paymentSystemId": self.system, "receipt": "R-9", "idempotencyKey": key })),
            ),
            "writeOffWallet" => (
                "mutation($input: WriteOffWalletInput!) { writeOffWallet(input: $input) { wallet { balance } } }",
                input(json!({ "walletNumber": self.customer.wallet, "amount": "1.00", "reason": "Guard",
                              "idempotencyKey": key })),
            ),
            "payFromWallet" => (
                "mutation($input: PayFromWalletInput!) { payFromWallet(input: $input) { wallet { balance } } }",
                input(json!({ "amount": "1.00", "orderReference": "ORDER-G", "idempotencyKey": key })),
            ),
            "refundPayment" => (
                "mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { wallet { balance } } }",
                input(json!({ "paymentId": self.payment, "amount": "1.00", "reason": "Guard", "idempotencyKey": key })),
            ),
            "createUser" => (
                "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }",
                input(json!({ "email": format!("new{n}@example.com"), "password": crate::helpers::PASSWORD,
                              "name": "New" })),
            ),
            // The removed cashier trying to appoint themself again is the pointed case.
            "addCashier" => {
                ("mutation($id: ID!) { addCashier(userId: $id) { addedAt } }", json!({ "id": self.former.id }))
            }
            "removeCashier" => ("mutation($id: ID!) { removeCashier(userId: $id) }", json!({ "id": self.cashier.id })),
            "createPaymentSystemBinding" => (
                "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }",
                input(json!({ "provider": "QIWI", "name": "Qiwi", "merchantId": "m", "secret": "s", "enabled": true })),
            ),
            "updatePaymentSystemBinding" => (
                "mutation($id: ID!, $input: UpdatePaymentSystemBindingInput!) {
                   updatePaymentSystemBinding(id: $id, input: $input) { id enabled } }",
                json!({ "id": self.system, "input": { "name": "Hijacked", "merchantId": "evil", "enabled": false } }),
            ),
            other => panic!("no request for {other}"),
        };
        (query.to_owned(), variables)
    }
}

/// Asks `field` as each caller in turn and checks the answer, and that a refusal changed nothing.
async fn check(field: &str, expected: [Expect; 5]) {
    let world = World::new().await;
    for (index, expect) in expected.into_iter().enumerate() {
        let who = CALLERS[index];
        let (query, variables) = world.request(field, index);
        let before = world.snapshot().await;
        let body = world.app.gql(world.caller(index).map(|actor| actor.token.as_str()), &query, variables).await;
        match expect {
            Expect::Allowed => {
                assert!(body.get("errors").is_none(), "{field} as {who}: expected success, got {body:#}");
                assert!(!body["data"][field].is_null(), "{field} as {who}: expected a value, got {body:#}");
            }
            Expect::Null => {
                assert!(body.get("errors").is_none(), "{field} as {who}: expected no error, got {body:#}");
                assert!(body["data"][field].is_null(), "{field} as {who}: expected null, got {body:#}");
            }
            Expect::Unauthenticated | Expect::Forbidden => {
                let wanted = if expect == U { "UNAUTHENTICATED" } else { "FORBIDDEN" };
                let got = body["errors"][0]["extensions"]["code"].as_str();
                assert_eq!(got, Some(wanted), "{field} as {who}: expected {wanted}, got {body:#}");
                assert!(body["data"][field].is_null(), "{field} as {who}: a refused field has no value: {body:#}");
                let after = world.snapshot().await;
                assert_eq!(after, before, "{field} as {who}: a refused request changed the state");
            }
        }
    }
    assert_eq!(world.app.verify_ledger().await, vec![], "{field}: the ledger balances");
}

macro_rules! guarded {
    ($($name:ident: $field:literal => $expect:expr;)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                check($field, $expect).await;
            }
        )*
    };
}

guarded! {
    me_is_null_for_anonymous_callers_and_the_viewer_for_everyone_else: "me" => ME;
    my_wallet_needs_a_signed_in_user: "myWallet" => SIGNED_IN;
    wallet_by_number_is_for_current_cashiers_and_admins: "walletByNumber" => STAFF;
    recent_transactions_are_for_current_cashiers_and_admins: "recentTransactions" => STAFF;
    users_are_listed_to_admins_only: "users" => ADMIN;
    cashiers_are_listed_to_admins_only: "cashiers" => ADMIN;
    payment_systems_are_listed_to_every_signed_in_user: "paymentSystems" => SIGNED_IN;
    wallet_config_is_open_to_everyone: "walletConfig" => OPEN;
    sign_out_needs_a_signed_in_user: "signOut" => SIGNED_IN;
    top_up_is_for_current_cashiers_only: "topUpWallet" => CASHIER;
    write_off_is_for_current_cashiers_only: "writeOffWallet" => CASHIER;
    paying_from_a_wallet_needs_a_signed_in_user: "payFromWallet" => SIGNED_IN;
    refunds_are_for_current_cashiers_and_admins: "refundPayment" => STAFF;
    creating_a_user_is_for_admins_only: "createUser" => ADMIN;
    appointing_a_cashier_is_for_admins_only: "addCashier" => ADMIN;
    removing_a_cashier_is_for_admins_only: "removeCashier" => ADMIN;
    connecting_a_payment_system_is_for_admins_only: "createPaymentSystemBinding" => ADMIN;
    changing_a_payment_system_is_for_admins_only: "updatePaymentSystemBinding" => ADMIN;
}
