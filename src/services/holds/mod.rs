//! Holds: funds reserved on a wallet for one of the portal's orders, then captured as one
//! PAYMENT or released (voided, or expired by the sweeper).
//!
//! Invariants, for every operation:
//! - one database transaction; the wallet changes through one guarded UPDATE, so
//!   available (balance - held) never goes below zero, which the database also enforces;
//! - every change of `held` is one wallet version: a capture's through the moves
//!   statement (its PAYMENT releases the hold in the same UPDATE), the others' through a
//!   `wallet_changes` row, which is that version's journal entry and its event's outbox row;
//! - (actor, idempotency key) is unique for creations and for releases: a retry with the
//!   same input answers the first result, other input IDEMPOTENCY_KEY_REUSED.
//!
//! `input` parses, `create` and `release` (capture, void) change, `sweep` expires, `read`
//! answers holds, pages and orders, `held` holds the shared statements.

mod create;
mod held;
mod input;
mod read;
mod release;
mod sweep;

pub(crate) use create::create;
pub(crate) use input::{CreateHold, Release};
pub(crate) use read::{Order, hold, of_wallet, order};
pub(crate) use release::{capture, void};
pub(crate) use sweep::start as start_sweeper;

use serde_json::{Value, json};

use crate::db::models::{HoldRow, WalletChangeRow, WalletRow};
use diesel_async::AsyncPgConnection;

use crate::domain::{Money, WebhookEvent, rfc3339};
use crate::error::ApiResult;
use crate::events::BalanceEvent;
use crate::services::sessions::viewer::Actor;
use crate::services::webhooks;
use crate::state::AppState;

/// What a hold operation answers: the hold and the wallet right after the operation.
#[derive(Clone, Debug)]
pub(crate) struct HoldOutcome {
    pub hold: HoldRow,
    pub wallet: WalletRow,
}

/// Who asks, as the holds table stores it: a user or an API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct By {
    pub user: Option<i64>,
    pub key: Option<i64>,
}

impl By {
    pub(super) fn of(actor: Actor<'_>) -> Self {
        match actor {
            Actor::User(viewer) => Self { user: Some(viewer.user_id), key: None },
            Actor::Key(key) => Self { user: None, key: Some(key.key_id) },
        }
    }
}

/// After the commit of a hold's own wallet version: logs it, hands its event on.
pub(super) fn committed(state: &AppState, outcome: &HoldOutcome, change: WalletChangeRow, what: &'static str) {
    let hold = &outcome.hold;
    tracing::info!(
        hold_id = hold.id,
        wallet_id = hold.wallet_id,
        amount = %hold.amount,
        status = %hold.status,
        wallet_version = change.wallet_version,
        held = %change.held_after,
        "hold {what}"
    );
    crate::metrics::hold_changed(&hold.status);
    state.events.publish_committed(BalanceEvent::changed(&outcome.wallet, change));
    state.webhooks.wake();
}

/// The hold's webhook event (hold.created, hold.captured, ...), written inside the
/// transaction that changed the hold: delivered at least once if it commits, never if not.
pub(super) async fn announce(
    conn: &mut AsyncPgConnection,
    event: WebhookEvent,
    hold: &HoldRow,
    wallet_number: &str,
) -> ApiResult<()> {
    webhooks::emit(conn, event, to_json(hold, wallet_number)).await
}

/// A hold as webhooks carry it (`data` of hold.* events): the GraphQL Hold's fields, with
/// `walletNumber` for the wallet and `paymentId` for the payment, amounts as strings.
pub(crate) fn to_json(hold: &HoldRow, wallet_number: &str) -> Value {
    json!({
        "id": hold.id.to_string(),
        "walletNumber": wallet_number,
        "amount": Money::from_decimal(hold.amount).to_string(),
        "status": hold.status,
        "orderReference": hold.order_reference,
        "description": hold.description,
        "paymentId": hold.payment_id.map(|id| id.to_string()),
        "capturedAmount": hold.captured_amount.map(|amount| Money::from_decimal(amount).to_string()),
        "createdAt": rfc3339(hold.created_at),
        "expiresAt": rfc3339(hold.expires_at),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn a_hold_as_json_has_the_graphql_names_and_amounts_as_strings() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let hold = HoldRow {
            id: 7,
            wallet_id: 3,
            amount: Decimal::new(30000, 2),
            status: "CAPTURED".to_owned(),
            order_reference: "ORDER-9001".to_owned(),
            description: None,
            payment_id: Some(31),
            captured_amount: Some(Decimal::new(25000, 2)),
            created_by: None,
            created_by_key_id: Some(1),
            idempotency_key: "k".to_owned(),
            request_hash: vec![1],
            released_by: None,
            released_by_key_id: Some(1),
            release_key: Some("c".to_owned()),
            release_hash: Some(vec![2]),
            created_at: at,
            expires_at: at + chrono::Duration::minutes(15),
            released_at: Some(at),
        };
        assert_eq!(
            to_json(&hold, "998959977146"),
            json!({
                "id": "7", "walletNumber": "998959977146", "amount": "300.00", "status": "CAPTURED",
                "orderReference": "ORDER-9001", "description": null, "paymentId": "31",
                "capturedAmount": "250.00", "createdAt": "2026-12-01T12:00:00Z",
                "expiresAt": "2026-12-01T12:15:00Z",
            })
        );
    }
}
