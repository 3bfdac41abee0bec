//! The Kundenangaben API end to end over HTTP, with the project's client: a case is created
//! from customer data, is a case like any other (read, listed, patched, its events), and its
//! customer data can be read back and replaced; every error is an RFC 7807 problem.

mod common;
#[allow(dead_code)] // the write tests' helpers; this binary needs only a few
mod write_support;

use std::sync::{Arc, Mutex, OnceLock};

use common::{TestApp, spawn_app, spawn_app_with, upstream_pair};
use serde_json::{Value, json};
use vorgaenge_client::ClientError;
use vorgaenge_client::kundenangaben::{MEDIA_TYPE, Problem};
use vorgaenge_server::http::kundenangaben::ignoriert::IGNORIERTE_WERTE;
use write_support::{assert_status, case, events, listed, send, validate_events};

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

#[tokio::test]
async fn the_fixtures_become_cases() {
    let app = spawn_app().await;
    let mut first = fixture("zwei_personen_haushalt.json");
    // The fixture's partners do not exist here; ours do.
    first["importMetadaten"]["betreuung"] =
        json!({ "kundenbetreuer": "BER11", "bearbeiter": "BER15" });
    let second = fixture("kauf_mit_finanzierungsbedarf.json");
    let mut vorgaenge = Vec::new();
    for (request, kontext, betreuer) in [
        (&first, "TEST_MODUS", "BER11"),
        // Without betreuung the acting partner looks after the case.
        (&second, "ECHT_GESCHAEFT", common::AUDITOR),
    ] {
        let nr = app.client.import_kundenangaben(request).await.unwrap();
        assert!(vorgaenge_domain::numbers::is_vorgangs_nummer(&nr), "{nr}");
        let (vorgang, _) = case(&app.client, &nr).await;
        assert_eq!(vorgang["vorgangsNummer"], nr);
        assert_eq!(vorgang["datenKontext"], kontext);
        assert_eq!(vorgang["status"], "AKTIV");
        assert_eq!(vorgang["kundenBetreuer"]["partnerId"], betreuer);
        assert!(
            vorgang["erstelltAm"]
                .as_str()
                .is_some_and(|d| d.len() == 10)
        );
        assert_mapped(request, &vorgang);
        assert!(
            numbers(&app, kontext).await.contains(&nr),
            "listed in {kontext}"
        );
        assert_eq!(
            app.client.kundenangaben(&nr).await.unwrap(),
            request["kundenangaben"]
        );
        let events = events(&app.client, &nr).await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["aktivitaet"], "VORGANG_ANGELEGT");
        assert_eq!(events[0]["typ"], "HINWEIS");
        assert_eq!(events[0]["quelle"]["partnerId"], common::AUDITOR);
        assert_eq!(events[0]["zeitpunkt"], vorgang["letztesEreignis"]);
        validate_events(&events);
        vorgaenge.push(("Vorgang", vorgang));
    }
    assert_eq!(
        vorgaenge[0].1["vorgangsBearbeiter"]["partnerId"], "BER15",
        "the Bearbeiter of betreuung"
    );
    let events = events(
        &app.client,
        vorgaenge[0].1["vorgangsNummer"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        events[0]["meldung"],
        "Vorgang angelegt – Lead aus Kampagne Frühjahr"
    );
    common::schema::validate_all(&vorgaenge);
}

#[tokio::test]
async fn a_created_case_lives_like_any_other() {
    let app = spawn_app().await;
    let request = own_request("Mustermann");
    let nr = app.client.import_kundenangaben(&request).await.unwrap();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_mapped(&request, &vorgang);
    assert_eq!(vorgang["externeVorgangsNummer"], "TEST-4711");
    assert_eq!(
        vorgang["haushalte"][0]["antragsteller"][0]["nachname"],
        "Mustermann"
    );
    assert!(numbers(&app, "TEST_MODUS").await.contains(&nr));

    let (patched, _) = app
        .client
        .patch_vorgang(
            &nr,
            &json!([{ "op": "replace", "path": "/externeVorgangsNummer", "value": "CRM-1" }]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(patched.externe_vorgangs_nummer.as_deref(), Some("CRM-1"));
    let before = events(&app.client, &nr).await;
    let kinds: Vec<&str> = before
        .iter()
        .map(|e| e["aktivitaet"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["VORGANG_ANGELEGT", "EXTERNE_VORGANGSNUMMER_GESETZT"]
    );
    assert_eq!(
        before[0]["meldung"],
        "Vorgang angelegt – aus dem Testportal"
    );
    assert_eq!(
        app.client.kundenangaben(&nr).await.unwrap(),
        request["kundenangaben"]
    );

    // New customer data: the case shows it, keeps its metadata, and records the change.
    let changed = own_request("Musterfrau")["kundenangaben"].clone();
    app.client
        .update_kundenangaben(
            &nr,
            &json!({
                "kundenangaben": changed,
                "updateMetadaten": { "tippgeber": { "tippgeberPartnerId": "TIP01" } }
            }),
        )
        .await
        .unwrap();
    let (after, _) = case(&app.client, &nr).await;
    assert_eq!(
        after["haushalte"][0]["antragsteller"][0]["nachname"],
        "Musterfrau"
    );
    assert_eq!(after["externeVorgangsNummer"], "CRM-1");
    assert_eq!(after["kundenBetreuer"], vorgang["kundenBetreuer"]);
    assert_eq!(after["datenKontext"], "TEST_MODUS");
    assert_eq!(after["tippGeber"]["partnerId"], "TIP01");
    assert_eq!(app.client.kundenangaben(&nr).await.unwrap(), changed);
    let all = events(&app.client, &nr).await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[2]["aktivitaet"], "ERFASSTE_DATEN_GEAENDERT");
    assert_eq!(all[2]["meldung"], "Erfasste Daten geändert");
    assert_eq!(all[2]["zeitpunkt"], after["letztesEreignis"]);
    validate_events(&all);
    common::schema::validate_all(&[("Vorgang", after)]);
}

#[tokio::test]
async fn violations_are_a_400_problem_and_create_nothing() {
    let app = spawn_app().await;
    let before = numbers(&app, "TEST_MODUS").await;
    let mut request = own_request("Mustermann");
    let household = request["kundenangaben"]["haushalte"][0].clone();
    request["kundenangaben"]["haushalte"] =
        json!([household, household, household, household, household]);
    // An unknown enum value is dropped, not a violation; it does not save the request.
    request["importMetadaten"]["prioritaet"] = json!("DRINGEND");
    request["kundenangaben"]["haushalte"][0]["kunden"][0]
        .as_object_mut()
        .unwrap()
        .remove("referenzId");
    request["importMetadaten"]
        .as_object_mut()
        .unwrap()
        .remove("datenkontext");
    let response = send_json(
        &app,
        "POST",
        "/kundenangaben",
        &request,
        &[("x-traceid", "trace-violations-1")],
    )
    .await;
    let body = assert_problem(&response, 400, "constraint-violation");
    assert_eq!(body["traceId"], "trace-violations-1");
    let fields: Vec<&str> = body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"].as_str().unwrap())
        .collect();
    for expected in [
        "importMetadaten.datenkontext",
        "kundenangaben.haushalte",
        "kundenangaben.haushalte[0].kunden[0].referenzId",
    ] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
    assert!(
        !fields.contains(&"importMetadaten.prioritaet"),
        "{fields:?}"
    );
    assert_eq!(response.header(IGNORIERTE_WERTE), None);
    assert!(
        body["violations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    assert_eq!(numbers(&app, "TEST_MODUS").await, before, "nothing created");
    assert_eq!(numbers(&app, "ECHT_GESCHAEFT").await, Vec::<String>::new());

    // Not JSON at all: one violation of the body as a whole.
    let problem = problem(app.client.import_kundenangaben(&json!([1, 2])).await, 400);
    assert!(!problem.violations.is_empty());
}

/// The log lines of this test binary's servers (they run in the test process).
fn captured_log() -> &'static Mutex<Vec<u8>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || LogSink(sink.clone()))
            .try_init();
        log
    })
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The captured log lines that name `trace_id`.
/// The log lines of a request that report dropped values (a change also logs its audit line).
fn dropped_lines_of(trace_id: &str) -> Vec<String> {
    let log = captured_log().lock().unwrap();
    String::from_utf8_lossy(&log)
        .lines()
        .filter(|line| line.contains(&format!("trace_id={trace_id}")) && line.contains("dropped"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn unknown_enum_values_are_dropped_and_named() {
    captured_log();
    let app = spawn_app().await;
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["prioritaet"] = json!("MITTEL");
    request["kundenangaben"]["haushalte"][0]["finanzielleSituation"] = json!({
        "vermoegen": { "bausparvertraege": [
            { "bausparkasse": "LBS", "angesparterBetrag": 1000 },
            { "bausparkasse": "WUESTENROT", "angesparterBetrag": 2000 }
        ] }
    });
    let expected = "$.importMetadaten.prioritaet, \
        $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse";

    let checked = send_json(
        &app,
        "POST",
        "/kundenangaben/body-validation",
        &request,
        &[],
    )
    .await;
    assert_status(&checked, 200);
    assert_eq!(checked.header(IGNORIERTE_WERTE), Some(expected));

    let trace = [("x-traceid", "trace-ignoriert-1")];
    let created = send_json(&app, "POST", "/kundenangaben", &request, &trace).await;
    assert_status(&created, 201);
    assert_eq!(created.header(IGNORIERTE_WERTE), Some(expected));
    let lines = dropped_lines_of("trace-ignoriert-1");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("WARN"), "{}", lines[0]);
    assert!(lines[0].contains(expected), "{}", lines[0]);

    // The case is made as if the values had not been sent.
    let nr = created.json()["vorgangsnummer"]
        .as_str()
        .unwrap()
        .to_owned();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_eq!(vorgang.get("prioritaet"), None);
    let mut without = request.clone();
    without["importMetadaten"]
        .as_object_mut()
        .unwrap()
        .remove("prioritaet");
    without["kundenangaben"]["haushalte"][0]["finanzielleSituation"]["vermoegen"]
        ["bausparvertraege"][0]
        .as_object_mut()
        .unwrap()
        .remove("bausparkasse");
    assert_mapped(&without, &vorgang);
    // As sent, unknown values included.
    assert_eq!(
        app.client.kundenangaben(&nr).await.unwrap(),
        request["kundenangaben"]
    );

    // The replacement names them too, as paths of the update request.
    let update = json!({
        "kundenangaben": request["kundenangaben"],
        "updateMetadaten": {}
    });
    let replaced = send_json(
        &app,
        "PUT",
        &format!("/kundenangaben/{nr}"),
        &update,
        &[("x-traceid", "trace-ignoriert-2")],
    )
    .await;
    assert_status(&replaced, 204);
    assert_eq!(
        replaced.header(IGNORIERTE_WERTE),
        Some(
            "$.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse"
        )
    );
    assert_eq!(dropped_lines_of("trace-ignoriert-2").len(), 1);

    // Nothing dropped, no header.
    let plain = send_json(
        &app,
        "POST",
        "/kundenangaben",
        &own_request("Musterfrau"),
        &[("x-traceid", "trace-ignoriert-3")],
    )
    .await;
    assert_status(&plain, 201);
    assert_eq!(plain.header(IGNORIERTE_WERTE), None);
    assert!(dropped_lines_of("trace-ignoriert-3").is_empty());
}

#[tokio::test]
async fn betreuung_that_cannot_be_set_is_a_409() {
    let app = spawn_app().await;
    let advisor = app.client_for("demo-advisor").await;
    // BER11 does not cover HAM21 (another team, no Übernahmerecht).
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] = json!({ "kundenbetreuer": "HAM21" });
    let p = problem(advisor.import_kundenangaben(&request).await, 409);
    assert!(p.kind.ends_with("/conflict"), "{p:?}");
    assert!(p.detail.contains("HAM21"), "{}", p.detail);
    // A Bearbeiter must be a person; NBE10 is the Berlin team.
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] =
        json!({ "kundenbetreuer": "BER11", "bearbeiter": "NBE10" });
    let p = problem(app.client.import_kundenangaben(&request).await, 409);
    assert!(p.detail.contains("NBE10"), "{}", p.detail);
    // Unknown partners too.
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] = json!({ "kundenbetreuer": "ZZZ99" });
    problem(app.client.import_kundenangaben(&request).await, 409);
    // The validation answers the same without creating anything.
    problem(app.client.validate_kundenangaben(&request).await, 409);
    assert!(numbers(&app, "TEST_MODUS").await.is_empty());
}

#[tokio::test]
async fn production_data_needs_the_scope_and_the_right() {
    let app = spawn_app().await;
    let test_only = app.client_for("demo-test-only").await;
    let request = fixture("kauf_mit_finanzierungsbedarf.json");
    let p = problem(test_only.import_kundenangaben(&request).await, 403);
    assert!(
        p.detail.contains("baufinanzierung:echtgeschaeft"),
        "{}",
        p.detail
    );
    problem(test_only.validate_kundenangaben(&request).await, 403);
    // The same client may import test data (it looks after it itself).
    let mut test = request.clone();
    test["importMetadaten"]["datenkontext"] = json!("TEST_MODUS");
    let nr = test_only.import_kundenangaben(&test).await.unwrap();
    assert_eq!(
        case(&app.client, &nr).await.0["kundenBetreuer"]["partnerId"],
        "BER11"
    );
    // The trainee's partner has no right to production data.
    let trainee = app.client_for("demo-trainee").await;
    problem(trainee.import_kundenangaben(&request).await, 403);
    assert!(numbers(&app, "ECHT_GESCHAEFT").await.is_empty());
}

#[tokio::test]
async fn body_validation_checks_without_creating() {
    let app = spawn_app().await;
    let request = own_request("Mustermann");
    let response = send(
        &app.client,
        "POST",
        "/kundenangaben/body-validation",
        Some("application/json"),
        serde_json::to_vec(&request).unwrap(),
        &[],
    )
    .await;
    assert_status(&response, 200);
    assert_eq!(response.header("content-type"), Some(MEDIA_TYPE));
    assert_eq!(response.json(), json!({ "vorgangsnummer": "" }));
    let mut invalid = request.clone();
    invalid["importMetadaten"]["datenkontext"] = json!("PRODUKTION");
    let p = problem(app.client.validate_kundenangaben(&invalid).await, 400);
    assert_eq!(p.violations[0].field, "importMetadaten.datenkontext");
    assert!(numbers(&app, "TEST_MODUS").await.is_empty());
}

#[tokio::test]
async fn every_error_is_a_problem() {
    let app = spawn_app().await;
    let body = serde_json::to_vec(&own_request("Mustermann")).unwrap();

    // No token: 401 with the challenge kept.
    let response = send(
        &app.anonymous,
        "POST",
        "/kundenangaben",
        Some(MEDIA_TYPE),
        body.clone(),
        &[],
    )
    .await;
    assert_problem(&response, 401, "unauthorized");
    assert!(
        response
            .header("www-authenticate")
            .is_some_and(|c| c.starts_with("Bearer"))
    );
    let response = app
        .anonymous
        .raw(reqwest::Method::GET, "/kundenangaben/AB1234", &[])
        .await
        .unwrap();
    assert_problem(&response, 401, "unauthorized");

    // Wrong media type.
    for content_type in ["text/plain", "application/json;version=2.0"] {
        let response = send(
            &app.client,
            "POST",
            "/kundenangaben",
            Some(content_type),
            body.clone(),
            &[],
        )
        .await;
        assert_problem(&response, 415, "unsupported-media-type");
    }
    // No body: 400, whether or not a media type is given.
    for content_type in [None, Some("application/json")] {
        let response = send(
            &app.client,
            "POST",
            "/kundenangaben",
            content_type,
            Vec::new(),
            &[],
        )
        .await;
        let problem = assert_problem(&response, 400, "constraint-violation");
        assert!(
            problem["detail"].as_str().unwrap().contains("Body fehlt"),
            "{problem}"
        );
    }

    // Unknown case, and a case without Kundenangaben.
    let p = problem(app.client.kundenangaben("ZZ9999").await, 404);
    assert!(p.kind.ends_with("/not-found"));
    assert_eq!(p.instance, "/kundenangaben/ZZ9999");
    let update =
        json!({ "kundenangaben": own_request("X")["kundenangaben"], "updateMetadaten": {} });
    problem(
        app.client.update_kundenangaben("ZZ9999", &update).await,
        404,
    );

    // Wrong method, unknown path below the API.
    let response = app.request("DELETE", "/kundenangaben/AB1234", &[]).await;
    let body405 = assert_problem(&response, 405, "method-not-allowed");
    assert!(body405["detail"].as_str().unwrap().contains("DELETE"));
    let allow = response.header("allow").unwrap();
    assert!(
        body405["detail"]
            .as_str()
            .unwrap()
            .ends_with(&format!("erlaubt: {allow}")),
        "{body405}"
    );
    // Every path under the API answers problems, with the path as sent; its neighbours
    // answer the rest of the API's Error body.
    for path in ["/kundenangaben/", "/kundenangaben/AB1234/x"] {
        let response = app.request("GET", path, &[]).await;
        let body = assert_problem(&response, 404, "not-found");
        assert_eq!(body["instance"], path);
    }
    for path in ["/kundenangabenx", "/v2/kundenangaben"] {
        let response = app.request("GET", path, &[]).await;
        common::assert_error(&response, 404, path);
    }

    // An update missing its required members names them.
    let nr = app
        .client
        .import_kundenangaben(&own_request("Mustermann"))
        .await
        .unwrap();
    let p = problem(app.client.update_kundenangaben(&nr, &json!({})).await, 400);
    let fields: Vec<&str> = p.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["kundenangaben", "updateMetadaten"]);
    // Violations of the tipster are named as in the update request.
    let bad_tipp = json!({
        "kundenangaben": own_request("X")["kundenangaben"],
        "updateMetadaten": { "tippgeber": {} }
    });
    let p = problem(app.client.update_kundenangaben(&nr, &bad_tipp).await, 400);
    assert!(
        p.violations
            .iter()
            .all(|v| v.field.starts_with("updateMetadaten.tippgeber")),
        "{:?}",
        p.violations
    );
    // Nothing of it changed the case.
    assert_eq!(events(&app.client, &nr).await.len(), 1);
}

#[tokio::test]
async fn only_partners_who_may_write_the_case_replace_its_data() {
    let app = spawn_app().await;
    let nr = app
        .client
        .import_kundenangaben(&own_request("Mustermann"))
        .await
        .unwrap();
    let update =
        json!({ "kundenangaben": own_request("Anders")["kundenangaben"], "updateMetadaten": {} });
    // HAM21's advisor (the trainee HAM29 is in Hamburg too) cannot see a Berlin case.
    let trainee = app.client_for("demo-trainee").await;
    problem(trainee.kundenangaben(&nr).await, 404);
    problem(trainee.update_kundenangaben(&nr, &update).await, 404);
    // BER11 looks after it.
    let advisor = app.client_for("demo-advisor").await;
    advisor.update_kundenangaben(&nr, &update).await.unwrap();
    assert_eq!(
        advisor.kundenangaben(&nr).await.unwrap(),
        update["kundenangaben"]
    );
}

#[tokio::test]
async fn limits_answer_as_problems() {
    let app = spawn_app_with(|c| c.rate_limit_per_minute = 3).await;
    // Larger than the body limit (64 KiB by default).
    let mut large = own_request("Mustermann");
    large["importMetadaten"]["zusaetzlicherEreignistext"] = json!("x".repeat(70 * 1024));
    let response = send_json(&app, "POST", "/kundenangaben", &large, &[]).await;
    assert_problem(&response, 413, "payload-too-large");
    // Over the client's rate limit: 429 with Retry-After kept.
    let mut last = None;
    for _ in 0..5 {
        let response = app
            .client
            .raw(reqwest::Method::GET, "/kundenangaben/AB1234", &[])
            .await
            .unwrap();
        if response.status == 429 {
            last = Some(response);
            break;
        }
    }
    let response = last.expect("the rate limit is reached");
    assert_problem(&response, 429, "too-many-requests");
    assert!(response.header("retry-after").is_some());
}

/// The values the pair's request sends outside the contract's lists.
const PAIR_IGNORIERT: &str = "$.importMetadaten.prioritaet, \
    $.kundenangaben.haushalte[0].finanzielleSituation.bestehendeImmobilien[0].darlehensliste[0].darlehensgeber.produktanbieter, \
    $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse, \
    $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[1].bausparkasse";

/// Asserts that `ours` equals upstream's case of the pair in the members `compared` (all
/// when `None`), listing every difference.
fn assert_as_upstream(upstream: &Value, ours: &Value, compared: Option<&[&str]>) {
    let pick = |vorgang: &Value| match compared {
        None => upstream_pair::comparable(vorgang),
        Some(names) => {
            let all = upstream_pair::comparable(vorgang);
            let picked = names
                .iter()
                .filter_map(|n| Some(((*n).to_owned(), all.get(*n)?.clone())))
                .collect();
            Value::Object(picked)
        }
    };
    let mut ours = ours.clone();
    upstream_pair::kindergeld_as_on_upstreams_day(upstream, &mut ours);
    let differences = upstream_pair::differences(&pick(upstream), &pick(&ours));
    assert!(
        differences.is_empty(),
        "{} differences from upstream:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[tokio::test]
async fn the_upstream_pair_is_mapped_as_upstream_mapped_it() {
    let Some((request, upstream)) = upstream_pair::load() else {
        return;
    };
    let app = spawn_app().await;
    let created = send_json(&app, "POST", "/kundenangaben", &request, &[]).await;
    assert_status(&created, 201);
    assert_eq!(created.header(IGNORIERTE_WERTE), Some(PAIR_IGNORIERT));
    let nr = created.json()["vorgangsnummer"]
        .as_str()
        .unwrap()
        .to_owned();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_as_upstream(&upstream, &vorgang, None);
    common::schema::validate_all(&[("Vorgang", vorgang)]);
}

#[tokio::test]
async fn replacing_with_the_upstream_pairs_data_maps_as_upstream() {
    let Some((request, upstream)) = upstream_pair::load() else {
        return;
    };
    let app = spawn_app().await;
    let nr = app
        .client
        .import_kundenangaben(&own_request("Vorher"))
        .await
        .unwrap();
    let update = json!({ "kundenangaben": request["kundenangaben"], "updateMetadaten": {} });
    let replaced = send_json(&app, "PUT", &format!("/kundenangaben/{nr}"), &update, &[]).await;
    assert_status(&replaced, 204);
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_as_upstream(
        &upstream,
        &vorgang,
        Some(vorgaenge_domain::edit::ERFASSTE_DATEN),
    );
    common::schema::validate_all(&[("Vorgang", vorgang)]);
}
