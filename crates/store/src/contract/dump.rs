//! Export and import: every case dumped in pages, and restored as it was.

use bytes::Bytes;

use super::{case_at, done, dump_all, set_external, twelve};
use crate::{DatenKontext, Store, StoredAngebot, StoredEvent, StoredVorschlag, Timestamp};

pub async fn dumps_every_case_in_pages(store: &dyn Store) {
    twelve(store).await;
    let mut archived = case_at("A00000", 50);
    archived.meta.status = Some("ARCHIVIERT".into());
    let mut test_case = case_at("T00000", 60);
    test_case.meta.daten_kontext = DatenKontext::TestModus;
    test_case.finanzierungsvorschlaege = Some(vec![
        StoredVorschlag {
            id: "b".into(),
            document: Bytes::from_static(br#"{"id":"b"}"#),
        },
        StoredVorschlag {
            id: "a".into(),
            document: Bytes::from_static(br#"{"id":"a"}"#),
        },
    ]);
    test_case.gemerkte_angebote = Some(vec![StoredAngebot {
        nummer_am_vorgang: 1,
        angebot: Bytes::from_static(br#"{"nummerAmVorgang":1}"#),
        zahlungsplaene: Bytes::from_static(b"[]"),
    }]);
    store.upsert_cases(vec![archived, test_case]).await.unwrap();
    done(
        store
            .edit_case("C00003", set_external("one"))
            .await
            .unwrap(),
    );
    let (edited, _) = done(
        store
            .edit_case("C00003", set_external("antrag"))
            .await
            .unwrap(),
    );

    let all = dump_all(store, 5).await;
    let numbers: Vec<&str> = all
        .iter()
        .map(|d| d.case.meta.vorgangs_nummer.as_str())
        .collect();
    let mut expected: Vec<String> = (0..12).map(|i| format!("C{i:05}")).collect();
    expected.insert(0, "A00000".into());
    expected.push("T00000".into());
    assert_eq!(numbers, expected, "every case, archived and test ones too");
    for dump in &all {
        let nr = dump.case.meta.vorgangs_nummer.as_str();
        assert_eq!(Some(&dump.case), store.case(nr).await.unwrap().as_ref());
        assert_eq!(
            dump.finanzierungsvorschlaege,
            store.finanzierungsvorschlaege(nr).await.unwrap()
        );
        assert_eq!(
            dump.gemerkte_angebote,
            store.gemerkte_angebote(nr).await.unwrap()
        );
        let events: Vec<Bytes> = dump.events.iter().map(|e| e.document.clone()).collect();
        assert_eq!(events, store.events(nr, None).await.unwrap());
    }
    let c3 = &all[4];
    assert_eq!(c3.case, edited);
    assert_eq!(
        c3.events
            .iter()
            .map(|e| e.antrags_nummer.as_deref())
            .collect::<Vec<_>>(),
        vec![None, Some("AB0001/1/1")]
    );
    assert!(c3.events[0].zeitpunkt < c3.events[1].zeitpunkt);
    assert_eq!(c3.events[1].zeitpunkt, edited.meta.letzte_aenderung);
    assert!(
        store
            .dump_cases(Some("T00000"), 5)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn restores_cases_as_they_were(store: &dyn Store) {
    twelve(store).await;
    done(
        store
            .edit_case("C00001", set_external("one"))
            .await
            .unwrap(),
    );
    let before = dump_all(store, 100).await;
    let edited = before
        .iter()
        .find(|d| d.case.meta.vorgangs_nummer == "C00001")
        .unwrap();
    assert_eq!(edited.audit.len(), 1, "the edit's audit record is dumped");

    // Change a case after the dump, then put the dump back: the case, its sub-resources,
    // its events and its audit records are the dumped ones again, stamp included.
    done(
        store
            .edit_case("C00001", set_external("antrag"))
            .await
            .unwrap(),
    );
    let mut changed = case_at("C00002", 99);
    changed.finanzierungsvorschlaege = Some(vec![StoredVorschlag {
        id: "new".into(),
        document: Bytes::from_static(br#"{"id":"new"}"#),
    }]);
    store.upsert_cases(vec![changed]).await.unwrap();
    store.restore_cases(before.clone()).await.unwrap();
    assert_eq!(dump_all(store, 7).await, before);

    // A restored case from another database, with a stamp far ahead: later writes still sort
    // after it, and its events keep their own times.
    let future = Timestamp::now().0 + 3_600_000_000;
    let mut foreign = before[0].clone();
    foreign.case.meta.vorgangs_nummer = "Z00000".into();
    foreign.case.meta.letzte_aenderung = Timestamp(future);
    foreign.events = vec![StoredEvent {
        antrags_nummer: Some("Z00000/1/1".into()),
        zeitpunkt: Timestamp(7),
        document: Bytes::from_static(br#"{"meldung":"alt"}"#),
    }];
    store.restore_cases(vec![foreign.clone()]).await.unwrap();
    assert_eq!(
        store.dump_cases(Some("C00011"), 10).await.unwrap(),
        vec![foreign]
    );
    assert_eq!(
        store.events("Z00000", Some("Z00000/1/1")).await.unwrap(),
        vec![Bytes::from_static(br#"{"meldung":"alt"}"#)]
    );
    let (after, _) = done(store.edit_case("C00005", set_external("b")).await.unwrap());
    assert!(after.meta.letzte_aenderung.0 > future);
}
