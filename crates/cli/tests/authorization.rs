//! The authorization matrix: every read operation of v2 and v3 × every kind of caller, with
//! the status each cell must answer, and per role the exact list of cases it may read.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::tokens::{
    claims, hs256_with_public_key, sign_with_server_key, sign_with_wrong_key, unsigned,
};
use common::{TestApp, demo_cases, demo_client, spawn_demo};
use serde_json::Value;
use vorgaenge_client::Client;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_server::auth::secrets::hash_secret;
use vorgaenge_store::document::antrag_address;
use vorgaenge_store::{ClientRecord, Timestamp};

const FULL_SCOPES: &str = "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
                           baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft";

/// The case of the matrix: production data of advisor BER11, processed by editor BER15,
/// with every sub-resource present.
fn the_case() -> &'static GeneratedCase {
    common::demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && !c.finanzierungsvorschlaege.is_empty()
            && !c.gemerkte_angebote.is_empty()
            && !c.vorgang["antraege"].as_array().unwrap().is_empty()
    })
}

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

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 401 with a Bearer challenge.
    Unauthorized,
    /// 403 naming this text (a scope or the way out).
    Forbidden(&'static str),
    /// 404, exactly as for a case that does not exist.
    Invisible,
    /// 200, and for the list: the case is on it.
    Readable,
}

/// A caller of the matrix: the `Authorization` header it sends (None: none at all) and
/// what it must get for the case operations and for the list.
struct Caller {
    name: &'static str,
    authorization: Option<String>,
    case: Expect,
    list: Expect,
}

async fn token(app: &TestApp, client_id: &str, form: &[(&str, &str)]) -> String {
    let demo = demo_client(client_id);
    app.anonymous
        .request_token(demo.client_id, demo.client_secret, form)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("token for {client_id} {form:?}: {e}"))
        .access_token
}

/// A client for HAM21, a Hamburg advisor with every scope who covers nobody in Berlin.
async fn foreign_token(app: &TestApp) -> String {
    app.store
        .put_client(ClientRecord {
            client_id: "matrix-foreign".into(),
            partner_id: "HAM21".into(),
            scopes: FULL_SCOPES.split(' ').map(String::from).collect(),
            secret_hash: hash_secret("matrix-foreign-secret"),
            disabled: false,
            created_at: Timestamp(0),
        })
        .await
        .unwrap();
    app.refresh().await;
    app.anonymous
        .request_token("matrix-foreign", "matrix-foreign-secret", &[])
        .await
        .unwrap()
        .unwrap()
        .access_token
}

async fn callers(app: &TestApp) -> Vec<Caller> {
    let store = &*app.store;
    let base = &app.base;
    let valid = claims(base, "BER11", "demo-advisor", FULL_SCOPES);
    let mut expired = valid.clone();
    let past = chrono::Utc::now().timestamp() - 7200;
    expired["iat"] = past.into();
    expired["nbf"] = past.into();
    expired["exp"] = (past + 3600).into();
    let mut other_issuer = valid.clone();
    other_issuer["iss"] = "https://login.example.org".into();

    let bearer = |t: String| Some(format!("Bearer {t}"));
    let unauthorized = |name, authorization| Caller {
        name,
        authorization,
        case: Expect::Unauthorized,
        list: Expect::Unauthorized,
    };
    let with = |name, t: String, case, list| Caller {
        name,
        authorization: bearer(t),
        case,
        list,
    };
    use Expect::*;
    vec![
        unauthorized("no token", None),
        unauthorized("malformed", Some("Bearer not-a-jwt".into())),
        unauthorized("not bearer", Some("Basic ZGVtbzpkZW1v".into())),
        unauthorized(
            "expired",
            bearer(sign_with_server_key(store, &expired).await),
        ),
        unauthorized(
            "wrong signature",
            bearer(sign_with_wrong_key(store, &valid).await),
        ),
        unauthorized("alg none", bearer(unsigned(store, &valid).await)),
        unauthorized(
            "HS256 with the public key",
            bearer(hs256_with_public_key(store, &valid).await),
        ),
        unauthorized(
            "another issuer",
            bearer(sign_with_server_key(store, &other_issuer).await),
        ),
        with(
            "missing scope",
            token(
                app,
                "demo-advisor",
                &[("scope", "baufinanzierung:ereignis:lesen")],
            )
            .await,
            Forbidden("baufinanzierung:vorgang:lesen"),
            Forbidden("baufinanzierung:vorgang:lesen"),
        ),
        with(
            "test-only client on production data",
            token(app, "demo-test-only", &[]).await,
            Forbidden("baufinanzierung:echtgeschaeft"),
            Forbidden("TEST_MODUS"),
        ),
        with(
            "partner without the production right",
            token(app, "demo-trainee", &[]).await,
            Invisible,
            Forbidden("TEST_MODUS"),
        ),
        with(
            "foreign partner",
            foreign_token(app).await,
            Invisible,
            Invisible,
        ),
        with(
            "advisor",
            token(app, "demo-advisor", &[]).await,
            Readable,
            Readable,
        ),
        with(
            "editor",
            token(app, "demo-editor", &[]).await,
            Readable,
            Readable,
        ),
        with(
            "sales organisation above both",
            token(app, "demo-sales-organisation", &[]).await,
            Readable,
            Readable,
        ),
        with(
            "Übernahmerecht holder",
            token(app, "demo-takeover", &[]).await,
            Readable,
            Readable,
        ),
        with(
            "impersonated subject (another advisor)",
            token(app, "demo-sales-organisation", &[("subject", "BER12")]).await,
            Invisible,
            Invisible,
        ),
        with(
            "impersonated subject (the advisor)",
            token(
                app,
                "demo-sales-organisation",
                &[("subject", "BER11"), ("actor", "NOR00")],
            )
            .await,
            Readable,
            Readable,
        ),
    ]
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

fn check_error(cell: &str, response: &vorgaenge_client::RawResponse, status: u16, contains: &str) {
    assert_eq!(
        response.status,
        status,
        "{cell}: {}",
        String::from_utf8_lossy(&response.body)
    );
    let body = response.json();
    assert_eq!(body["statusCode"], status, "{cell}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(contains),
        "{cell}: {message:?} should name {contains:?}"
    );
    assert_eq!(
        body["traceId"].as_str(),
        response.header("x-traceid"),
        "{cell}"
    );
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_rules_say() {
    let app = spawn_demo().await;
    let case = the_case();
    let nr = &case.vorgangs_nummer;
    let mut cells = 0;
    for caller in callers(&app).await {
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
            match expect {
                Expect::Unauthorized => {
                    check_error(&cell, &response, 401, "");
                    let challenge = response.header("www-authenticate").unwrap_or("");
                    assert!(challenge.starts_with("Bearer "), "{cell}: {challenge:?}");
                    if caller.authorization.is_some() {
                        assert!(
                            challenge.contains(r#"error="invalid_token""#),
                            "{cell}: {challenge}"
                        );
                    }
                    assert!(response.header("ratelimit-limit").is_none(), "{cell}");
                }
                Expect::Forbidden(names) => check_error(&cell, &response, 403, names),
                Expect::Invisible if !op.list => check_error(
                    &cell,
                    &response,
                    404,
                    &format!("Vorgang {nr} nicht gefunden"),
                ),
                Expect::Invisible | Expect::Readable => {
                    assert_eq!(
                        response.status,
                        200,
                        "{cell}: {}",
                        String::from_utf8_lossy(&response.body)
                    );
                    assert!(response.header("ratelimit-remaining").is_some(), "{cell}");
                    if op.list {
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
        }
    }
    assert_eq!(cells, 18 * 21);
}

/// The rule, evaluated here independently of the server: P covers Q when Q is P, is below
/// P, or is in the subtree of a partner P holds an Übernahmerecht on.
struct World {
    parent: HashMap<&'static str, &'static str>,
    grants: Vec<(&'static str, &'static str)>,
}

impl World {
    fn demo() -> Self {
        let mut parent: HashMap<_, _> = vorgaenge_demo::partners()
            .into_iter()
            .filter_map(|p| Some((p.id, p.parent?)))
            .collect();
        let mut grants: Vec<_> = vorgaenge_demo::grants()
            .into_iter()
            .map(|g| (g.holder, g.target))
            .collect();
        // The harness's auditor (an organisation of its own with grants on both roots).
        grants.extend([(common::AUDITOR, "NOR00"), (common::AUDITOR, "SUE00")]);
        parent.remove(common::AUDITOR);
        Self { parent, grants }
    }

    fn chain(&self, q: &'static str) -> Vec<&'static str> {
        let mut chain = vec![q];
        while let Some(p) = self.parent.get(chain.last().unwrap()) {
            chain.push(p);
        }
        chain
    }

    fn covers(&self, p: &str, q: &'static str) -> bool {
        self.chain(q)
            .iter()
            .any(|a| *a == p || self.grants.contains(&(p, a)))
    }

    fn readable(&self, p: &str, kontext: &str) -> BTreeSet<String> {
        demo_cases()
            .iter()
            .filter(|c| c.daten_kontext == kontext && c.status == "AKTIV")
            .filter(|c| {
                self.covers(p, c.kunden_betreuer)
                    || c.vorgangs_bearbeiter.is_some_and(|vb| self.covers(p, vb))
            })
            .map(|c| c.vorgangs_nummer.clone())
            .collect()
    }
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
        (
            "auditor",
            common::AUDITOR,
            app.client.token().unwrap().to_owned(),
        ),
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
    let all = world.readable(common::AUDITOR, "ECHT_GESCHAEFT").len();
    let advisor = world.readable("BER11", "ECHT_GESCHAEFT").len();
    let organisation = world.readable("NOR00", "ECHT_GESCHAEFT").len();
    assert!(
        0 < advisor && advisor < organisation && organisation < all,
        "{sizes:?}"
    );
}
