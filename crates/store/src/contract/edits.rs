//! Edits: applied with their events, refused or empty ones writing nothing, concurrent ones all landing, stamps after every write.

use bytes::Bytes;

use super::{audit_by, case_at, done, set_external};
use crate::{CaseEdit, CaseUpdate, EditRefused, Edited, Store, StoreError, StoredCase, Timestamp};

pub async fn edits_apply_with_events(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    let (case, changed) = done(
        store
            .edit_case("AB0001", set_external("one"))
            .await
            .unwrap(),
    );
    assert!(changed);
    assert!(case.meta.letzte_aenderung > Timestamp(10));
    assert_eq!(case.meta.externe_vorgangs_nummer.as_deref(), Some("one"));
    assert_eq!(case.document, Bytes::from_static(br#"{"ext":"one"}"#));
    // What the edit returned is what is stored.
    assert_eq!(store.case("AB0001").await.unwrap().unwrap(), case);
    done(
        store
            .edit_case("AB0001", set_external("antrag"))
            .await
            .unwrap(),
    );
    let events = store.events("AB0001", None).await.unwrap();
    assert_eq!(
        events,
        vec![
            Bytes::from_static(br#"{"meldung":"one"}"#),
            Bytes::from_static(br#"{"meldung":"antrag"}"#)
        ]
    );
    assert_eq!(
        store.events("AB0001", Some("AB0001/1/1")).await.unwrap(),
        vec![Bytes::from_static(br#"{"meldung":"antrag"}"#)]
    );
    assert!(
        store
            .events("AB0001", Some("AB0001/2/1"))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.events("ZZ0000", None).await.unwrap().is_empty());
    assert!(matches!(
        store.edit_case("ZZ0000", set_external("x")).await.unwrap(),
        Edited::NotFound
    ));
}

pub async fn refused_or_empty_edits_change_nothing(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    let before = store.case("AB0001").await.unwrap().unwrap();
    let refused: CaseEdit = Box::new(|_, _| Err(EditRefused));
    match store.edit_case("AB0001", refused).await.unwrap() {
        Edited::Refused => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    let empty: CaseEdit = Box::new(|_, _| Ok(None));
    let (case, changed) = done(store.edit_case("AB0001", empty).await.unwrap());
    assert!(!changed);
    assert_eq!(case, before);
    assert_eq!(store.case("AB0001").await.unwrap().unwrap(), before);
    assert!(store.events("AB0001", None).await.unwrap().is_empty());
    assert!(store.audit("AB0001").await.unwrap().is_empty());
}

pub async fn concurrent_edits_all_land(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    // Each edit appends its letter to what it finds: lost updates would drop letters. Vowels
    // refuse after changing their copy, and `x` panics: neither may leave a trace, nor
    // disturb the edits committed with them.
    let append = |letter: char| -> CaseEdit {
        Box::new(move |case: &StoredCase, _| {
            if letter == 'x' {
                panic!("an edit that panics");
            }
            let mut meta = case.meta.clone();
            let mut ext = meta.externe_vorgangs_nummer.take().unwrap_or_default();
            ext.push(letter);
            meta.externe_vorgangs_nummer = Some(ext);
            if "aeiou".contains(letter) {
                return Err(EditRefused);
            }
            Ok(Some(CaseUpdate {
                meta,
                document: case.document.clone(),
                events: vec![],
                kundenangaben: None,
                audit: audit_by("BER11", None, &letter.to_string(), "HINWEIS"),
            }))
        })
    };
    let edits = ('a'..='z').map(|l| store.edit_case("AB0001", append(l)));
    for (letter, edited) in ('a'..='z').zip(futures::future::join_all(edits).await) {
        match (letter, edited) {
            ('x', outcome) => assert!(
                matches!(outcome, Err(StoreError::Panicked(_))),
                "the panicking edit fails as a panic: {outcome:?}"
            ),
            (l, Ok(Edited::Refused)) if "aeiou".contains(l) => {}
            (l, outcome) => {
                let (_, changed) = done(outcome.unwrap());
                assert!(changed, "{l}");
            }
        }
    }
    let ext = store
        .case("AB0001")
        .await
        .unwrap()
        .unwrap()
        .meta
        .externe_vorgangs_nummer
        .unwrap();
    let mut letters: Vec<char> = ext.trim_start_matches("ext-AB0001").chars().collect();
    letters.sort_unstable();
    let expected: Vec<char> = ('a'..='z').filter(|l| !"aeioux".contains(*l)).collect();
    assert_eq!(letters, expected);
}

pub async fn edits_stamp_after_every_write(store: &dyn Store) {
    // A historical stamp far in the future: the next edit must still sort after it.
    let future = Timestamp::now().0 + 3_600_000_000;
    store
        .upsert_cases(vec![case_at("AB0001", 10), case_at("AB0002", future)])
        .await
        .unwrap();
    let (first, _) = done(store.edit_case("AB0001", set_external("a")).await.unwrap());
    let stamps = store
        .upsert_cases(vec![case_at("AB0003", 5)])
        .await
        .unwrap();
    let (second, _) = done(store.edit_case("AB0001", set_external("b")).await.unwrap());
    assert!(first.meta.letzte_aenderung.0 > future);
    assert!(second.meta.letzte_aenderung > first.meta.letzte_aenderung);
    assert_eq!(stamps, vec![Timestamp(5)]);
}
