//! Choosing the backend from the database URL, once, at start.

use std::sync::Arc;

use anyhow::{Context, bail};
use vorgaenge_store::Store;
use vorgaenge_store_postgres::{PostgresOptions, PostgresStore};
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// Where the embedded database lives unless told otherwise.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://vorgaenge-data/vorgaenge.sqlite";

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `sqlite://<path>` or `postgres://…`.
    pub url: String,
    /// PostgreSQL: most connections held open at once.
    pub pool_size: usize,
    /// PostgreSQL: the schema to work in (created if missing); `None` for the default.
    pub schema: Option<String>,
    /// PostgreSQL: connections shared by the reads, beside the pool.
    pub read_connections: usize,
}

impl DatabaseConfig {
    /// `url` with the default pool and schema.
    pub fn url(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            pool_size: PostgresOptions::default().pool_size,
            schema: None,
            read_connections: PostgresOptions::default().shared_readers,
        }
    }
}

/// Opens the store named by `url` with default settings (see [`open_with`]).
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    open_with(&DatabaseConfig::url(url)).await
}

/// Opens the store the configuration names, bringing its schema up to date:
/// `sqlite://<path>` (relative or absolute, e.g. `sqlite:///var/lib/vorgaenge/db.sqlite`) or
/// `postgres://user@host:port/database` (also `postgresql://`).
pub async fn open_with(config: &DatabaseConfig) -> anyhow::Result<Arc<dyn Store>> {
    let url = config.url.as_str();
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
        let options = PostgresOptions {
            pool_size: config.pool_size.max(1),
            schema: config.schema.clone(),
            shared_readers: config.read_connections.max(1),
        };
        let store = PostgresStore::connect(url, options)
            .await
            .with_context(|| format!("cannot open PostgreSQL database {}", redacted(url)))?;
        return Ok(Arc::new(store));
    }
    bail!("unsupported database URL {url:?}: expected sqlite://<path> or postgres://…")
}

/// The URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn picks_the_backend_by_scheme() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/x/db.sqlite", dir.path().display());
        assert!(open(&url).await.is_ok());
        assert!(open("sqlite://").await.is_err());
        assert!(open("mysql://x").await.is_err());
        assert_eq!(
            redacted("postgres://app:geheim@db:5432/v"),
            "postgres://app:***@db:5432/v"
        );
        assert_eq!(redacted("postgres://db/v"), "postgres://db/v");
    }
}
