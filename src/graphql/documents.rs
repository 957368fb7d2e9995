//! Documents a client sends again and again: a bounded cache of parsed documents (within
//! the limits, fields merged) keyed by their text, so a repeated operation skips parsing,
//! and automatic persisted queries in Apollo's protocol (`extensions.persistedQuery:
//! {version: 1, sha256Hash}`): a request may carry only the hash; when the server does not
//! know it, the answer is PERSISTED_QUERY_NOT_FOUND and the client sends the text with its
//! hash once. A hash is trusted only after the server has hashed the text itself, so no
//! client can make a hash stand for another document. Only those requests pay for SHA-256:
//! a text is looked up by itself (hashbrown's seeded hash, then its bytes compared), which
//! costs a fraction of hashing it (docs/benchmarks.md, change 27).
//!
//! A kept document also remembers that it once passed every validation rule. Only one rule
//! looks at variables (a variable's value against its argument's type), and execution
//! coerces every argument again anyway, so a document validated once runs on the schema in
//! async-graphql's fast validation mode (cycles and limits only): a repeated operation skips
//! parsing and validation. A mutation with several root fields is validated every time: a bad
//! variable of its second field must refuse it before the first one moves money.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, OperationType, Selection};
use async_graphql::{Request, ServerError};
use lru::LruCache;
use sha2::{Digest, Sha256};

use super::codes::coded;
use super::cost;
use super::direct::Plan;
use super::limits::{LIMITS, parse_within};
use crate::error::codes::{BAD_USER_INPUT, PERSISTED_QUERY_NOT_FOUND};

/// Distinct documents kept. Each is at most the document size limit, so the cache is
/// bounded in bytes too; a client sending ever new documents only evicts the oldest.
const KEPT: usize = 1000;

type Hash = [u8; 32];

pub(super) struct Known {
    text: Arc<str>,
    document: ExecutableDocument,
    /// It passed every validation rule once (with some variables).
    validated: AtomicBool,
    /// Its plan for answering a balance subscription without the executor, made once.
    plan: OnceLock<Option<Arc<Plan>>>,
}

impl Known {
    /// The document, parsed within the limits, its fields merged.
    pub(super) fn document(&self) -> &ExecutableDocument {
        &self.document
    }

    /// Whether this request may skip validation: the document passed it before, and the
    /// operation it runs is not a mutation of several root fields.
    pub(super) fn may_skip_validation(&self, operation_name: Option<&str>) -> bool {
        if !self.validated.load(Ordering::Relaxed) {
            return false;
        }
        let Some(operation) = chosen_operation(&self.document, operation_name) else { return false };
        let roots = &operation.node.selection_set.node.items;
        operation.node.ty != OperationType::Mutation
            || (roots.len() == 1 && matches!(roots[0].node, Selection::Field(_)))
    }

    /// How to answer this request's balance subscription without the executor: only for
    /// a document that passed validation, and only for its one operation (see `direct`).
    pub(super) fn plan(&self, operation_name: Option<&str>) -> Option<Arc<Plan>> {
        if !self.validated.load(Ordering::Relaxed) {
            return None;
        }
        let (name, _) = self.document.operations.iter().next()?;
        if operation_name.is_some_and(|wanted| name.is_none_or(|name| name.as_str() != wanted)) {
            return None;
        }
        self.plan.get_or_init(|| Plan::of(&self.document).map(Arc::new)).clone()
    }

    /// Called when the document ran, which it does only after passing validation.
    pub(super) fn passed_validation(&self) {
        self.validated.store(true, Ordering::Relaxed);
    }
}

#[derive(Clone)]
pub(super) struct Documents(Arc<Mutex<Kept>>);

/// Both bounded to KEPT; an entry of `by_hash` shares its document with `by_text`.
struct Kept {
    by_text: LruCache<Arc<str>, Arc<Known>>,
    /// Documents whose text came with its persisted-query hash.
    by_hash: LruCache<Hash, Arc<Known>>,
}

impl Default for Documents {
    fn default() -> Self {
        let kept = NonZeroUsize::new(KEPT).expect("not zero");
        Self(Arc::new(Mutex::new(Kept { by_text: LruCache::new(kept), by_hash: LruCache::new(kept) })))
    }
}

impl Documents {
    /// The request's document, parsed within the limits with its fields merged: from the
    /// cache when this text (or, for a persisted query, this hash) was seen, else parsed
    /// and kept. A persisted query's text is filled in from the cache.
    pub(super) fn document(&self, request: &mut Request) -> Result<Arc<Known>, ServerError> {
        let claimed = persisted_hash(request)?;
        if request.query.is_empty()
            && let Some(hash) = claimed
        {
            let Some(known) = self.kept().by_hash.get(&hash).cloned() else {
                return Err(coded("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND));
            };
            request.query = known.text.to_string();
            return Ok(known);
        }
        if let Some(claimed) = claimed
            && claimed != <Hash>::from(Sha256::digest(request.query.as_bytes()))
        {
            return Err(coded("provided sha does not match query", BAD_USER_INPUT));
        }
        let known = self.kept().by_text.get(request.query.as_str()).cloned();
        let known = match known {
            Some(known) => known,
            None => {
                let document = parse(&request.query)?;
                let known = Arc::new(Known {
                    text: Arc::from(request.query.as_str()),
                    document,
                    validated: AtomicBool::new(false),
                    plan: OnceLock::new(),
                });
                self.kept().by_text.put(known.text.clone(), known.clone());
                known
            }
        };
        if let Some(hash) = claimed {
            self.kept().by_hash.put(hash, known.clone());
        }
        Ok(known)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().expect("document cache")
    }
}

/// The operation a request runs: the one it names, or else the document's first.
pub(super) fn chosen_operation<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a Positioned<OperationDefinition>> {
    let mut operations = document.operations.iter();
    let chosen = match operation_name {
        Some(wanted) => operations.find(|(name, _)| name.is_some_and(|name| name.as_str() == wanted)),
        None => operations.next(),
    };
    chosen.map(|(_, operation)| operation)
}

fn parse(query: &str) -> Result<ExecutableDocument, ServerError> {
    let mut document = parse_within(query, LIMITS)?;
    cost::merge_fields(&mut document);
    Ok(document)
}

/// `extensions.persistedQuery.sha256Hash`, if the request has one; a malformed one, or
/// another version than 1, is BAD_USER_INPUT.
fn persisted_hash(request: &Request) -> Result<Option<Hash>, ServerError> {
    let Some(persisted) = request.extensions.get("persistedQuery") else { return Ok(None) };
    let persisted = persisted.clone().into_json().unwrap_or_default();
    let version = persisted.get("version").and_then(serde_json::Value::as_i64);
    let hash = persisted.get("sha256Hash").and_then(serde_json::Value::as_str).and_then(decode);
    match (version, hash) {
        (Some(1), Some(hash)) => Ok(Some(hash)),
        _ => Err(coded("persistedQuery needs version 1 and a sha256Hash of 64 hex digits", BAD_USER_INPUT)),
    }
}

fn decode(text: &str) -> Option<Hash> {
    let mut hash = [0u8; 32];
    hex::decode_to_slice(text, &mut hash).ok()?;
    Some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persisted(query: &str, hash: &str) -> Request {
        let mut request = Request::new(query);
        let extension = serde_json::json!({ "version": 1, "sha256Hash": hash });
        request.extensions.insert("persistedQuery".into(), async_graphql::Value::from_json(extension).unwrap());
        request
    }

    const QUERY: &str = "{ walletConfig { currency } }";

    fn hash_of(query: &str) -> String {
        hex::encode(Sha256::digest(query.as_bytes()))
    }

    #[test]
    fn a_hash_alone_is_unknown_until_its_text_came_once_with_it() {
        let documents = Documents::default();
        let error = documents.document(&mut persisted("", &hash_of(QUERY))).err().expect("refused");
        assert_eq!(error.message, "PersistedQueryNotFound");
        documents.document(&mut persisted(QUERY, &hash_of(QUERY))).unwrap();
        let mut by_hash = persisted("", &hash_of(QUERY));
        let known = documents.document(&mut by_hash).unwrap();
        assert_eq!(by_hash.query, QUERY, "the text is filled in for the executor");
        assert_eq!(known.document().operations.iter().count(), 1);
    }

    #[test]
    fn a_hash_that_is_not_the_texts_is_refused_and_stands_for_nothing() {
        let documents = Documents::default();
        let other = "{ me { id } }";
        let error = documents.document(&mut persisted(other, &hash_of(QUERY))).err().expect("refused");
        assert_eq!(error.message, "provided sha does not match query");
        assert!(documents.document(&mut persisted("", &hash_of(QUERY))).is_err(), "nothing was kept");
        assert!(documents.document(&mut persisted("", "zz")).is_err(), "a malformed hash");
    }

    #[test]
    fn a_repeated_text_comes_from_the_cache_and_the_cache_is_bounded() {
        let documents = Documents::default();
        for i in 0..(KEPT + 10) {
            documents
                .document(&mut Request::new(format!("{{ walletConfig {{ currency }} a{i}: me {{ id }} }}")))
                .unwrap();
        }
        assert_eq!(documents.kept().by_text.len(), KEPT);
        let newest = format!("{{ walletConfig {{ currency }} a{}: me {{ id }} }}", KEPT + 9);
        let first = documents.document(&mut Request::new(newest.clone())).unwrap();
        assert!(Arc::ptr_eq(&first, &documents.document(&mut Request::new(newest.clone())).unwrap()), "kept");
        let oldest = "{ walletConfig { currency } a0: me { id } }";
        let evicted = documents.document(&mut Request::new(oldest)).unwrap();
        assert_eq!(documents.kept().by_text.len(), KEPT, "the oldest was evicted, and came back as new");
        assert!(!evicted.validated.load(Ordering::Relaxed));
        assert!(
            documents.document(&mut persisted("", &hash_of(&newest))).is_err(),
            "a text sent without its hash is not known by hash"
        );
    }

    #[test]
    fn persisted_hashes_are_bounded_too() {
        let documents = Documents::default();
        let text = |i: usize| format!("{{ walletConfig {{ currency }} a{i}: me {{ id }} }}");
        for i in 0..(KEPT + 10) {
            documents.document(&mut persisted(&text(i), &hash_of(&text(i)))).unwrap();
        }
        assert_eq!(documents.kept().by_hash.len(), KEPT);
        let newest = documents.document(&mut persisted("", &hash_of(&text(KEPT + 9)))).unwrap();
        assert_eq!(&*newest.text, text(KEPT + 9));
        assert!(documents.document(&mut persisted("", &hash_of(&text(0)))).is_err(), "evicted");
    }
}
