//! Prometheus metrics, scraped over real HTTP from the server's own listener. The recorder
//! is one per process, so every check compares a scrape after the act with one before.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Options, PASSWORD, TestApp, code};
use crate::live::{MY_BALANCE, Scene, event};
use crate::ws_client::{Protocol, WsClient};

const WAIT: Duration = Duration::from_secs(5);

/// One sample line: the metric's name, its labels and its value.
type Sample = (String, Vec<(String, String)>, f64);

/// One scrape.
pub struct Scrape(Vec<Sample>);

impl Scrape {
    pub async fn of(app: &TestApp) -> Self {
        let addr = app.server.metrics_addr.expect("the metrics listener is on");
        let response = app.http.get(format!("http://{addr}/metrics")).send().await.expect("GET /metrics");
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with("text/plain"), "{content_type}");
        Self::parse(&response.text().await.unwrap())
    }

    fn parse(text: &str) -> Self {
        let samples = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let (series, value) = line.rsplit_once(' ').expect("a sample line");
                let (name, labels) = match series.split_once('{') {
                    Some((name, labels)) => (name, labels.trim_end_matches('}')),
                    None => (series, ""),
                };
                let labels = labels
                    .split("\",")
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (key, value) = pair.split_once('=').expect("key=value");
                        (key.to_owned(), value.trim_matches('"').to_owned())
                    })
                    .collect();
                (name.to_owned(), labels, value.parse().expect("a number"))
            })
            .collect();
        Self(samples)
    }

    /// The sum of the samples of `name` whose labels include all of `labels`.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.0
            .iter()
            .filter(|(sample, have, _)| {
                sample == name && labels.iter().all(|(k, v)| have.iter().any(|(hk, hv)| hk == k && hv == v))
            })
            .map(|(_, _, value)| value)
            .sum()
    }

    pub fn names(&self) -> BTreeSet<&str> {
        self.0.iter().map(|(name, _, _)| name.as_str()).collect()
    }

    fn labels(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter().flat_map(|(_, labels, _)| labels)
    }
}

/// Scrapes until `check` holds (the publisher and the gauges move off the request path).
async fn eventually(app: &TestApp, check: impl Fn(&Scrape) -> bool) -> Scrape {
    eventually_within(app, WAIT, check).await
}

/// Scrapes until `check` holds or `within` has passed; the last scrape.
pub async fn eventually_within(app: &TestApp, within: Duration, check: impl Fn(&Scrape) -> bool) -> Scrape {
    let deadline = Instant::now() + within;
    loop {
        let scrape = Scrape::of(app).await;
        if check(&scrape) || Instant::now() > deadline {
            return scrape;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_top_up_and_a_live_subscription_move_the_counters_and_gauges() {
    let scene = Scene::new(Options::default()).await;
    let app = &scene.app;
    let system = scene.system.as_str();
    let before = Scrape::of(app).await;

    let mut client = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("1", MY_BALANCE, json!({})).await;
    event(&client.next_payload("1", WAIT).await.expect("the current state"), "myBalance");
    let live = Scrape::of(app).await;
    let moved =
        |scrape: &Scrape, name: &str, labels: &[(&str, &str)]| scrape.value(name, labels) - before.value(name, labels);
    assert_eq!(moved(&live, "kassa_websockets_open", &[]), 1.0);
    assert_eq!(moved(&live, "kassa_subscriptions_active", &[("stream", "balance")]), 1.0);

    app.top_up(&scene.cashier, &scene.customer.wallet, "1500.25", system).await;
    event(&client.next_payload("1", WAIT).await.expect("the top-up's event"), "myBalance");
    let named = app.ok(Some(&scene.customer.token), "query MetricsProbe { me { id } }", json!({})).await;
    assert!(named["me"]["id"].is_string());
    client.subscribe("q", "query OverTheSocket { me { id } }", json!({})).await;
    assert!(client.next_payload("q", WAIT).await.expect("the query's answer")["data"]["me"]["id"].is_string());
    let refused = app.gql(None, "query MetricsRefused { myWallet { id } }", json!({})).await;
    assert_eq!(code(&refused), "UNAUTHENTICATED");

    let after =
        eventually(app, |scrape| moved(scrape, "kassa_events_published_total", &[("path", "publisher")]) >= 1.0).await;
    let top_up = [("kind", "TOP_UP"), ("payment_system", system)];
    assert_eq!(moved(&after, "kassa_money_moves_total", &top_up), 1.0);
    assert_eq!(moved(&after, "kassa_money_moved_minor_units_total", &top_up), 150_025.0);
    assert!(moved(&after, "kassa_events_published_total", &[("path", "publisher")]) >= 1.0);
    assert_eq!(
        moved(&after, "kassa_events_delivered_total", &[("stream", "balance")]),
        2.0,
        "current state and top-up"
    );
    let probe = [("operation", "MetricsProbe"), ("code", "OK")];
    assert_eq!(moved(&after, "kassa_graphql_requests_total", &probe), 1.0);
    let socket = [("operation", "OverTheSocket"), ("code", "OK")];
    assert_eq!(moved(&after, "kassa_graphql_requests_total", &socket), 1.0, "a query over the WebSocket counts too");
    let refused = [("operation", "MetricsRefused"), ("code", "UNAUTHENTICATED")];
    assert_eq!(moved(&after, "kassa_graphql_requests_total", &refused), 1.0);
    let histogram = [("operation", "MetricsProbe")];
    assert_eq!(moved(&after, "kassa_graphql_request_duration_seconds_count", &histogram), 1.0);
    assert_eq!(
        moved(
            &after,
            "kassa_graphql_request_duration_seconds_bucket",
            &[("operation", "MetricsProbe"), ("le", "+Inf")]
        ),
        1.0
    );
    assert!(moved(&after, "kassa_graphql_requests_total", &[("operation", "anonymous"), ("code", "OK")]) >= 1.0);
    assert_eq!(after.value("kassa_db_pool_connections_max", &[]), 8.0, "KASSA_DB_POOL_SIZE of the tests");
    assert!(after.names().contains("kassa_outbox_backlog"), "the relay samples the outbox at its first pass");

    client.close(1000).await;
    let closed = eventually(app, |scrape| moved(scrape, "kassa_websockets_open", &[]) == 0.0).await;
    assert_eq!(moved(&closed, "kassa_websockets_open", &[]), 0.0);
    assert_eq!(moved(&closed, "kassa_subscriptions_active", &[("stream", "balance")]), 0.0);
}

#[tokio::test]
async fn no_label_names_a_wallet_a_user_or_a_query() {
    let scene = Scene::new(Options::default()).await;
    let app = &scene.app;
    let customer = &scene.customer;
    app.top_up(&scene.cashier, &customer.wallet, "10.00", &scene.system).await;
    // An operation name carrying the wallet number, and a query no name at all.
    let sneaky = format!("query W{} {{ myWallet {{ id }} }}", customer.wallet);
    app.ok(Some(&customer.token), &sneaky, json!({})).await;
    app.ok(Some(&customer.token), "{ me { id } }", json!({})).await;

    let scrape = Scrape::of(app).await;
    let mut seen = 0;
    for (key, value) in scrape.labels() {
        seen += 1;
        assert!(!value.contains(&customer.wallet), "{key}={value} names a wallet");
        assert!(!value.contains('@') && !value.contains('{'), "{key}={value} names a user or a query");
        let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        match key.as_str() {
            "payment_system" => assert!(value == "none" || *value == scene.system, "{key}={value}"),
            "le" | "quantile" => {}
            _ => assert!(!numeric, "{key}={value} looks like an id"),
        }
    }
    assert!(seen > 0, "the scrape has labels");
    assert!(scrape.value("kassa_graphql_requests_total", &[("operation", "other")]) >= 1.0);
}

#[tokio::test]
async fn throttled_sign_ins_and_redis_are_counted() {
    let env = vec![("KASSA_SIGNIN_ADDRESS_LIMIT", "1".to_owned())];
    let app = TestApp::with(Options { redis: true, env, ..Options::default() }).await;
    let before = Scrape::of(&app).await;
    let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
    let input = json!({ "input": { "email": "nobody@example.com", "password": PASSWORD } });
    assert_eq!(code(&app.gql(None, sign_in, input.clone()).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(None, sign_in, input).await), "RATE_LIMITED");
    let after = eventually(&app, |scrape| scrape.value("kassa_redis_connected", &[]) == 1.0).await;
    let throttled = [("reason", "address")];
    assert_eq!(
        after.value("kassa_signins_throttled_total", &throttled)
            - before.value("kassa_signins_throttled_total", &throttled),
        1.0
    );
    assert_eq!(after.value("kassa_redis_connected", &[]), 1.0);
}

#[tokio::test]
async fn the_listener_can_be_switched_off_and_stops_with_the_server() {
    let off = TestApp::with(Options { env: vec![("KASSA_METRICS_LISTEN", String::new())], ..Options::default() }).await;
    assert!(off.server.metrics_addr.is_none());

    let app = TestApp::spawn().await;
    let addr = app.server.metrics_addr.unwrap();
    Scrape::of(&app).await;
    app.server.abort();
    let deadline = Instant::now() + WAIT;
    let fresh = reqwest::Client::new();
    while fresh.get(format!("http://{addr}/metrics")).send().await.is_ok() {
        assert!(Instant::now() < deadline, "/metrics still answers after the server stopped");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn every_metric_of_the_grafana_dashboard_is_in_a_real_scrape() {
    let dashboard = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/grafana-dashboard.json"))
        .expect("docs/grafana-dashboard.json");
    let dashboard: serde_json::Value = serde_json::from_str(&dashboard).expect("the dashboard is valid JSON");
    let mut exprs = Vec::new();
    collect_exprs(&dashboard, &mut exprs);
    assert!(!exprs.is_empty(), "the dashboard has queries");

    // Everything that a dashboard panel draws happens here at least once.
    let env = vec![("KASSA_SIGNIN_ADDRESS_LIMIT", "1".to_owned())];
    let scene = Scene::new(Options { redis: true, env, ..Options::default() }).await;
    let app = &scene.app;
    let mut client = WsClient::connect(&app.ws_url(), &scene.customer.token, Protocol::TransportWs).await;
    client.subscribe("1", MY_BALANCE, json!({})).await;
    client.next_payload("1", WAIT).await.expect("the current state");
    app.top_up(&scene.cashier, &scene.customer.wallet, "5.00", &scene.system).await;
    client.next_payload("1", WAIT).await.expect("the top-up's event");
    let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
    let input = json!({ "input": { "email": "nobody@example.com", "password": PASSWORD } });
    app.gql(None, sign_in, input.clone()).await;
    app.gql(None, sign_in, input).await;
    // A payment notification for a binding that does not exist: counted like any.
    let notify = app.http.post(format!("{}/payments/999999/notify", app.url)).body("OutSum=1").send().await.unwrap();
    assert_eq!(notify.status(), 404);
    let scrape = eventually(app, |scrape| {
        let names = scrape.names();
        names.contains("kassa_events_published_total") && names.contains("kassa_redis_connected")
    })
    .await;
    let names = scrape.names();

    let mut missing = Vec::new();
    for expr in &exprs {
        for name in metric_names(expr) {
            if !names.contains(name.as_str()) {
                missing.push(name);
            }
        }
    }
    assert!(missing.is_empty(), "the dashboard draws metrics no scrape has: {missing:?}");
}

fn collect_exprs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("expr", serde_json::Value::String(expr)) => out.push(expr.clone()),
                    _ => collect_exprs(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_exprs(item, out)),
        _ => {}
    }
}

/// The `kassa_...` names a PromQL expression reads.
fn metric_names(expr: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = expr;
    while let Some(at) = rest.find("kassa_") {
        let tail = &rest[at..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        names.push(tail[..end].to_owned());
        rest = &tail[end..];
    }
    names
}
