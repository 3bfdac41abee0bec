//! API clients.

use bytes::Bytes;

use crate::{ClientRecord, Store, Timestamp};

pub(super) fn client(id: &str, partner: &str, scopes: &[&str]) -> ClientRecord {
    ClientRecord {
        client_id: id.into(),
        partner_id: partner.into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        secret_hash: Bytes::from(format!("hash-of-{id}").into_bytes()),
        disabled: false,
        created_at: Timestamp(1_715_670_764_512_000),
    }
}

pub async fn stores_clients(store: &dyn Store) {
    assert!(store.clients().await.unwrap().is_empty());
    // Scopes keep the order they were registered in, not a sorted one.
    let b = client("zz-crm", "BER12", &["vorgaenge:write", "vorgaenge:read"]);
    let a = client("aa-portal", "HAM22", &["vorgaenge:read"]);
    store.put_client(b.clone()).await.unwrap();
    store.put_client(a.clone()).await.unwrap();
    assert_eq!(store.client("zz-crm").await.unwrap(), Some(b.clone()));
    assert_eq!(store.client("aa-portal").await.unwrap(), Some(a.clone()));
    assert_eq!(store.client("unknown").await.unwrap(), None);

    // Putting a client again replaces it as a whole.
    let mut replaced = a.clone();
    replaced.scopes = Vec::new();
    replaced.disabled = true;
    replaced.secret_hash = Bytes::from_static(b"new-hash");
    replaced.partner_id = "NOR00".into();
    store.put_client(replaced.clone()).await.unwrap();
    assert_eq!(
        store.client("aa-portal").await.unwrap(),
        Some(replaced.clone())
    );
    assert_eq!(store.clients().await.unwrap(), vec![replaced, b]);
}
