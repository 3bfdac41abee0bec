//! Read deadlines of one connection: how long it may take to send a request's head, and how
//! long it may stay idle between requests.
//!
//! hyper has a header timeout of its own, but it runs from the end of the previous response,
//! so it cannot tell a slow head from an idle keep-alive connection. Here the socket's reads
//! see the connection's [`Phase`], which the request service moves on, and a read that waits
//! past the phase's deadline fails, which makes hyper close the connection.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

use super::{ConnectionLimits, REPORT_INTERVAL};

/// Where a connection is between its requests.
#[derive(Debug, Clone, Copy)]
enum State {
    /// Waiting for a request: the first one since `since` (the accept), or the next one
    /// after the response that ended at `since`.
    Waiting { since: Instant, first: bool },
    /// The first bytes of a request's head arrived at `since`.
    Head { since: Instant },
    /// A request is being answered; its body has a deadline of its own.
    Busy,
}

/// The phase of a connection, shared by its socket and its request service.
#[derive(Debug)]
pub(super) struct Phase(Mutex<Shared>);

#[derive(Debug)]
struct Shared {
    state: State,
    /// A read that found no deadline (while busy) and must look again when the response is
    /// done: hyper may be waiting on the socket before it drops the response body.
    reader: Option<Waker>,
}

impl Phase {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(Shared {
            state: State::Waiting {
                since: Instant::now(),
                first: true,
            },
            reader: None,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A poisoned lock still holds a valid state: every change is one assignment.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.lock().state)
    }

    /// A request's head was read; it is being answered.
    pub(super) fn request_started(&self) {
        self.with(|s| *s = State::Busy);
    }

    /// The response was written (its body dropped by hyper).
    pub(super) fn response_done(&self) {
        let reader = {
            let mut shared = self.lock();
            shared.state = State::Waiting {
                since: Instant::now(),
                first: false,
            };
            shared.reader.take()
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }

    fn bytes_arrived(&self) {
        self.with(|s| {
            if let State::Waiting { .. } = s {
                *s = State::Head {
                    since: Instant::now(),
                };
            }
        });
    }

    /// When a read waiting now must give up, and which limit that is; without one, `waker`
    /// is woken when there is.
    fn deadline(
        &self,
        limits: &ConnectionLimits,
        waker: &Waker,
    ) -> Option<(Instant, &'static str)> {
        let mut shared = self.lock();
        let deadline = match shared.state {
            State::Waiting { since, first: true } => {
                Some((since + limits.header_timeout, "header"))
            }
            State::Waiting { since, .. } => Some((since + limits.idle_timeout, "idle")),
            State::Head { since } => Some((since + limits.header_timeout, "header")),
            State::Busy => None,
        };
        if deadline.is_none() {
            shared.reader = Some(waker.clone());
        }
        deadline
    }
}

/// Counts the connections cut off for not sending a request head, and says so in the log:
/// the first at once, then a sum at most every [`REPORT_INTERVAL`].
#[derive(Debug, Default)]
pub(super) struct CutOffReport(Mutex<(u64, Option<Instant>)>);

impl CutOffReport {
    fn cut_off(&self, peer: SocketAddr, limits: &ConnectionLimits) {
        let mut report = self.0.lock().unwrap_or_else(|e| e.into_inner());
        report.0 += 1;
        if report
            .1
            .is_some_and(|last| last.elapsed() < REPORT_INTERVAL)
        {
            return;
        }
        tracing::warn!(
            last_peer = %peer,
            "closed {} connection(s) that did not send a request head within the header timeout ({:?})",
            report.0,
            limits.header_timeout
        );
        *report = (0, Some(Instant::now()));
    }
}

/// A TCP stream whose reads fail once the connection's phase is past its deadline.
#[derive(Debug)]
pub(super) struct TimedStream {
    stream: TcpStream,
    phase: Arc<Phase>,
    limits: ConnectionLimits,
    peer: SocketAddr,
    report: Arc<CutOffReport>,
    timer: Pin<Box<Sleep>>,
    armed_for: Option<Instant>,
}

impl TimedStream {
    pub(super) fn new(
        stream: TcpStream,
        phase: Arc<Phase>,
        limits: ConnectionLimits,
        peer: SocketAddr,
        report: Arc<CutOffReport>,
    ) -> Self {
        Self {
            stream,
            phase,
            limits,
            peer,
            report,
            timer: Box::pin(tokio::time::sleep_until(Instant::now())),
            armed_for: None,
        }
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.phase.bytes_arrived();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => loop {
                let Some((deadline, limit)) = this.phase.deadline(&this.limits, cx.waker()) else {
                    return Poll::Pending;
                };
                // The timer is moved earlier at once but not later: each request moves the
                // idle deadline, and re-arming a timer per request costs more than letting
                // the earlier one fire and arming it again then.
                if this.armed_for.is_none_or(|armed| armed > deadline) {
                    this.timer.as_mut().reset(deadline);
                    this.armed_for = Some(deadline);
                }
                match this.timer.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(()) if Instant::now() < deadline => {
                        // It fired for a deadline that has moved on since.
                        this.timer.as_mut().reset(deadline);
                        this.armed_for = Some(deadline);
                    }
                    Poll::Ready(()) => {
                        let peer = this.peer;
                        if limit == "idle" {
                            tracing::debug!(%peer, "closing a connection idle past the idle timeout");
                        } else {
                            this.report.cut_off(peer, &this.limits);
                        }
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            format!("{limit} timeout"),
                        )));
                    }
                }
            },
        }
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
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
