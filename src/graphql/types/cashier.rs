use crate::graphql::scalars::DateTime;
use async_graphql::{Context, Object, Result};

use super::UserObject;
use crate::db::models::CashierRow;
use crate::error::ApiError;
use crate::graphql::loaders::{self, UserId};

/// A user appointed to top up and write off wallets.
pub(crate) struct CashierObject(pub CashierRow);

#[Object(name = "Cashier")]
impl CashierObject {
    async fn user(&self, ctx: &Context<'_>) -> Result<UserObject> {
        let user = loaders::load_one(ctx, UserId(self.0.user_id)).await?;
        Ok(UserObject(user.ok_or(ApiError::NotFound("user"))?))
    }

    /// Null when added from the command line.
    async fn added_by(&self, ctx: &Context<'_>) -> Result<Option<UserObject>> {
        let Some(id) = self.0.added_by else { return Ok(None) };
        Ok(loaders::load_one(ctx, UserId(id)).await?.map(UserObject))
    }

    async fn added_at(&self) -> DateTime {
        DateTime(self.0.added_at)
    }
}
