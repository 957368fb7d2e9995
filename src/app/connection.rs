//! One client connection under the accept loop's limits: its clock (the header and idle
//! timeouts, stalled writes), its request count and its slot under the connection cap.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::ConnectInfo;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit, watch};
use tokio::time::Instant;
use tower::ServiceExt;

/// The connection limits, from `KASSA_HTTP_*`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// What the loop tells every connection.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Orders {
    /// The server is stopping: finish the request in flight, then close.
    pub(super) stop: bool,
    /// Bumped at the cap: close if idle.
    pub(super) shed: u64,
}

/// Serves one connection until it ends, is upgraded, times out or the server stops.
pub(super) async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: OwnedSemaphorePermit,
    router: Router,
    limits: Limits,
    mut orders: watch::Receiver<Orders>,
) {
    let clock = Arc::new(Clock::new());
    let io = TokioIo::new(Watched { stream, clock: clock.clone(), _slot: slot });
    let service = hyper::service::service_fn({
        let clock = clock.clone();
        move |mut request: hyper::Request<Incoming>| {
            let in_flight = InFlight::begin(&clock);
            // What `into_make_service_with_connect_info` provided: the handlers read it.
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await?;
                Ok::<_, Infallible>(response.map(|body| ResponseBody { body, _in_flight: in_flight }))
            }
        }
    });
    let mut conn = pin!(http1::Builder::new().serve_connection(io, service).with_upgrades());
    let mut timer = pin!(tokio::time::sleep_until(Instant::now()));
    let mut closing = false;
    loop {
        let deadline = clock.deadline(&limits, closing);
        if let Some((at, _)) = deadline {
            timer.as_mut().reset(at);
        }
        let changed = clock.changed.notified();
        tokio::select! {
            served = conn.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                return;
            }
            () = changed => {}
            () = timer.as_mut(), if deadline.is_some() => match clock.expired(&limits, closing) {
                Some(Expiry::Head) => {
                    tracing::debug!(%peer, timeout = ?limits.header_timeout, "closing a connection: no complete request head in time");
                    return;
                }
                Some(Expiry::Stalled) => {
                    tracing::debug!(%peer, timeout = ?limits.idle_timeout, "closing a connection: the client does not read its response");
                    return;
                }
                Some(Expiry::Idle) if !closing => {
                    tracing::trace!(%peer, "closing an idle keep-alive connection");
                    conn.as_mut().graceful_shutdown();
                    closing = true;
                }
                _ => {}
            },
            changed = orders.changed(), if !closing => {
                // A dropped sender (the loop was aborted) means stop too.
                let stop = changed.is_err() || orders.borrow_and_update().stop;
                if stop || clock.is_idle() {
                    conn.as_mut().graceful_shutdown();
                    closing = true;
                }
            }
        }
    }
}

/// What one connection is doing, as its socket and its service see it.
struct Clock {
    phase: Mutex<Phase>,
    /// Since when a write has been waiting for the client to read.
    stalled: Mutex<Option<Instant>>,
    /// Wakes the connection's task to look at a new deadline.
    changed: Notify,
}

#[derive(Clone, Copy, Debug)]
enum Phase {
    /// No request in flight since `since`. `head` is when the first byte of the next request
    /// arrived; `first` says no request has been seen yet on this connection.
    Waiting { since: Instant, head: Option<Instant>, first: bool },
    /// Requests in flight (one at a time over HTTP/1.1).
    Busy(usize),
}

impl Phase {
    fn deadline(self, limits: &Limits) -> Option<(Instant, Expiry)> {
        match self {
            Self::Busy(_) => None,
            Self::Waiting { since, first: true, .. } => Some((since + limits.header_timeout, Expiry::Head)),
            Self::Waiting { head: Some(head), .. } => Some((head + limits.header_timeout, Expiry::Head)),
            Self::Waiting { since, head: None, .. } => Some((since + limits.idle_timeout, Expiry::Idle)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expiry {
    /// The request head is late: close now.
    Head,
    /// Nothing to do for too long: shut down gracefully.
    Idle,
    /// The client has not read for too long: close now.
    Stalled,
}

impl Clock {
    fn new() -> Self {
        Self {
            phase: Mutex::new(Phase::Waiting { since: Instant::now(), head: None, first: true }),
            stalled: Mutex::new(None),
            changed: Notify::new(),
        }
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stalled(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.stalled.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next timeout: the phase's (none while a request is in flight; no idle timeout once
    /// `closing`) or a stalled write's, whichever comes first.
    fn deadline(&self, limits: &Limits, closing: bool) -> Option<(Instant, Expiry)> {
        let phase = self.phase().deadline(limits).filter(|(_, expiry)| !(closing && *expiry == Expiry::Idle));
        let stall = self.stalled().map(|since| (since + limits.idle_timeout, Expiry::Stalled));
        match (phase, stall) {
            (Some(phase), Some(stall)) => Some(if stall.0 < phase.0 { stall } else { phase }),
            (phase, stall) => phase.or(stall),
        }
    }

    /// The timeout that has passed, if one has (a request may have begun meanwhile).
    fn expired(&self, limits: &Limits, closing: bool) -> Option<Expiry> {
        self.deadline(limits, closing).filter(|(at, _)| *at <= Instant::now()).map(|(_, expiry)| expiry)
    }

    /// A write returned: pending means the client is not reading (yet).
    fn wrote<T>(&self, polled: &Poll<T>) {
        let mut stalled = self.stalled();
        match (polled.is_pending(), stalled.is_some()) {
            (true, false) => {
                *stalled = Some(Instant::now());
                drop(stalled);
                self.changed.notify_one();
            }
            (false, true) => *stalled = None,
            _ => {}
        }
    }

    /// A keep-alive connection between requests, with no byte of the next one.
    fn is_idle(&self) -> bool {
        matches!(*self.phase(), Phase::Waiting { head: None, first: false, .. })
    }

    /// Bytes arrived: while waiting, they begin the next request head.
    fn read(&self) {
        let mut phase = self.phase();
        if let Phase::Waiting { head: head @ None, .. } = &mut *phase {
            *head = Some(Instant::now());
            drop(phase);
            self.changed.notify_one();
        }
    }
}

/// A request in flight, from the call of the service until its response body is dropped
/// (sent, or abandoned with the connection).
struct InFlight(Arc<Clock>);

impl InFlight {
    fn begin(clock: &Arc<Clock>) -> Self {
        let mut phase = clock.phase();
        *phase = match *phase {
            Phase::Busy(requests) => Phase::Busy(requests + 1),
            Phase::Waiting { .. } => Phase::Busy(1),
        };
        drop(phase);
        clock.changed.notify_one();
        Self(clock.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut phase = self.0.phase();
        *phase = match *phase {
            Phase::Busy(requests) if requests > 1 => Phase::Busy(requests - 1),
            _ => Phase::Waiting { since: Instant::now(), head: None, first: false },
        };
        drop(phase);
        self.0.changed.notify_one();
    }
}

/// The router's response body, holding its request's [`InFlight`].
struct ResponseBody {
    body: Body,
    _in_flight: InFlight,
}

impl HttpBody for ResponseBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The client's socket: tells its [`Clock`] when bytes arrive and when writes block, and holds the connection's
/// slot until it is dropped (after the upgrade, by the WebSocket).
struct Watched {
    stream: TcpStream,
    clock: Arc<Clock>,
    _slot: OwnedSemaphorePermit,
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.clock.read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.clock.wrote(&polled);
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.clock.wrote(&polled);
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits =
        Limits { header_timeout: Duration::from_secs(30), idle_timeout: Duration::from_secs(60), max_connections: 1 };

    #[test]
    fn a_new_connection_has_the_header_timeout_from_its_start_bytes_or_not() {
        let start = Instant::now();
        for head in [None, Some(start + Duration::from_secs(10))] {
            let phase = Phase::Waiting { since: start, head, first: true };
            assert_eq!(phase.deadline(&LIMITS), Some((start + LIMITS.header_timeout, Expiry::Head)));
        }
    }

    #[test]
    fn between_requests_the_idle_timeout_runs_until_the_first_byte_of_the_next_head() {
        let since = Instant::now();
        let idle = Phase::Waiting { since, head: None, first: false };
        assert_eq!(idle.deadline(&LIMITS), Some((since + LIMITS.idle_timeout, Expiry::Idle)));
        let head = since + Duration::from_secs(59);
        let reading = Phase::Waiting { since, head: Some(head), first: false };
        assert_eq!(reading.deadline(&LIMITS), Some((head + LIMITS.header_timeout, Expiry::Head)));
        assert_eq!(Phase::Busy(1).deadline(&LIMITS), None, "no timeout here while a request is in flight");
    }

    #[test]
    fn the_clock_follows_reads_and_requests() {
        let clock = Arc::new(Clock::new());
        clock.read();
        assert!(matches!(*clock.phase(), Phase::Waiting { head: Some(_), first: true, .. }));
        let in_flight = InFlight::begin(&clock);
        clock.read(); // the body: no effect
        assert!(matches!(*clock.phase(), Phase::Busy(1)));
        assert_eq!(clock.deadline(&LIMITS, false), None);
        // The response blocks: the stall deadline runs, until a write goes through.
        clock.wrote(&Poll::<()>::Pending);
        let stalled = clock.deadline(&LIMITS, false).expect("a stalled write has a deadline");
        assert_eq!(stalled.1, Expiry::Stalled);
        clock.wrote(&Poll::<()>::Pending);
        assert_eq!(clock.deadline(&LIMITS, false), Some(stalled), "a stall is timed from its start");
        clock.wrote(&Poll::Ready(()));
        assert_eq!(clock.deadline(&LIMITS, false), None);
        drop(in_flight);
        assert!(matches!(*clock.phase(), Phase::Waiting { head: None, first: false, .. }));
        assert_eq!(clock.expired(&LIMITS, false), None);
        assert_eq!(clock.deadline(&LIMITS, true), None, "no idle timeout once closing");
        clock.read();
        assert!(matches!(*clock.phase(), Phase::Waiting { head: Some(_), first: false, .. }));
    }
}
