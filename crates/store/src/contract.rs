//! The behaviour every [`Store`] backend must show, as checks a backend's tests run against a
//! fresh, empty store. [`store_contract_tests!`](crate::store_contract_tests) turns each
//! check into its own test.

use bytes::Bytes;
use vorgaenge_model::DatenKontext;

use crate::{
    CaseMeta, GrantRecord, ListKey, ListQuery, ListStart, NewCase, PartnerRecord, SortOrder, Store,
    StoredAngebot, StoredVorschlag, Timestamp,
};

/// Generates one `#[tokio::test]` per contract check. `$fresh` is an async function returning
/// `(store, guard)`: a new empty store and whatever keeps its database alive.
#[macro_export]
macro_rules! store_contract_tests {
    ($fresh:path) => {
        $crate::store_contract_tests!(@each $fresh;
            roundtrips_a_case, upsert_replaces_case_and_subresources, unknown_case_is_none,
            stamps_changes_monotonically, keeps_given_historical_time, lists_in_both_orders,
            list_excludes_archived_and_other_context, list_filters_by_change_window,
            keyset_pages_match_offset_pages, paging_backwards_returns_previous_page,
            counts_cases, stores_partners_and_grants);
    };
    (@each $fresh:path; $($check:ident),*) => {
        $(
            #[tokio::test]
            async fn $check() {
                let (store, _guard) = $fresh().await;
                $crate::contract::$check(&*store).await;
            }
        )*
    };
}

fn meta(nr: &str, kontext: DatenKontext, status: &str) -> CaseMeta {
    CaseMeta {
        vorgangs_nummer: nr.to_owned(),
        daten_kontext: kontext,
        status: Some(status.to_owned()),
        letzte_aenderung: Timestamp(0),
        letztes_ereignis: Some("2024-05-14T09:12:44.381+02:00".to_owned()),
        externe_vorgangs_nummer: Some(format!("ext-{nr}")),
        kunden_betreuer: Some("BER11".to_owned()),
        vorgangs_bearbeiter: None,
    }
}

fn case_at(nr: &str, micros: i64) -> NewCase {
    NewCase {
        document: Bytes::from(format!(r#"{{"vorgangsNummer":"{nr}"}}"#)),
        meta: meta(nr, DatenKontext::EchtGeschaeft, "AKTIV"),
        letzte_aenderung: Some(Timestamp(micros)),
        finanzierungsvorschlaege: None,
        gemerkte_angebote: None,
    }
}

fn query(order: SortOrder, limit: u32, start: ListStart) -> ListQuery {
    ListQuery {
        daten_kontext: DatenKontext::EchtGeschaeft,
        since: None,
        until: None,
        order,
        limit,
        start,
    }
}

fn numbers(page: &crate::ListPage) -> Vec<&str> {
    page.items
        .iter()
        .map(|m| m.vorgangs_nummer.as_str())
        .collect()
}

/// Twelve cases `C00000`…`C00011`; C00004 and C00005 share a timestamp so that the
/// tie-break on the number is exercised.
async fn twelve(store: &dyn Store) {
    let cases = (0..12)
        .map(|i| {
            let t = if i == 5 { 4_000 } else { i * 1_000 };
            case_at(&format!("C{i:05}"), t)
        })
        .collect();
    store.upsert_cases(cases).await.unwrap();
}

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

pub async fn lists_in_both_orders(store: &dyn Store) {
    twelve(store).await;
    let desc = store
        .list(&query(SortOrder::Descending, 5, ListStart::Offset(0)))
        .await
        .unwrap();
    assert_eq!(
        numbers(&desc),
        ["C00011", "C00010", "C00009", "C00008", "C00007"]
    );
    assert!(desc.more);
    let asc = store
        .list(&query(SortOrder::Ascending, 7, ListStart::Offset(0)))
        .await
        .unwrap();
    assert_eq!(
        numbers(&asc),
        [
            "C00000", "C00001", "C00002", "C00003", "C00004", "C00005", "C00006"
        ]
    );
    let tail = store
        .list(&query(SortOrder::Ascending, 7, ListStart::Offset(7)))
        .await
        .unwrap();
    assert_eq!(numbers(&tail).len(), 5);
    assert!(!tail.more, "last page");
    let exact = store
        .list(&query(SortOrder::Ascending, 12, ListStart::Offset(0)))
        .await
        .unwrap();
    assert!(!exact.more, "a page ending exactly at the end has no more");
}

pub async fn list_excludes_archived_and_other_context(store: &dyn Store) {
    let mut archived = case_at("ARC001", 1);
    archived.meta.status = Some("ARCHIVIERT".into());
    let mut test = case_at("TST001", 2);
    test.meta.daten_kontext = DatenKontext::TestModus;
    store
        .upsert_cases(vec![archived, test, case_at("ECH001", 3)])
        .await
        .unwrap();
    let echt = store
        .list(&query(SortOrder::Descending, 10, ListStart::Offset(0)))
        .await
        .unwrap();
    assert_eq!(numbers(&echt), ["ECH001"]);
    let mut q = query(SortOrder::Descending, 10, ListStart::Offset(0));
    q.daten_kontext = DatenKontext::TestModus;
    assert_eq!(numbers(&store.list(&q).await.unwrap()), ["TST001"]);
}

pub async fn list_filters_by_change_window(store: &dyn Store) {
    twelve(store).await;
    let mut q = query(SortOrder::Ascending, 100, ListStart::Offset(0));
    q.since = Some(Timestamp(4_000));
    q.until = Some(Timestamp(7_000));
    // since is inclusive (both cases at 4000), until exclusive (7000 is out).
    assert_eq!(
        numbers(&store.list(&q).await.unwrap()),
        ["C00004", "C00005", "C00006"]
    );
}

pub async fn keyset_pages_match_offset_pages(store: &dyn Store) {
    twelve(store).await;
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        let mut start = ListStart::Offset(0);
        for page in 0..4u64 {
            let by_offset = store
                .list(&query(order, 3, ListStart::Offset(page * 3)))
                .await
                .unwrap();
            let by_key = store.list(&query(order, 3, start.clone())).await.unwrap();
            assert_eq!(by_key, by_offset, "{order:?} page {page}");
            let last = by_key.items.last().unwrap();
            start = ListStart::After(ListKey {
                letzte_aenderung: last.letzte_aenderung,
                vorgangs_nummer: last.vorgangs_nummer.clone(),
            });
        }
    }
}

pub async fn paging_backwards_returns_previous_page(store: &dyn Store) {
    twelve(store).await;
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        let page2 = store
            .list(&query(order, 4, ListStart::Offset(8)))
            .await
            .unwrap();
        let first = &page2.items[0];
        let key = ListKey {
            letzte_aenderung: first.letzte_aenderung,
            vorgangs_nummer: first.vorgangs_nummer.clone(),
        };
        let back = store
            .list(&query(order, 4, ListStart::Before(key)))
            .await
            .unwrap();
        let page1 = store
            .list(&query(order, 4, ListStart::Offset(4)))
            .await
            .unwrap();
        assert_eq!(back.items, page1.items, "{order:?}");
        assert!(back.more, "page 0 lies before it");

        let first = &page1.items[0];
        let key = ListKey {
            letzte_aenderung: first.letzte_aenderung,
            vorgangs_nummer: first.vorgangs_nummer.clone(),
        };
        let back0 = store
            .list(&query(order, 4, ListStart::Before(key)))
            .await
            .unwrap();
        assert!(!back0.more, "nothing before page 0");
        assert_eq!(back0.items.len(), 4);
    }
}

pub async fn counts_cases(store: &dyn Store) {
    assert_eq!(store.case_count().await.unwrap(), 0);
    twelve(store).await;
    assert_eq!(store.case_count().await.unwrap(), 12);
}

pub async fn stores_partners_and_grants(store: &dyn Store) {
    let partner = |id: &str, parent: Option<&str>| PartnerRecord {
        id: id.into(),
        typ: "PERSON".into(),
        parent: parent.map(Into::into),
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: Bytes::from(format!(r#"{{"partnerId":"{id}"}}"#)),
    };
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
