//! The balance subscriptions' direct path (`graphql::direct`) against the executor. A
//! document's first subscription runs on the executor, which validates it; the next ones
//! take the direct path. Both must send the same bytes for every event, every error and
//! the end, and the counter shows which path ran.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::Options;
use crate::live::Scene;
use crate::metrics::Scrape;
use crate::ws_client::{Protocol, WsClient};

const WAIT: Duration = Duration::from_secs(5);
const DIRECT: &str = "kassa_subscriptions_direct_total";

const EVERYTHING: &str = "subscription Everything { now: myBalance { __typename walletId walletNumber balance \
    available held currency version wallet { __typename id number balance available held currency version } \
    last: transaction { __typename id kind amount balanceAfter walletVersion reference comment createdAt } } }";
const WATCH: &str = "subscription Watch($n: String!) { walletBalance(walletNumber: $n) { walletNumber balance \
    version transaction { id kind amount } } }";
/// WATCH through a fragment, which the direct path leaves to the executor; the root field
/// sits where it sits in WATCH, so errors point at the same place.
const WATCH_BY_FRAGMENT: &str = "subscription Watch($n: String!) { walletBalance(walletNumber: $n) { ...F } } \
    fragment F on BalanceEvent { walletNumber balance version transaction { id kind amount } }";

/// A connection's frames by subscription id, as sent (the id blanked): two subscriptions
/// of one document must read the same, byte for byte.
struct Frames {
    client: WsClient,
    by_id: HashMap<String, VecDeque<String>>,
}

impl Frames {
    /// `document` subscribed as "executor" and, once its first frame is in (the document
    /// then counts as validated), as "direct".
    async fn open(client: WsClient, document: &str, variables: Value) -> Self {
        let mut frames = Frames { client, by_id: HashMap::new() };
        frames.client.subscribe("executor", document, variables.clone()).await;
        let first = frames.client.next_text(WAIT).await.expect("the current state");
        frames
            .by_id
            .entry("executor".into())
            .or_default()
            .push_back(first.replace(r#""id":"executor""#, r#""id":"_""#));
        frames.client.subscribe("direct", document, variables).await;
        frames
    }

    /// The next frame of each of `ids`.
    async fn next_of_each(&mut self, ids: [&str; 2]) -> [String; 2] {
        while ids.iter().any(|id| self.by_id.get(*id).is_none_or(VecDeque::is_empty)) {
            let text = self.client.next_text(WAIT).await.expect("a frame for each subscription");
            let id = serde_json::from_str::<Value>(&text).unwrap()["id"].as_str().expect("an id").to_owned();
            let blanked = text.replace(&format!(r#""id":"{id}""#), r#""id":"_""#);
            self.by_id.entry(id).or_default().push_back(blanked);
        }
        ids.map(|id| self.by_id.get_mut(id).and_then(VecDeque::pop_front).expect("a frame"))
    }
}

/// Both frames the same; the frame, parsed.
fn same(frames: [String; 2]) -> Value {
    assert_eq!(frames[0], frames[1], "the executor's frame, then the direct path's");
    serde_json::from_str(&frames[0]).unwrap()
}

#[tokio::test]
async fn my_balance_on_the_direct_path_sends_the_executors_bytes_for_every_event_and_its_end() {
    let scene = Scene::new(Options::default()).await;
    let app = &scene.app;
    let before = Scrape::of(app).await;
    let client = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    let mut frames = Frames::open(client, EVERYTHING, json!({})).await;
    let state = same(frames.next_of_each(["executor", "direct"]).await);
    assert_eq!(state["payload"]["data"]["now"]["version"], 0);
    assert_eq!(state["payload"]["data"]["now"]["last"], Value::Null);
    assert_eq!(Scrape::of(app).await.value(DIRECT, &[]) - before.value(DIRECT, &[]), 1.0, "the second ran direct");

    for (version, amount) in [(1, "25.00"), (2, "0.50")] {
        app.top_up(&scene.cashier, &scene.customer.wallet, amount, &scene.system).await;
        let event = same(frames.next_of_each(["executor", "direct"]).await);
        let now = &event["payload"]["data"]["now"];
        assert_eq!(now["version"], version);
        assert_eq!(now["wallet"]["__typename"], "Wallet");
        assert_eq!(now["last"]["amount"], amount);
        assert_eq!(now["last"]["kind"], "TOP_UP");
        assert_eq!(now["last"]["reference"], "R-1");
    }

    app.ok(Some(&scene.customer.token), "mutation { signOut }", json!({})).await;
    let end = same(frames.next_of_each(["executor", "direct"]).await);
    assert_eq!(end["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert_eq!(end["payload"]["errors"][0]["path"], json!(["now"]));
    assert_eq!(same(frames.next_of_each(["executor", "direct"]).await)["type"], "complete");
}

#[tokio::test]
async fn wallet_balance_on_the_direct_path_answers_and_refuses_as_the_executor_does() {
    let scene = Scene::new(Options::default()).await;
    let (app, wallet) = (&scene.app, json!({ "n": scene.customer.wallet }));
    let before = Scrape::of(app).await;
    let client = WsClient::connect(&app.ws_url(), &scene.cashier.token, Protocol::TransportWs).await;
    let mut frames = Frames::open(client, WATCH, wallet).await;
    same(frames.next_of_each(["executor", "direct"]).await);

    // A malformed number: the service refuses it on either path, with the same error.
    frames.client.subscribe("bad-executor", WATCH_BY_FRAGMENT, json!({ "n": "123" })).await;
    frames.client.subscribe("bad-direct", WATCH, json!({ "n": "123" })).await;
    let refused = same(frames.next_of_each(["bad-executor", "bad-direct"]).await);
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(same(frames.next_of_each(["bad-executor", "bad-direct"]).await)["type"], "complete");
    assert_eq!(Scrape::of(app).await.value(DIRECT, &[]) - before.value(DIRECT, &[]), 2.0);

    app.top_up(&scene.cashier, &scene.customer.wallet, "7.00", &scene.system).await;
    let event = same(frames.next_of_each(["executor", "direct"]).await);
    assert_eq!(event["payload"]["data"]["walletBalance"]["balance"], "7.00");

    let remove = "mutation($id: ID!) { removeCashier(userId: $id) }";
    app.ok(Some(&scene.admin.token), remove, json!({ "id": scene.cashier.id })).await;
    let end = same(frames.next_of_each(["executor", "direct"]).await);
    assert_eq!(end["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert_eq!(same(frames.next_of_each(["executor", "direct"]).await)["type"], "complete");
}
