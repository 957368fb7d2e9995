//! The API test suite: every test starts Kassa in process on 127.0.0.1:0 with a database of
//! its own (cloned from a migrated template) and speaks real GraphQL over HTTP.

mod helpers;

mod story;
