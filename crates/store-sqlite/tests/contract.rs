//! The storage contract, run against a fresh SQLite file per test.

use std::sync::Arc;

use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

async fn fresh() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        SqliteStore::open(dir.path().join("test.sqlite"), SqliteOptions::default()).unwrap();
    (Arc::new(store), dir)
}

vorgaenge_store::store_contract_tests!(fresh);
