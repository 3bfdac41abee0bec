//! The Kundenangaben kept with a case: replaced by edits, carried by dump and restore.

use bytes::Bytes;

use super::{audit_by, create, created, done, dump_all, set_external, twelve};
use crate::{CaseEdit, CaseUpdate, Store, StoredCase};

pub async fn edits_replace_kundenangaben(store: &dyn Store) {
    created(store.create_case("NEW001", create("one")).await.unwrap());
    let replace: CaseEdit = Box::new(|case: &StoredCase, _| {
        Ok(Some(CaseUpdate {
            meta: case.meta.clone(),
            document: case.document.clone(),
            events: vec![],
            kundenangaben: Some(Bytes::from_static(br#"{"kundenangaben":"neu"}"#)),
            audit: audit_by("BER11", None, "replace", "ERFASSTE_DATEN_GEAENDERT"),
        }))
    });
    done(store.edit_case("NEW001", replace).await.unwrap());
    assert_eq!(
        store.kundenangaben("NEW001").await.unwrap(),
        Some(Bytes::from_static(br#"{"kundenangaben":"neu"}"#))
    );
    // An edit without Kundenangaben keeps them.
    done(store.edit_case("NEW001", set_external("x")).await.unwrap());
    assert_eq!(
        store.kundenangaben("NEW001").await.unwrap(),
        Some(Bytes::from_static(br#"{"kundenangaben":"neu"}"#))
    );
}

pub async fn dump_and_restore_keep_kundenangaben(store: &dyn Store) {
    twelve(store).await;
    created(store.create_case("NEW001", create("one")).await.unwrap());
    let before = dump_all(store, 5).await;
    let with: Vec<&str> = before
        .iter()
        .filter(|d| d.kundenangaben.is_some())
        .map(|d| d.case.meta.vorgangs_nummer.as_str())
        .collect();
    assert_eq!(with, ["NEW001"]);
    assert_eq!(
        before.last().unwrap().kundenangaben,
        Some(Bytes::from_static(br#"{"kundenangaben":"one"}"#))
    );
    // Restoring a case without Kundenangaben removes the ones it has; with them, puts them back.
    let mut without = before.last().unwrap().clone();
    without.kundenangaben = None;
    store.restore_cases(vec![without]).await.unwrap();
    assert_eq!(store.kundenangaben("NEW001").await.unwrap(), None);
    store.restore_cases(before.clone()).await.unwrap();
    assert_eq!(dump_all(store, 7).await, before);
}
