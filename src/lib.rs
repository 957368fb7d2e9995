//! Kassa: virtual wallets for a portal, served as a GraphQL API.

/// HTTP router, shared state and the serve loop.
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
/// Balance events: the outbox relay and the brokers (Redis or in-process).
pub mod events;
/// The GraphQL schema: context, guards, scalars and resolvers (thin; calls services).
pub mod graphql;
/// HTTP endpoints: GraphQL over POST/GET, GraphiQL, health checks.
pub mod http;
/// The business rules: auth, moving money, cashiers, payment systems, history, ledger.
pub mod services;
/// Tracing set-up, pretty or JSON.
pub mod telemetry;
