//! Keeps a subscription honest: it ends when its session is signed out or expires (for a
//! portal JWT: at its `exp`), or when the role it needs is taken away, within moments, on
//! every instance.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, BoxStream, Stream, StreamExt};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, Sleep};

use super::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::events::Control;
use crate::state::AppState;

/// A backstop for access changes whose notice was lost: every subscription re-reads its
/// session this often.
const RECHECK_EVERY: Duration = Duration::from_secs(300);

/// What a subscription needs to stay allowed.
pub(crate) struct Access {
    viewer: Viewer,
    needs_staff: bool,
}

impl Access {
    pub(crate) fn new(viewer: &Viewer, needs_staff: bool) -> Self {
        Self { viewer: viewer.clone(), needs_staff }
    }

    /// Re-reads the session: None while still allowed, else why it ended.
    async fn recheck(&self, state: &AppState) -> Option<ApiError> {
        match super::read_again(state, &self.viewer).await {
            Ok(None) => Some(ApiError::Unauthenticated),
            Ok(Some(viewer)) if self.needs_staff && !viewer.is_staff() => {
                Some(ApiError::Forbidden("the cashier role was removed"))
            }
            // Allowed, or the database is briefly unreachable: keep the subscription.
            _ => None,
        }
    }

    /// How a control notice concerns this subscription.
    async fn on_control(&self, state: &AppState, control: &Control) -> Option<ApiError> {
        match control {
            Control::SessionRevoked { token_hash } if *token_hash == hex::encode(&self.viewer.token_hash) => {
                Some(ApiError::Unauthenticated)
            }
            Control::AccessChanged { user_id } if *user_id == self.viewer.user_id => self.recheck(state).await,
            Control::Recheck => self.recheck(state).await,
            _ => None,
        }
    }
}

struct Guarded<T> {
    state: AppState,
    access: Access,
    inner: BoxStream<'static, T>,
    control: broadcast::Receiver<Arc<Control>>,
    /// When the session expires.
    expires: Instant,
    /// One timer for both the expiry and the next re-check, whichever comes first (a
    /// timer is kept by every idle subscription, B6).
    timer: Pin<Box<Sleep>>,
    ended: bool,
}

/// The expiry or the next re-check, whichever comes first.
fn next_deadline(expires: Instant) -> Instant {
    expires.min(Instant::now() + RECHECK_EVERY)
}

/// Wraps a live stream: items pass through as `Ok`; when access ends, one error (with its
/// code) is sent and the stream completes.
pub(crate) fn guarded<T: Send + 'static>(
    state: AppState,
    access: Access,
    inner: impl Stream<Item = T> + Send + 'static,
) -> impl Stream<Item = ApiResult<T>> {
    let control = state.events.access();
    let until_expiry = (access.viewer.expires_at - chrono::Utc::now()).to_std().unwrap_or_default();
    let expires = Instant::now() + until_expiry;
    let timer = Box::pin(tokio::time::sleep_until(next_deadline(expires)));
    let start = Guarded { state, access, inner: inner.boxed(), control, expires, timer, ended: false };
    // The re-checks read the database; they are boxed so that the future every idle
    // subscription keeps between events stays small (B6 in docs/benchmarks.md).
    stream::unfold(start, |mut g| async move {
        if g.ended {
            return None;
        }
        loop {
            // The stream first: an event ready goes out without the other branches being
            // polled (registering as the control channel's waiter and unlinking again costs
            // a lock per event); a notice still ends the subscription at the next pause.
            let ended = tokio::select! {
                biased;
                item = g.inner.next() => return item.map(|item| (Ok(item), g)),
                control = g.control.recv() => match control {
                    Ok(control) => Box::pin(g.access.on_control(&g.state, &control)).await,
                    Err(RecvError::Lagged(_)) => Box::pin(g.access.recheck(&g.state)).await,
                    Err(RecvError::Closed) => None,
                },
                () = &mut g.timer => {
                    if Instant::now() >= g.expires {
                        Some(ApiError::Unauthenticated)
                    } else {
                        g.timer.as_mut().reset(next_deadline(g.expires));
                        Box::pin(g.access.recheck(&g.state)).await
                    }
                }
            };
            if let Some(error) = ended {
                tracing::info!(user_id = g.access.viewer.user_id, reason = %error, "subscription ended: access changed");
                g.ended = true;
                return Some((Err(error), g));
            }
        }
    })
}
