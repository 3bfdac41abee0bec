//! WAL checkpoints on a thread of their own, off the writer's path.
//!
//! By default the connection that commits runs the checkpoint once the WAL passes 1000
//! pages: the writer then copies pages into the database file and waits for its fsync
//! while every queued edit waits for the writer. Here a thread runs a PASSIVE checkpoint
//! every [`INTERVAL`], which copies what no reader still needs without blocking the writer
//! or the readers.
//!
//! A background checkpoint alone never lets the WAL start over, though: the writer keeps
//! appending while it copies, so it never finds the log fully copied, and the file grows
//! without bound. So the writer still checkpoints itself, rarely ([`WRITER_PAGES`]): by
//! then this thread has copied nearly everything, the writer's checkpoint finishes the
//! rest with nothing appended meanwhile, and the next write starts the log over.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

/// How often the WAL is folded into the database file.
const INTERVAL: Duration = Duration::from_millis(100);

/// WAL pages after which the writer checkpoints itself (`wal_autocheckpoint`; 256 MiB of
/// 4 KiB pages). A write appends some ten pages (the document's overflow pages and the
/// index entries), so under a few thousand writes per second this is a second or two of
/// writes: one short pause of the writer per restart, instead of several per second.
pub(crate) const WRITER_PAGES: i64 = 65536;

pub(crate) struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Checkpointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Checkpointer")
    }
}

impl Checkpointer {
    /// Checkpoints through `conn` until dropped.
    pub(crate) fn start(conn: Connection) -> std::io::Result<Self> {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                    let passive = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    if let Err(e) = passive {
                        tracing::warn!("WAL checkpoint failed: {e}");
                    }
                }
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    /// Stops the thread and waits until its connection is closed, so that whoever drops the
    /// store finds the database file complete once the other connections are closed too.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
