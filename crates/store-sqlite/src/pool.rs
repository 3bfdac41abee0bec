//! A bounded set of SQLite connections used from async code.
//!
//! A pool opens a fixed number of connections up front, each in a slot of its own, and never
//! opens more: a bounded set of connections keeps memory bounded no matter how many requests
//! wait (per-thread connections in blocking threads grew without limit). A call runs in one of
//! two ways:
//!
//! - [`Pool::run`] takes a permit and runs the closure on tokio's blocking threads, for
//!   anything whose cost has no small upper bound (lists, writes). There are as many permits
//!   as slots, so such calls never outnumber the connections.
//! - [`Pool::run_inline`] runs the closure on the calling thread (a runtime worker), for point
//!   reads by key: the page cache answers them in microseconds, and the hop to the blocking
//!   pool (two thread handoffs) costs more than the read. Each thread has a *home* slot, so a
//!   runtime worker keeps using the same connection (its SQLite page cache and statement
//!   cache stay warm in that core's CPU cache) and takes it with one uncontended `try_lock`,
//!   with no semaphore and no shared free list. If the home slot is busy it takes any free
//!   slot; only if all are busy does it wait for a permit.
//!
//! Inline calls never block on a slot: they only `try_lock`, and their critical section is
//! one short synchronous call. The bound on connections is the number of slots, whatever the
//! number of threads. Connections are used without a liveness probe; SQLite connections to a
//! local file do not go stale.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use rusqlite::Connection;
use tokio::sync::Semaphore;
use vorgaenge_store::{PoolStats, StoreError};

/// Opens one connection.
pub(crate) type Opener<T> = Arc<dyn Fn() -> Result<T, StoreError> + Send + Sync>;

/// Hands out home slots to threads, round robin: the runtime workers, being the threads that
/// read inline, get different homes as long as there are at least as many slots as workers.
static NEXT_HOME: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's home, taken modulo a pool's size; assigned on its first inline read.
    static HOME: Cell<Option<usize>> = const { Cell::new(None) };
}

fn home() -> usize {
    HOME.with(|home| match home.get() {
        Some(h) => h,
        None => {
            let h = NEXT_HOME.fetch_add(1, Ordering::Relaxed);
            home.set(Some(h));
            h
        }
    })
}

pub(crate) struct Pool<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    slots: Box<[Mutex<T>]>,
    /// Bounds the calls of [`Pool::run`] (and inline calls that found every slot busy) to
    /// the number of slots.
    permits: Semaphore,
    /// Calls waiting for a permit now, for the metrics.
    waiting: AtomicUsize,
}

impl<T> Clone for Pool<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T> std::fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("connections", &self.inner.slots.len())
            .field("permits_available", &self.inner.permits.available_permits())
            .finish()
    }
}

impl<T: Send + 'static> Pool<T> {
    pub(crate) fn new(size: usize, open: &Opener<T>) -> Result<Self, StoreError> {
        let slots = (0..size.max(1))
            .map(|_| open().map(Mutex::new))
            .collect::<Result<Box<[_]>, _>>()?;
        let permits = Semaphore::new(slots.len());
        Ok(Self {
            inner: Arc::new(Inner {
                slots,
                permits,
                waiting: AtomicUsize::new(0),
            }),
        })
    }

    /// How busy the pool is now. A slot counts as busy when it is locked; looking takes each
    /// free slot for an instant, which a reader then finds busy and passes by.
    pub(crate) fn stats(&self, pool: &'static str) -> PoolStats {
        let busy = self
            .inner
            .slots
            .iter()
            .filter(|slot| matches!(slot.try_lock(), Err(TryLockError::WouldBlock)))
            .count();
        PoolStats {
            pool,
            connections: self.inner.slots.len(),
            busy: Some(busy),
            waiting: self.inner.waiting.load(Ordering::Relaxed),
        }
    }

    /// Runs `f` with a connection of the pool on a blocking thread.
    pub(crate) async fn run<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut T) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let _permit = self.inner.acquire().await?;
        let inner = self.inner.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let outcome = guarded(&mut *inner.lock_blocking(), f);
            finish(outcome)
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(e) => Err(StoreError::Pool(format!("database task failed: {e}"))),
        }
    }

    /// Runs `f` with a connection of the pool on the calling thread (see the module docs).
    pub(crate) async fn run_inline<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut T) -> Result<R, StoreError>,
    {
        if let Some(mut conn) = self.inner.try_lock_from(home()) {
            let outcome = guarded(&mut *conn, f);
            drop(conn);
            return finish(outcome);
        }
        // Every slot is busy: wait for a permit like a blocking call. Holding one, at most
        // `slots - 1` blocking calls are running, so some slot is free or held by an inline
        // call that ends within microseconds.
        let _permit = self.inner.acquire().await?;
        loop {
            if let Some(mut conn) = self.inner.try_lock_from(home()) {
                let outcome = guarded(&mut *conn, f);
                drop(conn);
                return finish(outcome);
            }
            tokio::task::yield_now().await;
        }
    }
}

impl<T> Inner<T> {
    async fn acquire(&self) -> Result<tokio::sync::SemaphorePermit<'_>, StoreError> {
        if let Ok(permit) = self.permits.try_acquire() {
            return Ok(permit);
        }
        // Counted while waiting, and uncounted however the wait ends (a dropped request too).
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::Relaxed);
            }
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&self.waiting);
        self.permits
            .acquire()
            .await
            .map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// The first free slot from `start` on (wrapping), without waiting.
    fn try_lock_from(&self, start: usize) -> Option<MutexGuard<'_, T>> {
        let n = self.slots.len();
        (0..n).find_map(|i| match self.slots[(start + i) % n].try_lock() {
            Ok(conn) => Some(conn),
            // A panic inside `guarded` is resumed only after the slot was released, so a
            // slot is poisoned only by a bug here; the connection itself is still usable.
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        })
    }

    /// A free slot for a blocking call, which holds a permit: searched from the last slot
    /// down, away from the homes of the runtime workers (the first slots). Waits (yielding
    /// the thread) while every slot is held, which lasts at most an inline read.
    fn lock_blocking(&self) -> MutexGuard<'_, T> {
        let n = self.slots.len();
        loop {
            if let Some(conn) = (0..n).rev().find_map(|i| match self.slots[i].try_lock() {
                Ok(conn) => Some(conn),
                Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            }) {
                return conn;
            }
            std::thread::yield_now();
        }
    }
}

/// Runs `f` on the locked connection and catches a panic, which the caller resumes with
/// [`finish`] once it has released the slot, so a panic never poisons a slot. The connection
/// stays usable: rusqlite resets statements and rolls back transactions on unwind.
fn guarded<T, R>(conn: &mut T, f: impl FnOnce(&mut T) -> R) -> std::thread::Result<R> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)))
}

/// The result of [`guarded`], or its panic resumed.
fn finish<R>(outcome: std::thread::Result<R>) -> R {
    outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

pub(crate) fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::from_driver(e.to_string(), e)
}

/// Settings every connection gets. WAL lets readers run beside the one writer (a WAL that
/// grew under load is cut back to 64 MiB when it starts over);
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
         PRAGMA temp_store = MEMORY;
         PRAGMA journal_size_limit = 67108864;"
    ))
    .map_err(db_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting_pool(size: usize) -> Pool<usize> {
        let next = Arc::new(AtomicUsize::new(0));
        let open: Opener<usize> = Arc::new(move || Ok(next.fetch_add(1, Ordering::Relaxed)));
        Pool::new(size, &open).unwrap()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_thread_keeps_its_home_connection() {
        let pool = counting_pool(3);
        let first = pool.run_inline(|c| Ok(*c)).await.unwrap();
        for _ in 0..10 {
            assert_eq!(pool.run_inline(|c| Ok(*c)).await.unwrap(), first);
        }
    }

    #[test]
    fn a_busy_home_falls_over_to_another_slot() {
        let pool = counting_pool(2);
        let home = home() % 2;
        let held = pool.inner.slots[home].lock().unwrap();
        let other = pool.inner.try_lock_from(home).map(|c| *c);
        assert_eq!(other, Some(1 - home));
        // With every slot busy, an inline read has to wait for a permit instead.
        let also_held = pool.inner.slots[1 - home].lock().unwrap();
        assert!(pool.inner.try_lock_from(home).is_none());
        drop((held, also_held));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn blocking_calls_prefer_the_last_slots() {
        let pool = counting_pool(4);
        assert_eq!(pool.run(|c| Ok(*c)).await.unwrap(), 3);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn never_more_connections_than_slots_under_load() {
        let opened = Arc::new(AtomicUsize::new(0));
        let counter = opened.clone();
        let open: Opener<usize> = Arc::new(move || Ok(counter.fetch_add(1, Ordering::Relaxed)));
        let pool = Arc::new(Pool::new(2, &open).unwrap());
        let busy: Arc<[AtomicUsize]> = (0..2).map(|_| AtomicUsize::new(0)).collect();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..64 {
            let (pool, busy) = (pool.clone(), busy.clone());
            tasks.spawn(async move {
                let use_it = move |c: &mut usize| {
                    // Nobody else holds this connection right now.
                    assert_eq!(busy[*c].fetch_add(1, Ordering::SeqCst), 0);
                    std::thread::sleep(std::time::Duration::from_micros(50));
                    busy[*c].fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                };
                if i % 2 == 0 {
                    pool.run_inline(use_it).await
                } else {
                    pool.run(use_it).await
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
        assert_eq!(opened.load(Ordering::Relaxed), 2);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_panic_does_not_lose_the_connection() {
        let pool = Arc::new(counting_pool(1));
        let p = pool.clone();
        let panicked = tokio::spawn(async move {
            p.run_inline(|_| -> Result<(), StoreError> { panic!("boom") })
                .await
        })
        .await;
        assert!(panicked.is_err());
        let failed = pool
            .run(|_| -> Result<(), StoreError> { panic!("boom") })
            .await;
        assert!(matches!(failed, Err(StoreError::Pool(_))));
        assert_eq!(pool.run_inline(|c| Ok(*c)).await.unwrap(), 0);
        assert_eq!(pool.run(|c| Ok(*c)).await.unwrap(), 0);
        assert!(!pool.inner.slots[0].is_poisoned());
    }
}
