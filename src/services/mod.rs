//! The rules of Kassa. Services take typed input, enforce roles and ownership, and run
//! one database transaction per operation; they know nothing of GraphQL or HTTP.

pub mod access;
pub mod auth;
pub mod cashiers;
pub mod history;
pub mod ledger;
pub mod moves;
pub mod passwords;
pub mod payment_systems;
pub mod session_cache;
pub mod text;
pub mod throttle;
pub mod users;
pub mod wallets;
