//! The in-process wake-up of the delivery worker. It imports nothing of Kassa: the state
//! holds it.

use std::sync::Arc;

use tokio::sync::Notify;

/// Wakes this instance's delivery worker after a commit that wrote events; the worker also
/// looks every second, for what other instances wrote.
#[derive(Clone, Default)]
pub(crate) struct Signal(Arc<Notify>);

impl Signal {
    pub(crate) fn wake(&self) {
        self.0.notify_one();
    }

    pub(super) async fn woken(&self) {
        self.0.notified().await;
    }
}
