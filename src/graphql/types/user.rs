use async_graphql::{Context, ID, Object, Result};

use super::WalletObject;
use crate::db::models::User;
use crate::domain::Role;
use crate::error::ApiError;
use crate::graphql::context::ContextExt;
use crate::graphql::loaders::{self, WalletOwner};
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::users;

/// A person with an account. Every user owns exactly one wallet.
pub(crate) struct UserObject(pub User);

#[Object(name = "User")]
impl UserObject {
    async fn id(&self) -> ID {
        to_id(self.0.row.id)
    }

    /// Visible to the user themself, cashiers and admins. Errors: FORBIDDEN for anyone else.
    async fn email(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(users::email_of(ctx.asker(), &self.0)?)
    }

    async fn name(&self) -> &str {
        &self.0.row.name
    }

    /// Always contains CUSTOMER.
    async fn roles(&self) -> Vec<Role> {
        let mut roles = vec![Role::Customer];
        if self.0.is_cashier {
            roles.push(Role::Cashier);
        }
        if self.0.row.is_admin {
            roles.push(Role::Admin);
        }
        roles
    }

    /// Every user has exactly one wallet. Visible to its owner, cashiers and admins.
    /// Errors: FORBIDDEN for anyone else.
    async fn wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        ctx.asker().require_wallet_of(self.0.row.id)?;
        let wallet = loaders::load_one(ctx, WalletOwner(self.0.row.id)).await?;
        Ok(WalletObject(wallet.ok_or(ApiError::NotFound("wallet"))?))
    }

    /// The portal's id of this user (the JWT `sub`) for users who come from the portal's sign-in; null otherwise.
    async fn external_id(&self) -> Option<&str> {
        self.0.row.external_id.as_deref()
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.row.created_at)
    }
}
