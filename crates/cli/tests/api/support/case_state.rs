//! A case as a client sees it: its document and entity tag, its events, its list item; and
//! the assertions that a write recorded its event, or that a refused one left everything
//! as it was.

use std::collections::BTreeMap;

use serde_json::Value;
use vorgaenge_client::Client;

use super::TestApp;
use super::requests::{assert_status, etag};

/// The case as GET answers it, and its entity tag.
pub async fn case(client: &Client, nr: &str) -> (Value, String) {
    let response = client
        .raw(reqwest::Method::GET, &format!("/v2/vorgaenge/{nr}"), &[])
        .await
        .unwrap();
    assert_status(&response, 200);
    (response.json(), etag(&response))
}

/// The events of a case as GET /v2/ereignisse answers them (raw JSON).
pub async fn events(client: &Client, nr: &str) -> Vec<Value> {
    let response = client
        .raw(reqwest::Method::GET, &format!("/v2/ereignisse/{nr}"), &[])
        .await
        .unwrap();
    assert_status(&response, 200);
    response
        .json()
        .as_array()
        .expect("an array of events")
        .clone()
}

/// The newest event of a case.
pub async fn last_event(client: &Client, nr: &str) -> Value {
    events(client, nr)
        .await
        .pop()
        .unwrap_or_else(|| panic!("case {nr} has events"))
}

/// Everything a refused write must leave alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub case: Value,
    pub etag: String,
    pub events: Vec<Value>,
}

pub async fn snapshot(app: &TestApp, nr: &str) -> Snapshot {
    let (case, etag) = case(&app.client, nr).await;
    Snapshot {
        case,
        etag,
        events: events(&app.client, nr).await,
    }
}

/// Asserts that case `nr` is exactly as in `before` (document, entity tag, events).
pub async fn assert_unchanged(app: &TestApp, nr: &str, before: &Snapshot, what: &str) {
    let now = snapshot(app, nr).await;
    assert_eq!(now.etag, before.etag, "{what}: the ETag changed");
    assert_eq!(now.events, before.events, "{what}: events were added");
    assert_eq!(now.case, before.case, "{what}: the case changed");
}

/// The cases the list shows in `daten_kontext` (every page): number → list item.
pub async fn listed(client: &Client, daten_kontext: &str) -> BTreeMap<String, Value> {
    let mut all = BTreeMap::new();
    for page in 0.. {
        let response = client
            .raw(
                reqwest::Method::GET,
                &format!("/v2/vorgaenge?datenKontext={daten_kontext}&limit=100&page={page}"),
                &[],
            )
            .await
            .unwrap();
        assert_status(&response, 200);
        let body = response.json();
        let items = body["vorgaenge"].as_array().cloned().unwrap_or_default();
        for item in &items {
            all.insert(
                item["vorgangsNummer"].as_str().unwrap().to_owned(),
                item.clone(),
            );
        }
        if items.len() < 100 {
            break;
        }
    }
    all
}

/// Asserts an event's kind, case, source, and that its time is the case's new version:
/// `zeitpunkt` = the case's `letztesEreignis` = the `ETag` (in quotes).
pub fn assert_event(
    event: &Value,
    nr: &str,
    (typ, aktivitaet): (&str, &str),
    quelle: &str,
    case: &Value,
    etag: &str,
) {
    assert_eq!(event["vorgangsNummer"], nr, "{event}");
    assert_eq!(event["typ"], typ, "{event}");
    assert_eq!(event["aktivitaet"], aktivitaet, "{event}");
    assert_eq!(event["quelle"]["partnerId"], quelle, "{event}");
    let zeitpunkt = event["zeitpunkt"].as_str().expect("zeitpunkt");
    assert_eq!(case["letztesEreignis"], zeitpunkt, "{event}");
    assert_eq!(etag, format!("\"{zeitpunkt}\""), "{event}");
}
