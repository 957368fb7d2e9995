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
use crate::services::wallets;

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
        let wallet = wallets::mine(&state, viewer).await?;
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
        let wallet = wallets::by_number(&state, viewer, &wallet_number).await?.ok_or(ApiError::NotFound("wallet"))?;
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

/// The current state from PostgreSQL, then live events newer than the last one sent. The
/// receiver is taken before the read, so nothing committed in between is missed; a
/// subscriber that falls behind gets a fresh current state instead of the events it lost.
fn balance_stream(state: AppState, wallet_id: i64) -> impl Stream<Item = BalanceEventObject> {
    struct Cursor {
        state: AppState,
        wallet_id: i64,
        receiver: broadcast::Receiver<Arc<BalanceEvent>>,
        last_version: Option<i64>,
    }
    let receiver = state.events.wallet(wallet_id);
    let start = Cursor { state, wallet_id, receiver, last_version: None };
    stream::unfold(start, |mut cursor| async move {
        loop {
            let event = match cursor.last_version {
                None => current(&cursor.state, cursor.wallet_id).await?,
                Some(_) => match cursor.receiver.recv().await {
                    Ok(event) => event,
                    Err(RecvError::Lagged(_)) => current(&cursor.state, cursor.wallet_id).await?,
                    Err(RecvError::Closed) => return None,
                },
            };
            if cursor.last_version.is_none_or(|last| event.wallet.version > last) {
                cursor.last_version = Some(event.wallet.version);
                return Some((BalanceEventObject(event), cursor));
            }
        }
    })
}

async fn current(state: &AppState, wallet_id: i64) -> Option<Arc<BalanceEvent>> {
    match wallets::by_ids(state, &[wallet_id]).await {
        Ok(mut found) => found.pop().map(|wallet| Arc::new(BalanceEvent::current(wallet))),
        Err(_) => None,
    }
}
