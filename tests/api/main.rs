//! The API test suite: every test starts Kassa in process on 127.0.0.1:0 with a database of
//! its own (cloned from a migrated template) and speaks real GraphQL over HTTP.

mod certs;
mod helpers;
mod postgres_server;
mod redis_server;
mod replica_server;
mod ws_client;

mod api_keys;
mod api_keys_use;
mod audit;
mod auth;
mod concurrency;
mod examples;
mod examples_admin;
mod examples_online;
mod faults;
mod guards;
mod guards_ownership;
mod hardening;
mod hardening_fuzz;
mod history;
mod holds;
mod holds_keys;
mod http_limits;
mod idempotency;
mod jwt;
mod ledger_rules;
mod live;
mod live_faults;
mod live_scale;
mod metrics;
mod money_input;
mod money_input_fields;
mod online;
mod query_cost;
mod replica;
mod report;
mod roles;
mod schema;
mod sessions;
mod story;
mod tls;
mod web_app;
mod ws_protocol;
