//! The documents each measured server understands (`--dialect`): Kassa's own, and the peers'
//! in bench/peers (docs/benchmarks.md, "Peers"). Apollo's schema names Kassa's fields, so it
//! takes Kassa's documents; PostGraphile's is its generated one (the top-up function's
//! mutation, `transactionsByWalletId`, BigInt versions as strings). Every server answers
//! the same subscription document (`subscribers::MY_BALANCE`).

use clap::ValueEnum;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    #[default]
    Kassa,
    Postgraphile,
    Apollo,
}

/// One top-up as the load loops send it.
pub struct TopUp<'a> {
    pub wallet_number: &'a str,
    pub amount: &'a str,
    pub payment_system: &'a str,
    pub receipt: &'a str,
    pub key: &'a str,
}

const KASSA_TOP_UP: &str = "mutation($i:TopUpWalletInput!){topUpWallet(input:$i){transaction{id walletVersion createdAt} wallet{balance version}}}";
const KASSA_READ: &str = "{myWallet{balance version transactions(first:20){edges{node{id kind amount balanceAfter createdAt}} pageInfo{hasNextPage endCursor}}}}";
const KASSA_LIVE_TOP_UP: &str = "mutation($i:TopUpWalletInput!){topUpWallet(input:$i){wallet{version}}}";
const PGL_LIVE_TOP_UP: &str =
    "mutation($i:KassaBenchTopUpNotifyInput!){kassaBenchTopUpNotify(input:$i){result{walletVersion}}}";
const PGL_TOP_UP: &str = "mutation($i:KassaBenchTopUpNotifyInput!){kassaBenchTopUpNotify(input:$i){result{rowId walletVersion balanceAfter createdAt}}}";
const PGL_READ: &str = "{myWallet{balance version transactionsByWalletId(first:20,orderBy:ROW_ID_DESC){edges{node{rowId kind amount balanceAfter createdAt}} pageInfo{hasNextPage endCursor}}}}";

impl Dialect {
    /// The `target` of its result lines.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kassa => "kassa",
            Self::Postgraphile => "postgraphile",
            Self::Apollo => "apollo",
        }
    }

    /// Where its graphql-transport-ws endpoint is (PostGraphile serves it on the GraphQL path).
    pub fn ws_url(self, addr: std::net::SocketAddr) -> String {
        match self {
            Self::Postgraphile => format!("ws://{addr}/graphql"),
            Self::Kassa | Self::Apollo => format!("ws://{addr}/graphql/ws"),
        }
    }

    /// Kassa checks the payment system a top-up names; the peers' function uses the bench's.
    pub fn needs_payment_system(self) -> bool {
        self == Self::Kassa
    }

    /// B3's document: the balance and the first history page of 20.
    pub fn read(self) -> &'static str {
        match self {
            Self::Postgraphile => PGL_READ,
            Self::Kassa | Self::Apollo => KASSA_READ,
        }
    }

    /// B1's top-up request body: the journal row and the wallet's new state back.
    pub fn top_up(self, top_up: &TopUp<'_>) -> String {
        self.top_up_body(top_up, if self == Self::Postgraphile { PGL_TOP_UP } else { KASSA_TOP_UP })
    }

    /// The live drivers' top-up (B4, B5): only the new version back.
    pub fn live_top_up(self, top_up: &TopUp<'_>) -> String {
        self.top_up_body(top_up, if self == Self::Postgraphile { PGL_LIVE_TOP_UP } else { KASSA_LIVE_TOP_UP })
    }

    fn top_up_body(self, top_up: &TopUp<'_>, query: &str) -> String {
        let input = match self {
            Self::Postgraphile => json!({"walletNo": top_up.wallet_number, "topUp": top_up.amount,
                "receipt": top_up.receipt, "idemKey": top_up.key}),
            Self::Kassa | Self::Apollo => json!({"walletNumber": top_up.wallet_number, "amount": top_up.amount,
                "paymentSystemId": top_up.payment_system, "receipt": top_up.receipt, "idempotencyKey": top_up.key}),
        };
        json!({"query": query, "variables": {"i": input}}).to_string()
    }

    /// The wallet's new version in a top-up's response (PostGraphile writes BigInt as a string).
    pub fn top_up_version(self, response: &Value) -> Option<i64> {
        let version = match self {
            Self::Postgraphile => &response["data"]["kassaBenchTopUpNotify"]["result"]["walletVersion"],
            Self::Kassa | Self::Apollo => &response["data"]["topUpWallet"]["wallet"]["version"],
        };
        version.as_i64().or_else(|| version.as_str()?.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_reads_the_version_back_from_its_own_answer() {
        let kassa = json!({"data": {"topUpWallet": {"wallet": {"version": 7}}}});
        let pgl = json!({"data": {"kassaBenchTopUpNotify": {"result": {"walletVersion": "7"}}}});
        assert_eq!(Dialect::Kassa.top_up_version(&kassa), Some(7));
        assert_eq!(Dialect::Apollo.top_up_version(&kassa), Some(7));
        assert_eq!(Dialect::Postgraphile.top_up_version(&pgl), Some(7));
        assert_eq!(Dialect::Postgraphile.top_up_version(&kassa), None);
    }

    #[test]
    fn the_kassa_dialect_sends_kassas_documents() {
        let top_up =
            TopUp { wallet_number: "500000000017", amount: "1.00", payment_system: "1", receipt: "r", key: "k" };
        let body: Value = serde_json::from_str(&Dialect::Kassa.top_up(&top_up)).unwrap();
        assert_eq!(body["query"], KASSA_TOP_UP);
        assert_eq!(body["variables"]["i"]["paymentSystemId"], "1");
        let body: Value = serde_json::from_str(&Dialect::Postgraphile.top_up(&top_up)).unwrap();
        assert_eq!(body["variables"]["i"]["walletNo"], "500000000017");
        assert!(Dialect::Kassa.needs_payment_system() && !Dialect::Apollo.needs_payment_system());
    }
}
