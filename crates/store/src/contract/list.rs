//! The case list: orders, filters, offset and keyset pages, and the partner filter checked against a list computed the plain way.

use std::sync::Arc;

use super::{case_at, twelve};
use crate::{
    CaseMeta, DatenKontext, ListKey, ListPage, ListQuery, ListStart, NewCase, SortOrder, Store,
    Timestamp,
};

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
