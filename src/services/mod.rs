//! The rules of Kassa. Services take typed input, enforce roles and ownership, and run
//! one database transaction per operation; they know nothing of GraphQL or HTTP.

pub(crate) mod api_keys;
pub(crate) mod audit;
pub(crate) mod auth;
pub(crate) mod cashiers;
pub(crate) mod history;
pub(crate) mod holds;
pub(crate) mod invoices;
pub mod ledger;
pub(crate) mod live;
pub(crate) mod moves;
pub(crate) mod noticed;
pub(crate) mod passwords;
pub(crate) mod payment_systems;
pub(crate) mod report;
pub mod sessions;
pub(crate) mod text;
pub(crate) mod throttle;
pub mod users;
pub(crate) mod wallets;
pub(crate) mod webhooks;
