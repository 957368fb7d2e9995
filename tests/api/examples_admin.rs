//! The admin's pages in a real browser against a started server: client-examples/admin-test.mjs
//! makes a payment system, 21 users, a cashier and a top-up, edits the payment system
//! through the UI, then checks the audit log (the acts with their actors, the action filter,
//! paging) and the reconciliation report (today's row and total, the daily bar chart), in
//! English and, after the switch, in Russian; no page may ask another host for anything.

use std::path::Path;
use std::time::Duration;

use crate::helpers::{PASSWORD, TestApp};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[tokio::test]
async fn the_admins_audit_log_and_report_show_what_was_just_done_in_a_real_browser() {
    assert!(
        Path::new(&format!("{ROOT}/client-examples/node_modules/playwright-core")).exists(),
        "client-examples/node_modules is missing: run `npm ci` in client-examples (scripts/test.sh does)"
    );
    assert!(Path::new("/usr/bin/chromium").exists(), "chromium is missing: scripts/services.sh installs it");
    let app = TestApp::spawn().await;
    let email = app.admin().await.email;
    let shots = format!("{ROOT}/target/screenshots/admin");
    let _ = std::fs::remove_dir_all(&shots);
    let run = tokio::process::Command::new("node")
        .arg("admin-test.mjs")
        .current_dir(format!("{ROOT}/client-examples"))
        .envs([
            ("KASSA_URL", app.url.as_str()),
            ("KASSA_ADMIN_EMAIL", email.as_str()),
            ("KASSA_ADMIN_PASSWORD", PASSWORD),
            ("SCREENSHOT_DIR", shots.as_str()),
        ])
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(180), run).await.expect("node finished in time").unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && text.contains("1 passed, 0 failed"), "admin-test.mjs failed:\n{text}");
    for shot in ["admin-audit.png", "admin-report.png"] {
        let size = std::fs::metadata(format!("{shots}/{shot}")).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{shot} was saved ({size} bytes)");
    }
}

/// client-examples/portal-admin-test.mjs: the admin's Portal page creates an API key (its
/// secret shown once, then used and its last use shown), revokes it (refused at once),
/// registers a webhook endpoint on a receiver that answers 500, shows the failed attempts
/// in the delivery log and deletes the endpoint.
#[tokio::test]
async fn the_admins_portal_page_manages_api_keys_and_webhook_endpoints_in_a_real_browser() {
    assert!(Path::new("/usr/bin/chromium").exists(), "chromium is missing: scripts/services.sh installs it");
    let env = vec![("KASSA_SECRET_KEY", crate::helpers::TEST_SECRET_KEY.to_owned())];
    let app = TestApp::with(crate::helpers::Options { env, ..Default::default() }).await;
    let email = app.admin().await.email;
    let env =
        [("KASSA_URL", app.url.as_str()), ("KASSA_ADMIN_EMAIL", email.as_str()), ("KASSA_ADMIN_PASSWORD", PASSWORD)];
    let output = crate::examples::run_node(&["portal-admin-test.mjs"], &env).await;
    assert_eq!(crate::examples::tally(&output), (1, 0), "{output}");
}
