use async_graphql::{Context, Result, Subscription};
use futures::{Stream, StreamExt};

use super::context::ContextExt;
use super::guards::RoleGuard;
use super::types::{BalanceEventObject, TransactionObject};
use crate::services::live;

pub(super) struct Subscription;

#[Subscription]
impl Subscription {
    /// Signed-in users: their own wallet, first its current state, then one event for every
    /// change. Versions only grow; a jump of more than one means events were merged into a
    /// fresh state (after a reconnect), so the balance shown is always the latest. Ends
    /// with UNAUTHENTICATED when the session is signed out or expires.
    /// Errors: UNAUTHENTICATED.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn my_balance(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<BalanceEventObject>>> {
        let events = live::my_balance(ctx.state(), ctx.signed_in()?).await?;
        Ok(events.map(|event| event.map(BalanceEventObject).map_err(Into::into)))
    }

    /// CASHIER, ADMIN: the same for any wallet. Ends with FORBIDDEN when the role is removed.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (a malformed number), NOT_FOUND.
    #[graphql(guard = "RoleGuard::staff()")]
    async fn wallet_balance(
        &self,
        ctx: &Context<'_>,
        wallet_number: String,
    ) -> Result<impl Stream<Item = Result<BalanceEventObject>>> {
        let events = live::wallet_balance(ctx.state(), ctx.signed_in()?, &wallet_number).await?;
        Ok(events.map(|event| event.map(BalanceEventObject).map_err(Into::into)))
    }

    /// CASHIER, ADMIN: every new transaction on any wallet, as it commits. Ends with
    /// FORBIDDEN when the role is removed.
    /// Errors: UNAUTHENTICATED, FORBIDDEN.
    #[graphql(guard = "RoleGuard::staff()")]
    async fn transaction_feed(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<TransactionObject>>> {
        let feed = live::transaction_feed(ctx.state(), ctx.signed_in()?)?;
        Ok(feed.map(|tx| tx.map(TransactionObject).map_err(Into::into)))
    }
}
