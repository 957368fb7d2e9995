use async_graphql::{Context, InputObject, Object, Result};

use crate::graphql::context::{ContextExt, JustSignedIn};
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::{AuthPayload, UserObject};
use crate::services::auth::{self, ClientAddress};
use crate::services::sessions::{self, Session};
use crate::services::users::NewUser;

#[derive(InputObject)]
pub(crate) struct SignUpInput {
    pub email: String,
    /// 8 to 128 characters.
    pub password: String,
    pub name: String,
}

#[derive(InputObject)]
pub(crate) struct SignInInput {
    pub email: String,
    pub password: String,
}

#[derive(Default)]
pub(crate) struct AuthMutation;

fn payload(ctx: &Context<'_>, session: Session) -> AuthPayload {
    if let Some(cell) = ctx.data_opt::<JustSignedIn>() {
        cell.set(session.user.row.id);
    }
    AuthPayload { token: session.token, expires_at: DateTime(session.expires_at), user: UserObject(session.user) }
}

#[Object]
impl AuthMutation {
    /// Anyone: creates a user with a wallet and signs in. One address may sign up
    /// `KASSA_SIGNUP_ADDRESS_LIMIT` times an hour.
    /// Errors: FORBIDDEN (self-registration is off), BAD_USER_INPUT (a malformed email, a
    /// short password, an email already registered), RATE_LIMITED.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        let new = NewUser::parse(&input.email, &input.name, &input.password)?;
        let client = ctx.data_opt::<ClientAddress>().copied();
        Ok(payload(ctx, auth::sign_up(ctx.state(), new, client).await?))
    }

    /// Anyone: a wrong password and an unknown email get the same UNAUTHENTICATED answer;
    /// repeated failures on one account from one address, or from one address on any
    /// accounts, answer RATE_LIMITED for a while (`extensions.retryAfter` says how many
    /// seconds); failures elsewhere never refuse the owner's right password.
    /// Errors: UNAUTHENTICATED, RATE_LIMITED, SERVICE_UNAVAILABLE.
    async fn sign_in(&self, ctx: &Context<'_>, input: SignInInput) -> Result<AuthPayload> {
        let client = ctx.data_opt::<ClientAddress>().copied();
        Ok(payload(ctx, auth::sign_in(ctx.state(), &input.email, &input.password, client).await?))
    }

    /// Signed-in users: revokes the token of this request; its open subscriptions end, on
    /// every instance. Errors: UNAUTHENTICATED.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn sign_out(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(sessions::sign_out(ctx.state(), ctx.signed_in()?).await?)
    }
}
