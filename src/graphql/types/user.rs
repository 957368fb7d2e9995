use async_graphql::{Context, ID, Object, Result};

use super::WalletObject;
use crate::db::models::User;
use crate::domain::Role;
use crate::error::ApiError;
use crate::graphql::context::ContextExt;
use crate::graphql::loaders::WalletOwner;
use crate::graphql::scalars::{DateTime, to_id};

/// A person with an account. Every user owns exactly one wallet.
pub struct UserObject(pub User);

#[Object(name = "User")]
impl UserObject {
    async fn id(&self) -> ID {
        to_id(self.0.row.id)
    }

    /// Visible to the user themself, cashiers and admins.
    async fn email(&self, ctx: &Context<'_>) -> Result<&str> {
        if ctx.is_self(self.0.row.id) || ctx.signed_in()?.is_staff() {
            Ok(&self.0.row.email)
        } else {
            Err(ApiError::Forbidden("another user's email is private").into())
        }
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
    async fn wallet(&self, ctx: &Context<'_>) -> Result<WalletObject> {
        ctx.require_wallet_of(self.0.row.id)?;
        let wallet = ctx.loaders().load_one(WalletOwner(self.0.row.id)).await?;
        Ok(WalletObject(wallet.ok_or(ApiError::NotFound("wallet"))?))
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.row.created_at)
    }
}
