//! Hardening of the HTTP edge: the GraphQL-over-HTTP audit, media types, the production
//! switches (playground, introspection), CORS and the WebSocket Origin allow-list.

mod addresses;
mod signin;

use std::path::Path;

use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Options, TestApp};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn options(env: &[(&'static str, &str)]) -> Options {
    Options { env: env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(), ..Options::default() }
}

/// POSTs `body` with an Accept header; returns status, content type and the JSON body.
async fn post(app: &TestApp, accept: &str, body: Value) -> (u16, String, Value) {
    let response = app
        .http
        .post(format!("{}/graphql", app.url))
        .header(ACCEPT, accept)
        .json(&body)
        .send()
        .await
        .expect("POST /graphql");
    let status = response.status().as_u16();
    let content_type = response.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
    (status, content_type, response.json().await.expect("a JSON body"))
}

#[tokio::test]
async fn every_must_of_the_graphql_over_http_audit_passes() {
    let app = TestApp::spawn().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("client-examples");
    assert!(
        dir.join("node_modules/graphql-http").is_dir(),
        "client-examples/node_modules/graphql-http is missing: run `npm ci` in client-examples \
         (bash scripts/test.sh does)"
    );
    let output = tokio::process::Command::new("node")
        .arg("audit/graphql-http-audit.mjs")
        .arg(format!("{}/graphql", app.url))
        .current_dir(&dir)
        .output()
        .await
        .expect("running node (is Node.js installed?)");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "a MUST audit failed:\n{report}");
    // The SHOULDs of the new media type hold too (docs/reliability.md lists any declined).
    for id in ["22EB", "556A", "D586", "74FF", "5E5B", "86EE", "BCF8", "3E3A"] {
        assert!(report.contains(&format!("ok   {id} ")), "audit {id} did not pass:\n{report}");
    }
}

#[tokio::test]
async fn a_request_error_is_400_without_data_only_under_the_graphql_response_type() {
    let app = TestApp::spawn().await;
    let broken = json!({ "query": "{ myWallet { balance " });

    let (status, content_type, body) = post(&app, GRAPHQL_RESPONSE, broken.clone()).await;
    assert_eq!(status, 400);
    assert!(content_type.starts_with(GRAPHQL_RESPONSE), "{content_type}");
    assert!(body.get("data").is_none(), "a request error has no data entry: {body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_PARSE_FAILED");

    let (status, content_type, body) = post(&app, "application/json", broken).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"), "{content_type}");
    assert_eq!(body["data"], Value::Null);
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_PARSE_FAILED");

    let invalid = json!({ "query": "{ noSuchField }" });
    let (status, _, body) = post(&app, GRAPHQL_RESPONSE, invalid).await;
    assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (400, Some("GRAPHQL_VALIDATION_FAILED")));

    // An executed operation whose field failed is still a 200 with data.
    let (status, _, body) = post(&app, GRAPHQL_RESPONSE, json!({ "query": "{ myWallet { balance } }" })).await;
    assert_eq!(status, 200);
    assert!(body.get("data").is_some());
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_body_without_a_query_string_is_a_400() {
    let app = TestApp::spawn().await;
    for body in [json!({ "qeury": "{ __typename }" }), json!({ "query": 1 }), json!([{ "query": "{ __typename }" }])] {
        let (status, _, answer) = post(&app, "application/json", body.clone()).await;
        assert_eq!(status, 400, "{body} -> {answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn deep_data_queries_are_refused_but_standard_introspection_is_not() {
    let app = TestApp::spawn().await;
    let hops = 3;
    let deep = format!(
        "{{ myWallet {{ {} __typename {} }} }}",
        "transactions { edges { node { wallet { ".repeat(hops),
        "} } } } ".repeat(hops)
    );
    let body = app.gql(None, &deep, json!({})).await;
    assert_eq!(crate::helpers::code(&body), "QUERY_TOO_COMPLEX");
    // What GraphiQL and code generators send: type references nested 8 levels deep.
    let type_ref = (0..8).fold("kind name".to_owned(), |inner, _| format!("kind name ofType {{ {inner} }}"));
    let introspection = format!("{{ __schema {{ types {{ name fields {{ name type {{ {type_ref} }} }} }} }} }}");
    let data = app.ok(None, &introspection, json!({})).await;
    assert!(data["__schema"]["types"].as_array().is_some_and(|types| !types.is_empty()));
}

#[tokio::test]
async fn production_switches_turn_off_introspection_suggestions_and_graphiql() {
    let app = TestApp::with(options(&[("KASSA_INTROSPECTION", "false"), ("KASSA_PLAYGROUND", "false")])).await;
    let body = app.gql(None, "{ __schema { types { name } } }", json!({})).await;
    assert!(body["data"]["__schema"].is_null(), "introspection answered: {body}");
    let body = app.gql(None, r#"{ __type(name: "Wallet") { fields { name } } }"#, json!({})).await;
    assert!(body["data"]["__type"].is_null(), "introspection answered: {body}");

    let body = app.gql(None, "{ myWalet { balance } }", json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "a suggestion leaked: {message}");

    let page = app.http.get(format!("{}/graphql", app.url)).header(ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(page.status(), 400);
    assert!(!page.text().await.unwrap().contains("graphiql"), "GraphiQL is still served");

    let dev = TestApp::spawn().await;
    let page = dev.http.get(format!("{}/graphql", dev.url)).header(ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().to_lowercase().contains("graphiql"));
    let body = dev.gql(None, "{ myWalet { balance } }", json!({})).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("Did you mean"), "{body}");
}

#[tokio::test]
async fn cors_answers_only_the_allowed_origins() {
    let app = TestApp::with(options(&[("KASSA_CORS_ORIGINS", "https://portal.example, http://localhost:5173")])).await;
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.url))
            .header(ORIGIN, origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,authorization")
            .send()
    };
    let allowed = preflight("https://portal.example").await.unwrap();
    let headers = allowed.headers();
    assert_eq!(headers["access-control-allow-origin"], "https://portal.example");
    let methods = headers["access-control-allow-methods"].to_str().unwrap().to_ascii_uppercase();
    assert!(methods.contains("POST") && methods.contains("GET") && !methods.contains("DELETE"), "{methods}");
    let allowed_headers = headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed_headers.contains("authorization") && allowed_headers.contains("content-type"));

    let foreign = preflight("https://evil.example").await.unwrap();
    assert!(foreign.headers().get("access-control-allow-origin").is_none());

    let default = TestApp::spawn().await;
    let answer = default
        .http
        .post(format!("{}/graphql", default.url))
        .header(ORIGIN, "https://portal.example")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.headers().get("access-control-allow-origin").is_none(), "no list, no CORS headers");
}

#[tokio::test]
async fn a_websocket_from_a_foreign_origin_is_refused_before_the_upgrade() {
    let app = TestApp::with(options(&[("KASSA_WS_ORIGINS", "https://portal.example")])).await;
    let connect = |origin: Option<&'static str>| {
        let mut request = app.ws_url().into_client_request().unwrap();
        request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
        if let Some(origin) = origin {
            request.headers_mut().insert("origin", origin.parse().unwrap());
        }
        tokio_tungstenite::connect_async(request)
    };
    match connect(Some("https://evil.example")).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("expected 403, got {:?}", other.map(|(_, response)| response.status())),
    }
    let (_, response) = connect(Some("https://portal.example")).await.expect("an allowed origin upgrades");
    assert_eq!(response.status(), 101);
    let (_, response) = connect(None).await.expect("a client without Origin (not a browser) upgrades");
    assert_eq!(response.status(), 101);
}

#[tokio::test]
async fn text_with_a_nul_character_is_bad_input_not_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = app
        .gql(
            Some(&admin.token),
            "mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }",
            json!({ "input": { "provider": "QIWI", "name": "Q\u{0}", "merchantId": "m", "secret": "s", "enabled": true } }),
        )
        .await;
    assert_eq!(crate::helpers::code(&body), "BAD_USER_INPUT", "{body}");
}

#[tokio::test]
async fn text_with_bidi_overrides_or_zero_width_characters_is_bad_input_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let system = app.payment_system(&admin).await;
    let customer = app.customer().await;
    let top_up = "mutation($input: TopUpWalletInput!) { topUpWallet(input: $input) { wallet { balance } } }";
    let input = json!({ "input": { "walletNumber": customer.wallet, "amount": "5.00", "paymentSystemId": system,
                                   "receipt": "R-\u{202E}1234", "idempotencyKey": "bidi-1" } });
    let body = app.gql(Some(&cashier.token), top_up, input).await;
    assert_eq!(crate::helpers::code(&body), "BAD_USER_INPUT", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("U+202E"), "{body}");
    assert_eq!(app.balance(&customer).await, ("0.00".to_owned(), 0), "nothing moved");

    let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";
    let input =
        json!({ "input": { "email": "zw@example.com", "password": "correct horse battery", "name": "Ad\u{200B}min" } });
    let body = app.gql(None, sign_up, input).await;
    assert_eq!(crate::helpers::code(&body), "BAD_USER_INPUT", "{body}");
    let retry = json!({ "input": { "email": "zw@example.com", "password": "correct horse battery", "name": "Admin" } });
    assert!(app.gql(None, sign_up, retry).await.get("errors").is_none(), "the refused sign-up created no account");
}

#[tokio::test]
async fn the_web_app_and_graphiql_are_served_with_a_content_security_policy() {
    let app = TestApp::spawn().await;
    for path in ["/app/", "/app/index.html", "/graphql"] {
        let response = app.http.get(format!("{}{path}", app.url)).header(ACCEPT, "text/html").send().await.unwrap();
        let headers = response.headers();
        let policy = headers.get("content-security-policy").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        assert!(policy.contains("connect-src 'self'") && policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    }
    let api =
        app.http.post(format!("{}/graphql", app.url)).json(&json!({ "query": "{ __typename }" })).send().await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff", "API answers too");
}
