use chrono::{DateTime, Utc};

use crate::domain::Role;
use crate::error::{ApiError, ApiResult};

/// Who is asking: the holder of a valid, unexpired, unrevoked session. Roles come with the
/// session (from the database, or the session cache that role changes clear at once), so
/// a removed cashier loses the role at once.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: i64,
    pub is_admin: bool,
    pub is_cashier: bool,
    /// SHA-256 of the bearer token, to revoke this very session.
    pub token_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
}

impl Viewer {
    pub fn has_role(&self, role: Role) -> bool {
        match role {
            Role::Customer => true,
            Role::Cashier => self.is_cashier,
            Role::Admin => self.is_admin,
        }
    }

    /// Cashiers and admins see every wallet; customers only their own.
    pub fn is_staff(&self) -> bool {
        self.is_cashier || self.is_admin
    }

    /// The ownership rule for everything hanging off a wallet: balance, history, owner.
    pub fn can_see_wallet_of(&self, owner_id: i64) -> bool {
        self.is_staff() || self.user_id == owner_id
    }

    pub fn require(&self, role: Role) -> ApiResult<()> {
        if self.has_role(role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(match role {
                Role::Customer => "signed-in users only",
                Role::Cashier => "cashiers only",
                Role::Admin => "admins only",
            }))
        }
    }

    pub fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() { Ok(()) } else { Err(ApiError::Forbidden("cashiers and admins only")) }
    }

    pub fn require_wallet_of(&self, owner_id: i64) -> ApiResult<()> {
        if self.can_see_wallet_of(owner_id) {
            Ok(())
        } else {
            Err(ApiError::Forbidden("this wallet belongs to another user"))
        }
    }
}

/// The viewer of a request that may be anonymous.
pub fn signed_in(viewer: Option<&Viewer>) -> ApiResult<&Viewer> {
    viewer.ok_or(ApiError::Unauthenticated)
}
