//! Creating a case: stamped by the change clock with its events and Kundenangaben, and nothing written when the number is taken.

use bytes::Bytes;

use super::{case_at, create, created, done, dump_all, set_external};
use crate::{Created, Store, Timestamp};

pub async fn creates_cases_stamped_with_events_and_kundenangaben(store: &dyn Store) {
    // A historical stamp far in the future: the creation must still sort after it, and after
    // an edit.
    let future = Timestamp::now().0 + 3_600_000_000;
    store
        .upsert_cases(vec![case_at("AB0001", future)])
        .await
        .unwrap();
    let (edited, _) = done(store.edit_case("AB0001", set_external("a")).await.unwrap());
    let case = created(store.create_case("NEW001", create("one")).await.unwrap());
    assert!(case.meta.letzte_aenderung > edited.meta.letzte_aenderung);
    assert_eq!(case.meta.vorgangs_nummer, "NEW001");
    assert_eq!(
        case.meta.letztes_ereignis,
        Some(format!("{}", case.meta.letzte_aenderung.0)),
        "the closure got the stamp the case carries"
    );
    assert_eq!(store.case("NEW001").await.unwrap(), Some(case.clone()));
    assert_eq!(
        store.events("NEW001", None).await.unwrap(),
        vec![Bytes::from_static(br#"{"aktivitaet":"VORGANG_ANGELEGT"}"#)]
    );
    assert_eq!(
        store.kundenangaben("NEW001").await.unwrap(),
        Some(Bytes::from_static(br#"{"kundenangaben":"one"}"#))
    );
    // A later edit sorts after the creation.
    let (later, _) = done(store.edit_case("NEW001", set_external("b")).await.unwrap());
    assert!(later.meta.letzte_aenderung > case.meta.letzte_aenderung);
    assert_eq!(store.kundenangaben("AB0001").await.unwrap(), None);
    assert_eq!(store.kundenangaben("NOPE00").await.unwrap(), None);
}

pub async fn taken_number_writes_nothing(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    let before = dump_all(store, 10).await;
    assert!(matches!(
        store.create_case("AB0001", create("two")).await.unwrap(),
        Created::Taken
    ));
    assert_eq!(dump_all(store, 10).await, before);
    assert!(store.events("AB0001", None).await.unwrap().is_empty());
    assert!(store.audit("AB0001").await.unwrap().is_empty());
    assert_eq!(store.kundenangaben("AB0001").await.unwrap(), None);
    // The number stays taken once created through the store too.
    created(store.create_case("NEW001", create("one")).await.unwrap());
    assert!(matches!(
        store.create_case("NEW001", create("two")).await.unwrap(),
        Created::Taken
    ));
    assert_eq!(
        store.kundenangaben("NEW001").await.unwrap(),
        Some(Bytes::from_static(br#"{"kundenangaben":"one"}"#))
    );
}
