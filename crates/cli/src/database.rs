//! Choosing the backend from the database URL, once, at start.

use std::sync::Arc;

use anyhow::{Context, bail};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// Where the embedded database lives unless told otherwise.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://vorgaenge-data/vorgaenge.sqlite";

/// Opens the store named by `url`: `sqlite://<path>` (relative or absolute, e.g.
/// `sqlite:///var/lib/vorgaenge/db.sqlite`).
pub fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        if path.is_empty() {
            bail!("database URL {url:?} names no file");
        }
        let store = SqliteStore::open(path, SqliteOptions::default())
            .with_context(|| format!("cannot open SQLite database {path}"))?;
        return Ok(Arc::new(store));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        bail!("this build has no PostgreSQL backend; use a sqlite:// URL");
    }
    bail!("unsupported database URL {url:?}: expected sqlite://<path>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_sqlite_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/x/db.sqlite", dir.path().display());
        assert!(open(&url).is_ok());
        assert!(open("sqlite://").is_err());
        assert!(open("mysql://x").is_err());
    }
}
