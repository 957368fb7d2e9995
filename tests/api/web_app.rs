//! The web app at /app/ and GraphiQL at GET /graphql come from the binary itself: a server
//! started where no web app is on disk (a fresh clone's `cargo run`, or a copied binary)
//! still serves both, byte for byte the committed build; KASSA_WEB_DIR serves a live build
//! from disk instead.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION};

use crate::faults::KassaProcess;
use crate::helpers::{Options, TestApp};

const DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/client-examples/web/dist");

fn committed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIST}/{name}")).expect("the committed build in client-examples/web/dist")
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response.headers().get(&name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kassa-{what}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_server_with_no_web_app_on_disk_serves_it_and_graphiql_from_its_binary() {
    let app = TestApp::spawn().await; // the database (and an in-process twin we do not use)
    let empty = temp_dir("nowhere");
    let kassa = KassaProcess::start_in(&empty, &app.database_url, &[]).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let get = |path: &str| http.get(format!("{}{path}", kassa.url)).send();

    for (path, file, media) in [
        ("/app/", "index.html", "text/html; charset=utf-8"),
        ("/app/app.js", "app.js", "javascript; charset=utf-8"),
        ("/app/app.css", "app.css", "text/css; charset=utf-8"),
        ("/app/graphiql.js", "graphiql.js", "javascript; charset=utf-8"),
        ("/app/graphiql.css", "graphiql.css", "text/css; charset=utf-8"),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let content_type = header(&response, CONTENT_TYPE);
        assert!(content_type.ends_with(media) && !content_type.contains("octet"), "{path}: {content_type}");
        assert_eq!(header(&response, CACHE_CONTROL), "no-cache", "{path}");
        let policy = header(&response, CONTENT_SECURITY_POLICY);
        assert!(policy.contains("script-src 'self';") && policy.contains("connect-src 'self';"), "{path}: {policy}");
        let etag = header(&response, ETAG);
        assert!(etag.starts_with('"') && etag.len() > 10, "{path}: ETag {etag:?}");
        assert!(response.bytes().await.unwrap() == committed(file), "{path} is the committed {file}");

        let again = http.get(format!("{}{path}", kassa.url)).header(IF_NONE_MATCH, &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path} with its ETag");
        assert!(again.bytes().await.unwrap().is_empty());
    }

    let page = http.get(format!("{}/graphql", kassa.url)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let policy = header(&page, CONTENT_SECURITY_POLICY);
    assert!(policy.contains("script-src 'self';") && !policy.contains("https:"), "GraphiQL's policy: {policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"src="/app/graphiql.js""#) && html.contains(r#"href="/app/graphiql.css""#), "{html}");

    let index = String::from_utf8(committed("index.html")).unwrap();
    assert!(
        index.matches("<script").count() == index.matches("<script type=\"module\" src=").count(),
        "every script of the app is a file: its policy (script-src 'self') blocks inline ones"
    );

    let route = get("/app/cashier").await.unwrap();
    assert_eq!(route.status(), StatusCode::OK, "a path with no extension is a page of the app");
    assert!(route.bytes().await.unwrap() == committed("index.html"));
    assert_eq!(get("/app/missing.js").await.unwrap().status(), StatusCode::NOT_FOUND, "never HTML for a script");
    let bare = get("/app?x=1").await.unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&bare, LOCATION), "/app/?x=1", "so ./app.js resolves under /app/");
    drop(kassa);
    std::fs::remove_dir_all(&empty).unwrap();
}

#[tokio::test]
async fn kassa_web_dir_serves_a_live_build_from_disk_under_the_same_policy() {
    let dir = temp_dir("web-dev");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>dev build</title>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log('dev')").unwrap();
    let web_dir = dir.to_str().unwrap().to_owned();
    let app = TestApp::with(Options { env: vec![("KASSA_WEB_DIR", web_dir)], ..Options::default() }).await;

    let page = app.http.get(format!("{}/app/", app.url)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(header(&page, CONTENT_SECURITY_POLICY).contains("connect-src 'self';"));
    assert_eq!(page.text().await.unwrap(), "<!doctype html><title>dev build</title>");
    let script = app.http.get(format!("{}/app/app.js", app.url)).send().await.unwrap();
    assert_eq!(script.text().await.unwrap(), "console.log('dev')", "the file on disk, not the built-in one");
    std::fs::remove_dir_all(&dir).unwrap();
}
