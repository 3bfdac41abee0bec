//! The schema version: a fresh store is migrated to the version its program knows.

use crate::Store;

pub async fn a_fresh_store_has_the_current_schema(store: &dyn Store) {
    let version = store.schema_version().await.unwrap();
    assert!(version.known > 0, "{version:?}");
    assert_eq!(version.applied, version.known, "{version:?}");
}
