//! client-examples/portal-backend against a started server: the Node service in the
//! portal's role runs the whole story (API key, webhook endpoint, its own JWT, an order held,
//! shipped and looked up, another cancelled, every webhook verified), and the widget on the
//! portal's own origin follows a top-up live in Chromium with the portal's JWT.

use crate::examples::{run_node, tally};
use crate::faults::free_port;
use crate::helpers::{Options, PASSWORD, TEST_SECRET_KEY, TestApp};
use crate::jwt::count;

const JWT_SECRET: &str = "portal-backend-example-shared-secret-32+";

async fn portal_kassa(extra: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![
        ("KASSA_JWT_HS256_SECRET", JWT_SECRET.to_owned()),
        ("KASSA_ALLOW_SIGNUP", "false".to_owned()),
        ("KASSA_SECRET_KEY", TEST_SECRET_KEY.to_owned()),
    ];
    env.extend(extra);
    TestApp::with(Options { env, ..Options::default() }).await
}

#[tokio::test]
async fn the_portal_backend_example_runs_the_whole_story_against_the_server() {
    let app = portal_kassa(vec![]).await;
    let admin = app.admin().await;
    let env = [
        ("KASSA_URL", app.url.as_str()),
        ("KASSA_ADMIN_EMAIL", admin.email.as_str()),
        ("KASSA_ADMIN_PASSWORD", PASSWORD),
        ("PORTAL_JWT_SECRET", JWT_SECRET),
    ];
    let output = run_node(&["portal-backend/story.mjs"], &env).await;
    let (passed, failed) = tally(&output);
    assert_eq!(failed, 0, "{output}");
    assert!(passed >= 15, "every step ran: {output}");

    // What the story did, read back from the database rather than from its own report.
    let holds = "select count(*) as n from holds h join wallets w on w.id = h.wallet_id join users u on u.id = w.owner_id \
                 where u.external_id like 'portal-user-%'";
    assert_eq!(count(&app, &format!("{holds} and h.status = 'CAPTURED'")).await, 1);
    assert_eq!(count(&app, &format!("{holds} and h.status = 'VOIDED'")).await, 1);
    assert_eq!(count(&app, "select count(*) as n from transactions where kind = 'PAYMENT' and amount = 30").await, 1);
    assert_eq!(app.verify_ledger().await, vec![], "the ledger balances, held included");
}

#[tokio::test]
async fn the_widget_on_the_portals_own_page_follows_a_top_up_with_the_portals_jwt_in_a_real_browser() {
    assert!(std::path::Path::new("/usr/bin/chromium").exists(), "chromium is missing: scripts/services.sh installs it");
    let port = free_port();
    let portal = format!("http://127.0.0.1:{port}");
    let app = portal_kassa(vec![("KASSA_CORS_ORIGINS", portal.clone()), ("KASSA_WS_ORIGINS", portal)]).await;
    let admin = app.admin().await;
    let port = port.to_string();
    let env = [
        ("KASSA_URL", app.url.as_str()),
        ("KASSA_ADMIN_EMAIL", admin.email.as_str()),
        ("KASSA_ADMIN_PASSWORD", PASSWORD),
        ("PORTAL_JWT_SECRET", JWT_SECRET),
        ("PORTAL_PORT", port.as_str()),
    ];
    let output = run_node(&["portal-backend/widget-browser.mjs"], &env).await;
    assert_eq!(tally(&output), (1, 0), "{output}");
}

/// portal-backend/signature.test.mjs: the portal's webhook check against a digest computed
/// independently, and every way a delivery can be refused.
#[tokio::test]
async fn the_portal_backends_signature_check_passes_its_unit_tests() {
    let output = run_node(&["--test", "portal-backend/"], &[]).await;
    let line = |name: &str| {
        output.lines().find_map(|l| l.strip_prefix(&format!("# {name} "))?.trim().parse::<u32>().ok()).unwrap_or(99)
    };
    assert_eq!((line("pass"), line("fail"), line("skipped")), (3, 0, 0), "{output}");
}
