//! client-examples for online payments, run as tests against a started server: the payment
//! simulator's own tests, the simulator paying through every provider, and the Chromium test of an online top-up (Top up online, the
//! simulator's payment page, back to a PAID invoice; a REVIEW invoice credited from the
//! cashier's queue).

use std::path::Path;

use crate::examples::run_node;
use crate::helpers::{Options, PASSWORD, TEST_SECRET_KEY, TestApp};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[tokio::test]
async fn the_payment_simulators_own_tests_pass() {
    let output = run_node(&["--test", "gateway-sim/"], &[]).await;
    assert!(output.contains("# fail 0"), "{output}");
    let passed =
        output.lines().find_map(|line| line.strip_prefix("# pass ")).and_then(|n| n.trim().parse::<u32>().ok());
    assert!(passed >= Some(9), "every simulator test ran: {output}");
}

/// gateway-sim/against-kassa.mjs: for each of the five providers the simulator's signed
/// notification (written from gateways.md independently of src/gateways) credits once, a
/// replay credits nothing more, a wrong secret is refused and a short payment goes to REVIEW.
#[tokio::test]
async fn the_simulator_pays_every_provider_and_the_server_agrees() {
    let app =
        TestApp::with(Options { env: vec![("KASSA_SECRET_KEY", TEST_SECRET_KEY.into())], ..Default::default() }).await;
    let email = app.admin().await.email;
    let env =
        [("KASSA_URL", app.url.as_str()), ("KASSA_ADMIN_EMAIL", email.as_str()), ("KASSA_ADMIN_PASSWORD", PASSWORD)];
    let output = run_node(&["gateway-sim/against-kassa.mjs"], &env).await;
    assert!(output.contains("5 passed, 0 failed"), "{output}");
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances");
}

#[tokio::test]
async fn an_online_top_up_through_the_simulator_reaches_the_wallet_in_a_real_browser() {
    assert!(
        Path::new(&format!("{ROOT}/client-examples/web/dist/index.html")).exists(),
        "the web app is not built: run `npm run build` in client-examples (scripts/test.sh does)"
    );
    assert!(Path::new("/usr/bin/chromium").exists(), "chromium is missing: scripts/services.sh installs it");
    let app =
        TestApp::with(Options { env: vec![("KASSA_SECRET_KEY", TEST_SECRET_KEY.into())], ..Default::default() }).await;
    let email = app.admin().await.email;
    let shots = format!("{ROOT}/target/screenshots/online");
    let _ = std::fs::remove_dir_all(&shots);
    let env = [
        ("KASSA_URL", app.url.as_str()),
        ("KASSA_ADMIN_EMAIL", email.as_str()),
        ("KASSA_ADMIN_PASSWORD", PASSWORD),
        ("SCREENSHOT_DIR", shots.as_str()),
    ];
    let output = run_node(&["online-test.mjs"], &env).await;
    assert!(output.contains("1 passed, 0 failed"), "{output}");
    for shot in ["online-simulator.png", "online-wallet.png"] {
        let size = std::fs::metadata(format!("{shots}/{shot}")).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{shot} was saved ({size} bytes)");
    }
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances after the online top-ups");
}
