//! client-examples run as tests: every operation file against a started server, the web
//! app's unit tests, and the browser test in headless Chromium.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::helpers::{PASSWORD, TestApp};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs a Node script from client-examples/ against `app` as its admin; returns its output.
async fn node(app: &TestApp, admin_email: &str, args: &[&str]) -> String {
    run_node(args, &[("KASSA_URL", &app.url), ("KASSA_ADMIN_EMAIL", admin_email), ("KASSA_ADMIN_PASSWORD", PASSWORD)])
        .await
}

/// Runs node in client-examples and insists that it succeeds; its output.
pub async fn run_node(args: &[&str], env: &[(&str, &str)]) -> String {
    assert!(
        Path::new(&format!("{ROOT}/client-examples/node_modules/graphql-ws")).exists(),
        "client-examples/node_modules is missing: run `npm ci` in client-examples (scripts/test.sh does)"
    );
    let mut child = tokio::process::Command::new("node")
        .args(args)
        .current_dir(format!("{ROOT}/client-examples"))
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let stdout = tokio::spawn(read_all(child.stdout.take().expect("piped")));
    let stderr = tokio::spawn(read_all(child.stderr.take().expect("piped")));
    let status = tokio::time::timeout(Duration::from_secs(180), child.wait()).await;
    if status.is_err() {
        child.kill().await.expect("kill node");
    }
    let text = format!("{}{}", stdout.await.unwrap(), stderr.await.unwrap());
    // What it printed up to a hang says which step hung.
    let status = status.unwrap_or_else(|_| panic!("node {args:?} did not finish in 180 s; its output so far:\n{text}"));
    assert!(status.expect("node ran").success(), "node {args:?} failed:\n{text}");
    text
}

async fn read_all(mut pipe: impl tokio::io::AsyncRead + Unpin) -> String {
    let mut bytes = Vec::new();
    let _ = pipe.read_to_end(&mut bytes).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

async fn admin_email(app: &TestApp) -> String {
    app.admin().await.email
}

/// The last "N passed, M failed" line, parsed.
pub fn tally(output: &str) -> (u32, u32) {
    let line = output.lines().rev().find(|line| line.contains(" passed, ")).expect("a tally line");
    let numbers: Vec<u32> = line.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    (numbers[0], numbers[1])
}

#[tokio::test]
async fn every_operation_in_client_examples_runs_against_the_server_without_error() {
    let app = TestApp::spawn().await;
    let email = admin_email(&app).await;
    let validated = node(&app, &email, &["operations/validate.mjs"]).await;
    assert_eq!(tally(&validated).1, 0, "{validated}");
    let output = node(&app, &email, &["operations/run-all.mjs"]).await;
    let (passed, failed) = tally(&output);
    assert_eq!(failed, 0, "{output}");
    assert!(passed >= 40, "the story covers every operation: {output}");
    assert!(app.verify_ledger().await.is_empty());
}

#[tokio::test]
async fn the_web_apps_own_unit_tests_pass() {
    let output = run_node(&["--test", "web/test/"], &[]).await;
    assert!(output.contains("# fail 0"), "{output}");
}

/// mock-server/server.test.mjs starts the mock server on a free loopback port and uses it
/// over HTTP and WebSocket; it finds the contract pinned at tests/contract, also in a copy
/// with nothing outside the repository, and says so clearly when there is none.
#[tokio::test]
async fn the_mock_server_serves_the_contract_from_a_fresh_clone() {
    let output = run_node(&["--test", "mock-server/"], &[]).await;
    assert!(output.contains("# fail 0"), "{output}");
    let passed = output
        .lines()
        .find_map(|line| line.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .expect("a `# pass N` line");
    assert!(passed >= 10, "every mock-server test ran: {output}");
}

/// `node --test <file>` against a fresh server as its admin: every test in it passes, none
/// is skipped, and there are `count` of them.
async fn node_tests(file: &str, count: u32) {
    let app = TestApp::spawn().await;
    let email = admin_email(&app).await;
    let output = node(&app, &email, &["--test", file]).await;
    let line = |name: &str| {
        output.lines().find_map(|l| l.strip_prefix(&format!("# {name} "))?.trim().parse::<u32>().ok()).unwrap_or(99)
    };
    assert_eq!((line("pass"), line("fail"), line("skipped")), (count, 0, 0), "{output}");
}

/// Apollo Client 4 with graphql-ws and a stock InMemoryCache: a cashier's top-up changes
/// the cached Wallet.balance (and a watched myWallet query) from the myBalance event alone,
/// with one HTTP request in all; a refused token reaches an Apollo subscriber after one
/// connection.
#[tokio::test]
async fn apollo_clients_cache_follows_a_top_up_from_the_subscription_with_no_cache_code() {
    node_tests("apollo/cache.test.mjs", 2).await;
}

/// lib/kassa.mjs' graphql-ws settings (and cli/watch-balance.mjs) stop at 4403 after one
/// connection, where graphql-ws' default shouldRetry reconnects.
#[tokio::test]
async fn a_refused_token_reaches_the_example_clients_after_one_connection() {
    node_tests("lib/kassa.test.mjs", 3).await;
}

/// GraphQL Code Generator over schema.graphql and operations/ (codegen.ts), then
/// `tsc --strict` over its output and codegen/usage.ts (Money and DateTime are `string`):
/// any error in either fails this test.
#[tokio::test]
async fn generated_typescript_for_every_operation_compiles_under_tsc_strict() {
    let generated = format!("{ROOT}/client-examples/codegen/generated/graphql.ts");
    let _ = std::fs::remove_file(&generated); // so the check below sees this run's output
    run_node(&["node_modules/.bin/graphql-codegen", "--config", "codegen.ts"], &[]).await;
    let code = std::fs::read_to_string(&generated).expect("codegen wrote codegen/generated/graphql.ts");
    for operation in ["MyWalletQuery", "TopUpWalletMutation", "MyBalanceSubscription", "TopUpWalletDocument"] {
        assert!(
            code.contains(&format!("export type {operation}")) || code.contains(&format!("export const {operation}"))
        );
    }
    run_node(&["node_modules/.bin/tsc", "-p", "codegen/tsconfig.json"], &[]).await;
}

/// Runs one of client-examples' browser tests (Chromium) against a fresh server; it must
/// pass. Screenshots go to `target/screenshots/<name>` (emptied first); docs/screenshots
/// changes only when the scripts are run by hand. Returns that folder.
async fn browser_test(script: &str, needs_built: &str, name: &str) -> String {
    assert!(
        Path::new(&format!("{ROOT}/client-examples/web/dist/{needs_built}")).exists(),
        "client-examples/web/dist (committed) is missing: run `npm run build` in client-examples"
    );
    assert!(Path::new("/usr/bin/chromium").exists(), "chromium is missing: scripts/services.sh installs it");
    let app = TestApp::spawn().await;
    let email = admin_email(&app).await;
    let shots = format!("{ROOT}/target/screenshots/{name}");
    let _ = std::fs::remove_dir_all(&shots); // so checks of the files see this run's
    let env = [
        ("KASSA_URL", app.url.as_str()),
        ("KASSA_ADMIN_EMAIL", email.as_str()),
        ("KASSA_ADMIN_PASSWORD", PASSWORD),
        ("SCREENSHOT_DIR", shots.as_str()),
    ];
    let output = run_node(&[script], &env).await;
    assert_eq!(tally(&output), (1, 0), "{output}");
    shots
}

#[tokio::test]
async fn a_cashiers_top_up_reaches_the_customers_widget_in_a_real_browser() {
    let shots = browser_test("browser-test.mjs", "index.html", "app").await;
    for shot in ["customer-wallet.png", "cashier-topup.png"] {
        let size = std::fs::metadata(format!("{shots}/{shot}")).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{shot} was saved ({size} bytes)");
    }
}

#[tokio::test]
async fn the_graphiql_playground_is_served_by_kassa_alone_and_runs_a_mutation_and_a_subscription() {
    let shots = browser_test("playground-test.mjs", "graphiql.js", "playground").await;
    let size = std::fs::metadata(format!("{shots}/graphiql.png")).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "graphiql.png was saved ({size} bytes)");
}

#[tokio::test]
async fn a_crafted_api_link_sends_no_request_outside_the_origin_in_a_real_browser() {
    browser_test("token-test.mjs", "index.html", "tokens").await;
}
