use async_graphql::Context;

use crate::error::{ApiError, ApiResult};
use crate::services::sessions::viewer::{Actor, KeyHolder};
use crate::services::sessions::{Asker, Viewer};
use crate::state::AppState;

/// Typed access to what every resolver needs, in one place.
/// What an API key is told where only a signed-in user may go.
const KEY_REFUSED: &str = "an API key cannot do this: it is not a user, and may only do what its scopes allow";

pub(super) trait ContextExt {
    /// The application state (pool, config, events).
    fn state(&self) -> &AppState;
    /// The signed-in viewer, if any.
    fn viewer(&self) -> Option<&Viewer>;
    /// The viewer, or UNAUTHENTICATED (FORBIDDEN for an API key: it is no user).
    fn signed_in(&self) -> ApiResult<&Viewer>;
    /// Whom nested fields are resolved for: the viewer, and the user who just signed in
    /// with this very request (so signIn's payload can show the user's own wallet).
    fn asker(&self) -> Asker<'_>;
    /// The API key the request came with, if any (then there is no viewer).
    fn key_holder(&self) -> Option<&KeyHolder>;
    /// The viewer or the API key, or UNAUTHENTICATED: for what both may do.
    fn actor(&self) -> ApiResult<Actor<'_>>;
}

/// Set by signIn and signUp: the user this request has just authenticated.
#[derive(Default)]
pub(super) struct JustSignedIn(std::sync::Mutex<Option<i64>>);

impl JustSignedIn {
    pub(super) fn set(&self, user_id: i64) {
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
        match (self.viewer(), self.key_holder()) {
            (Some(viewer), _) => Ok(viewer),
            (None, Some(_)) => Err(ApiError::Forbidden(KEY_REFUSED)),
            (None, None) => Err(ApiError::Unauthenticated),
        }
    }

    fn asker(&self) -> Asker<'_> {
        Asker { viewer: self.viewer(), just_signed_in: self.data_opt::<JustSignedIn>().and_then(JustSignedIn::get) }
    }

    fn key_holder(&self) -> Option<&KeyHolder> {
        self.data_opt::<KeyHolder>()
    }

    fn actor(&self) -> ApiResult<Actor<'_>> {
        match (self.viewer(), self.key_holder()) {
            (Some(viewer), _) => Ok(Actor::User(viewer)),
            (None, Some(key)) => Ok(Actor::Key(key)),
            (None, None) => Err(ApiError::Unauthenticated),
        }
    }
}
