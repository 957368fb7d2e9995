//! Kassa: virtual wallets for a portal, served as a GraphQL API.
//!
//! Dependencies run one way (ARCHITECTURE.md): `http` → `graphql` → `services` →
//! (`events`, `db`, `domain`, `error`, `config`, `redis`).

/// The server: router, serve loop and graceful shutdown.
pub mod app;
/// The command line: serve, migrate, create-admin, schema, verify-ledger.
pub mod cli;
/// Typed configuration from the environment.
pub mod config;
/// Connection pool, embedded migrations, the diesel schema and row types.
pub mod db;
/// Types that parse input into values that cannot be wrong: Money, wallet numbers, emails.
pub mod domain;
/// The one client-facing error type and its stable codes.
pub mod error;
/// Balance events: hub, broker (Redis or in-process), publisher, outbox and live streams.
pub(crate) mod events;
/// What instances publish on Redis, for the benchmark to publish the same.
pub use events::{BalanceEvent, balance_payload};
/// The payment systems' protocols: notifications, signatures, answers, payment links.
pub(crate) mod gateways;
/// The GraphQL schema: context, guards, scalars and resolvers (thin; calls services).
pub mod graphql;
/// HTTP endpoints: GraphQL over POST/GET and WebSocket, GraphiQL, health, the web app.
mod http;
/// Prometheus metrics: the process's recorder and one recording function per kind of event.
pub mod metrics;
/// The shared Redis connection (events and the sign-in throttle).
mod redis;
/// Payment-system secrets sealed at rest (AEAD under KASSA_SECRET_KEY).
pub mod secrets;
/// The business rules: sessions, auth, moving money, cashiers, payment systems, history.
pub mod services;
/// What every request shares: configuration, pool, events, throttles, session cache.
pub mod state;
/// Tracing set-up, pretty or JSON.
pub mod telemetry;
