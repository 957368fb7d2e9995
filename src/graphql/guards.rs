use async_graphql::{Context, Guard, Result};

use super::context::ContextExt;
use crate::domain::Role;
use crate::error::ApiError;
use crate::services::sessions::viewer::Viewer;

/// Declarative role checks on fields: `#[graphql(guard = "RoleGuard::admin()")]`.
/// Anonymous callers get UNAUTHENTICATED, signed-in ones without the role and API keys
/// FORBIDDEN.
pub(super) struct RoleGuard {
    any_of: &'static [Role],
}

impl RoleGuard {
    pub(super) fn signed_in() -> Self {
        Self { any_of: &[Role::Customer] }
    }

    pub(super) fn cashier() -> Self {
        Self { any_of: &[Role::Cashier] }
    }

    pub(super) fn admin() -> Self {
        Self { any_of: &[Role::Admin] }
    }

    /// Cashiers and admins.
    pub(super) fn staff() -> Self {
        Self { any_of: &[Role::Cashier, Role::Admin] }
    }

    /// Whether a signed-in viewer has one of the roles.
    pub(super) fn admits(&self, viewer: &Viewer) -> bool {
        self.any_of.iter().any(|role| viewer.has_role(*role))
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        let viewer = ctx.signed_in()?;
        if self.admits(viewer) {
            Ok(())
        } else {
            let needed = match self.any_of {
                [Role::Cashier] => "cashiers only",
                [Role::Admin] => "admins only",
                _ => "cashiers and admins only",
            };
            Err(ApiError::Forbidden(needed).into())
        }
    }
}
