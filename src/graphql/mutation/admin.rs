use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::{HashAlgorithm, PaymentProvider};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::{CashierObject, PaymentSystemObject, UserObject};
use crate::services::cashiers;
use crate::services::payment_systems::{self, BindingChange, NewBinding};
use crate::services::users::{self, CreatedBy, NewUser};

#[derive(InputObject)]
pub(crate) struct CreateUserInput {
    pub email: String,
    pub password: String,
    pub name: String,
}

#[derive(InputObject)]
pub(crate) struct CreatePaymentSystemBindingInput {
    pub provider: PaymentProvider,
    pub name: String,
    pub merchant_id: Option<String>,
    pub secret: Option<String>,
    pub enabled: bool,
    /// The secret that signs payment links: Robokassa Password #1, MyKassa secret word 1
    /// (QIWI: the shop's public key). (`secret` is the one that checks notifications:
    /// Robokassa Password #2, YooMoney notification_secret, QIWI secret key, PayMaster
    /// secret key, MyKassa secret word 2.) Storing either needs KASSA_SECRET_KEY.
    pub payment_secret: Option<String>,
    /// Robokassa and PayMaster; MD5 when not given.
    pub hash_algorithm: Option<HashAlgorithm>,
    /// Payment links in the provider's test mode; false when not given.
    pub test_mode: Option<bool>,
}

#[derive(InputObject)]
pub(crate) struct UpdatePaymentSystemBindingInput {
    pub name: Option<String>,
    pub merchant_id: Option<String>,
    /// A new secret replaces the stored one; null leaves it as it is.
    pub secret: Option<String>,
    pub enabled: Option<bool>,
    /// A new one replaces the stored one; null leaves it as it is.
    pub payment_secret: Option<String>,
    pub hash_algorithm: Option<HashAlgorithm>,
    pub test_mode: Option<bool>,
}

#[derive(Default)]
pub(crate) struct AdminMutation;

#[Object]
impl AdminMutation {
    /// ADMIN: creates a user with a wallet (also when self-registration is off).
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (an email already registered).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<UserObject> {
        let new = NewUser::parse(&input.email, &input.name, &input.password)?;
        let actor = ctx.signed_in()?.user_id;
        let user = users::create(ctx.state(), new, CreatedBy::Admin(actor)).await?;
        tracing::info!(user_id = user.row.id, actor, "user created by an admin");
        Ok(UserObject(user))
    }

    /// ADMIN: appoints a cashier; they can work at once, on every instance. Appointing a
    /// cashier again returns them unchanged. Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn add_cashier(&self, ctx: &Context<'_>, user_id: ID) -> Result<CashierObject> {
        let user_id = parse_id(&user_id, "userId")?;
        Ok(CashierObject(cashiers::add(ctx.state(), ctx.signed_in()?, user_id).await?))
    }

    /// ADMIN: removes a cashier (false when the user was not one); their next request and
    /// their live subscriptions lose the role at once. Errors: UNAUTHENTICATED, FORBIDDEN,
    /// BAD_USER_INPUT, NOT_FOUND.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn remove_cashier(&self, ctx: &Context<'_>, user_id: ID) -> Result<bool> {
        let user_id = parse_id(&user_id, "userId")?;
        Ok(cashiers::remove(ctx.state(), ctx.signed_in()?, user_id).await?)
    }

    /// ADMIN: connects a payment system; its secrets are sealed and never returned.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (also a secret without
    /// KASSA_SECRET_KEY on the server).
    #[graphql(guard = "RoleGuard::admin()")]
    async fn create_payment_system_binding(
        &self,
        ctx: &Context<'_>,
        input: CreatePaymentSystemBindingInput,
    ) -> Result<PaymentSystemObject> {
        let new = NewBinding {
            provider: input.provider,
            name: input.name,
            merchant_id: input.merchant_id,
            secret: input.secret,
            payment_secret: input.payment_secret,
            hash_algorithm: input.hash_algorithm,
            test_mode: input.test_mode,
            enabled: input.enabled,
        };
        Ok(PaymentSystemObject(payment_systems::create(ctx.state(), ctx.signed_in()?, new).await?))
    }

    /// ADMIN: renames, re-keys, enables or disables a payment system.
    /// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND.
    #[graphql(guard = "RoleGuard::admin()")]
    async fn update_payment_system_binding(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdatePaymentSystemBindingInput,
    ) -> Result<PaymentSystemObject> {
        let id = parse_id(&id, "id")?;
        let change = BindingChange {
            name: input.name,
            merchant_id: input.merchant_id,
            secret: input.secret,
            payment_secret: input.payment_secret,
            hash_algorithm: input.hash_algorithm,
            test_mode: input.test_mode,
            enabled: input.enabled,
        };
        Ok(PaymentSystemObject(payment_systems::update(ctx.state(), ctx.signed_in()?, id, change).await?))
    }
}
