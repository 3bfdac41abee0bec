//! The cross-check of the write scenarios: every acknowledged write must have appended
//! exactly one event (Ereignis). The bench reads the events table of the database directly,
//! beside the running server (WAL lets a reader in another process see every commit), before
//! and after each write scenario.

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

/// A read-only connection to the bench database.
#[derive(Debug)]
pub struct EventLog {
    conn: Connection,
}

impl EventLog {
    pub fn open(database: &str) -> anyhow::Result<Self> {
        let path = crate::seeding::sqlite_path(database)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open {path} to count events"))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Self { conn })
    }

    /// The id of the newest event (0 if there is none). Events are only ever appended, with
    /// growing ids.
    pub fn newest(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM ereignisse", [], |r| {
                r.get(0)
            })?)
    }

    /// Events appended after the one with id `after`.
    pub fn appended_since(&self, after: i64) -> anyhow::Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM ereignisse WHERE id > ?1",
            [after],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n)?)
    }
}
