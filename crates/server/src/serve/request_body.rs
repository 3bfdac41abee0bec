//! A request body with a deadline, which the connection can still read after the handler.
//!
//! A handler may answer without reading the body (401 from the bearer gate, 404, 415) or
//! stop in the middle (413). If the server then closed the connection, data still arriving
//! makes the kernel reset it, and a client still sending (a multipart upload above all)
//! sees a broken pipe instead of the status. So the body is held here, not in the handler:
//! the handler reads it through a [`GuardedBody`], and after the answer the connection drains
//! what is left, up to a bound, before the answer goes out with `Connection: close`.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use tokio::time::{Instant, Sleep};

/// The body did not arrive within the body timeout.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout;

impl fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body did not arrive within the body timeout")
    }
}

impl StdError for BodyTimeout {}

/// Whether `error` (as a body read reports it, possibly wrapped) is the body timeout.
pub fn is_body_timeout(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<BodyTimeout>() {
            return true;
        }
        current = e.source();
    }
    false
}

#[derive(Debug)]
struct Shared {
    body: Mutex<Option<Incoming>>,
    deadline: Instant,
    /// Whether the handler asked for the body at all (hyper sends `100 Continue` then).
    polled: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Option<Incoming>> {
        self.body.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The connection's hold on a request body.
#[derive(Debug)]
pub(super) struct HeldBody(Arc<Shared>);

/// What is left of a body after the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rest {
    /// The handler read it all.
    None,
    /// The client waits for `100 Continue` before it sends the body, and the handler never
    /// asked for it: nothing to drain, and no second request on this connection.
    NotSent,
    /// Drained: the client has sent everything.
    Drained,
    /// More than the bound, a timeout, or a broken stream: the connection must close.
    Abandoned(&'static str),
}

/// Splits `body` into the connection's hold and the handler's view of it.
pub(super) fn guard(body: Incoming, timeout: std::time::Duration) -> (HeldBody, GuardedBody) {
    let deadline = Instant::now() + timeout;
    let shared = Arc::new(Shared {
        body: Mutex::new(Some(body)),
        deadline,
        polled: AtomicBool::new(false),
    });
    let view = GuardedBody {
        shared: shared.clone(),
        timer: Box::pin(tokio::time::sleep_until(deadline)),
    };
    (HeldBody(shared), view)
}

impl HeldBody {
    /// Reads and discards what the handler left, at most `max_bytes`, until the deadline.
    /// `expects_continue`: the request asked for `100 Continue` before sending its body.
    pub(super) async fn drain(self, max_bytes: usize, expects_continue: bool) -> Rest {
        let Some(mut body) = self.0.lock().take() else {
            return Rest::None;
        };
        if body.is_end_stream() {
            return Rest::None;
        }
        if expects_continue && !self.0.polled.load(Ordering::Relaxed) {
            return Rest::NotSent;
        }
        let mut drained = 0usize;
        loop {
            let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
            match tokio::time::timeout_at(self.0.deadline, frame).await {
                Err(_) => return Rest::Abandoned("the body timeout"),
                Ok(None) if drained == 0 => return Rest::None,
                Ok(None) => return Rest::Drained,
                Ok(Some(Err(_))) => return Rest::Abandoned("a broken body"),
                Ok(Some(Ok(frame))) => {
                    drained += frame.data_ref().map_or(0, Bytes::len);
                    if drained > max_bytes {
                        return Rest::Abandoned("the drain limit");
                    }
                    if body.is_end_stream() {
                        return Rest::Drained;
                    }
                }
            }
        }
    }
}

/// The handler's view of a request body: the connection keeps the body itself, and reading
/// past the body timeout fails with [`BodyTimeout`].
pub struct GuardedBody {
    shared: Arc<Shared>,
    timer: Pin<Box<Sleep>>,
}

impl fmt::Debug for GuardedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardedBody").finish_non_exhaustive()
    }
}

impl Body for GuardedBody {
    type Data = Bytes;
    type Error = Box<dyn StdError + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        this.shared.polled.store(true, Ordering::Relaxed);
        let polled = {
            let mut held = this.shared.lock();
            match held.as_mut() {
                // The connection took the body back: the handler is done with it.
                None => return Poll::Ready(None),
                Some(body) => Pin::new(body).poll_frame(cx),
            }
        };
        match polled {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimeout)))),
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.shared.lock().as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.shared
            .lock()
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}
