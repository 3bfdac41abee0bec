//! The store a test runs on: SQLite by default, PostgreSQL with
//! `VORGAENGE_TEST_BACKEND=postgres` (as `.ci/run` runs the HTTP suites a second time), each
//! test in a schema of its own on `VORGAENGE_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use vorgaenge_store::Store;
use vorgaenge_store_postgres::{PostgresOptions, PostgresStore};
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// What a fresh store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum World {
    /// The demo partners and clients and the auditor, no cases.
    Partners,
    /// The demo world and the auditor.
    Demo,
}

/// The PostgreSQL server the tests' schemas live on.
pub fn postgres_url() -> String {
    std::env::var("VORGAENGE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Whether this run's HTTP suites go to PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("VORGAENGE_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// Drops the test's schema when the test ends.
pub struct SchemaGuard(String);

impl SchemaGuard {
    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl Drop for SchemaGuard {
    fn drop(&mut self) {
        let schema = self.0.clone();
        // The test's runtime may be shutting down: a thread and a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let (client, connection) =
                    tokio_postgres::connect(&postgres_url(), tokio_postgres::NoTls).await?;
                tokio::spawn(connection);
                client
                    .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                    .await
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop test schema {}: {e}", self.0);
        }
    }
}

/// The store of one test, filled with `world`; `sqlite_template` is the SQLite file to copy
/// into `dir`. Also the file's path (SQLite) and the schema's guard (PostgreSQL).
pub async fn open(
    dir: &Path,
    world: World,
    sqlite_template: impl FnOnce() -> &'static Path,
) -> (Arc<dyn Store>, PathBuf, Option<SchemaGuard>) {
    let db_path = dir.join("test.sqlite");
    if !on_postgres() {
        std::fs::copy(sqlite_template(), &db_path).unwrap();
        let store = Arc::new(SqliteStore::open(&db_path, SqliteOptions::default()).unwrap());
        return (store, db_path, None);
    }
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let schema = format!(
        "http_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let guard = SchemaGuard(schema.clone());
    let options = PostgresOptions {
        pool_size: 8,
        schema: Some(schema),
        ..PostgresOptions::default()
    };
    let store: Arc<dyn Store> = Arc::new(
        PostgresStore::connect(&postgres_url(), options)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "VORGAENGE_TEST_BACKEND=postgres, but {}: {e}",
                    postgres_url()
                )
            }),
    );
    match world {
        World::Partners => {
            let (partners, grants) = vorgaenge_cli::seed::demo_partners();
            store.put_partners(partners, grants).await.unwrap();
            for client in vorgaenge_cli::seed::demo_clients() {
                store.put_client(client).await.unwrap();
            }
        }
        World::Demo => {
            vorgaenge_cli::seed::seed(store.clone(), 0, 1, false)
                .await
                .unwrap();
        }
    }
    super::add_auditor(&*store).await;
    (store, db_path, Some(guard))
}
