//! The read matrix: every read operation × every caller, and the exact list each role sees.

use std::collections::BTreeSet;

use serde_json::Value;
use vorgaenge_client::Client;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_store::document::antrag_address;

use super::answers::{Answer, check};
use super::callers::{Expect, callers, foreign_token};
use super::rules::World;
use super::{the_case, token};
use crate::support::{AUDITOR, spawn_demo};

/// One operation: its path, and whether it is the list.
struct Operation {
    path: String,
    list: bool,
}

fn operations(case: &GeneratedCase) -> Vec<Operation> {
    let nr = &case.vorgangs_nummer;
    let antrag = case.vorgang["antraege"][0]["antragsNummer"]
        .as_str()
        .unwrap();
    let (a, t) = antrag_address(antrag).unwrap();
    let vorschlag = case.finanzierungsvorschlaege[0]["id"].as_str().unwrap();
    let angebot = case.gemerkte_angebote[0].nummer_am_vorgang;
    let mut ops = Vec::new();
    for version in ["v2", "v3"] {
        let case_op = |suffix: String| Operation {
            path: format!("/{version}/vorgaenge/{nr}{suffix}"),
            list: false,
        };
        ops.push(Operation {
            path: format!("/{version}/vorgaenge?limit=100"),
            list: true,
        });
        ops.push(case_op(String::new()));
        ops.push(case_op("/antraege".into()));
        ops.push(case_op(format!("/antraege/{a}")));
        ops.push(case_op(format!("/antraege/{a}/{t}")));
        let api_version = if version == "v2" {
            "?apiVersion=V2"
        } else {
            ""
        };
        ops.push(case_op(format!("/finanzierungsvorschlaege{api_version}")));
        ops.push(case_op(format!("/finanzierungsvorschlaege/{vorschlag}")));
        ops.push(case_op("/kundenBetreuer".into()));
        ops.push(case_op("/vorgangsBearbeiter".into()));
        if version == "v2" {
            ops.push(case_op("/gemerkteAngebote".into()));
            ops.push(case_op(format!(
                "/gemerkteAngebote/{angebot}?apiVersion=V2"
            )));
            ops.push(case_op(format!(
                "/gemerkteAngebote/{angebot}/zahlungsPlaene"
            )));
        }
    }
    ops
}

/// Every case number of the list, following `next` to the end.
async fn walk_list(client: &Client, first: &str) -> Result<Vec<String>, u16> {
    let mut numbers = Vec::new();
    let mut url = format!("{}{first}", client.base_url());
    loop {
        let page: Value = client
            .get_url(&url)
            .await
            .map_err(|e| e.status().unwrap())?;
        for item in page["vorgaenge"].as_array().unwrap() {
            numbers.push(item["vorgangsNummer"].as_str().unwrap().to_owned());
        }
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return Ok(numbers),
        }
    }
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_rules_say() {
    let app = spawn_demo().await;
    let case = the_case();
    let nr = &case.vorgangs_nummer;
    let mut cells = 0;
    let callers = callers(&app).await;
    for caller in &callers {
        let headers: Vec<(&str, &str)> = caller
            .authorization
            .as_deref()
            .map(|a| vec![("authorization", a)])
            .unwrap_or_default();
        for op in operations(case) {
            cells += 1;
            let cell = format!("{} × {}", caller.name, op.path);
            let response = app
                .anonymous
                .raw(reqwest::Method::GET, &op.path, &headers)
                .await
                .unwrap();
            let expect = if op.list { caller.list } else { caller.case };
            let answer = match expect {
                // A list the caller may not see the case on is still a list.
                Expect::Invisible if op.list => Answer::Done(200),
                expect => Answer::from(expect),
            };
            check(
                &cell,
                &response,
                &answer,
                caller.authorization.is_some(),
                nr,
            );
            if op.list && answer == Answer::Done(200) {
                let client = app.anonymous.with_token(
                    caller
                        .authorization
                        .as_deref()
                        .unwrap()
                        .trim_start_matches("Bearer "),
                );
                let version = &op.path[..3];
                let listed = walk_list(&client, &format!("{version}/vorgaenge?limit=100"))
                    .await
                    .unwrap();
                assert_eq!(
                    listed.contains(nr),
                    expect == Expect::Readable,
                    "{cell}: case {nr} on the list"
                );
            }
        }
    }
    assert_eq!(callers.len(), 24);
    assert_eq!(cells, callers.len() * 21);
}

#[tokio::test]
async fn each_role_lists_exactly_the_cases_it_may_read() {
    let app = spawn_demo().await;
    let world = World::demo();
    let roles: Vec<(&str, &str, String)> = vec![
        ("advisor", "BER11", token(&app, "demo-advisor", &[]).await),
        ("editor", "BER15", token(&app, "demo-editor", &[]).await),
        (
            "sales organisation",
            "NOR00",
            token(&app, "demo-sales-organisation", &[]).await,
        ),
        (
            "Übernahmerecht holder",
            "SUE31",
            token(&app, "demo-takeover", &[]).await,
        ),
        (
            "test-only client",
            "BER11",
            token(&app, "demo-test-only", &[]).await,
        ),
        ("trainee", "HAM29", token(&app, "demo-trainee", &[]).await),
        (
            "impersonated advisor",
            "BER12",
            token(&app, "demo-sales-organisation", &[("subject", "BER12")]).await,
        ),
        ("foreign advisor", "HAM21", foreign_token(&app).await),
        ("auditor", AUDITOR, app.client.token().unwrap().to_owned()),
    ];
    let production = BTreeSet::from([
        "advisor",
        "editor",
        "sales organisation",
        "Übernahmerecht holder",
        "impersonated advisor",
        "foreign advisor",
        "auditor",
    ]);
    let mut sizes = Vec::new();
    for (role, partner, token) in &roles {
        let client = app.anonymous.with_token(token);
        for kontext in ["ECHT_GESCHAEFT", "TEST_MODUS"] {
            let listed = walk_list(
                &client,
                &format!("/v2/vorgaenge?datenKontext={kontext}&limit=100"),
            )
            .await;
            if kontext == "ECHT_GESCHAEFT" && !production.contains(role) {
                assert_eq!(listed, Err(403), "{role} on production data");
                continue;
            }
            let listed = listed.unwrap_or_else(|s| panic!("{role} {kontext}: {s}"));
            let unique: BTreeSet<String> = listed.iter().cloned().collect();
            assert_eq!(
                unique.len(),
                listed.len(),
                "{role} {kontext}: no case twice"
            );
            assert_eq!(
                unique,
                world.readable(partner, kontext),
                "{role} ({partner}) in {kontext}"
            );
            sizes.push((*role, kontext, listed.len()));
        }
    }
    // The world is shaped so that the roles see different, non-empty sets.
    let all = world.readable(AUDITOR, "ECHT_GESCHAEFT").len();
    let advisor = world.readable("BER11", "ECHT_GESCHAEFT").len();
    let organisation = world.readable("NOR00", "ECHT_GESCHAEFT").len();
    assert!(
        0 < advisor && advisor < organisation && organisation < all,
        "{sizes:?}"
    );
}
