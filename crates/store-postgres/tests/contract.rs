//! The storage contract, run against a fresh PostgreSQL schema per test (see `common`).

mod common;

use std::sync::Arc;

use vorgaenge_store::Store;

async fn fresh() -> (Arc<dyn Store>, common::Schema) {
    let schema = common::Schema::new();
    let store = schema.connect(3).await;
    (Arc::new(store), schema)
}

vorgaenge_store::store_contract_tests!(fresh);
