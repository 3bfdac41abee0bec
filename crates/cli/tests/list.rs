//! GET /v2/vorgaenge: order, filters, every change-time form, bounds and paging links.

mod common;

use common::{assert_error, demo_cases, spawn_demo};
use serde_json::Value;
use vorgaenge_store::Timestamp;

/// The numbers the list must show, computed from the generator's output: one data context,
/// not archived, ordered by (letzteAenderung, vorgangsNummer).
fn expected(kontext: &str, ascending: bool, keep: impl Fn(i64) -> bool) -> Vec<String> {
    let mut cases: Vec<_> = demo_cases()
        .iter()
        .filter(|c| c.daten_kontext == kontext && c.status != "ARCHIVIERT")
        .map(|c| {
            (
                Timestamp::from(c.letzte_aenderung).0,
                c.vorgangs_nummer.clone(),
            )
        })
        .filter(|(t, _)| keep(*t))
        .collect();
    cases.sort();
    if !ascending {
        cases.reverse();
    }
    cases.into_iter().map(|(_, nr)| nr).collect()
}

fn numbers(page: &Value) -> Vec<String> {
    page["vorgaenge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["vorgangsNummer"].as_str().unwrap().to_owned())
        .collect()
}

fn micros(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_micros()
}

#[tokio::test]
async fn default_is_production_data_newest_first() {
    let app = spawn_demo().await;
    let page = app.get("/v2/vorgaenge").await;
    assert_eq!(page.status, 200);
    let page = page.json();
    let all = expected("ECHT_GESCHAEFT", false, |_| true);
    assert_eq!(numbers(&page), all[..10]);
    assert_eq!(
        page["_links"]["self"]["href"],
        format!(
            "{}/v2/vorgaenge?datenKontext=ECHT_GESCHAEFT&sort=absteigend&page=0&limit=10",
            app.base
        )
    );
    assert!(page["_links"].get("prev").is_none(), "no prev on page 0");
    assert!(
        page["_links"]["next"]["href"]
            .as_str()
            .unwrap()
            .contains("page=1&limit=10&cursor=")
    );

    // Each item: self link and the columns of the case.
    let item = &page["vorgaenge"][0];
    let nr = item["vorgangsNummer"].as_str().unwrap();
    let case = demo_cases()
        .iter()
        .find(|c| c.vorgangs_nummer == nr)
        .unwrap();
    assert_eq!(
        item["_links"]["self"]["href"],
        format!("{}/v2/vorgaenge/{nr}", app.base)
    );
    assert_eq!(item["datenKontext"], "ECHT_GESCHAEFT");
    assert_eq!(
        micros(item["letzteAenderung"].as_str().unwrap()),
        Timestamp::from(case.letzte_aenderung).0
    );
    assert_eq!(item["letztesEreignis"], case.letztes_ereignis.as_str());
    match &case.externe_vorgangs_nummer {
        Some(ext) => assert_eq!(item["externeVorgangsNummer"], ext.as_str()),
        None => assert!(
            item.get("externeVorgangsNummer").is_none(),
            "omitted, never null"
        ),
    }
    // The typed client agrees.
    app.client.vorgaenge(&Default::default()).await.unwrap();
}

#[tokio::test]
async fn ascending_test_mode_and_limit() {
    let app = spawn_demo().await;
    let page = app
        .get("/v2/vorgaenge?datenKontext=TEST_MODUS&sort=aufsteigend&limit=100")
        .await
        .json();
    let all = expected("TEST_MODUS", true, |_| true);
    assert_eq!(numbers(&page), all[..all.len().min(100)]);
    assert!(
        page["vorgaenge"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["datenKontext"] == "TEST_MODUS")
    );
    let one = app.get("/v2/vorgaenge?limit=1").await.json();
    assert_eq!(numbers(&one).len(), 1);
}

#[tokio::test]
async fn archived_cases_are_not_listed() {
    let app = spawn_demo().await;
    let archived: Vec<_> = demo_cases()
        .iter()
        .filter(|c| c.status == "ARCHIVIERT")
        .collect();
    assert!(!archived.is_empty());
    for kontext in ["ECHT_GESCHAEFT", "TEST_MODUS"] {
        let mut listed = Vec::new();
        for page in 0.. {
            let body = app
                .get(&format!(
                    "/v2/vorgaenge?datenKontext={kontext}&limit=100&page={page}"
                ))
                .await
                .json();
            let got = numbers(&body);
            if got.is_empty() {
                break;
            }
            listed.extend(got);
        }
        assert_eq!(listed, expected(kontext, false, |_| true));
        for case in &archived {
            assert!(!listed.contains(&case.vorgangs_nummer));
        }
    }
    // Archived cases stay readable.
    assert_eq!(
        app.get(&format!("/v2/vorgaenge/{}", archived[0].vorgangs_nummer))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn next_and_prev_links_walk_the_whole_list() {
    let app = spawn_demo().await;
    for sort in ["absteigend", "aufsteigend"] {
        let all = expected("ECHT_GESCHAEFT", sort == "aufsteigend", |_| true);
        let mut pages: Vec<Value> = Vec::new();
        let mut href = format!("{}/v2/vorgaenge?sort={sort}&limit=7", app.base);
        loop {
            let page: Value = app.client.get_url::<Value>(&href).await.unwrap();
            let index = pages.len();
            let self_href = page["_links"]["self"]["href"].as_str().unwrap();
            assert!(
                self_href.contains(&format!("sort={sort}&page={index}&limit=7")),
                "{self_href}"
            );
            assert_eq!(
                page["_links"].get("prev").is_some(),
                index > 0,
                "prev only after page 0"
            );
            let next = page["_links"]
                .get("next")
                .map(|n| n["href"].as_str().unwrap().to_owned());
            pages.push(page);
            match next {
                Some(next) => href = next,
                None => break,
            }
        }
        let walked: Vec<String> = pages.iter().flat_map(numbers).collect();
        assert_eq!(
            walked, all,
            "{sort}: following next visits every case once, in order"
        );
        assert_eq!(
            pages.len(),
            all.len().div_ceil(7),
            "no next on the last page"
        );

        // Direct page numbers give the same pages.
        let third = app
            .get(&format!("/v2/vorgaenge?sort={sort}&limit=7&page=2"))
            .await
            .json();
        assert_eq!(numbers(&third), numbers(&pages[2]));

        // And prev links lead back through the same pages.
        let mut index = pages.len() - 1;
        let mut page = pages[index].clone();
        while let Some(prev) = page["_links"].get("prev") {
            let href = prev["href"].as_str().unwrap().to_owned();
            page = app.client.get_url::<Value>(&href).await.unwrap();
            index -= 1;
            assert_eq!(
                numbers(&page),
                numbers(&pages[index]),
                "{sort}: prev to page {index}"
            );
            assert!(page["_links"].get("next").is_some());
        }
        assert_eq!(index, 0, "prev links end at page 0");
    }
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_a_prev_link() {
    let app = spawn_demo().await;
    let page = app.get("/v2/vorgaenge?page=1000&limit=100").await.json();
    assert!(numbers(&page).is_empty());
    assert!(page["_links"].get("next").is_none());
    assert!(
        page["_links"]["prev"]["href"]
            .as_str()
            .unwrap()
            .contains("page=999&limit=100")
    );
}

/// Every ISO 8601 form the contract's pattern accepts, with the instant it denotes
/// (Europe/Berlin where no offset is given: UTC+2 in July, UTC+1 in January).
const CHANGE_TIME_FORMS: &[(&str, &str)] = &[
    ("2025", "2024-12-31T23:00:00Z"),
    ("2025-07", "2025-06-30T22:00:00Z"),
    ("2025-07-10", "2025-07-09T22:00:00Z"),
    ("20250710", "2025-07-09T22:00:00Z"),
    ("+2025-07-10", "2025-07-09T22:00:00Z"),
    ("2025-01-15", "2025-01-14T23:00:00Z"),
    ("2025-W28", "2025-07-06T22:00:00Z"),
    ("2025-W28-5", "2025-07-10T22:00:00Z"),
    ("2025W285", "2025-07-10T22:00:00Z"),
    ("2025-191", "2025-07-09T22:00:00Z"),
    ("2025191", "2025-07-09T22:00:00Z"),
    ("2025-07-10T13", "2025-07-10T11:00:00Z"),
    ("2025-07-10T13,5", "2025-07-10T11:30:00Z"),
    ("2025-07-10T13:30", "2025-07-10T11:30:00Z"),
    ("2025-07-10T1330", "2025-07-10T11:30:00Z"),
    ("2025-07-10 13:30", "2025-07-10T11:30:00Z"),
    ("2025-07-10T13:30:15", "2025-07-10T11:30:15Z"),
    ("2025-07-10T13:30:15,5Z", "2025-07-10T13:30:15.5Z"),
    ("2025-07-10T13:30:15.123456Z", "2025-07-10T13:30:15.123456Z"),
    ("2025-07-10T13:30z", "2025-07-10T13:30:00Z"),
    ("2025-07-10T13:30+02:00", "2025-07-10T11:30:00Z"),
    ("2025-07-10T13:30+0200", "2025-07-10T11:30:00Z"),
    ("2025-07-10T13:30+02", "2025-07-10T11:30:00Z"),
    ("2025-07-10T13:30-05:30", "2025-07-10T19:00:00Z"),
    ("2025-07-10T24:00", "2025-07-10T22:00:00Z"),
];

fn query_value(form: &str) -> String {
    form_urlencoded::byte_serialize(form.as_bytes()).collect()
}

#[tokio::test]
async fn every_change_time_form_filters_at_its_instant() {
    let app = spawn_demo().await;
    for (form, instant) in CHANGE_TIME_FORMS {
        let at = micros(instant);
        let seit = app
            .get(&format!(
                "/v2/vorgaenge?aenderungSeit={}&sort=aufsteigend&limit=100",
                query_value(form)
            ))
            .await;
        assert_eq!(
            seit.status,
            200,
            "{form}: {}",
            String::from_utf8_lossy(&seit.body)
        );
        let seit = seit.json();
        let want = expected("ECHT_GESCHAEFT", true, |t| t >= at);
        assert_eq!(
            numbers(&seit),
            want[..want.len().min(100)],
            "aenderungSeit={form}"
        );
        // The links repeat the value exactly as sent.
        let self_href = seit["_links"]["self"]["href"].as_str().unwrap();
        let repeated: String = url_query_param(self_href, "aenderungSeit");
        assert_eq!(repeated, *form, "{self_href}");

        let bis = app
            .get(&format!(
                "/v2/vorgaenge?aenderungBis={}&limit=100",
                query_value(form)
            ))
            .await
            .json();
        let want = expected("ECHT_GESCHAEFT", false, |t| t < at);
        assert_eq!(
            numbers(&bis),
            want[..want.len().min(100)],
            "aenderungBis={form}"
        );
    }
}

fn url_query_param(href: &str, name: &str) -> String {
    let query = href.split_once('?').unwrap().1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

#[tokio::test]
async fn window_bounds_are_inclusive_then_exclusive() {
    let app = spawn_demo().await;
    let all = expected("ECHT_GESCHAEFT", true, |_| true);
    let first = demo_cases()
        .iter()
        .find(|c| c.vorgangs_nummer == all[3])
        .unwrap();
    let last = demo_cases()
        .iter()
        .find(|c| c.vorgangs_nummer == all[8])
        .unwrap();
    let seit = Timestamp::from(first.letzte_aenderung).to_rfc3339();
    let bis = Timestamp::from(last.letzte_aenderung).to_rfc3339();
    let page = app
        .get(&format!(
            "/v2/vorgaenge?sort=aufsteigend&aenderungSeit={}&aenderungBis={}",
            query_value(&seit),
            query_value(&bis)
        ))
        .await
        .json();
    assert_eq!(numbers(&page), all[3..8]);
}

#[tokio::test]
async fn bad_list_parameters_are_400_naming_the_parameter() {
    let app = spawn_demo().await;
    for (query, name) in [
        ("datenKontext=ECHT", "datenKontext"),
        ("datenKontext=", "datenKontext"),
        ("sort=desc", "sort"),
        ("sort=ABSTEIGEND", "sort"),
        ("page=-1", "page"),
        ("page=eins", "page"),
        ("page=2147483648", "page"),
        ("page=1.5", "page"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-5", "limit"),
        ("limit=", "limit"),
        ("aenderungSeit=2020-7-10", "aenderungSeit"),
        ("aenderungSeit=202007", "aenderungSeit"),
        ("aenderungSeit=2020-13-01", "aenderungSeit"),
        ("aenderungSeit=2020-07-10T13:60", "aenderungSeit"),
        ("aenderungSeit=2020-07-10T25", "aenderungSeit"),
        (
            "aenderungSeit=2020-07-10T13:00%5BEurope%2FBerlin%5D",
            "aenderungSeit",
        ),
        ("aenderungSeit=2020-02-31", "aenderungSeit"),
        ("aenderungSeit=gestern", "aenderungSeit"),
        ("aenderungSeit=", "aenderungSeit"),
        ("aenderungBis=2020-07-10T13:00+02:00", "aenderungBis"),
        ("aenderungBis=2021-366", "aenderungBis"),
        ("cursor=kaputt", "cursor"),
        ("cursor=n.12x.AB1234", "cursor"),
        ("cursor=q.1.AB1234", "cursor"),
        ("cursor=n.1.", "cursor"),
        ("limit=5&limit=6", "limit"),
    ] {
        let response = app.get(&format!("/v2/vorgaenge?{query}")).await;
        assert_error(&response, 400, name);
    }
    // An unencoded '+' arrives as a space: the message says how to send it.
    let response = app
        .get("/v2/vorgaenge?aenderungSeit=2020-07-10T13:00+02:00")
        .await;
    assert_error(&response, 400, "%2B");
}

#[tokio::test]
async fn an_unchanged_page_answers_304_and_a_changed_one_a_new_tag() {
    let app = spawn_demo().await;
    let path = "/v2/vorgaenge?sort=aufsteigend&limit=5";
    let first = app.get(path).await;
    let tag = first.header("etag").unwrap().to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    let again = app.request("GET", path, &[("if-none-match", &tag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));

    // A change to a case on the page changes the page's tag.
    let nr = numbers(&first.json())[0].clone();
    let ops =
        serde_json::json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": "neu"}]);
    app.client.patch_vorgang(&nr, &ops, None).await.unwrap();
    let changed = app.request("GET", path, &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag"), Some(tag.as_str()));
}

#[tokio::test]
async fn a_cursor_built_by_the_client_resumes_where_it_names() {
    // A cursor is a position (change time, case number), not a ticket: one built from the
    // last item a client has seen continues the list exactly as the `next` link does.
    let app = spawn_demo().await;
    let first = app
        .get("/v2/vorgaenge?sort=aufsteigend&limit=5")
        .await
        .json();
    let last = &first["vorgaenge"][4];
    let cursor = format!(
        "n.{}.{}",
        micros(last["letzteAenderung"].as_str().unwrap()),
        last["vorgangsNummer"].as_str().unwrap()
    );
    let built = app
        .get(&format!(
            "/v2/vorgaenge?sort=aufsteigend&limit=5&page=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(built.status, 200);
    let next = first["_links"]["next"]["href"].as_str().unwrap();
    let followed = app.get(next.strip_prefix(app.base.as_str()).unwrap()).await;
    assert_eq!(numbers(&built.json()), numbers(&followed.json()));
    let all = expected("ECHT_GESCHAEFT", true, |_| true);
    assert_eq!(numbers(&followed.json()), all[5..10]);
}
