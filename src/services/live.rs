//! Live subscriptions: what a viewer may watch, kept honest by the session re-check.

use std::sync::Arc;

use futures::Stream;

use crate::db::models::TransactionRow;
use crate::error::{ApiError, ApiResult};
use crate::events::BalanceEvent;
use crate::services::sessions::{Access, Viewer, guarded};
use crate::services::wallets;
use crate::state::AppState;

/// The viewer's own wallet: its current state, then every change. Ends with
/// UNAUTHENTICATED when the session is signed out or expires.
pub(crate) async fn my_balance(
    state: &AppState,
    viewer: &Viewer,
) -> ApiResult<impl Stream<Item = ApiResult<Arc<BalanceEvent>>> + use<>> {
    // Boxed: whatever a subscription's future holds, it holds for as long as the
    // subscription lives (B6 in docs/benchmarks.md).
    let wallet = Box::pin(wallets::mine(state, viewer)).await?;
    Ok(guarded(state.clone(), Access::new(viewer, false), state.events.balance(wallet.id)))
}

/// CASHIER, ADMIN: the same for any wallet; ends with FORBIDDEN when the role is removed.
pub(crate) async fn wallet_balance(
    state: &AppState,
    viewer: &Viewer,
    wallet_number: &str,
) -> ApiResult<impl Stream<Item = ApiResult<Arc<BalanceEvent>>> + use<>> {
    let wallet =
        Box::pin(wallets::by_number(state, viewer, wallet_number)).await?.ok_or(ApiError::NotFound("wallet"))?;
    Ok(guarded(state.clone(), Access::new(viewer, true), state.events.balance(wallet.id)))
}

/// CASHIER, ADMIN: every new transaction on any wallet, as it commits.
pub(crate) fn transaction_feed(
    state: &AppState,
    viewer: &Viewer,
) -> ApiResult<impl Stream<Item = ApiResult<TransactionRow>> + use<>> {
    viewer.require_staff()?;
    Ok(guarded(state.clone(), Access::new(viewer, true), state.events.transactions()))
}
