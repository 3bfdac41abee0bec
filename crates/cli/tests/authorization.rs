//! The authorization matrix: every operation of v2 and v3 (reads, writes, events) × every
//! kind of caller, with the status each cell must answer, and per role the exact list of
//! cases it may read.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};

use common::tokens::{
    claims, hs256_with_public_key, sign_with_server_key, sign_with_wrong_key, unsigned,
};
use common::{TestApp, demo_cases, demo_client, spawn_demo};
use serde_json::Value;
use vorgaenge_client::Client;
use vorgaenge_client::RawResponse;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_domain::directory::PartnerTyp;
use vorgaenge_server::auth::secrets::hash_secret;
use vorgaenge_store::document::antrag_address;
use vorgaenge_store::{ClientRecord, GrantRecord, PartnerRecord, Timestamp};

const LESEN: &str = "baufinanzierung:vorgang:lesen";
const SCHREIBEN: &str = "baufinanzierung:vorgang:schreiben";
const EREIGNIS: &str = "baufinanzierung:ereignis:lesen";
const ECHT: &str = "baufinanzierung:echtgeschaeft";
const FULL_SCOPES: &str = "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
                           baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft";
/// What the token endpoint grants a client with every scope whose partner has no right to
/// production data: everything but `baufinanzierung:echtgeschaeft`.
const WITHOUT_ECHT: &str = "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
                            baufinanzierung:ereignis:lesen";
const IMPERSONATING: &str = "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
                             baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft \
                             impersonieren";

/// A partner of the matrix only: an organisation outside both trees, without the right to
/// production data, holding an Übernahmerecht on the Berlin team. It covers the case but may
/// not touch it, because the case is production data.
const NO_RIGHT: &str = "AZB00";
const NO_RIGHT_GRANT: &str = "NBE10";

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

/// Who a caller is as far as the rules care: the acting partner (the subject when
/// impersonating) and the scopes its token carries (space-separated).
#[derive(Debug, Clone, Copy)]
struct Identity {
    partner: &'static str,
    scopes: &'static str,
}

impl Identity {
    fn has(&self, scope: &str) -> bool {
        self.scopes.split_whitespace().any(|s| s == scope)
    }
}

/// A caller of the matrix: the `Authorization` header it sends (None: none at all), who it
/// is (None: no usable token), and what it must get for the read operations on the case and
/// for the list (written out by hand; the write cells are derived from `identity` by the
/// rules, which are checked against these hand-written read expectations first).
struct Caller {
    name: &'static str,
    authorization: Option<String>,
    identity: Option<Identity>,
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

/// Registers a client with every scope for `partner` and returns a token of it.
async fn registered_token(app: &TestApp, client_id: &str, partner: &str) -> String {
    let secret = format!("{client_id}-secret");
    app.store
        .put_client(ClientRecord {
            client_id: client_id.into(),
            partner_id: partner.into(),
            scopes: FULL_SCOPES.split_whitespace().map(String::from).collect(),
            secret_hash: hash_secret(&secret),
            disabled: false,
            created_at: Timestamp(0),
        })
        .await
        .unwrap();
    app.refresh().await;
    app.anonymous
        .request_token(client_id, &secret, &[])
        .await
        .unwrap()
        .unwrap()
        .access_token
}

/// A client for HAM21, a Hamburg advisor with every scope who covers nobody in Berlin.
async fn foreign_token(app: &TestApp) -> String {
    registered_token(app, "matrix-foreign", "HAM21").await
}

/// A client for [`NO_RIGHT`], which covers the case but has no right to production data.
async fn no_right_token(app: &TestApp) -> String {
    let partner = PartnerRecord {
        id: NO_RIGHT.into(),
        typ: "ORGANISATION".into(),
        parent: None,
        gesperrt: false,
        echtgeschaeft: false,
        kreditsachbearbeiter: false,
        profile: bytes::Bytes::from_static(
            br#"{"partnerId":"AZB00","firmierung":"Ausbildungswerkstatt"}"#,
        ),
    };
    let grant = GrantRecord {
        holder: NO_RIGHT.into(),
        target: NO_RIGHT_GRANT.into(),
    };
    app.store
        .put_partners(vec![partner], vec![grant])
        .await
        .unwrap();
    registered_token(app, "matrix-no-right", NO_RIGHT).await
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
        identity: None,
        case: Expect::Unauthorized,
        list: Expect::Unauthorized,
    };
    let with = |name, t: String, partner, scopes, case, list| Caller {
        name,
        authorization: bearer(t),
        identity: Some(Identity { partner, scopes }),
        case,
        list,
    };
    let narrowed = |scopes| async move { token(app, "demo-advisor", &[("scope", scopes)]).await };
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
            narrowed(EREIGNIS).await,
            "BER11",
            EREIGNIS,
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "read-only token",
            narrowed("baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft",
            Readable,
            Readable,
        ),
        with(
            "write-only token",
            narrowed("baufinanzierung:vorgang:schreiben baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:vorgang:schreiben baufinanzierung:echtgeschaeft",
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "events-only token",
            narrowed("baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft",
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "test-only client on production data",
            token(app, "demo-test-only", &[]).await,
            "BER11",
            "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
             baufinanzierung:ereignis:lesen",
            Forbidden(ECHT),
            Forbidden("TEST_MODUS"),
        ),
        with(
            "partner without the production right",
            token(app, "demo-trainee", &[]).await,
            "HAM29",
            WITHOUT_ECHT,
            Invisible,
            Forbidden("TEST_MODUS"),
        ),
        with(
            "covering partner without the production right",
            no_right_token(app).await,
            NO_RIGHT,
            WITHOUT_ECHT,
            Forbidden(ECHT),
            Forbidden("TEST_MODUS"),
        ),
        // Issued while the partner still had the right (the endpoint would not grant the
        // scope now): the right is checked at every request.
        with(
            "covering partner who lost the production right",
            sign_with_server_key(
                store,
                &claims(base, NO_RIGHT, "matrix-no-right", FULL_SCOPES),
            )
            .await,
            NO_RIGHT,
            FULL_SCOPES,
            Forbidden("kein Recht auf Echtgeschäft"),
            Forbidden("TEST_MODUS"),
        ),
        with(
            "foreign partner",
            foreign_token(app).await,
            "HAM21",
            FULL_SCOPES,
            Invisible,
            Invisible,
        ),
        with(
            "advisor",
            token(app, "demo-advisor", &[]).await,
            "BER11",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "editor",
            token(app, "demo-editor", &[]).await,
            "BER15",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "sales organisation above both",
            token(app, "demo-sales-organisation", &[]).await,
            "NOR00",
            IMPERSONATING,
            Readable,
            Readable,
        ),
        with(
            "Übernahmerecht holder",
            token(app, "demo-takeover", &[]).await,
            "SUE31",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "impersonated subject (another advisor)",
            token(app, "demo-sales-organisation", &[("subject", "BER12")]).await,
            "BER12",
            IMPERSONATING,
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
            "BER11",
            IMPERSONATING,
            Readable,
            Readable,
        ),
        with(
            "impersonated subject (the editor)",
            token(app, "demo-sales-organisation", &[("subject", "BER15")]).await,
            "BER15",
            IMPERSONATING,
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

/// What a cell must answer, in full: derived from the rules for every cell of the write
/// matrix, translated from the hand-written [`Expect`] for the read matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// 401 with a Bearer challenge.
    Unauthorized,
    /// 403 naming this scope, which the token lacks.
    MissingScope(&'static str),
    /// 403 for a right or a rule; the message contains this text.
    Refused(String),
    /// 404, exactly as for a case that does not exist.
    Invisible,
    /// 400; the message contains this text.
    BadRequest(String),
    /// This success status.
    Done(u16),
}

impl From<Expect> for Answer {
    fn from(expect: Expect) -> Self {
        match expect {
            Expect::Unauthorized => Answer::Unauthorized,
            Expect::Forbidden(scope) if scope.starts_with("baufinanzierung:") => {
                Answer::MissingScope(scope)
            }
            Expect::Forbidden(text) => Answer::Refused(text.into()),
            Expect::Invisible => Answer::Invisible,
            Expect::Readable => Answer::Done(200),
        }
    }
}

fn check_error(cell: &str, response: &RawResponse, status: u16, contains: &str) {
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

/// Asserts that `response` is `answer`. `sent_token`: the caller sent an Authorization
/// header (then a 401 must say `invalid_token`).
fn check(cell: &str, response: &RawResponse, answer: &Answer, sent_token: bool, nr: &str) {
    match answer {
        Answer::Unauthorized => {
            check_error(cell, response, 401, "");
            let challenge = response.header("www-authenticate").unwrap_or("");
            assert!(challenge.starts_with("Bearer "), "{cell}: {challenge:?}");
            if sent_token {
                assert!(
                    challenge.contains(r#"error="invalid_token""#),
                    "{cell}: {challenge}"
                );
            }
            assert!(response.header("ratelimit-limit").is_none(), "{cell}");
        }
        Answer::MissingScope(scope) => {
            check_error(cell, response, 403, scope);
            let challenge = response.header("www-authenticate").unwrap_or("");
            assert!(
                challenge.contains(r#"error="insufficient_scope""#)
                    && challenge.contains(&format!(r#"scope="{scope}""#)),
                "{cell}: {challenge:?}"
            );
        }
        Answer::Refused(text) => check_error(cell, response, 403, text),
        Answer::Invisible => {
            check_error(cell, response, 404, &format!("Vorgang {nr} nicht gefunden"));
        }
        Answer::BadRequest(text) => check_error(cell, response, 400, text),
        Answer::Done(status) => {
            assert_eq!(
                response.status,
                *status,
                "{cell}: {}",
                String::from_utf8_lossy(&response.body)
            );
            assert!(response.header("ratelimit-remaining").is_some(), "{cell}");
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

/// An operation of the write matrix: the writes of v2 and v3, and the events (read with
/// their own scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    /// Any read of the case (the read matrix); here only to hold the rules against it.
    Read,
    Patch,
    KundenBetreuer,
    VorgangsBearbeiter,
    Status,
    Nachricht,
    Entscheidungsreife,
    Ereignisse,
    AntragsEreignisse,
}

impl Op {
    fn scope(self) -> &'static str {
        match self {
            Op::Read => LESEN,
            Op::Ereignisse | Op::AntragsEreignisse => EREIGNIS,
            _ => SCHREIBEN,
        }
    }

    fn changes_the_case(self) -> bool {
        !matches!(self, Op::Read | Op::Ereignisse | Op::AntragsEreignisse)
    }
}

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

/// Sends one request with exactly this Authorization header (or none).
async fn send(
    http: &reqwest::Client,
    base: &str,
    method: reqwest::Method,
    path: &str,
    authorization: Option<&str>,
    body: Option<(&str, String)>,
) -> RawResponse {
    let mut request = http.request(method, format!("{base}{path}"));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    if let Some((content_type, body)) = body {
        request = request.header("content-type", content_type).body(body);
    }
    let response = request.send().await.unwrap();
    RawResponse {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap(),
    }
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

/// The rules, evaluated here independently of the server: P covers Q when Q is P, is below
/// P, or is in the subtree of a partner P holds an Übernahmerecht on; and the access table
/// of the guide on top of it.
struct World {
    parent: HashMap<&'static str, &'static str>,
    grants: Vec<(&'static str, &'static str)>,
    /// Partners with the right to production data.
    echtgeschaeft: HashSet<&'static str>,
    persons: HashSet<&'static str>,
}

impl World {
    fn demo() -> Self {
        let partners = vorgaenge_demo::partners();
        let mut parent: HashMap<_, _> = partners
            .iter()
            .filter_map(|p| Some((p.id, p.parent?)))
            .collect();
        let mut grants: Vec<_> = vorgaenge_demo::grants()
            .into_iter()
            .map(|g| (g.holder, g.target))
            .collect();
        // The harness's auditor (an organisation of its own with grants on both roots).
        grants.extend([(common::AUDITOR, "NOR00"), (common::AUDITOR, "SUE00")]);
        parent.remove(common::AUDITOR);
        let mut echtgeschaeft: HashSet<_> = partners
            .iter()
            .filter(|p| p.echtgeschaeft)
            .map(|p| p.id)
            .collect();
        echtgeschaeft.insert(common::AUDITOR);
        let persons = partners
            .iter()
            .filter(|p| p.typ == PartnerTyp::Person)
            .map(|p| p.id)
            .collect();
        Self {
            parent,
            grants,
            echtgeschaeft,
            persons,
        }
    }

    /// With the matrix's [`NO_RIGHT`] organisation, as [`no_right_token`] registers it.
    fn with_no_right_partner(mut self) -> Self {
        self.grants.push((NO_RIGHT, NO_RIGHT_GRANT));
        self
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

    /// Read access: P covers the kundenBetreuer or the vorgangsBearbeiter.
    fn may_read(&self, p: &str, case: &GeneratedCase) -> bool {
        self.covers(p, case.kunden_betreuer)
            || case
                .vorgangs_bearbeiter
                .is_some_and(|vb| self.covers(p, vb))
    }

    fn readable(&self, p: &str, kontext: &str) -> BTreeSet<String> {
        demo_cases()
            .iter()
            .filter(|c| c.daten_kontext == kontext && c.status == "AKTIV")
            .filter(|c| self.may_read(p, c))
            .map(|c| c.vorgangs_nummer.clone())
            .collect()
    }

    /// What `op` on `case` must answer `who` (None: no usable token). The checks run in
    /// this order: token, the operation's scope, visibility, production data; then the
    /// operation's own rule. `signalled`: decision readiness was signalled already.
    fn expect(
        &self,
        who: Option<Identity>,
        op: Op,
        case: &GeneratedCase,
        signalled: bool,
    ) -> Answer {
        let Some(who) = who else {
            return Answer::Unauthorized;
        };
        if !who.has(op.scope()) {
            return Answer::MissingScope(op.scope());
        }
        if !self.may_read(who.partner, case) {
            return Answer::Invisible;
        }
        if case.daten_kontext == "ECHT_GESCHAEFT" {
            if !who.has(ECHT) {
                return Answer::MissingScope(ECHT);
            }
            if !self.echtgeschaeft.contains(who.partner) {
                return Answer::Refused("kein Recht auf Echtgeschäft".into());
            }
        }
        let kunden_betreuer = case.kunden_betreuer;
        let vorgangs_bearbeiter = case.vorgangs_bearbeiter.unwrap();
        match op {
            Op::Read | Op::Ereignisse | Op::AntragsEreignisse | Op::Patch => Answer::Done(200),
            Op::KundenBetreuer if self.covers(who.partner, kunden_betreuer) => Answer::Done(201),
            Op::KundenBetreuer => {
                Answer::Refused(format!("{kunden_betreuer} nicht als Kundenbetreuer"))
            }
            Op::VorgangsBearbeiter => {
                assert!(self.persons.contains(vorgangs_bearbeiter));
                if self.covers(who.partner, vorgangs_bearbeiter) {
                    Answer::Done(201)
                } else {
                    Answer::Refused(format!(
                        "{vorgangs_bearbeiter} nicht als Vorgangsbearbeiter"
                    ))
                }
            }
            Op::Status => Answer::Done(202),
            Op::Nachricht => Answer::Done(201),
            Op::Entscheidungsreife if who.partner != vorgangs_bearbeiter => {
                Answer::Refused("Nur der Vorgangsbearbeiter".into())
            }
            Op::Entscheidungsreife if signalled => Answer::BadRequest("bereits".into()),
            Op::Entscheidungsreife => Answer::Done(202),
        }
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

/// A token without an operation's scope learns nothing about which case numbers exist: an
/// unknown number, a case the caller may not see and its own case all answer the same 403.
#[tokio::test]
async fn a_missing_scope_is_403_before_any_case_is_looked_at() {
    let app = spawn_demo().await;
    let own = the_case().vorgangs_nummer.as_str();
    let foreign = common::demo_case(|c| {
        c.kunden_betreuer != "BER11" && c.vorgangs_bearbeiter.is_none_or(|b| !b.starts_with("BER"))
    })
    .vorgangs_nummer
    .as_str();
    let narrowed = |scope: &'static str| {
        let app = &app;
        async move {
            token(
                app,
                "demo-advisor",
                &[("scope", &format!("{scope} baufinanzierung:echtgeschaeft"))],
            )
            .await
        }
    };
    let events_only = narrowed("baufinanzierung:ereignis:lesen").await;
    let read_only = narrowed("baufinanzierung:vorgang:lesen").await;
    let patch = r#"[{"op":"replace","path":"/externeVorgangsNummer","value":"x"}]"#;
    for nr in ["ZZZZZ9", foreign, own] {
        let cells: [(&str, String, &str, Option<&str>, &str); 4] = [
            (
                "GET",
                format!("/v2/vorgaenge/{nr}"),
                &events_only,
                None,
                "baufinanzierung:vorgang:lesen",
            ),
            (
                "PATCH",
                format!("/v2/vorgaenge/{nr}"),
                &read_only,
                Some(patch),
                "baufinanzierung:vorgang:schreiben",
            ),
            (
                "POST",
                format!("/v2/vorgaenge/{nr}/nachricht"),
                &read_only,
                Some(r#"{"text":"x"}"#),
                "baufinanzierung:vorgang:schreiben",
            ),
            (
                "GET",
                format!("/v2/ereignisse/{nr}"),
                &read_only,
                None,
                "baufinanzierung:ereignis:lesen",
            ),
        ];
        for (method, path, token, body, scope) in cells {
            let mut request = reqwest::Client::new()
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{}{path}", app.base),
                )
                .bearer_auth(token);
            if let Some(body) = body {
                let kind = if method == "PATCH" {
                    "application/json-patch+json"
                } else {
                    "application/json"
                };
                request = request.header("content-type", kind).body(body);
            }
            let response = request.send().await.unwrap();
            let cell = format!("{method} {path}");
            assert_eq!(response.status().as_u16(), 403, "{cell}");
            let body: Value = response.json().await.unwrap();
            assert!(
                body["message"].as_str().unwrap().contains(scope),
                "{cell}: {body}"
            );
        }
    }
}

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
