//! The web app under /app/, and GraphiQL's script and styles next to it. By default the
//! build committed in client-examples/web/dist, carried in the binary (so a fresh clone's
//! `cargo run` needs neither npm nor the internet); with `KASSA_WEB_DIR`, a directory on
//! disk instead (a live development build). Every page gets the strict policy of `headers`.

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rust_embed::Embed;
use tower_http::services::{ServeDir, ServeFile};

use super::headers;

/// `npm run build` in client-examples writes this folder; it is committed, and scripts/test.sh
/// fails when it differs from a fresh build of web/src.
#[derive(Embed)]
#[folder = "client-examples/web/dist/"]
struct Built;

/// Every file is revalidated (they have fixed names: app.js, graphiql.js); an unchanged one
/// costs a 304 against its ETag.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// The router nested at /app: the files of `dir`, or the built-in ones.
pub(super) fn app<S: Clone + Send + Sync + 'static>(dir: Option<&str>) -> Router<S> {
    let files = match dir {
        Some(dir) => {
            tracing::info!(dir, "serving the web app from KASSA_WEB_DIR");
            Router::new().fallback_service(ServeDir::new(dir).fallback(ServeFile::new(format!("{dir}/index.html"))))
        }
        None => Router::new().route("/", get(built)).route("/{*path}", get(built)),
    };
    let [csp, frames] = headers::page_layers();
    files.layer(middleware::from_fn(add_slash)).layer(csp).layer(frames)
}

/// /app without its slash would resolve the page's relative ./app.js against /: send the
/// browser to /app/ first.
async fn add_slash(OriginalUri(original): OriginalUri, request: Request, next: Next) -> Response {
    if original.path() == "/app" {
        let query = original.query().map(|q| format!("?{q}")).unwrap_or_default();
        return Redirect::permanent(&format!("/app/{query}")).into_response();
    }
    next.run(request).await
}

/// One built-in file. A path that names no file and has no extension is a page of the app
/// (index.html); a missing file with an extension is a 404, never HTML in its place.
async fn built(uri: Uri, request_headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let name = if path.is_empty() || path.ends_with('/') { "index.html" } else { path };
    let (name, file) = match Built::get(name) {
        Some(file) => (name, file),
        None if !name.rsplit('/').next().unwrap_or(name).contains('.') => match Built::get("index.html") {
            Some(file) => ("index.html", file),
            None => return StatusCode::NOT_FOUND.into_response(),
        },
        None => return StatusCode::NOT_FOUND.into_response(),
    };
    let etag = etag(&file.metadata.sha256_hash());
    let cache = [(header::ETAG, etag.clone()), (header::CACHE_CONTROL, REVALIDATE)];
    if matches(&request_headers, &etag) {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(header::CONTENT_TYPE, content_type(name, file.metadata.mimetype()))], file.data).into_response()
}

fn etag(hash: &[u8; 32]) -> HeaderValue {
    HeaderValue::try_from(format!("\"{}\"", hex::encode(&hash[..16]))).expect("hex is a valid header value")
}

/// If-None-Match holds this ETag (or `*`).
fn matches(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(wanted) = request_headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let etag = etag.to_str().unwrap_or_default();
    wanted.split(',').map(|tag| tag.trim().trim_start_matches("W/")).any(|tag| tag == etag || tag == "*")
}

/// The file's media type, with `charset=utf-8` for text (esbuild writes UTF-8).
fn content_type(name: &str, guessed: &str) -> HeaderValue {
    let textual = guessed.starts_with("text/") || guessed == "application/javascript" || guessed == "application/json";
    let value = if textual { format!("{guessed}; charset=utf-8") } else { guessed.to_owned() };
    HeaderValue::try_from(value).unwrap_or_else(|_| {
        tracing::warn!(name, guessed, "a built file has a media type that is no header value");
        HeaderValue::from_static("application/octet-stream")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_the_web_app_and_graphiql() {
        for name in ["index.html", "app.js", "app.css", "graphiql.js", "graphiql.css"] {
            assert!(Built::get(name).is_some(), "{name} is in client-examples/web/dist: run `npm run build` there");
        }
    }

    #[test]
    fn an_etag_matches_itself_weakly_in_a_list_and_as_a_star() {
        let tag = etag(&[7; 32]);
        let ask = |value: &str| HeaderMap::from_iter([(header::IF_NONE_MATCH, HeaderValue::try_from(value).unwrap())]);
        let text = tag.to_str().unwrap();
        assert!(matches(&ask(text), &tag));
        assert!(matches(&ask(&format!("\"other\", W/{text}")), &tag));
        assert!(matches(&ask("*"), &tag));
        assert!(!matches(&ask("\"other\""), &tag));
        assert!(!matches(&HeaderMap::new(), &tag));
    }
}
