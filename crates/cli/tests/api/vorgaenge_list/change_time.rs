//! GET /v2/vorgaenge with `aenderungSeit` and `aenderungBis`: every ISO 8601 form the
//! contract allows filters at its instant, and the window's bounds.

use vorgaenge_store::Timestamp;

use super::{expected, micros, numbers};
use crate::support::{demo_cases, spawn_demo};

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
