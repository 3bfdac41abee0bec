//! The write matrix: every write operation and event read × every caller, each refusal
//! leaving no trace.

use std::collections::HashMap;

use serde_json::Value;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_store::document::antrag_address;

use super::answers::{Answer, check};
use super::callers::callers;
use super::rules::{Op, World};
use super::{send, the_case};
use crate::support::{TestApp, spawn_demo};

/// One cell's request: method, path and, for a write, its body as `n` of the matrix sends
/// it (always valid: body validation comes before the case and is not what is tested).
struct Request {
    op: Op,
    method: reqwest::Method,
    path: String,
}

/// The Antrag status the matrix sets, which is also what decision readiness presupposes.
const STATUS_BODY: &str = r#"{"antragsteller":"BEANTRAGT","produktAnbieter":"NICHT_BEARBEITET"}"#;

impl Request {
    fn body(&self, case: &GeneratedCase, n: usize) -> Option<(&'static str, String)> {
        let json = "application/json";
        match self.op {
            Op::Read | Op::Ereignisse | Op::AntragsEreignisse => None,
            Op::Patch => Some((
                "application/json-patch+json",
                format!(
                    r#"[{{"op":"replace","path":"/externeVorgangsNummer","value":"matrix-{n}"}}]"#
                ),
            )),
            // The partner the case has already: allowed or not, visibility never changes.
            Op::KundenBetreuer => Some((
                json,
                format!(r#"{{"partnerId":"{}"}}"#, case.kunden_betreuer),
            )),
            Op::VorgangsBearbeiter => Some((
                json,
                format!(r#"{{"partnerId":"{}"}}"#, case.vorgangs_bearbeiter.unwrap()),
            )),
            Op::Status => Some((json, STATUS_BODY.into())),
            Op::Nachricht => Some((json, format!(r#"{{"text":"Nachricht der Matrix {n}"}}"#))),
            Op::Entscheidungsreife => Some((
                json,
                r#"{"entscheidungsreifeVomVertriebSignalisiert":true}"#.into(),
            )),
        }
    }
}

fn write_operations(case: &GeneratedCase) -> Vec<Request> {
    use reqwest::Method;
    let nr = &case.vorgangs_nummer;
    let (a, t) = the_antrag(case);
    let mut ops = Vec::new();
    for version in ["v2", "v3"] {
        let case_op = |op, method, suffix: &str| Request {
            op,
            method,
            path: format!("/{version}/vorgaenge/{nr}{suffix}"),
        };
        ops.extend([
            case_op(Op::Patch, Method::PATCH, ""),
            case_op(Op::KundenBetreuer, Method::PUT, "/kundenBetreuer"),
            case_op(Op::VorgangsBearbeiter, Method::PUT, "/vorgangsBearbeiter"),
            case_op(
                Op::Status,
                Method::POST,
                &format!("/antraege/{a}/{t}/status"),
            ),
            case_op(Op::Nachricht, Method::POST, "/nachricht"),
            case_op(
                Op::Entscheidungsreife,
                Method::POST,
                &format!("/antraege/{a}/{t}/entscheidungsreife"),
            ),
        ]);
    }
    // The events exist only as v2.
    ops.push(Request {
        op: Op::Ereignisse,
        method: Method::GET,
        path: format!("/v2/ereignisse/{nr}"),
    });
    ops.push(Request {
        op: Op::AntragsEreignisse,
        method: Method::GET,
        path: format!("/v2/ereignisse/{nr}/{a}/{t}"),
    });
    ops
}

/// The address (antrag, teilantrag) of the case's first Antrag.
fn the_antrag(case: &GeneratedCase) -> (i32, i32) {
    antrag_address(antrag_nummer(case)).unwrap()
}

fn antrag_nummer(case: &GeneratedCase) -> &str {
    case.vorgang["antraege"][0]["antragsNummer"]
        .as_str()
        .unwrap()
}

/// What the auditor sees of the case between two cells.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    etag: String,
    externe_vorgangs_nummer: Value,
    kunden_betreuer: Value,
    vorgangs_bearbeiter: Value,
    antrag: Value,
    events: Vec<Value>,
}

async fn snapshot(app: &TestApp, case: &GeneratedCase) -> Snapshot {
    let nr = &case.vorgangs_nummer;
    let response = app.get(&format!("/v2/vorgaenge/{nr}")).await;
    assert_eq!(response.status, 200);
    let vorgang = response.json();
    let antrag = vorgang["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["antragsNummer"] == antrag_nummer(case))
        .unwrap()
        .clone();
    let events = app.get(&format!("/v2/ereignisse/{nr}")).await;
    assert_eq!(events.status, 200);
    Snapshot {
        etag: response.header("etag").unwrap().to_owned(),
        externe_vorgangs_nummer: vorgang["externeVorgangsNummer"].clone(),
        kunden_betreuer: vorgang["kundenBetreuer"]["partnerId"].clone(),
        vorgangs_bearbeiter: vorgang["vorgangsBearbeiter"]["partnerId"].clone(),
        antrag,
        events: events.json().as_array().unwrap().clone(),
    }
}

#[tokio::test]
async fn every_write_and_event_read_answers_every_caller_as_the_rules_say() {
    let app = spawn_demo().await;
    let case = the_case();
    let nr = &case.vorgangs_nummer;
    let kunden_betreuer = case.kunden_betreuer;
    let vorgangs_bearbeiter = case.vorgangs_bearbeiter.unwrap();
    let world = World::demo().with_no_right_partner();
    let http = reqwest::Client::new();
    let auditor = format!("Bearer {}", app.client.token().unwrap());

    // Decision readiness presupposes this status; every status cell sets it again.
    let (a, t) = the_antrag(case);
    let set = send(
        &http,
        &app.base,
        reqwest::Method::POST,
        &format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/status"),
        Some(&auditor),
        Some(("application/json", STATUS_BODY.into())),
    )
    .await;
    assert_eq!(set.status, 202, "{}", String::from_utf8_lossy(&set.body));

    let mut before = snapshot(&app, case).await;
    assert_eq!(before.kunden_betreuer, kunden_betreuer);
    assert_eq!(before.vorgangs_bearbeiter, vorgangs_bearbeiter);
    let mut signalled = false;
    let mut cells = 0;
    // Per operation: how many cells were allowed, how many refused.
    let mut tally: HashMap<Op, (usize, usize)> = HashMap::new();
    let callers = callers(&app).await;
    for caller in &callers {
        // The rules below and the hand-written read matrix agree on every caller.
        assert_eq!(
            world.expect(caller.identity, Op::Read, case, signalled),
            Answer::from(caller.case),
            "{}: the rules and the read matrix",
            caller.name
        );
        for request in write_operations(case) {
            cells += 1;
            let cell = format!("{} × {} {}", caller.name, request.method, request.path);
            let answer = world.expect(caller.identity, request.op, case, signalled);
            let response = send(
                &http,
                &app.base,
                request.method.clone(),
                &request.path,
                caller.authorization.as_deref(),
                request.body(case, cells),
            )
            .await;
            check(
                &cell,
                &response,
                &answer,
                caller.authorization.is_some(),
                nr,
            );
            let allowed = matches!(answer, Answer::Done(_));
            let counts = tally.entry(request.op).or_default();
            if allowed {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }

            let after = snapshot(&app, case).await;
            // Whatever happened, the parties (and so who may see the case) are the same.
            assert_eq!(after.kunden_betreuer, kunden_betreuer, "{cell}");
            assert_eq!(after.vorgangs_bearbeiter, vorgangs_bearbeiter, "{cell}");
            if !allowed || !request.op.changes_the_case() {
                // A refusal (and a read) leaves no trace.
                assert_eq!(after, before, "{cell}: the case changed");
            }
            match (request.op, allowed) {
                (Op::Patch, true) => {
                    let value = format!("matrix-{cells}");
                    assert_eq!(response.json()["externeVorgangsNummer"], value, "{cell}");
                    assert_eq!(after.externe_vorgangs_nummer, value, "{cell}");
                    assert_ne!(after.etag, before.etag, "{cell}: a new ETag");
                    assert_eq!(response.header("etag"), Some(after.etag.as_str()), "{cell}");
                    assert!(after.events.len() > before.events.len(), "{cell}: an event");
                }
                (Op::Nachricht, true) => {
                    assert_eq!(after.events.len(), before.events.len() + 1, "{cell}");
                    assert_eq!(
                        after.events.last().unwrap()["meldung"],
                        format!("Nachricht der Matrix {cells}"),
                        "{cell}"
                    );
                }
                (Op::Entscheidungsreife, true) => {
                    assert!(after.events.len() > before.events.len(), "{cell}: an event");
                    signalled = true;
                }
                (Op::Ereignisse, true) => {
                    assert_eq!(
                        response.json(),
                        Value::Array(after.events.clone()),
                        "{cell}"
                    );
                }
                (Op::AntragsEreignisse, true) => {
                    for event in response.json().as_array().unwrap() {
                        assert_eq!(event["antragsNummer"], antrag_nummer(case), "{cell}");
                    }
                }
                _ => {}
            }
            before = after;
        }
    }
    assert_eq!(cells, callers.len() * 14);
    assert!(
        signalled,
        "the vorgangsBearbeiter signalled decision readiness"
    );
    // No column of the matrix is vacuous: each operation is both allowed and refused.
    for (op, (allowed, refused)) in &tally {
        assert!(
            *allowed > 0 && *refused > 0,
            "{op:?}: {allowed} / {refused}"
        );
    }
    assert_eq!(tally.len(), 8);
}
