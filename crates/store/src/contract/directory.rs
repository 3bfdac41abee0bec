//! The directory version: it moves with every change to partners, grants, clients and keys, and with no case write.

use super::case_at;
use super::clients::client;
use super::keys::signing_key;
use super::partners::{grant, partner};
use crate::{Store, Timestamp};

pub async fn directory_version_tracks_admin_changes(store: &dyn Store) {
    let mut seen = store.directory_version().await.unwrap();
    let mut changed = async |what: &str| {
        let now = store.directory_version().await.unwrap();
        assert_ne!(now, seen, "directory version after {what}");
        seen = now;
    };
    store
        .put_partners(vec![partner("NOR00", None)], Vec::new())
        .await
        .unwrap();
    changed("a partner put").await;
    store
        .put_partners(Vec::new(), vec![grant("NOR00", "BER12")])
        .await
        .unwrap();
    changed("a grant put").await;
    assert!(store.revoke_grant(&grant("NOR00", "BER12")).await.unwrap());
    changed("a grant revoked").await;
    store
        .put_client(client("portal", "NOR00", &["vorgaenge:read"]))
        .await
        .unwrap();
    changed("a client put").await;
    store
        .ensure_signing_key(signing_key("k1", 1_000))
        .await
        .unwrap();
    changed("the first signing key").await;
    store
        .rotate_signing_key(signing_key("k2", 2_000))
        .await
        .unwrap();
    changed("a key rotation").await;
    store.prune_signing_keys(Timestamp(5_000)).await.unwrap();
    changed("a key pruned").await;

    // Cases are not part of the directory.
    let before = store.directory_version().await.unwrap();
    store
        .upsert_cases(vec![case_at("AB1234", 1_000)])
        .await
        .unwrap();
    let mut stamped = case_at("AB1235", 0);
    stamped.letzte_aenderung = None;
    store.upsert_cases(vec![stamped]).await.unwrap();
    assert_eq!(store.directory_version().await.unwrap(), before);
}
