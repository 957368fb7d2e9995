//! The server can run as a role that does not own the tables: it works, and it cannot
//! switch off the append-only journal or rewrite history.

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde_json::json;

use crate::helpers::{Options, SERVER_URL, TestApp};
use crate::live::Scene;

#[tokio::test]
async fn a_server_role_that_does_not_own_the_tables_moves_money_but_cannot_disable_the_triggers() {
    let owner = Scene::new(Options::default()).await;
    let role = format!("kassa_app_{}", owner.app.database.trim_start_matches("kassa_test_"));
    let mut admin = AsyncPgConnection::establish(&format!("{SERVER_URL}/postgres")).await.unwrap();
    diesel::sql_query(format!("CREATE ROLE \"{role}\" LOGIN")).execute(&mut admin).await.unwrap();

    let app_url = format!("postgres://{role}@127.0.0.1:5432/{}", owner.app.database);
    let mut server = TestApp::with(Options {
        database: Some(owner.app.database.clone()),
        env: vec![("DATABASE_URL", app_url.clone()), ("DATABASE_MIGRATION_URL", owner.app.database_url.clone())],
        ..Options::default()
    })
    .await;
    server.database = String::new(); // the owner's app drops the database
    let top_up = server.top_up(&owner.cashier, &owner.customer.wallet, "3.00", &owner.system).await;
    assert_eq!(top_up["wallet"]["balance"], "3.00");
    let data =
        server.ok(Some(&owner.customer.token), "{ myWallet { transactions { edges { cursor } } } }", json!({})).await;
    assert_eq!(data["myWallet"]["transactions"]["edges"].as_array().unwrap().len(), 1);
    // API keys: created, used (a key is told FORBIDDEN where only users go) and revoked.
    let create =
        "mutation { createApiKey(input: { name: \"Shop\", scopes: [PAYMENTS_READ] }) { secret apiKey { id } } }";
    let key = server.ok(Some(&owner.admin.token), create, json!({})).await["createApiKey"].clone();
    let used = server.gql(key["secret"].as_str(), "{ myWallet { number } }", json!({})).await;
    assert_eq!(crate::helpers::code(&used), "FORBIDDEN", "{used}");
    let revoke = server
        .ok(
            Some(&owner.admin.token),
            "mutation($id: ID!) { revokeApiKey(id: $id) }",
            json!({ "id": key["apiKey"]["id"] }),
        )
        .await;
    assert_eq!(revoke["revokeApiKey"], true);

    let mut as_server = AsyncPgConnection::establish(&app_url).await.unwrap();
    for attack in [
        "ALTER TABLE transactions DISABLE TRIGGER transactions_append_only",
        "ALTER TABLE ledger_entries DISABLE TRIGGER ALL",
        "UPDATE transactions SET amount = amount * 100",
        "DELETE FROM ledger_entries",
        "TRUNCATE transactions CASCADE",
        "DROP TABLE outbox",
    ] {
        let refused = diesel::sql_query(attack).execute(&mut as_server).await;
        assert!(refused.is_err(), "the server role could run: {attack}");
    }
    drop(as_server);
    drop(server);
    assert!(owner.app.verify_ledger().await.is_empty());
    let mut in_database = AsyncPgConnection::establish(&owner.app.database_url).await.unwrap();
    diesel::sql_query(format!("DROP OWNED BY \"{role}\"")).execute(&mut in_database).await.unwrap();
    diesel::sql_query(format!("DROP ROLE \"{role}\"")).execute(&mut admin).await.unwrap();
}
