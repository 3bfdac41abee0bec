//! The cross-check of the write scenarios: every acknowledged write must have appended
//! exactly one event (Ereignis). The bench reads the events table of the database directly,
//! beside the running server, before and after each write scenario: SQLite through a
//! read-only connection (WAL lets a reader in another process see every commit), PostgreSQL
//! through a connection of its own.

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

/// A connection to the bench database that only counts events.
#[derive(Debug)]
pub enum EventLog {
    Sqlite(Connection),
    Postgres {
        client: tokio_postgres::Client,
        /// `"<schema>".ereignisse`, checked to be a plain name.
        table: String,
    },
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
        Ok(Self::Sqlite(conn))
    }

    /// The events of `schema` in the PostgreSQL database at `url`.
    pub async fn open_postgres(url: &str, schema: &str) -> anyhow::Result<Self> {
        let client = crate::postgres::connect(url).await?;
        Ok(Self::Postgres {
            client,
            table: format!("{}.ereignisse", crate::postgres::quoted(schema)?),
        })
    }

    /// The id of the newest event (0 if there is none). Events are only ever appended, with
    /// growing ids.
    pub async fn newest(&self) -> anyhow::Result<i64> {
        match self {
            Self::Sqlite(conn) => Ok(conn.query_row(
                "SELECT COALESCE(MAX(id), 0) FROM ereignisse",
                [],
                |r| r.get(0),
            )?),
            Self::Postgres { client, table } => Ok(client
                .query_one(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"), &[])
                .await?
                .try_get(0)?),
        }
    }

    /// Events appended after the one with id `after`.
    pub async fn appended_since(&self, after: i64) -> anyhow::Result<u64> {
        let n: i64 = match self {
            Self::Sqlite(conn) => conn.query_row(
                "SELECT COUNT(*) FROM ereignisse WHERE id > ?1",
                [after],
                |r| r.get(0),
            )?,
            Self::Postgres { client, table } => client
                .query_one(
                    &format!("SELECT COUNT(*) FROM {table} WHERE id > $1"),
                    &[&after],
                )
                .await?
                .try_get(0)?,
        };
        Ok(u64::try_from(n)?)
    }
}
