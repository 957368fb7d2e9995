use async_graphql::{Context, ID, Object};

use crate::db::models::PaymentSystemRow;
use crate::domain::{HashAlgorithm, PaymentProvider};
use crate::graphql::context::ContextExt;
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::payment_systems;

/// A connected payment system through which customers pay real funds.
pub(crate) struct PaymentSystemObject(pub PaymentSystemRow);

#[Object(name = "PaymentSystemBinding")]
impl PaymentSystemObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn provider(&self) -> PaymentProvider {
        PaymentProvider::from_db(&self.0.provider).unwrap_or(PaymentProvider::Other)
    }

    /// Shown to cashiers and customers, e.g. "Robokassa (main shop)".
    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// Merchant login, shop id or receiving wallet; visible to admins only (null for others).
    async fn merchant_id(&self, ctx: &Context<'_>) -> Option<&str> {
        payment_systems::merchant_id(ctx.viewer(), &self.0)
    }

    /// True when a secret (password, notification secret, key) is stored. Secrets are write-only.
    async fn has_secret(&self) -> bool {
        self.0.secret.is_some()
    }

    /// True when customers can pay through it online with startTopUp.
    async fn accepts_online_payments(&self) -> bool {
        payment_systems::accepts_online(&self.0)
    }

    /// ADMIN only, null for others: the address to enter in the payment system's settings
    /// for its notifications.
    async fn notification_url(&self, ctx: &Context<'_>) -> Option<String> {
        payment_systems::notification_url(ctx.state(), ctx.viewer(), &self.0)
    }

    /// ADMIN only, null for others.
    async fn hash_algorithm(&self, ctx: &Context<'_>) -> Option<HashAlgorithm> {
        payment_systems::settings(ctx.viewer(), &self.0).map(|(algorithm, _)| algorithm)
    }

    /// ADMIN only, null for others: payment links go to the provider's test mode.
    async fn test_mode(&self, ctx: &Context<'_>) -> Option<bool> {
        payment_systems::settings(ctx.viewer(), &self.0).map(|(_, test_mode)| test_mode)
    }

    /// True when the payment-link secret (Robokassa Password #1, MyKassa secret word 1) is stored.
    async fn has_payment_secret(&self) -> bool {
        self.0.payment_secret.is_some()
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn updated_at(&self) -> DateTime {
        DateTime(self.0.updated_at)
    }
}
