//! Signed webhooks to the portal (portal.md, "Webhooks").
//!
//! - `emit`: an event and its deliveries, written in the transaction that made the event
//!   (`transaction.created` by the money move's own statement), so a committed change is
//!   sent at least once and a rolled-back one never.
//! - `worker`: on every instance, claims due deliveries (`FOR UPDATE SKIP LOCKED`, a lease
//!   so two instances never send one attempt at once), at most 8 in flight; `deliver` POSTs
//!   one, signed (`signature`), and records the attempt; a failure is retried from
//!   `KASSA_WEBHOOK_RETRY_BASE`, doubling up to an hour, for 24 hours, then given up.
//! - `endpoints`: what admins do (create with a sealed signing secret, list, delete, read
//!   the delivery log); `target`: the URLs they may use; `reseal`: `kassa rotate-secrets`.

mod deliver;
mod emit;
mod endpoints;
mod reseal;
pub(crate) mod signal;
mod signature;
mod target;
mod worker;

pub(crate) use emit::{emit, invoice_data};
pub(crate) use endpoints::{Attempt, create, delete, deliveries, list};
pub(crate) use reseal::rotate;
pub(crate) use worker::start;
