use async_graphql::Context;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::graphql::loaders::Loaders;
use crate::services::access::Viewer;

/// Typed access to what every resolver needs, in one place.
pub trait ContextExt {
    /// The application state (pool, config, events).
    fn state(&self) -> &AppState;
    /// The signed-in viewer, if any.
    fn viewer(&self) -> Option<&Viewer>;
    /// The viewer, or UNAUTHENTICATED.
    fn signed_in(&self) -> ApiResult<&Viewer>;
    /// This request's data loaders.
    fn loaders(&self) -> &Loaders;
    /// Ownership check: the viewer, or the user who just signed in with this very request
    /// (so signIn's payload can show the user's own wallet), may see the wallet of `owner_id`.
    fn require_wallet_of(&self, owner_id: i64) -> ApiResult<()>;
    /// True when `user_id` is the viewer or the user who just signed in.
    fn is_self(&self, user_id: i64) -> bool;
}

/// Set by signIn and signUp: the user this request has just authenticated.
#[derive(Default)]
pub struct JustSignedIn(std::sync::Mutex<Option<i64>>);

impl JustSignedIn {
    pub fn set(&self, user_id: i64) {
        *self.0.lock().expect("session cell") = Some(user_id);
    }

    fn get(&self) -> Option<i64> {
        *self.0.lock().expect("session cell")
    }
}

impl ContextExt for Context<'_> {
    fn state(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn viewer(&self) -> Option<&Viewer> {
        self.data_opt::<Viewer>()
    }

    fn signed_in(&self) -> ApiResult<&Viewer> {
        self.viewer().ok_or(ApiError::Unauthenticated)
    }

    fn loaders(&self) -> &Loaders {
        self.data_unchecked::<Loaders>()
    }

    fn require_wallet_of(&self, owner_id: i64) -> ApiResult<()> {
        if self.is_self(owner_id) {
            return Ok(());
        }
        self.signed_in()?.require_wallet_of(owner_id)
    }

    fn is_self(&self, user_id: i64) -> bool {
        let fresh = self.data_opt::<JustSignedIn>().and_then(JustSignedIn::get);
        self.viewer().map(|viewer| viewer.user_id) == Some(user_id) || fresh == Some(user_id)
    }
}
