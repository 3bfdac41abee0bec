//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.

use rusqlite::Connection;
use vorgaenge_store::{SchemaVersion, StoreError};

use crate::pool::db_err;

/// Every migration, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_access.sql"),
    include_str!("../migrations/0003_events.sql"),
    include_str!("../migrations/0004_kundenangaben.sql"),
    include_str!("../migrations/0005_audit.sql"),
];

/// The version the database has beside the number of migrations this program knows.
pub(crate) fn version(conn: &mut Connection) -> Result<SchemaVersion, StoreError> {
    let applied: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_err)?;
    Ok(SchemaVersion {
        applied: u32::try_from(applied).unwrap_or(0),
        known: MIGRATIONS.len() as u32,
    })
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db_err)?;
    let current: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
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
        tx.execute_batch(sql).map_err(db_err)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(db_err)?;
        tracing::info!(version = i + 1, "applied database migration");
    }
    tx.commit().map_err(db_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrades_a_version_1_database_with_cases() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO cases (vorgangs_nummer, daten_kontext, status, archived, letzte_aenderung,
                                kunden_betreuer, vorgangs_bearbeiter, document)
             VALUES ('AB1234', 'ECHT_GESCHAEFT', 'AKTIV', 0, 1, 'BER11', NULL, x'7b7d')",
            [],
        )
        .unwrap();

        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap(); // a second run finds nothing to do

        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            indexes,
            [
                "cases_by_bearbeiter",
                "cases_by_betreuer",
                "cases_by_change"
            ]
        );
        let by_betreuer: String = conn
            .query_row(
                "SELECT vorgangs_nummer FROM cases INDEXED BY cases_by_betreuer
                 WHERE daten_kontext = 'ECHT_GESCHAEFT' AND archived = 0 AND kunden_betreuer = 'BER11'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(by_betreuer, "AB1234");

        let directory_version = |conn: &Connection| -> i64 {
            conn.query_row("SELECT version FROM directory_version", [], |r| r.get(0))
                .unwrap()
        };
        let before = directory_version(&conn);
        conn.execute(
            "INSERT INTO grants (holder, target) VALUES ('HAM22', 'BER11')",
            [],
        )
        .unwrap();
        assert!(
            directory_version(&conn) > before,
            "a write in plain SQL bumps the version"
        );
    }
}
