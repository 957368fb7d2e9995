//! schemathesis fuzzes the whole API (GraphQL mode) as a signed-in admin who is also a
//! cashier, for a bounded number of cases: no 5xx, no INTERNAL_SERVER_ERROR, no error without
//! a code (the checks live in scripts/fuzz/kassa_hooks.py).

use std::path::Path;

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn fuzzing_the_api_finds_no_server_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    app.ok(Some(&admin.token), "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }", json!({ "id": admin.id }))
        .await;
    app.payment_system(&admin).await;
    let customer = app.customer().await;
    app.top_up(&admin, &customer.wallet, "500.00", &app.payment_system(&admin).await).await;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tokio::process::Command::new("bash")
        .arg(root.join("scripts/fuzz.sh"))
        .arg(format!("{}/graphql", app.url))
        .arg("--header")
        .arg(format!("Authorization: Bearer {}", admin.token))
        .env("KASSA_FUZZ_EXAMPLES", "15")
        .output()
        .await
        .expect("running scripts/fuzz.sh");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}");
    assert!(output.status.success(), "schemathesis found failures (or could not run):\n{report}");
    assert!(report.contains("passed"), "schemathesis ran no case:\n{report}");
    assert!(app.verify_ledger().await.is_empty(), "the ledger balances after the fuzzing");
}
