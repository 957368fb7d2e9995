use chrono::{DateTime, Utc};

use sha2::{Digest, Sha256};

use crate::domain::{ApiScope, Role};
use crate::error::{ApiError, ApiResult};

/// Who is asking: the holder of a valid, unexpired, unrevoked session. Roles come with the
/// session (from the database, or the session cache that role changes clear at once), so
/// a removed cashier loses the role at once.
#[derive(Clone, Debug)]
pub(crate) struct Viewer {
    pub user_id: i64,
    pub is_admin: bool,
    pub is_cashier: bool,
    /// SHA-256 of the bearer token, to revoke this very session.
    /// For a portal JWT, SHA-256 of the token, which has no session row.
    pub token_hash: Vec<u8>,
    /// The session's expiry, or a portal JWT's `exp`.
    pub expires_at: DateTime<Utc>,
    /// Signed in with a portal JWT rather than a Kassa session.
    pub portal: bool,
}

impl Viewer {
    pub(crate) fn has_role(&self, role: Role) -> bool {
        match role {
            Role::Customer => true,
            Role::Cashier => self.is_cashier,
            Role::Admin => self.is_admin,
        }
    }

    /// Cashiers and admins see every wallet; customers only their own.
    pub(crate) fn is_staff(&self) -> bool {
        self.is_cashier || self.is_admin
    }

    /// The ownership rule for everything hanging off a wallet: balance, history, owner.
    pub(crate) fn can_see_wallet_of(&self, owner_id: i64) -> bool {
        self.is_staff() || self.user_id == owner_id
    }

    pub(crate) fn require(&self, role: Role) -> ApiResult<()> {
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

    pub(crate) fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() { Ok(()) } else { Err(ApiError::Forbidden("cashiers and admins only")) }
    }

    pub(crate) fn require_wallet_of(&self, owner_id: i64) -> ApiResult<()> {
        if self.can_see_wallet_of(owner_id) {
            Ok(())
        } else {
            Err(ApiError::Forbidden("this wallet belongs to another user"))
        }
    }
}

/// Whom a field is resolved for: the request's viewer and, in the answer of signIn or
/// signUp, the user who has just signed in with this very request, who may see what is
/// their own (their wallet, their email) though the request came without a token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Asker<'a> {
    pub viewer: Option<&'a Viewer>,
    pub just_signed_in: Option<i64>,
}

impl<'a> Asker<'a> {
    /// True when `user_id` is the viewer or the user who just signed in.
    pub(crate) fn is_self(self, user_id: i64) -> bool {
        self.viewer.map(|viewer| viewer.user_id) == Some(user_id) || self.just_signed_in == Some(user_id)
    }

    /// The viewer, or UNAUTHENTICATED.
    pub(crate) fn signed_in(self) -> ApiResult<&'a Viewer> {
        self.viewer.ok_or(ApiError::Unauthenticated)
    }

    /// The ownership rule for everything hanging off a wallet: its owner, cashiers, admins.
    pub(crate) fn require_wallet_of(self, owner_id: i64) -> ApiResult<()> {
        if self.is_self(owner_id) {
            return Ok(());
        }
        self.signed_in()?.require_wallet_of(owner_id)
    }
}

/// An API key of the portal's back end (`kassa_sk_…`). It is not a user: it owns no wallet,
/// has no role, and may do only what its scopes allow. Requests made with it carry this
/// instead of a `Viewer`, so every resolver that asks for a viewer refuses it by default.
#[derive(Clone, Debug)]
pub(crate) struct KeyHolder {
    pub key_id: i64,
    pub scopes: Vec<ApiScope>,
}

impl KeyHolder {
    /// PAYMENTS_READ, or PAYMENTS_WRITE which includes it.
    pub(crate) fn can_read_payments(&self) -> bool {
        self.scopes.iter().any(|scope| matches!(scope, ApiScope::PaymentsRead | ApiScope::PaymentsWrite))
    }

    pub(crate) fn can_write_payments(&self) -> bool {
        self.scopes.contains(&ApiScope::PaymentsWrite)
    }

    pub(crate) fn require_read(&self) -> ApiResult<()> {
        if self.can_read_payments() { Ok(()) } else { Err(ApiError::Forbidden("this API key lacks PAYMENTS_READ")) }
    }

    pub(crate) fn require_write(&self) -> ApiResult<()> {
        if self.can_write_payments() { Ok(()) } else { Err(ApiError::Forbidden("this API key lacks PAYMENTS_WRITE")) }
    }
}

/// Who makes a request that both users and API keys may make (holds, orders).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Actor<'a> {
    User(&'a Viewer),
    Key(&'a KeyHolder),
}

/// What a request was authenticated as.
#[derive(Clone, Debug)]
pub(crate) enum Caller {
    User(Viewer),
    Key(KeyHolder),
}

/// What Kassa keeps of a bearer credential (a session token, a portal JWT, an API key's
/// secret): its SHA-256, to find it again and never the credential itself.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
