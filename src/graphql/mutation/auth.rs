use async_graphql::{Context, InputObject, Object, Result};

use crate::graphql::context::{ContextExt, JustSignedIn};
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::{AuthPayload, UserObject};
use crate::services::auth::{self, Session};
use crate::services::users::NewUser;

#[derive(InputObject)]
pub struct SignUpInput {
    pub email: String,
    /// 8 to 128 characters.
    pub password: String,
    pub name: String,
}

#[derive(InputObject)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
}

#[derive(Default)]
pub struct AuthMutation;

fn payload(ctx: &Context<'_>, session: Session) -> AuthPayload {
    if let Some(cell) = ctx.data_opt::<JustSignedIn>() {
        cell.set(session.user.row.id);
    }
    AuthPayload { token: session.token, expires_at: DateTime(session.expires_at), user: UserObject(session.user) }
}

#[Object]
impl AuthMutation {
    /// Creates a user with a wallet and signs in; FORBIDDEN when self-registration is off.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        let new = NewUser::parse(&input.email, &input.name, &input.password)?;
        Ok(payload(ctx, auth::sign_up(ctx.state(), new).await?))
    }

    /// A wrong password and an unknown email get the same UNAUTHENTICATED answer; repeated
    /// failures on one account answer RATE_LIMITED for a while.
    async fn sign_in(&self, ctx: &Context<'_>, input: SignInInput) -> Result<AuthPayload> {
        let client = ctx.data_opt::<auth::ClientAddress>().copied();
        Ok(payload(ctx, auth::sign_in(ctx.state(), &input.email, &input.password, client).await?))
    }

    /// Revokes the token of this request; its open subscriptions end.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn sign_out(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(auth::sign_out(ctx.state(), ctx.signed_in()?).await?)
    }
}
