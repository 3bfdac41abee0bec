//! Writing and reading single cases: upserts, sub-resources, the change clock's stamps, the count.

use bytes::Bytes;

use super::{case_at, twelve};
use crate::{NewCase, Store, StoredAngebot, StoredVorschlag, Timestamp};

pub async fn roundtrips_a_case(store: &dyn Store) {
    let mut case = case_at("AB1234", 1_000);
    case.finanzierungsvorschlaege = Some(vec![StoredVorschlag {
        id: "fv-1".into(),
        document: Bytes::from_static(br#"{"id":"fv-1"}"#),
    }]);
    case.gemerkte_angebote = Some(vec![StoredAngebot {
        nummer_am_vorgang: 2,
        angebot: Bytes::from_static(br#"{"nummerAmVorgang":2}"#),
        zahlungsplaene: Bytes::from_static(b"[]"),
    }]);
    let stamps = store.upsert_cases(vec![case.clone()]).await.unwrap();
    assert_eq!(stamps, vec![Timestamp(1_000)]);

    let stored = store.case("AB1234").await.unwrap().expect("case stored");
    let mut expected = case.meta.clone();
    expected.letzte_aenderung = Timestamp(1_000);
    assert_eq!(stored.meta, expected);
    assert_eq!(stored.document, case.document);
    assert_eq!(store.case_meta("AB1234").await.unwrap(), Some(expected));
    assert_eq!(
        Some(store.finanzierungsvorschlaege("AB1234").await.unwrap()),
        case.finanzierungsvorschlaege
    );
    assert_eq!(
        Some(store.gemerkte_angebote("AB1234").await.unwrap()),
        case.gemerkte_angebote
    );
}

pub async fn upsert_replaces_case_and_subresources(store: &dyn Store) {
    let mut first = case_at("AB1234", 1_000);
    first.finanzierungsvorschlaege = Some(vec![StoredVorschlag {
        id: "old".into(),
        document: Bytes::from_static(b"{}"),
    }]);
    first.gemerkte_angebote = Some(vec![StoredAngebot {
        nummer_am_vorgang: 1,
        angebot: Bytes::from_static(b"{}"),
        zahlungsplaene: Bytes::from_static(b"[]"),
    }]);
    store.upsert_cases(vec![first]).await.unwrap();

    // Without sub-resources in the write, the existing ones stay.
    store
        .upsert_cases(vec![case_at("AB1234", 1_500)])
        .await
        .unwrap();
    assert_eq!(
        store
            .finanzierungsvorschlaege("AB1234")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.gemerkte_angebote("AB1234").await.unwrap().len(), 1);

    let mut second = case_at("AB1234", 2_000);
    second.finanzierungsvorschlaege = Some(Vec::new());
    second.gemerkte_angebote = Some(Vec::new());
    second.meta.status = Some("ARCHIVIERT".into());
    second.meta.externe_vorgangs_nummer = None;
    second.document = Bytes::from_static(br#"{"vorgangsNummer":"AB1234","status":"ARCHIVIERT"}"#);
    store.upsert_cases(vec![second.clone()]).await.unwrap();

    let stored = store.case("AB1234").await.unwrap().unwrap();
    assert_eq!(stored.document, second.document);
    assert_eq!(stored.meta.externe_vorgangs_nummer, None);
    assert!(stored.meta.is_archived());
    assert!(
        store
            .finanzierungsvorschlaege("AB1234")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.gemerkte_angebote("AB1234").await.unwrap().is_empty());
    assert_eq!(store.case_count().await.unwrap(), 1);
}

pub async fn unknown_case_is_none(store: &dyn Store) {
    assert_eq!(store.case("ZZ9999").await.unwrap(), None);
    assert_eq!(store.case_meta("ZZ9999").await.unwrap(), None);
    assert!(
        store
            .finanzierungsvorschlaege("ZZ9999")
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn stamps_changes_monotonically(store: &dyn Store) {
    // A historical case far in the future of the wall clock must still be overtaken: the
    // change feed orders by letzteAenderung, so every new write has to sort after it.
    let future = Timestamp::now().0 + 3_600_000_000;
    store
        .upsert_cases(vec![case_at("FUTURE", future)])
        .await
        .unwrap();
    let mut stamps = Vec::new();
    for i in 0..5 {
        let mut case = case_at(&format!("NOW{i:03}"), 0);
        case.letzte_aenderung = None;
        stamps.extend(store.upsert_cases(vec![case]).await.unwrap());
    }
    let mut batch: Vec<NewCase> = (0..3).map(|i| case_at(&format!("BAT{i:03}"), 0)).collect();
    batch.iter_mut().for_each(|c| c.letzte_aenderung = None);
    stamps.extend(store.upsert_cases(batch).await.unwrap());

    assert!(
        stamps[0].0 > future,
        "new writes sort after every earlier change"
    );
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{stamps:?}");
    let stored = store.case_meta("NOW004").await.unwrap().unwrap();
    assert_eq!(stored.letzte_aenderung, stamps[4]);
}

pub async fn keeps_given_historical_time(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("OLD001", 42)])
        .await
        .unwrap();
    let m = store.case_meta("OLD001").await.unwrap().unwrap();
    assert_eq!(m.letzte_aenderung, Timestamp(42));
}

pub async fn counts_cases(store: &dyn Store) {
    assert_eq!(store.case_count().await.unwrap(), 0);
    twelve(store).await;
    assert_eq!(store.case_count().await.unwrap(), 12);
}
