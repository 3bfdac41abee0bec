//! The token endpoint's signing keys: one in use, rotation, pruning.

use bytes::Bytes;

use crate::{SigningKeyRecord, Store, Timestamp};

pub(super) fn signing_key(kid: &str, created_at: i64) -> SigningKeyRecord {
    SigningKeyRecord {
        kid: kid.into(),
        algorithm: "EdDSA".into(),
        private_key: Bytes::from(format!("private-{kid}").into_bytes()),
        public_key: Bytes::from(format!("public-{kid}").into_bytes()),
        created_at: Timestamp(created_at),
        retired_at: None,
    }
}

fn retired(mut key: SigningKeyRecord, at: i64) -> SigningKeyRecord {
    key.retired_at = Some(Timestamp(at));
    key
}

pub async fn ensures_one_signing_key(store: &dyn Store) {
    assert!(store.signing_keys().await.unwrap().is_empty());
    let first = signing_key("k1", 1_000);
    assert_eq!(
        store.ensure_signing_key(first.clone()).await.unwrap(),
        vec![first.clone()]
    );
    // A second instance starting later finds the first one's key and keeps it.
    assert_eq!(
        store
            .ensure_signing_key(signing_key("k2", 2_000))
            .await
            .unwrap(),
        vec![first.clone()]
    );
    assert_eq!(store.signing_keys().await.unwrap(), vec![first]);
}

pub async fn rotates_signing_keys(store: &dyn Store) {
    let k1 = signing_key("k1", 1_000);
    let k2 = signing_key("k2", 2_000);
    let k3 = signing_key("k3", 3_000);
    store.ensure_signing_key(k1.clone()).await.unwrap();
    store.rotate_signing_key(k2.clone()).await.unwrap();
    assert_eq!(
        store.signing_keys().await.unwrap(),
        vec![k2.clone(), retired(k1.clone(), 2_000)]
    );
    store.rotate_signing_key(k3.clone()).await.unwrap();
    let expected = vec![
        k3.clone(),
        retired(k2.clone(), 3_000),
        retired(k1.clone(), 2_000),
    ];
    assert_eq!(store.signing_keys().await.unwrap(), expected);
    // With a key in use, ensure adds nothing.
    assert_eq!(
        store
            .ensure_signing_key(signing_key("k4", 4_000))
            .await
            .unwrap(),
        expected
    );
}

pub async fn prunes_retired_signing_keys(store: &dyn Store) {
    let k1 = signing_key("k1", 1_000);
    let k2 = signing_key("k2", 2_000);
    let k3 = signing_key("k3", 3_000);
    store.ensure_signing_key(k1.clone()).await.unwrap();
    store.rotate_signing_key(k2.clone()).await.unwrap(); // k1 retired at 2000
    store.rotate_signing_key(k3.clone()).await.unwrap(); // k2 retired at 3000

    assert_eq!(
        store.prune_signing_keys(Timestamp(2_000)).await.unwrap(),
        0,
        "the cut is exclusive"
    );
    assert_eq!(store.prune_signing_keys(Timestamp(2_500)).await.unwrap(), 1);
    assert_eq!(
        store.signing_keys().await.unwrap(),
        vec![k3.clone(), retired(k2, 3_000)]
    );
    // The key in use is never pruned, however late the cut.
    assert_eq!(
        store.prune_signing_keys(Timestamp(i64::MAX)).await.unwrap(),
        1
    );
    assert_eq!(store.signing_keys().await.unwrap(), vec![k3]);
}
