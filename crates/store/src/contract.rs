//! The behaviour every [`Store`] backend must show, as checks a backend's tests run against a
//! fresh, empty store. [`store_contract_tests!`](crate::store_contract_tests) turns each
//! check into its own test.

use std::sync::Arc;

use bytes::Bytes;
use vorgaenge_model::DatenKontext;

use crate::{
    AuditEreignis, AuditRecord, CaseCreate, CaseDump, CaseEdit, CaseMeta, CaseUpdate, ClientRecord,
    Created, EditRefused, Edited, GrantRecord, ListKey, ListPage, ListQuery, ListStart, NewCase,
    NewEvent, PartnerRecord, SigningKeyRecord, SortOrder, Store, StoreError, StoredAngebot,
    StoredCase, StoredEvent, StoredVorschlag, Timestamp,
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
            counts_cases, stores_partners_and_grants, revokes_grants, stores_clients,
            ensures_one_signing_key, rotates_signing_keys, prunes_retired_signing_keys,
            directory_version_tracks_admin_changes, lists_only_the_partners_cases,
            edits_apply_with_events, refused_or_empty_edits_change_nothing,
            concurrent_edits_all_land, edits_stamp_after_every_write,
            dumps_every_case_in_pages, restores_cases_as_they_were,
            creates_cases_stamped_with_events_and_kundenangaben, taken_number_writes_nothing,
            edits_replace_kundenangaben, dump_and_restore_keep_kundenangaben,
            changes_are_audited_in_their_transaction);
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
        partners: None,
    }
}

fn numbers(page: &ListPage) -> Vec<&str> {
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

fn partner(id: &str, parent: Option<&str>) -> PartnerRecord {
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

fn grant(holder: &str, target: &str) -> GrantRecord {
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

fn client(id: &str, partner: &str, scopes: &[&str]) -> ClientRecord {
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

fn signing_key(kid: &str, created_at: i64) -> SigningKeyRecord {
    SigningKeyRecord {
        kid: kid.into(),
        algorithm: "EdDSA".into(),
        private_key: Bytes::from(format!("private-{kid}").into_bytes()),
        public_key: Bytes::from(format!("public-{kid}").into_bytes()),
        created_at: Timestamp(created_at),
        retired_at: None,
    }
}

fn retired(mut key: SigningKeyRecord, at: i64) -> SigningKeyRecord {
    key.retired_at = Some(Timestamp(at));
    key
}

pub async fn ensures_one_signing_key(store: &dyn Store) {
    assert!(store.signing_keys().await.unwrap().is_empty());
    let first = signing_key("k1", 1_000);
    assert_eq!(
        store.ensure_signing_key(first.clone()).await.unwrap(),
        vec![first.clone()]
    );
    // A second instance starting later finds the first one's key and keeps it.
    assert_eq!(
        store
            .ensure_signing_key(signing_key("k2", 2_000))
            .await
            .unwrap(),
        vec![first.clone()]
    );
    assert_eq!(store.signing_keys().await.unwrap(), vec![first]);
}

pub async fn rotates_signing_keys(store: &dyn Store) {
    let k1 = signing_key("k1", 1_000);
    let k2 = signing_key("k2", 2_000);
    let k3 = signing_key("k3", 3_000);
    store.ensure_signing_key(k1.clone()).await.unwrap();
    store.rotate_signing_key(k2.clone()).await.unwrap();
    assert_eq!(
        store.signing_keys().await.unwrap(),
        vec![k2.clone(), retired(k1.clone(), 2_000)]
    );
    store.rotate_signing_key(k3.clone()).await.unwrap();
    let expected = vec![
        k3.clone(),
        retired(k2.clone(), 3_000),
        retired(k1.clone(), 2_000),
    ];
    assert_eq!(store.signing_keys().await.unwrap(), expected);
    // With a key in use, ensure adds nothing.
    assert_eq!(
        store
            .ensure_signing_key(signing_key("k4", 4_000))
            .await
            .unwrap(),
        expected
    );
}

pub async fn prunes_retired_signing_keys(store: &dyn Store) {
    let k1 = signing_key("k1", 1_000);
    let k2 = signing_key("k2", 2_000);
    let k3 = signing_key("k3", 3_000);
    store.ensure_signing_key(k1.clone()).await.unwrap();
    store.rotate_signing_key(k2.clone()).await.unwrap(); // k1 retired at 2000
    store.rotate_signing_key(k3.clone()).await.unwrap(); // k2 retired at 3000

    assert_eq!(
        store.prune_signing_keys(Timestamp(2_000)).await.unwrap(),
        0,
        "the cut is exclusive"
    );
    assert_eq!(store.prune_signing_keys(Timestamp(2_500)).await.unwrap(), 1);
    assert_eq!(
        store.signing_keys().await.unwrap(),
        vec![k3.clone(), retired(k2, 3_000)]
    );
    // The key in use is never pruned, however late the cut.
    assert_eq!(
        store.prune_signing_keys(Timestamp(i64::MAX)).await.unwrap(),
        1
    );
    assert_eq!(store.signing_keys().await.unwrap(), vec![k3]);
}

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

/// The eight partners of the partner-filter world.
const WORLD_PARTNERS: [&str; 8] = [
    "BER11", "BER12", "HAM21", "HAM22", "KOE31", "KOE32", "MUC41", "MUC42",
];

/// 40 listed cases `V00000`…`V00039` over [`WORLD_PARTNERS`] as kundenBetreuer and
/// vorgangsBearbeiter, some with neither, some with only one of them, some owned by a partner
/// outside every set, pairs sharing a time; plus an archived case and a test-mode case of the
/// same partners, which are never listed. Returns every case's columns as stored.
async fn partner_world(store: &dyn Store) -> Vec<CaseMeta> {
    let mut cases: Vec<NewCase> = (0..40usize)
        .map(|i| {
            // Cases i and i + 20 share a time: the number breaks the tie.
            let mut case = case_at(&format!("V{i:05}"), (i as i64 % 20 + 1) * 1_000);
            case.meta.kunden_betreuer = match i % 9 {
                0 => None,
                4 => Some("ZZZ99".to_owned()),
                _ => Some(WORLD_PARTNERS[i % 8].to_owned()),
            };
            case.meta.vorgangs_bearbeiter = match i % 4 {
                0 => None,
                _ => Some(WORLD_PARTNERS[(i * 3 + 1) % 8].to_owned()),
            };
            case
        })
        .collect();
    let mut archived = case_at("ARC001", 5_000);
    archived.meta.status = Some("ARCHIVIERT".into());
    let mut test_mode = case_at("TST001", 5_000);
    test_mode.meta.daten_kontext = DatenKontext::TestModus;
    for hidden in [&mut archived, &mut test_mode] {
        hidden.meta.kunden_betreuer = Some(WORLD_PARTNERS[0].to_owned());
        hidden.meta.vorgangs_bearbeiter = Some(WORLD_PARTNERS[1].to_owned());
    }
    cases.extend([archived, test_mode]);
    let stamps = store.upsert_cases(cases.clone()).await.unwrap();
    cases
        .into_iter()
        .zip(stamps)
        .map(|(case, stamp)| CaseMeta {
            letzte_aenderung: stamp,
            ..case.meta
        })
        .collect()
}

/// What [`Store::list`] must return for `q` over `world`, computed the plain way.
fn expected_page(world: &[CaseMeta], q: &ListQuery) -> ListPage {
    let in_set = |p: &Option<String>| {
        p.as_ref()
            .is_some_and(|p| q.partners.as_deref().is_none_or(|set| set.contains(p)))
    };
    let key = |m: &CaseMeta| (m.letzte_aenderung, m.vorgangs_nummer.clone());
    let mut rows: Vec<&CaseMeta> = world
        .iter()
        .filter(|m| m.daten_kontext == q.daten_kontext && !m.is_archived())
        .filter(|m| q.since.is_none_or(|s| m.letzte_aenderung >= s))
        .filter(|m| q.until.is_none_or(|u| m.letzte_aenderung < u))
        .filter(|m| {
            q.partners.is_none() || in_set(&m.kunden_betreuer) || in_set(&m.vorgangs_bearbeiter)
        })
        .collect();
    rows.sort_by_key(|m| key(m));
    if q.order == SortOrder::Descending {
        rows.reverse();
    }
    // Whether `m` comes before the cursor `k` in list order.
    let precedes = |m: &CaseMeta, k: &ListKey| {
        let k = (k.letzte_aenderung, k.vorgangs_nummer.clone());
        match q.order {
            SortOrder::Ascending => key(m) < k,
            SortOrder::Descending => key(m) > k,
        }
    };
    let limit = q.limit as usize;
    let (items, more): (Vec<&CaseMeta>, bool) = match &q.start {
        ListStart::Offset(n) => {
            let rest: Vec<_> = rows.into_iter().skip(*n as usize).collect();
            let more = rest.len() > limit;
            (rest.into_iter().take(limit).collect(), more)
        }
        ListStart::After(k) => {
            let rest: Vec<_> = rows
                .into_iter()
                .filter(|m| {
                    !precedes(m, k) && key(m) != (k.letzte_aenderung, k.vorgangs_nummer.clone())
                })
                .collect();
            let more = rest.len() > limit;
            (rest.into_iter().take(limit).collect(), more)
        }
        ListStart::Before(k) => {
            let before: Vec<_> = rows.into_iter().filter(|m| precedes(m, k)).collect();
            let skip = before.len().saturating_sub(limit);
            (before[skip..].to_vec(), skip > 0)
        }
    };
    ListPage {
        items: items.into_iter().cloned().collect(),
        more,
    }
}

fn list_key(m: &CaseMeta) -> ListKey {
    ListKey {
        letzte_aenderung: m.letzte_aenderung,
        vorgangs_nummer: m.vorgangs_nummer.clone(),
    }
}

pub async fn lists_only_the_partners_cases(store: &dyn Store) {
    let world = partner_world(store).await;
    let set = |ids: &[&str], padding: usize| -> Arc<[String]> {
        ids.iter()
            .map(|id| (*id).to_owned())
            .chain((0..padding).map(|i| format!("PAD{i:02}")))
            .collect()
    };
    let three = ["BER12", "HAM22", "MUC41"];
    // The world must exercise what the filter has to get right.
    let both_in_three = world.iter().filter(|m| {
        [&m.kunden_betreuer, &m.vorgangs_bearbeiter]
            .iter()
            .all(|p| p.as_deref().is_some_and(|p| three.contains(&p)))
    });
    assert!(both_in_three.count() >= 2, "cases owned twice by the set");
    let sets = [
        set(&["HAM21"], 0),
        set(&three, 0),
        // 40 partners: more than a backend would look up one by one; the padding ids own
        // nothing. The same three partners must give the same lists either way.
        set(&three, 37),
        set(&WORLD_PARTNERS, 32),
        set(&[], 0),
    ];
    let mut template = query(SortOrder::Ascending, 4, ListStart::Offset(0));
    for partners in sets {
        for order in [SortOrder::Ascending, SortOrder::Descending] {
            for window in [None, Some((Timestamp(4_000), Timestamp(15_000)))] {
                template.order = order;
                template.since = window.map(|w| w.0);
                template.until = window.map(|w| w.1);
                template.partners = Some(partners.clone());
                let mut all = template.clone();
                all.limit = 100;
                let full = expected_page(&world, &all).items;
                assert_eq!(
                    full.is_empty(),
                    partners.is_empty(),
                    "every non-empty set owns listed cases"
                );
                assert_eq!(store.list(&all).await.unwrap().items, full);

                // Cursors on cases of the set, and one on a case outside it.
                let mut keys: Vec<ListKey> = full.iter().step_by(5).map(list_key).collect();
                keys.push(ListKey {
                    letzte_aenderung: Timestamp(9_000),
                    vorgangs_nummer: "V00028".into(),
                });
                let starts = [0, 3, 4, 9, 100]
                    .into_iter()
                    .map(ListStart::Offset)
                    .chain(keys.iter().cloned().map(ListStart::After))
                    .chain(keys.iter().cloned().map(ListStart::Before));
                for start in starts {
                    let mut q = template.clone();
                    q.start = start;
                    assert_eq!(
                        store.list(&q).await.unwrap(),
                        expected_page(&world, &q),
                        "{} partners, {q:?}",
                        partners.len()
                    );
                }

                // Walking the whole list with cursors visits every case once.
                let mut walked = Vec::new();
                let mut q = template.clone();
                loop {
                    let page = store.list(&q).await.unwrap();
                    walked.extend(page.items.iter().cloned());
                    match page.items.last() {
                        Some(last) if page.more => q.start = ListStart::After(list_key(last)),
                        _ => break,
                    }
                }
                assert_eq!(walked, full, "{} partners, walked", partners.len());
            }
        }
    }
}

/// An edit that sets the external number to `ext` and records it as one event.
fn set_external(ext: &str) -> CaseEdit {
    let ext = ext.to_owned();
    Box::new(move |case: &StoredCase, stamp: Timestamp| {
        let mut meta = case.meta.clone();
        meta.externe_vorgangs_nummer = Some(ext.clone());
        meta.letztes_ereignis = Some(format!("{}", stamp.0));
        Ok(Some(CaseUpdate {
            meta,
            document: Bytes::from(format!(r#"{{"ext":"{ext}"}}"#)),
            events: vec![NewEvent {
                antrags_nummer: (ext == "antrag").then(|| "AB0001/1/1".to_owned()),
                document: Bytes::from(format!(r#"{{"meldung":"{ext}"}}"#)),
            }],
            kundenangaben: None,
            audit: audit_by(
                "BER11",
                None,
                &format!("set {ext}"),
                "EXTERNE_VORGANGSNUMMER_GESETZT",
            ),
        }))
    })
}

/// The audit record of a change made as `partner` (by `actor`) under trace id `trace`, with
/// one event of `aktivitaet`. Time and case number are left for the store to set.
fn audit_by(partner: &str, actor: Option<&str>, trace: &str, aktivitaet: &str) -> AuditRecord {
    AuditRecord {
        zeit: Timestamp(0),
        vorgangs_nummer: String::new(),
        partner: partner.to_owned(),
        actor: actor.map(str::to_owned),
        client_id: format!("client-of-{}", actor.unwrap_or(partner)),
        trace_id: trace.to_owned(),
        aktion: "PATCH /v2/vorgaenge/{vorgangsNummer}".to_owned(),
        ereignisse: vec![AuditEreignis {
            typ: "HINWEIS".to_owned(),
            aktivitaet: aktivitaet.to_owned(),
        }],
    }
}

/// The committed case of an edit, and whether it changed the case (it has an audit record
/// then).
fn done(edited: Edited) -> (StoredCase, bool) {
    match edited {
        Edited::Done { case, audit } => (case, audit.is_some()),
        other => panic!("expected a committed edit, got {other:?}"),
    }
}

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

/// Every case of the store, dumped `page` at a time.
async fn dump_all(store: &dyn Store, page: u32) -> Vec<CaseDump> {
    let mut all: Vec<CaseDump> = Vec::new();
    loop {
        let after = all.last().map(|d| d.case.meta.vorgangs_nummer.clone());
        let next = store.dump_cases(after.as_deref(), page).await.unwrap();
        assert!(next.len() <= page as usize);
        if next.is_empty() {
            return all;
        }
        all.extend(next);
    }
}

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

/// A creation of a case whose document and Kundenangaben name `tag`; it records one event.
fn create(tag: &str) -> CaseCreate {
    let tag = tag.to_owned();
    Box::new(move |stamp: Timestamp| {
        let mut meta = meta("", DatenKontext::TestModus, "AKTIV");
        meta.letztes_ereignis = Some(format!("{}", stamp.0));
        CaseUpdate {
            meta,
            document: Bytes::from(format!(r#"{{"tag":"{tag}"}}"#)),
            events: vec![NewEvent {
                antrags_nummer: None,
                document: Bytes::from_static(br#"{"aktivitaet":"VORGANG_ANGELEGT"}"#),
            }],
            kundenangaben: Some(Bytes::from(format!(r#"{{"kundenangaben":"{tag}"}}"#))),
            audit: audit_by("BER11", None, &format!("create {tag}"), "VORGANG_ANGELEGT"),
        }
    })
}

fn created(outcome: Created) -> StoredCase {
    match outcome {
        Created::Done { case, .. } => case,
        Created::Taken => panic!("expected a created case, the number was taken"),
    }
}

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

pub async fn changes_are_audited_in_their_transaction(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    let Created::Done { case, audit } = store.create_case("NEW001", create("one")).await.unwrap()
    else {
        panic!("NEW001 was free");
    };
    // The store sets time and number: the change's stamp and the case written.
    let mut expected = audit_by("BER11", None, "create one", "VORGANG_ANGELEGT");
    expected.zeit = case.meta.letzte_aenderung;
    expected.vorgangs_nummer = "NEW001".into();
    assert_eq!(*audit, expected);

    // An impersonated edit keeps its actor beside the partner it was made as.
    let impersonated: CaseEdit = Box::new(|case: &StoredCase, _| {
        let mut meta = case.meta.clone();
        meta.kunden_betreuer = Some("BER12".into());
        Ok(Some(CaseUpdate {
            meta,
            document: case.document.clone(),
            events: vec![NewEvent {
                antrags_nummer: None,
                document: Bytes::from_static(br#"{"meldung":"BER12"}"#),
            }],
            kundenangaben: None,
            audit: audit_by(
                "BER12",
                Some("NOR00"),
                "trace-2",
                "KUNDENBETREUER_GEAENDERT",
            ),
        }))
    });
    let Edited::Done {
        case: edited,
        audit: Some(second),
    } = store.edit_case("NEW001", impersonated).await.unwrap()
    else {
        panic!("expected a committed change with its audit record");
    };
    assert_eq!(second.zeit, edited.meta.letzte_aenderung);
    assert_eq!(second.vorgangs_nummer, "NEW001");
    assert_eq!(second.actor.as_deref(), Some("NOR00"));

    // Refused, empty and panicking edits leave no record; nor does a taken number.
    let refused: CaseEdit = Box::new(|_, _| Err(EditRefused));
    store.edit_case("NEW001", refused).await.unwrap();
    let empty: CaseEdit = Box::new(|_, _| Ok(None));
    store.edit_case("NEW001", empty).await.unwrap();
    let panicking: CaseEdit = Box::new(|_, _| panic!("an edit that panics"));
    assert!(store.edit_case("NEW001", panicking).await.is_err());
    assert!(matches!(
        store.create_case("NEW001", create("two")).await.unwrap(),
        Created::Taken
    ));
    assert_eq!(store.audit("NEW001").await.unwrap(), vec![*audit, *second]);

    // Each case has its own records; an unknown case has none.
    done(store.edit_case("AB0001", set_external("x")).await.unwrap());
    let other = store.audit("AB0001").await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].vorgangs_nummer, "AB0001");
    assert_eq!(other[0].trace_id, "set x");
    assert!(store.audit("ZZ0000").await.unwrap().is_empty());
}
