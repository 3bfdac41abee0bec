//! Query plans and cost of the list strategies, and their agreement on one world.

use rusqlite::{Connection, StatementStatus};
use vorgaenge_store::{DatenKontext, ListKey, ListQuery, ListStart, SortOrder, Timestamp};

use super::{ListSql, PER_PARTNER_MAX, Strategy, list_by};
use crate::{migrations, pool};

/// A migrated in-memory database with the pool's settings (a stable query plan included).
fn connection() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    pool::configure(&conn, "NORMAL").unwrap();
    migrations::migrate(&mut conn).unwrap();
    conn
}

/// `n` cases over 97 advisors and 89 clerks (so that the pairs vary), a seventh without
/// advisor, a fifth without clerk, some archived, some in test mode, pairs sharing a time.
fn seed(conn: &Connection, n: u32) {
    conn.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?1)
         INSERT INTO cases (vorgangs_nummer, daten_kontext, status, archived, letzte_aenderung,
                            kunden_betreuer, vorgangs_bearbeiter, document)
         SELECT printf('C%06d', i),
                CASE WHEN i % 11 = 0 THEN 'TEST_MODUS' ELSE 'ECHT_GESCHAEFT' END,
                CASE WHEN i % 13 = 0 THEN 'ARCHIVIERT' ELSE 'AKTIV' END,
                i % 13 = 0,
                (i / 2) * 10,
                CASE WHEN i % 7 = 0 THEN NULL ELSE printf('PAR%02d', i % 97) END,
                CASE WHEN i % 5 = 0 THEN NULL ELSE printf('PAR%02d', i % 89) END,
                x'7b7d'
         FROM k",
        [n],
    )
    .unwrap();
}

/// `PAR00`, `PAR01`, …
fn partners(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("PAR{i:02}")).collect()
}

/// Every query shape: both orders × offset/after/before × with and without a window.
fn shapes(limit: u32) -> Vec<ListQuery> {
    let key = ListKey {
        letzte_aenderung: Timestamp(5_000),
        vorgangs_nummer: "C001000".into(),
    };
    let mut all = Vec::new();
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        for start in [
            ListStart::Offset(0),
            ListStart::Offset(7),
            ListStart::After(key.clone()),
            ListStart::Before(key.clone()),
        ] {
            for window in [false, true] {
                all.push(ListQuery {
                    daten_kontext: DatenKontext::EchtGeschaeft,
                    since: window.then_some(Timestamp(1_000)),
                    until: window.then_some(Timestamp(9_000)),
                    order,
                    limit,
                    start: start.clone(),
                    partners: None,
                });
            }
        }
    }
    all
}

/// The `detail` lines of `EXPLAIN QUERY PLAN`.
fn plan(conn: &Connection, statement: &ListSql) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", statement.sql))
        .unwrap();
    stmt.query_map(statement.binds().as_slice(), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The opcodes of the compiled statement.
fn opcodes(conn: &Connection, statement: &ListSql) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN {}", statement.sql)).unwrap();
    stmt.query_map(statement.binds().as_slice(), |r| r.get::<_, String>(1))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn count(lines: &[String], needle: &str) -> usize {
    lines.iter().filter(|l| l.contains(needle)).count()
}

/// Plans are checked without statistics (how the store runs) and after `ANALYZE` on a skewed
/// world, so that neither a fresh nor an analysed database changes them.
fn for_both_stat_states(check: impl Fn(&Connection)) {
    let conn = connection();
    check(&conn);
    seed(&conn, 20_000);
    conn.execute_batch("ANALYZE").unwrap();
    check(&conn);
}

#[test]
fn per_partner_strategy_seeks_the_partner_indexes() {
    let set = partners(3);
    for_both_stat_states(|conn| {
        for q in shapes(10) {
            let lines = plan(
                conn,
                &ListSql::build(&q, Strategy::PerPartner(&set)).unwrap(),
            );
            let context = format!("{q:?}\n{}", lines.join("\n"));
            // Three partners take four slots: one seek per slot and column.
            assert_eq!(
                count(&lines, "USING COVERING INDEX cases_by_betreuer"),
                4,
                "{context}"
            );
            assert_eq!(
                count(&lines, "USING COVERING INDEX cases_by_bearbeiter"),
                4,
                "{context}"
            );
            assert_eq!(count(&lines, "cases_by_change"), 0, "{context}");
            assert_eq!(count(&lines, "SCAN cases"), 0, "{context}");
            assert_eq!(count(&lines, "MERGE (UNION)"), 7, "{context}");
            // The arms come in index order; only the page itself is sorted at the end.
            assert_eq!(count(&lines, "USE TEMP B-TREE"), 1, "{context}");
            assert_eq!(
                count(&lines, "SEARCH cases USING INTEGER PRIMARY KEY"),
                1,
                "{context}"
            );
        }
    });
}

#[test]
fn filtered_strategy_walks_cases_by_change_in_order() {
    let set = partners(40);
    for_both_stat_states(|conn| {
        for q in shapes(10) {
            let statement = ListSql::build(&q, Strategy::Filtered(&set)).unwrap();
            let lines = plan(conn, &statement);
            let context = format!("{q:?}\n{}", lines.join("\n"));
            assert!(
                lines[0].starts_with("SEARCH cases USING INDEX cases_by_change"),
                "{context}"
            );
            assert_eq!(count(&lines, "TEMP B-TREE"), 0, "{context}");
            assert_eq!(count(&lines, "cases_by_betreuer"), 0, "{context}");
            assert_eq!(count(&lines, "cases_by_bearbeiter"), 0, "{context}");
            // The table row is fetched lazily: the filter reads the index entry first.
            assert!(
                opcodes(conn, &statement)
                    .iter()
                    .any(|op| op == "DeferredSeek"),
                "{context}"
            );
        }
    });
}

#[test]
fn unfiltered_list_walks_cases_by_change_in_order() {
    for_both_stat_states(|conn| {
        for q in shapes(10) {
            let lines = plan(conn, &ListSql::build(&q, Strategy::All).unwrap());
            let context = format!("{q:?}\n{}", lines.join("\n"));
            assert_eq!(lines.len(), 1, "{context}");
            assert!(
                lines[0].starts_with("SEARCH cases USING INDEX cases_by_change"),
                "{context}"
            );
        }
    });
}

#[test]
fn strategy_follows_the_set_size() {
    let mut q = shapes(10).remove(0);
    assert!(matches!(Strategy::of(&q), Some(Strategy::All)));
    q.partners = Some(Vec::new().into());
    assert!(Strategy::of(&q).is_none());
    q.partners = Some(partners(PER_PARTNER_MAX).into());
    assert!(matches!(Strategy::of(&q), Some(Strategy::PerPartner(_))));
    q.partners = Some(partners(PER_PARTNER_MAX + 1).into());
    assert!(matches!(Strategy::of(&q), Some(Strategy::Filtered(_))));
}

#[test]
fn strategies_agree_on_every_shape() {
    let mut conn = connection();
    seed(&conn, 3_000);
    for set in [partners(1), partners(3), partners(PER_PARTNER_MAX)] {
        for limit in [5, 40] {
            for q in shapes(limit) {
                let small = list_by(&mut conn, &q, Strategy::PerPartner(&set)).unwrap();
                let large = list_by(&mut conn, &q, Strategy::Filtered(&set)).unwrap();
                assert_eq!(small, large, "{} partners, {q:?}", set.len());
                assert!(
                    !small.items.is_empty(),
                    "{} partners, {q:?}: the world has cases for it",
                    set.len()
                );
            }
        }
    }
}

/// Virtual machine steps of one run of `statement`.
fn steps(conn: &Connection, statement: &ListSql) -> i32 {
    let mut stmt = conn.prepare(&statement.sql).unwrap();
    let mut rows = stmt.query(statement.binds().as_slice()).unwrap();
    while rows.next().unwrap().is_some() {}
    drop(rows);
    stmt.get_status(StatementStatus::VmStep)
}

#[test]
fn per_partner_reads_about_a_page_not_the_partners_cases() {
    // Each of the first partners holds hundreds of cases; a page of ten must not read them.
    let conn = connection();
    seed(&conn, 100_000);
    let set = partners(3);
    let mut q = shapes(10).remove(0);
    q.order = SortOrder::Descending;
    let page = steps(
        &conn,
        &ListSql::build(&q, Strategy::PerPartner(&set)).unwrap(),
    );
    q.start = ListStart::Offset(1_000);
    let far = steps(
        &conn,
        &ListSql::build(&q, Strategy::PerPartner(&set)).unwrap(),
    );
    eprintln!("VM steps: first page {page}, page at offset 1000 {far}");
    // Some 5 000 cases belong to the set; reading them would take tens of thousands of steps.
    assert!(page < 3_000, "{page} steps");
    assert!(
        far > 10 * page,
        "offset pages read up to their offset: {far} vs {page}"
    );
}
