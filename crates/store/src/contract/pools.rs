//! What a backend tells of its connections for the metrics.

use std::collections::BTreeSet;

use crate::Store;

pub async fn pool_stats_describe_the_connections_in_use(store: &dyn Store) {
    // Both kinds of connection have been used: a point read and a query.
    assert!(store.case("NONE01").await.unwrap().is_none());
    store.schema_version().await.unwrap();
    let stats = store.pool_stats();
    assert!(!stats.is_empty());
    let names: BTreeSet<_> = stats.iter().map(|s| s.pool).collect();
    assert_eq!(names.len(), stats.len(), "each set once: {stats:?}");
    assert!(
        stats.iter().map(|s| s.connections).sum::<usize>() > 0,
        "{stats:?}"
    );
    for s in &stats {
        // Nothing runs now, so nothing is busy and nobody waits.
        assert_eq!(s.busy.unwrap_or(0), 0, "{s:?}");
        assert_eq!(s.waiting, 0, "{s:?}");
    }
}
