use std::collections::VecDeque;
use std::sync::Arc;

use async_graphql::{Context, Result, Subscription};
use futures::Stream;
use futures::stream;
use tokio::sync::broadcast::{self, error::RecvError};

use super::context::ContextExt;
use super::guards::RoleGuard;
use super::live::{Access, guarded};
use super::types::{BalanceEventObject, TransactionObject};
use crate::app::AppState;
use crate::error::ApiError;
use crate::events::BalanceEvent;
use crate::services::{history, wallets};

pub struct Subscription;

#[Subscription]
impl Subscription {
    /// The signed-in user's wallet: first its current state, then one event for every change.
    /// Versions only grow; a jump of more than one means events were merged into a fresh
    /// state (after a reconnect), so the balance shown is always the latest. Ends with
    /// UNAUTHENTICATED when the session is signed out or expires.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn my_balance(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<BalanceEventObject>>> {
        let state = ctx.state().clone();
        let viewer = ctx.signed_in()?;
        // Boxed, like every database read below: whatever a subscription's future holds, it
        // holds for as long as the subscription lives (B6 in docs/benchmarks.md).
        let wallet = Box::pin(wallets::mine(&state, viewer)).await?;
        Ok(guarded(state.clone(), Access::new(viewer, false), balance_stream(state, wallet.id)))
    }

    /// CASHIER, ADMIN: the same for any wallet. Ends with FORBIDDEN when the role is removed.
    #[graphql(guard = "RoleGuard::staff()")]
    async fn wallet_balance(
        &self,
        ctx: &Context<'_>,
        wallet_number: String,
    ) -> Result<impl Stream<Item = Result<BalanceEventObject>>> {
        let state = ctx.state().clone();
        let viewer = ctx.signed_in()?;
        let wallet =
            Box::pin(wallets::by_number(&state, viewer, &wallet_number)).await?.ok_or(ApiError::NotFound("wallet"))?;
        Ok(guarded(state.clone(), Access::new(viewer, true), balance_stream(state, wallet.id)))
    }

    /// CASHIER, ADMIN: every new transaction on any wallet, as it commits.
    #[graphql(guard = "RoleGuard::staff()")]
    async fn transaction_feed(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<TransactionObject>>> {
        let state = ctx.state().clone();
        let viewer = ctx.signed_in()?;
        viewer.require_staff()?;
        let feed = stream::unfold(state.events.feed(), |mut receiver| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) => {
                        if let Some(tx) = event.transaction.clone() {
                            return Some((TransactionObject(tx), receiver));
                        }
                    }
                    Err(RecvError::Lagged(missed)) => tracing::warn!(missed, "transaction feed subscriber lagged"),
                    Err(RecvError::Closed) => return None,
                }
            }
        });
        Ok(guarded(state, Access::new(viewer, true), feed))
    }
}

/// The longest gap filled from the journal; past it a subscriber gets the current state.
const MAX_GAP: i64 = 100;

/// The current state from PostgreSQL, then one event per version, in order. The receiver is
/// taken before the read, so nothing committed in between is missed. When versions arrive
/// out of order, or a slow subscriber lagged behind its buffer, the missing versions are
/// read from the journal (one indexed query, only on a gap) and sent first; a gap longer
/// than MAX_GAP is closed by the current state instead.
fn balance_stream(state: AppState, wallet_id: i64) -> impl Stream<Item = BalanceEventObject> {
    struct Cursor {
        state: AppState,
        wallet_id: i64,
        receiver: broadcast::Receiver<Arc<BalanceEvent>>,
        last_version: Option<i64>,
        pending: VecDeque<Arc<BalanceEvent>>,
    }
    let receiver = state.events.wallet(wallet_id);
    let start = Cursor { state, wallet_id, receiver, last_version: None, pending: VecDeque::new() };
    stream::unfold(start, |mut cursor| async move {
        loop {
            let event = match (cursor.pending.pop_front(), cursor.last_version) {
                (Some(event), _) => event,
                (None, None) => Box::pin(current(&cursor.state, cursor.wallet_id)).await?,
                (None, Some(last)) => {
                    let event = match cursor.receiver.recv().await {
                        Ok(event) => event,
                        Err(RecvError::Lagged(_)) => Box::pin(current(&cursor.state, cursor.wallet_id)).await?,
                        Err(RecvError::Closed) => return None,
                    };
                    if event.wallet.version > last + 1 {
                        cursor.pending.extend(Box::pin(missed(&cursor.state, &event, last)).await);
                        cursor.pending.push_back(event);
                        continue;
                    }
                    event
                }
            };
            if cursor.last_version.is_none_or(|last| event.wallet.version > last) {
                cursor.last_version = Some(event.wallet.version);
                return Some((BalanceEventObject(event), cursor));
            }
        }
    })
}

/// The events between `last` and `event` (exclusive), rebuilt from the journal; empty when
/// the gap is too long or the journal cannot be read (the event itself then closes the gap).
async fn missed(state: &AppState, event: &BalanceEvent, last: i64) -> Vec<Arc<BalanceEvent>> {
    let (from, to) = (last + 1, event.wallet.version - 1);
    if to - from + 1 > MAX_GAP {
        return Vec::new();
    }
    let rows = history::versions(state, event.wallet.id, from, to).await.unwrap_or_default();
    rows.into_iter()
        .map(|transaction| {
            let mut wallet = event.wallet.clone();
            wallet.balance = transaction.balance_after;
            wallet.version = transaction.wallet_version;
            Arc::new(BalanceEvent { wallet, transaction: Some(transaction) })
        })
        .collect()
}

async fn current(state: &AppState, wallet_id: i64) -> Option<Arc<BalanceEvent>> {
    match wallets::by_ids(state, &[wallet_id]).await {
        Ok(mut found) => found.pop().map(|wallet| Arc::new(BalanceEvent::current(wallet))),
        Err(_) => None,
    }
}
