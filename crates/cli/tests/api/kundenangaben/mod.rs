//! The Kundenangaben API end to end over HTTP, with the project's client: a case is created
//! from customer data, is a case like any other (read, listed, patched, its events), and its
//! customer data can be read back and replaced; every error is an RFC 7807 problem.

mod as_upstream;
mod create;
mod ignored_values;
mod problems;
mod rights;
mod violations;

use serde_json::{Value, json};
use vorgaenge_client::ClientError;
use vorgaenge_client::kundenangaben::{MEDIA_TYPE, Problem};

use crate::support::TestApp;
use crate::support::case_state::listed;
use crate::support::requests::send;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../intake/tests/fixtures");

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A small request of our own: one household of one customer, in test mode, looked after by
/// BER11 and processed by BER15 (both covered by the auditor).
fn own_request(nachname: &str) -> Value {
    json!({
        "importMetadaten": {
            "datenkontext": "TEST_MODUS",
            "externeVorgangsId": "TEST-4711",
            "zusaetzlicherEreignistext": "aus dem Testportal",
            "betreuung": { "kundenbetreuer": "BER11", "bearbeiter": "BER15" }
        },
        "kundenangaben": {
            "haushalte": [{
                "kunden": [{
                    "referenzId": "kunde-1",
                    "personendaten": {
                        "person": { "anrede": "FRAU", "vorname": "Erika", "nachname": nachname },
                        "geburtsdatum": "1980-02-29"
                    }
                }]
            }]
        }
    })
}

/// The problem of a failed call of the Kundenangaben API.
fn problem(result: Result<impl std::fmt::Debug, ClientError>, status: u16) -> Problem {
    match result {
        Err(ClientError::Problem { status: s, body }) if s == status => *body,
        other => panic!("expected a {status} problem, got {other:?}"),
    }
}

/// Checks the problem format on a raw response: media type, members, trace id.
fn assert_problem(response: &vorgaenge_client::RawResponse, status: u16, slug: &str) -> Value {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
    let body = response.json();
    assert_eq!(
        body["type"],
        format!("https://api.europace.de/kundenangaben/problem/{slug}")
    );
    assert_eq!(body["status"], status);
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        body["instance"]
            .as_str()
            .unwrap()
            .starts_with("/kundenangaben")
    );
    assert_eq!(
        body["traceId"].as_str(),
        response.header("x-traceid"),
        "traceId is the X-TraceId header"
    );
    body
}

/// Sends `body` as JSON of this API's media type.
async fn send_json(
    app: &TestApp,
    method: &str,
    path: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> vorgaenge_client::RawResponse {
    let bytes = serde_json::to_vec(body).unwrap();
    send(&app.client, method, path, Some(MEDIA_TYPE), bytes, headers).await
}

/// The case numbers listed in a data context.
async fn numbers(app: &TestApp, kontext: &str) -> Vec<String> {
    listed(&app.client, kontext).await.into_keys().collect()
}

/// Every member the import maps the request to is in the case as mapped (on the day the
/// case was made).
fn assert_mapped(request: &Value, vorgang: &Value) {
    let parsed = vorgaenge_intake::parse(&serde_json::to_vec(request).unwrap()).unwrap();
    let erstellt_am = vorgang["erstelltAm"].as_str().unwrap().parse().unwrap();
    let members = vorgaenge_intake::vorgang_members(&parsed, &erstellt_am);
    assert!(
        members.contains_key("haushalte"),
        "the request maps to households"
    );
    for (name, value) in members {
        assert_eq!(&vorgang[&name], &value, "member {name}");
    }
}
