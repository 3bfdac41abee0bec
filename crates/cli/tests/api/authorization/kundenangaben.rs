//! The Kundenangaben operations × every caller, answered in their problem format.

use std::collections::HashMap;

use serde_json::Value;
use vorgaenge_client::RawResponse;

use super::answers::Answer;
use super::callers::callers;
use super::rules::{Op, World};
use super::{ECHT, SCHREIBEN, send, the_case};
use crate::support::spawn_demo;

/// The operations of the Kundenangaben API, whose errors are RFC 7807 problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KundenangabenOp {
    Import,
    Validate,
    Read,
    Replace,
}

/// Asserts that `response` is `answer`, in the problem format of the Kundenangaben API.
fn check_problem(cell: &str, response: &RawResponse, answer: &Answer, nr: &str) {
    let error = |status: u16, contains: &str| {
        assert_eq!(
            response.status,
            status,
            "{cell}: {}",
            String::from_utf8_lossy(&response.body)
        );
        assert_eq!(
            response.header("content-type"),
            Some("application/problem+json"),
            "{cell}"
        );
        let body = response.json();
        assert_eq!(body["status"], status, "{cell}");
        let detail = body["detail"].as_str().unwrap();
        assert!(
            detail.contains(contains),
            "{cell}: {detail:?} should name {contains:?}"
        );
        assert_eq!(
            body["traceId"].as_str(),
            response.header("x-traceid"),
            "{cell}"
        );
    };
    match answer {
        Answer::Unauthorized => {
            error(401, "");
            let challenge = response.header("www-authenticate").unwrap_or("");
            assert!(challenge.starts_with("Bearer "), "{cell}: {challenge:?}");
        }
        Answer::MissingScope(scope) => error(403, scope),
        Answer::Refused(text) => error(403, text),
        Answer::Invisible => error(404, &format!("Vorgang {nr} nicht gefunden")),
        Answer::BadRequest(text) => error(400, text),
        Answer::Done(status) => assert_eq!(
            response.status,
            *status,
            "{cell}: {}",
            String::from_utf8_lossy(&response.body)
        ),
    }
}

#[tokio::test]
async fn the_kundenangaben_operations_answer_every_caller_as_the_rules_say() {
    let app = spawn_demo().await;
    let case = the_case();
    let nr = &case.vorgangs_nummer;
    let world = World::demo().with_no_right_partner();
    let http = reqwest::Client::new();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../intake/tests/fixtures");
    // Production data without Betreuung: the acting partner looks after the new case.
    let import =
        std::fs::read_to_string(format!("{fixtures}/kauf_mit_finanzierungsbedarf.json")).unwrap();
    let request: Value = serde_json::from_str(&import).unwrap();
    let update = serde_json::json!({
        "kundenangaben": request["kundenangaben"],
        "updateMetadaten": {}
    })
    .to_string();
    // The matrix case gets Kundenangaben first, so that reading them can succeed.
    app.client
        .update_kundenangaben(nr, &serde_json::from_str(&update).unwrap())
        .await
        .unwrap();

    let mut tally: HashMap<KundenangabenOp, (usize, usize)> = HashMap::new();
    let callers = callers(&app).await;
    for caller in &callers {
        for op in [
            KundenangabenOp::Import,
            KundenangabenOp::Validate,
            KundenangabenOp::Read,
            KundenangabenOp::Replace,
        ] {
            let (method, path, body, answer) = match op {
                KundenangabenOp::Import | KundenangabenOp::Validate => {
                    // No case to see: token, scope, then the production gate of the body.
                    let answer = match caller.identity {
                        None => Answer::Unauthorized,
                        Some(who) if !who.has(SCHREIBEN) => Answer::MissingScope(SCHREIBEN),
                        Some(who) if !who.has(ECHT) => Answer::MissingScope(ECHT),
                        Some(who) if !world.echtgeschaeft.contains(who.partner) => {
                            Answer::Refused("kein Recht auf Echtgeschäft".into())
                        }
                        Some(_) if op == KundenangabenOp::Import => Answer::Done(201),
                        Some(_) => Answer::Done(200),
                    };
                    let path = match op {
                        KundenangabenOp::Import => "/kundenangaben".to_owned(),
                        _ => "/kundenangaben/body-validation".to_owned(),
                    };
                    (reqwest::Method::POST, path, Some(import.clone()), answer)
                }
                KundenangabenOp::Read => (
                    reqwest::Method::GET,
                    format!("/kundenangaben/{nr}"),
                    None,
                    world.expect(caller.identity, Op::Read, case, false),
                ),
                KundenangabenOp::Replace => {
                    let answer = match world.expect(caller.identity, Op::Patch, case, false) {
                        Answer::Done(_) => Answer::Done(204),
                        refused => refused,
                    };
                    (
                        reqwest::Method::PUT,
                        format!("/kundenangaben/{nr}"),
                        Some(update.clone()),
                        answer,
                    )
                }
            };
            let cell = format!("{} × {method} {path}", caller.name);
            let response = send(
                &http,
                &app.base,
                method,
                &path,
                caller.authorization.as_deref(),
                body.map(|b| ("application/json;version=1.0", b)),
            )
            .await;
            check_problem(&cell, &response, &answer, nr);
            let counts = tally.entry(op).or_default();
            if matches!(answer, Answer::Done(_)) {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
    }
    // No column is vacuous: each operation is both allowed and refused.
    for (op, (allowed, refused)) in &tally {
        assert!(
            *allowed > 0 && *refused > 0,
            "{op:?}: {allowed} / {refused}"
        );
    }
    assert_eq!(tally.len(), 4);
}
