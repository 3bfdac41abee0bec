//! The partner tree and Übernahmerecht grants.

use bytes::Bytes;

use crate::{GrantRecord, PartnerRecord, Store};

pub(super) fn partner(id: &str, parent: Option<&str>) -> PartnerRecord {
    PartnerRecord {
        id: id.into(),
        typ: "PERSON".into(),
        parent: parent.map(Into::into),
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: Bytes::from(format!(r#"{{"partnerId":"{id}"}}"#)),
    }
}

pub(super) fn grant(holder: &str, target: &str) -> GrantRecord {
    GrantRecord {
        holder: holder.into(),
        target: target.into(),
    }
}

pub async fn stores_partners_and_grants(store: &dyn Store) {
    let grant = GrantRecord {
        holder: "HAM22".into(),
        target: "BER12".into(),
    };
    store
        .put_partners(
            vec![partner("NOR00", None), partner("BER12", Some("NOR00"))],
            vec![grant.clone()],
        )
        .await
        .unwrap();
    // Idempotent: putting the same tree twice changes nothing.
    store
        .put_partners(vec![partner("HAM22", Some("NOR00"))], vec![grant.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.partner("BER12").await.unwrap(),
        Some(partner("BER12", Some("NOR00")))
    );
    assert_eq!(store.partner("XXX99").await.unwrap(), None);
    let ids: Vec<String> = store
        .partners()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, ["BER12", "HAM22", "NOR00"]);
    assert_eq!(store.grants().await.unwrap(), vec![grant]);
}

pub async fn revokes_grants(store: &dyn Store) {
    let kept = grant("HAM22", "BER12");
    let revoked = grant("HAM22", "NOR00");
    store
        .put_partners(Vec::new(), vec![kept.clone(), revoked.clone()])
        .await
        .unwrap();
    assert!(store.revoke_grant(&revoked).await.unwrap());
    assert!(
        !store.revoke_grant(&revoked).await.unwrap(),
        "a grant that is gone is not revoked twice"
    );
    assert!(!store.revoke_grant(&grant("XXX99", "BER12")).await.unwrap());
    assert_eq!(store.grants().await.unwrap(), vec![kept]);
}
