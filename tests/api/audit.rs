//! The audit log: every administrative act writes one entry in the act's own transaction,
//! the database keeps the log append-only, and only admins read it.

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};

use crate::helpers::{Actor, PASSWORD, TestApp, code};

const AUDIT_LOG: &str = "query($action: AuditAction, $first: Int, $after: String) {
    auditLog(action: $action, first: $first, after: $after) {
        edges { cursor node { id action details createdAt actor { id } subjectUser { id email } subjectPaymentSystem { id } } }
        pageInfo { hasNextPage endCursor } } }";

/// The entries, newest first (one page of 100).
async fn entries(app: &TestApp, admin: &Actor, action: Option<&str>) -> Vec<Value> {
    let data = app.ok(Some(&admin.token), AUDIT_LOG, json!({ "action": action, "first": 100 })).await;
    data["auditLog"]["edges"].as_array().unwrap().iter().map(|edge| edge["node"].clone()).collect()
}

#[tokio::test]
async fn each_administrative_act_writes_one_entry_and_a_failed_act_none() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let first = entries(&app, &admin, None).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["action"], "ADMIN_CREATED");
    assert!(first[0]["actor"].is_null(), "created as `kassa create-admin` does: no actor");
    assert_eq!(first[0]["subjectUser"]["id"], admin.id.as_str());

    let customer = app.customer().await;
    let staff = app.user_by_admin(&admin, "Staff").await;
    let add = "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }";
    let remove = "mutation($id: ID!) { removeCashier(userId: $id) }";
    app.ok(Some(&admin.token), add, json!({ "id": staff.id })).await;
    app.ok(Some(&admin.token), add, json!({ "id": staff.id })).await; // already one: no change
    assert_eq!(app.ok(Some(&admin.token), remove, json!({ "id": staff.id })).await["removeCashier"], true);
    assert_eq!(app.ok(Some(&admin.token), remove, json!({ "id": staff.id })).await["removeCashier"], false);
    // Failed acts: an unknown user, an email already registered.
    assert_eq!(code(&app.gql(Some(&admin.token), add, json!({ "id": "999999" })).await), "NOT_FOUND");
    let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";
    let again = json!({ "input": { "email": customer.email, "password": PASSWORD, "name": "Again" } });
    assert_eq!(code(&app.gql(None, sign_up, again).await), "BAD_USER_INPUT");

    let log = entries(&app, &admin, None).await;
    let seen: Vec<(&str, Option<&str>, Option<&str>)> = log
        .iter()
        .map(|entry| {
            (entry["action"].as_str().unwrap(), entry["actor"]["id"].as_str(), entry["subjectUser"]["id"].as_str())
        })
        .collect();
    let (admin_id, customer_id, staff_id) = (admin.id.as_str(), customer.id.as_str(), staff.id.as_str());
    assert_eq!(
        seen,
        [
            ("CASHIER_REMOVED", Some(admin_id), Some(staff_id)),
            ("CASHIER_ADDED", Some(admin_id), Some(staff_id)),
            ("USER_CREATED", Some(admin_id), Some(staff_id)),
            ("USER_CREATED", Some(customer_id), Some(customer_id)),
            ("ADMIN_CREATED", None, Some(admin_id)),
        ]
    );
    assert!(log[3]["details"].as_str().unwrap().contains(&customer.email), "{}", log[3]["details"]);
    assert!(log.iter().all(|entry| !entry["details"].as_str().unwrap().contains(PASSWORD)), "no secret in details");
    assert!(log.iter().all(|entry| entry["subjectPaymentSystem"].is_null()));
}

#[tokio::test]
async fn the_command_line_create_admin_is_recorded_with_a_null_actor() {
    let app = TestApp::spawn().await;
    crate::faults::create_admin(&app.database_url, "root@example.com").await;
    let admin = app.sign_in("root@example.com").await;
    let log = entries(&app, &admin, None).await;
    let actions: Vec<&str> = log.iter().map(|entry| entry["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["CASHIER_ADDED", "ADMIN_CREATED"], "--cashier appoints them too");
    assert!(log.iter().all(|entry| entry["actor"].is_null() && entry["subjectUser"]["id"] == admin.id.as_str()));
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_audit_entries() {
    let app = TestApp::spawn().await;
    app.admin().await;
    let mut conn = AsyncPgConnection::establish(&app.database_url).await.unwrap();
    for attack in ["UPDATE audit_log SET details = 'nothing happened'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
        let error = diesel::sql_query(attack).execute(&mut conn).await.expect_err(attack).to_string();
        assert!(error.contains("append-only"), "{attack}: {error}");
    }
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let left: Count = diesel::sql_query("SELECT count(*) AS count FROM audit_log").get_result(&mut conn).await.unwrap();
    assert_eq!(left.count, 1);
}

#[tokio::test]
async fn an_older_instance_writing_cashier_audit_still_lands_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let customer = app.customer().await;
    let mut conn = AsyncPgConnection::establish(&app.database_url).await.unwrap();
    let sql = format!(
        "INSERT INTO cashier_audit (user_id, action, actor_id) VALUES ({}, 'added', {})",
        customer.id, admin.id
    );
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    let log = entries(&app, &admin, Some("CASHIER_ADDED")).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0]["actor"]["id"].as_str(), log[0]["subjectUser"]["id"].as_str()),
        (Some(&*admin.id), Some(&*customer.id))
    );
}

#[tokio::test]
async fn only_admins_read_the_audit_log() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cashier = app.cashier(&admin).await;
    let customer = app.customer().await;
    assert_eq!(code(&app.gql(None, AUDIT_LOG, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(Some(&customer.token), AUDIT_LOG, json!({})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&cashier.token), AUDIT_LOG, json!({})).await), "FORBIDDEN");
    let bad_page = app.gql(Some(&admin.token), AUDIT_LOG, json!({ "first": 101 })).await;
    assert_eq!(code(&bad_page), "BAD_USER_INPUT");
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_and_filters_by_action() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut users = Vec::new();
    for name in ["Ann", "Bob", "Cid"] {
        users.push(app.user_by_admin(&admin, name).await);
    }
    app.ok(
        Some(&admin.token),
        "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }",
        json!({ "id": users[1].id }),
    )
    .await;
    let all = entries(&app, &admin, None).await;
    assert_eq!(all.len(), 5);
    let ids: Vec<i64> = all.iter().map(|entry| entry["id"].as_str().unwrap().parse().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "newest first: {ids:?}");

    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app.ok(Some(&admin.token), AUDIT_LOG, json!({ "first": 2, "after": after })).await;
        let page = &data["auditLog"];
        paged.extend(page["edges"].as_array().unwrap().iter().map(|edge| edge["node"]["id"].clone()));
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
    assert_eq!(paged, all.iter().map(|entry| entry["id"].clone()).collect::<Vec<_>>(), "pages cover it once, in order");

    let created = entries(&app, &admin, Some("USER_CREATED")).await;
    let subjects: Vec<&str> = created.iter().map(|entry| entry["subjectUser"]["id"].as_str().unwrap()).collect();
    assert_eq!(subjects, [users[2].id.as_str(), users[1].id.as_str(), users[0].id.as_str()]);
    let added = entries(&app, &admin, Some("CASHIER_ADDED")).await;
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["subjectUser"]["email"], users[1].email.as_str());
    assert!(entries(&app, &admin, Some("SECRETS_ROTATED")).await.is_empty());
}

#[tokio::test]
async fn ten_concurrent_appointments_of_one_cashier_write_one_entry() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let staff = app.user_by_admin(&admin, "Staff").await;
    let add = "mutation($id: ID!) { addCashier(userId: $id) { addedAt } }";
    let answers =
        futures::future::join_all((0..10).map(|_| app.gql(Some(&admin.token), add, json!({ "id": staff.id })))).await;
    assert!(answers.iter().all(|answer| answer.get("errors").is_none()), "{answers:#?}");
    let added = entries(&app, &admin, Some("CASHIER_ADDED")).await;
    assert_eq!(added.len(), 1, "the entry commits with the one insert that happened: {added:#?}");
}
