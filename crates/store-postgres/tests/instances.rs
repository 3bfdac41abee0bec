//! Several instances on one database: they migrate once, agree on one signing key, and
//! stamp their case writes in one strictly increasing order.

mod common;

use bytes::Bytes;
use vorgaenge_store::{NewCase, SigningKeyRecord, Store, Timestamp};

fn case(nr: &str) -> NewCase {
    common::case(nr, "BER11", format!(r#"{{"vorgangsNummer":"{nr}"}}"#))
}

fn key(kid: &str) -> SigningKeyRecord {
    SigningKeyRecord {
        kid: kid.to_owned(),
        algorithm: "EdDSA".to_owned(),
        private_key: Bytes::from(format!("private-{kid}")),
        public_key: Bytes::from(format!("public-{kid}")),
        created_at: Timestamp(1_000),
        retired_at: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_share_one_schema() {
    let schema = common::Schema::new();
    // Starting at once: the advisory lock lets one migrate while the others wait.
    let (a, b, c) = tokio::join!(schema.connect(4), schema.connect(4), schema.connect(4));

    // Starting at once: every instance ends up with the same single key in use.
    let (ka, kb, kc) = tokio::join!(
        a.ensure_signing_key(key("ka")),
        b.ensure_signing_key(key("kb")),
        c.ensure_signing_key(key("kc"))
    );
    let (ka, kb, kc) = (ka.unwrap(), kb.unwrap(), kc.unwrap());
    assert_eq!(ka.len(), 1);
    assert_eq!(ka, kb);
    assert_eq!(kb, kc);

    // Writes from all instances at once get distinct, strictly increasing stamps.
    let stores = [&a, &b, &c];
    let writes = (0..60).map(|i| {
        let store = stores[i % 3];
        async move { store.upsert_cases(vec![case(&format!("X{i:05}"))]).await }
    });
    let mut stamps: Vec<Timestamp> = futures::future::join_all(writes)
        .await
        .into_iter()
        .flat_map(Result::unwrap)
        .collect();
    stamps.sort_unstable();
    stamps.dedup();
    assert_eq!(stamps.len(), 60, "every write has a stamp of its own");
    assert_eq!(a.case_count().await.unwrap(), 60);
    drop((a, b, c));
}
