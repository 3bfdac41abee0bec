//! Schema migrations, applied in order and recorded in `schema_migrations`.
//!
//! The whole run holds a transaction-scoped advisory lock, so instances starting at once
//! apply each migration exactly once: the first migrates, the others wait and then find
//! nothing to do. DDL is transactional in PostgreSQL, so a failed migration leaves nothing.

use deadpool_postgres::Object;
use vorgaenge_store::{SchemaVersion, StoreError, Timestamp};

use crate::db_err;

/// Every migration, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_kundenangaben.sql"),
    include_str!("../migrations/0003_document_inline.sql"),
    include_str!("../migrations/0004_audit.sql"),
];

/// The advisory lock key of migrations (any constant; "vorgaeng" in ASCII).
const LOCK_KEY: i64 = 0x766f_7267_6165_6e67;

/// The version the database has beside the number of migrations this program knows.
pub(crate) async fn version(conn: &Object) -> Result<SchemaVersion, StoreError> {
    let applied: i32 = conn
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            &[],
        )
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    Ok(SchemaVersion {
        applied: u32::try_from(applied).unwrap_or(0),
        known: MIGRATIONS.len() as u32,
    })
}

pub(crate) async fn migrate(conn: &mut Object, schema: Option<&str>) -> Result<(), StoreError> {
    let tx = conn.transaction().await.map_err(db_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .await
        .map_err(db_err)?;
    if let Some(schema) = schema {
        // The connection's search path names the schema already; setting it again after
        // creating the schema makes sure the new schema is where the tables go.
        tx.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS \"{schema}\"; SET LOCAL search_path TO \"{schema}\""
        ))
        .await
        .map_err(db_err)?;
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at BIGINT  NOT NULL
         )",
    )
    .await
    .map_err(db_err)?;
    let current: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            &[],
        )
        .await
        .map_err(db_err)?
        .try_get(0)
        .map_err(db_err)?;
    let current = usize::try_from(current)
        .map_err(|_| StoreError::Corrupt(format!("invalid schema version {current}")))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "database schema version {current} is newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        tx.batch_execute(sql).await.map_err(db_err)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
            &[&version, &Timestamp::now().0],
        )
        .await
        .map_err(db_err)?;
        tracing::info!(version, "applied database migration");
    }
    tx.commit().await.map_err(db_err)
}
