//! The accept loop: HTTP/1.1 through hyper, with the limits `axum::serve` does not have.
//!
//! `axum::serve` builds hyper without a timer and accepts without a cap, so a connection
//! that never finishes its request head is held forever, and slow clients can take every
//! file descriptor of the process. Here:
//!
//! - **Header timeout.** A new connection must deliver its first request head (request line
//!   and headers) within `header_timeout`; on a keep-alive connection the next head must be
//!   complete within `header_timeout` of its first byte. Past it the connection is closed
//!   without an answer.
//! - **Idle timeout.** A keep-alive connection with no request in flight and no byte of the
//!   next one is shut down gracefully after `idle_timeout`.
//! - While a request is in flight neither runs: the request timeout (`http::timeout`) bounds
//!   the handler, and the response is in flight until its body has been sent.
//! - **Stalled writes.** A response the client does not read (a write that has made no
//!   progress for `idle_timeout`) closes the connection, so a client that asks for a large
//!   file and stops reading does not hold its connection, or a shutdown, forever.
//! - **Connection cap.** At most `max_connections` sockets are open. The slot belongs to the
//!   socket, so an upgraded WebSocket keeps it until it closes. At the cap the loop stops
//!   calling accept: the connection it holds waits unserved, the next ones wait in the
//!   kernel's accept backlog (once that is full their SYNs are dropped and clients retry),
//!   and they are served in order as slots free up. While one waits, idle keep-alive
//!   connections are closed to make room (at most once a second), so a client's pool of idle
//!   connections does not hold slots for the whole idle timeout. One warning when the cap is
//!   reached, one line when the burst is over.
//! - **Accept errors** (EMFILE, ENFILE, ENOBUFS) pause the loop, 20 ms doubling to 1 s while
//!   they repeat, with one warning per streak (it ends after a second without one); a
//!   connection reset before it was accepted is skipped.
//! - **Shutdown.** When `signal` completes the listener closes, every connection is told to
//!   finish (idle ones close at once, in-flight requests complete), and `serve` returns
//!   once they all have. Upgraded WebSockets are not waited for here: they watch
//!   `AppState::shutdown` and close with 1001 themselves.
//!
//! hyper's own `header_read_timeout` is not used: its timer starts as soon as a connection
//! waits for a head, idle or not (`proto::h1::conn` in hyper 1.x), so it would close every
//! keep-alive connection after the header timeout and leave no room for a longer idle one.
//! Each connection has a [`Clock`] instead, fed by its socket and its service.
//!
//! HTTP/2 is not offered, as before (axum was built without it).

use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;

pub(crate) use super::connection::Limits;
use super::connection::{Orders, connection};

/// How often, at most, idle keep-alive connections are closed to make room at the cap.
/// The loop itself holds one socket beyond the cap, the one waiting for a slot.
const SHED_EVERY: Duration = Duration::from_secs(1);

/// Descriptors the process needs besides client connections: the listener, the database
/// pool, Redis, logs, the web app's files being read.
const RESERVED_DESCRIPTORS: u64 = 256;

/// Connections the kernel queues while the loop is not accepting (at the cap). The kernel
/// caps it at `net.core.somaxconn`; mio's own default is 128.
const ACCEPT_BACKLOG: u32 = 1024;

/// Binds the listener, with a backlog room for a burst at the cap.
pub(crate) fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?; // as std and mio do: a restart may rebind at once
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// Serves `router` on `listener` until `signal` completes, then lets open connections finish.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: Limits, signal: impl Future<Output = ()>) {
    warn_if_over_the_descriptor_limit(limits.max_connections);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    // Told to every connection; `closed()` then says when the last one has finished.
    let (orders, receiver) = watch::channel(Orders::default());
    let mut signal = pin!(signal);
    let mut crowded: Option<Crowd> = None;
    let mut trouble: Option<Trouble> = None;
    'serve: loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut signal => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) if is_per_connection(&error) => {
                tracing::debug!(%error, "a connection failed before it was accepted");
                continue;
            }
            Err(error) => {
                let trouble = trouble.get_or_insert_with(|| {
                    tracing::warn!(%error, "cannot accept connections; pausing (out of file descriptors?)");
                    Trouble { since: Instant::now(), errors: 0, in_a_row: 0, last: Instant::now() }
                });
                trouble.errors += 1;
                trouble.in_a_row += 1;
                trouble.last = Instant::now();
                let pause = Duration::from_millis(10 << trouble.in_a_row.min(7)).min(Duration::from_secs(1));
                tokio::select! {
                    () = tokio::time::sleep(pause) => continue,
                    () = &mut signal => break,
                }
            }
        };
        if let Some(trouble) = &mut trouble {
            trouble.in_a_row = 0;
        }
        if let Some(over) = trouble.take_if(|trouble| trouble.last.elapsed() >= QUIET) {
            tracing::info!(after = ?over.since.elapsed(), errors = over.errors, "accepting connections again");
        }
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                let spare = (limits.max_connections / 10).max(1).min(limits.max_connections - 1);
                if let Some(crowd) = crowded.take_if(|_| slots.available_permits() >= spare) {
                    tracing::info!(
                        after = ?crowd.since.elapsed(),
                        waits = crowd.waits,
                        "connections are back under KASSA_HTTP_MAX_CONNECTIONS"
                    );
                }
                slot
            }
            // Every slot is taken: this connection waits here (not served yet), the next ones
            // in the accept backlog, and idle keep-alive connections are asked to make room.
            Err(_) => {
                let crowd = crowded.get_or_insert_with(|| {
                    tracing::warn!(
                        max = limits.max_connections,
                        "KASSA_HTTP_MAX_CONNECTIONS reached: new connections wait in the accept backlog"
                    );
                    Crowd { since: Instant::now(), waits: 0, shed_at: None }
                });
                crowd.waits += 1;
                loop {
                    if crowd.shed_at.is_none_or(|at| at.elapsed() >= SHED_EVERY) {
                        orders.send_modify(|orders| orders.shed += 1);
                        crowd.shed_at = Some(Instant::now());
                    }
                    tokio::select! {
                        slot = slots.clone().acquire_owned() => break slot.expect("the semaphore is never closed"),
                        () = tokio::time::sleep(SHED_EVERY) => {}
                        () = &mut signal => break 'serve,
                    }
                }
            }
        };
        tokio::spawn(connection(stream, peer, slot, router.clone(), limits, receiver.clone()));
    }
    drop(listener);
    drop(receiver);
    orders.send_modify(|orders| orders.stop = true);
    orders.closed().await;
}

/// A time the loop had to wait for a slot.
struct Crowd {
    since: Instant,
    /// How many connections had to wait.
    waits: u64,
    /// When idle connections were last asked to close.
    shed_at: Option<Instant>,
}

/// A streak of accept errors: it ends after [`QUIET`] without one.
struct Trouble {
    since: Instant,
    errors: u64,
    /// Errors since the last accepted connection: the length of the next pause.
    in_a_row: u32,
    last: Instant,
}

/// How long accept must work before a streak of errors is over.
const QUIET: Duration = Duration::from_secs(1);

/// Errors of one connection that was reset before accept returned it: not the listener's.
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

fn warn_if_over_the_descriptor_limit(max_connections: usize) {
    let Some(limit) = open_file_limit() else { return };
    if max_connections as u64 + RESERVED_DESCRIPTORS > limit {
        tracing::warn!(
            max_connections,
            open_file_limit = limit,
            "KASSA_HTTP_MAX_CONNECTIONS is too close to the open-file limit (ulimit -n): accept \
             will fail with EMFILE before the cap is reached"
        );
    }
}

/// The soft `RLIMIT_NOFILE` of this process, when the platform says.
fn open_file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}
