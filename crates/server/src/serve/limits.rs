//! The bounds a server facing untrusted clients keeps on each connection.

use std::time::Duration;

/// Connection limits and timeouts. Their defaults suit a server on the internet; the flags of
/// `vorgaenge serve` set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most; further ones wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// Time for a request's head (request line and headers) to arrive, counted from the
    /// connection's start or from the first byte of a following request.
    pub header_timeout: Duration,
    /// Time a kept-alive connection may wait for its next request.
    pub idle_timeout: Duration,
    /// Time for a request's whole body to arrive, counted from its head (408 beyond).
    pub body_timeout: Duration,
    /// Largest request head (request line and headers); beyond it the answer is 431.
    pub max_header_bytes: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 10_000,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            body_timeout: Duration::from_secs(60),
            max_header_bytes: 32 * 1024,
        }
    }
}

/// File descriptors kept free of connections: the database, the log, the listener itself.
const RESERVED_FILES: usize = 64;

/// Smallest head limit hyper's buffer allows.
const MIN_HEADER_BYTES: usize = 8 * 1024;

impl ConnectionLimits {
    /// The limits as this process can keep them: a connection cap above the open-files limit
    /// would run the process out of descriptors before the cap bites (the accept loop would
    /// fail instead of waiting), so it is lowered, and said so.
    pub fn fitted(mut self) -> Self {
        if let Some(files) = open_files_limit() {
            let room = files.saturating_sub(RESERVED_FILES).max(1);
            if self.max_connections > room {
                tracing::warn!(
                    "connection limit lowered from {} to {room}: this process may open {files} files",
                    self.max_connections
                );
                self.max_connections = room;
            }
        }
        self.max_connections = self.max_connections.max(1);
        self.max_header_bytes = self.max_header_bytes.max(MIN_HEADER_BYTES);
        self
    }
}

/// The soft `RLIMIT_NOFILE` of this process, where the system tells it (`/proc` on Linux).
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_the_open_files_limit() {
        let fitted = ConnectionLimits {
            max_connections: usize::MAX,
            max_header_bytes: 10,
            ..ConnectionLimits::default()
        }
        .fitted();
        assert_eq!(fitted.max_header_bytes, MIN_HEADER_BYTES);
        if let Some(files) = open_files_limit() {
            assert!(fitted.max_connections + RESERVED_FILES <= files.max(RESERVED_FILES + 1));
        }
        let small = ConnectionLimits {
            max_connections: 5,
            ..ConnectionLimits::default()
        };
        assert_eq!(small.fitted().max_connections, 5);
    }
}
