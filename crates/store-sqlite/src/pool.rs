//! A bounded pool of SQLite connections used from async code.
//!
//! Each call takes a permit, borrows one connection and runs the closure on tokio's blocking
//! threads: SQLite calls block, and a bounded set of connections keeps memory bounded no
//! matter how many requests wait (per-thread connections in blocking threads grew without
//! limit). Connections are checked out without a liveness probe; SQLite connections to a
//! local file do not go stale.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::{Semaphore, SemaphorePermit};
use vorgaenge_store::StoreError;

/// Opens one more connection, e.g. to replace one lost to a panic.
pub(crate) type Opener<T> = Arc<dyn Fn() -> Result<T, StoreError> + Send + Sync>;

pub(crate) struct Pool<T> {
    idle: Mutex<Vec<T>>,
    permits: Semaphore,
    open: Opener<T>,
}

impl<T> std::fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

impl<T: Send + 'static> Pool<T> {
    pub(crate) fn new(size: usize, open: Opener<T>) -> Result<Self, StoreError> {
        let idle = (0..size).map(|_| open()).collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            idle: Mutex::new(idle),
            permits: Semaphore::new(size),
            open,
        })
    }

    /// Runs `f` with a connection of the pool on a blocking thread.
    pub(crate) async fn run<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut T) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let (_permit, mut conn) = self.checkout().await?;
        let joined = tokio::task::spawn_blocking(move || {
            let result = f(&mut conn);
            (conn, result)
        })
        .await;
        let (conn, result) = match joined {
            Ok(done) => done,
            Err(e) => {
                // The closure panicked and took the connection with it: open a replacement
                // so the pool keeps its size.
                let replacement = (self.open)()?;
                self.give_back(replacement);
                return Err(StoreError::Pool(format!("database task failed: {e}")));
            }
        };
        self.give_back(conn);
        result
    }

    /// Runs `f` with a connection of the pool on the calling thread.
    ///
    /// For point reads by key only: the page cache answers them in microseconds, and the hop
    /// to the blocking pool (two thread handoffs) costs more than the read itself. The
    /// permit still bounds how many run at once.
    pub(crate) async fn run_inline<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut T) -> Result<R, StoreError>,
    {
        let (_permit, mut conn) = self.checkout().await?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut conn)));
        // The connection goes back even if the closure panicked: SQLite statements are
        // finalised on unwind, so it stays usable.
        self.give_back(conn);
        result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// A permit and an idle connection; the connection goes back with [`Pool::give_back`]
    /// before the permit is dropped.
    async fn checkout(&self) -> Result<(SemaphorePermit<'_>, T), StoreError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        let conn = self
            .idle
            .lock()
            .map_err(|_| StoreError::Pool("pool lock poisoned".into()))?
            .pop()
            .ok_or_else(|| StoreError::Pool("no idle connection despite a permit".into()))?;
        Ok((permit, conn))
    }

    fn give_back(&self, conn: T) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
    }
}

pub(crate) fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// Settings every connection gets. WAL lets readers run beside the one writer;
/// `synchronous=NORMAL` in WAL mode keeps every committed transaction across a process crash
/// (only an OS crash or power loss can drop the last commits); `FULL` is available through
/// [`Durability`](crate::Durability).
pub(crate) fn configure(conn: &Connection, synchronous: &str) -> Result<(), StoreError> {
    // A stable query plan: without it SQLite (built with STAT4) re-prepares the list
    // statement whenever a parameter the planner looked at is bound again, i.e. on every
    // request, which cost a sixth of the server's CPU on list loads.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map_err(db_err)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = {synchronous};
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -8000;
         PRAGMA temp_store = MEMORY;"
    ))
    .map_err(db_err)
}
