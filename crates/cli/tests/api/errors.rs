//! Every error path answers the contract's Error body with the trace id.

use bytes::Bytes;
use serde_json::json;
use vorgaenge_store::{CaseMeta, NewCase, Timestamp};

use crate::support::case_state::{assert_unchanged, snapshot};
use crate::support::cases::berlin_case;
use crate::support::error_body::{assert_error, assert_oauth_error};
use crate::support::requests::{replace, send};
use crate::support::{demo_case, spawn_demo};

/// Every read operation's path for case `nr` (with valid sub-ids).
fn operations(nr: &str) -> Vec<String> {
    [
        "",
        "/antraege",
        "/antraege/1",
        "/antraege/1/1",
        "/finanzierungsvorschlaege?apiVersion=V2",
        "/finanzierungsvorschlaege/fv-1",
        "/gemerkteAngebote",
        "/gemerkteAngebote/1?apiVersion=V2",
        "/gemerkteAngebote/1/zahlungsPlaene",
        "/kundenBetreuer",
        "/vorgangsBearbeiter",
    ]
    .iter()
    .flat_map(|suffix| {
        let v3 = (!suffix.starts_with("/gemerkteAngebote"))
            .then(|| format!("/v3/vorgaenge/{nr}{}", suffix.replace("?apiVersion=V2", "")));
        std::iter::once(format!("/v2/vorgaenge/{nr}{suffix}")).chain(v3)
    })
    .collect()
}

#[tokio::test]
async fn malformed_case_numbers_are_400_on_every_operation() {
    let app = spawn_demo().await;
    for nr in ["ab1234", "AB12", "AB-234", "%C3%84B1234"] {
        for path in operations(nr) {
            assert_error(&app.get(&path).await, 400, "vorgangsNummer");
        }
    }
}

#[tokio::test]
async fn unknown_cases_are_404_on_every_operation() {
    let app = spawn_demo().await;
    // AB12345 matches the contract's unanchored pattern, so it is a valid but unknown number.
    for nr in ["ZZ9999", "AB12345"] {
        for path in operations(nr) {
            assert_error(
                &app.get(&path).await,
                404,
                &format!("Vorgang {nr} nicht gefunden"),
            );
        }
    }
}

#[tokio::test]
async fn bad_integer_path_parameters_are_400() {
    let app = spawn_demo().await;
    let nr = &demo_case(|c| !c.gemerkte_angebote.is_empty()).vorgangs_nummer;
    for (path, name) in [
        (format!("/v2/vorgaenge/{nr}/antraege/x"), "antragsNummer"),
        (
            format!("/v2/vorgaenge/{nr}/antraege/2147483648"),
            "antragsNummer",
        ),
        (
            format!("/v2/vorgaenge/{nr}/antraege/1/x"),
            "teilantragsNummer",
        ),
        (
            format!("/v3/vorgaenge/{nr}/antraege/1.5/1"),
            "antragsNummer",
        ),
        (
            format!("/v2/vorgaenge/{nr}/gemerkteAngebote/eins?apiVersion=V2"),
            "nummerAmVorgang",
        ),
        (
            format!("/v2/vorgaenge/{nr}/gemerkteAngebote/99999999999/zahlungsPlaene"),
            "nummerAmVorgang",
        ),
    ] {
        assert_error(&app.get(&path).await, 400, name);
    }
}

#[tokio::test]
async fn api_version_is_required_where_the_contract_says_so() {
    let app = spawn_demo().await;
    let nr = &demo_case(|c| !c.gemerkte_angebote.is_empty()).vorgangs_nummer;
    for path in [
        format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion=V4"),
        format!("/v2/vorgaenge/{nr}/gemerkteAngebote?apiVersion=V4"),
        format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion=v2"),
        format!("/v2/vorgaenge/{nr}/gemerkteAngebote/1"),
        format!("/v2/vorgaenge/{nr}/gemerkteAngebote/1?apiVersion="),
    ] {
        assert_error(&app.get(&path).await, 400, "apiVersion");
    }
}

#[tokio::test]
async fn unknown_routes_are_404_json() {
    let app = spawn_demo().await;
    for path in [
        // `/` leads to the docs page (`docs_page.rs`); nothing else under it is a page.
        "/docs/",
        "/docs/unbekannt.js",
        "/v1/vorgaenge",
        "/v2/unbekannt",
        "/v2/vorgaenge/AB1234/unbekannt",
        "/v4/vorgaenge",
        // The edges of the case routes: no trailing slash, no empty segment, no prefix
        // match, v3 without the saved offers, no list of events.
        "/v2/vorgaenge/",
        "/v2/vorgaenge/AB1234/",
        "/v2/vorgaenge//AB1234",
        "/v2/vorgaengeX",
        "/v3/vorgaenge/AB1234/gemerkteAngebote",
        "/v2/ereignisse/",
        "/v3/ereignisse/AB1234",
    ] {
        assert_error(&app.get(path).await, 404, path);
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = spawn_demo().await;
    for (method, path) in [
        ("POST", "/v2/vorgaenge"),
        ("DELETE", "/v2/vorgaenge/AB1234"),
        ("PUT", "/v3/vorgaenge/AB1234/antraege"),
        (
            "POST",
            "/v2/vorgaenge/AB1234/gemerkteAngebote/1/zahlungsPlaene",
        ),
    ] {
        let response = app.request(method, path, &[]).await;
        assert_error(&response, 405, method);
        let allow = response.header("allow").expect("405 carries Allow");
        assert!(allow.contains("GET"), "{allow}");
        // The message names the same methods as the header.
        let message = response.json()["message"].as_str().unwrap().to_owned();
        assert!(message.ends_with(&format!("erlaubt: {allow}")), "{message}");
    }
}

#[tokio::test]
async fn the_token_routes_answer_every_error_in_rfc_6749s_format() {
    let app = spawn_demo().await;
    for path in ["/auth/token", "/auth/access-token"] {
        let wrong_method = app.request("GET", path, &[]).await;
        assert_oauth_error(&wrong_method, 405, "invalid_request", "erlaubt: POST");
        assert_eq!(wrong_method.header("allow"), Some("POST"));
        // A body over the limit, refused before the handler reads the form.
        let big = "grant_type=client_credentials&x=".to_owned() + &"a".repeat(70 * 1024);
        let response = reqwest::Client::new()
            .post(format!("{}{path}", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big)
            .send()
            .await
            .unwrap();
        let raw = vorgaenge_client::RawResponse {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap(),
        };
        assert_oauth_error(&raw, 413, "invalid_request", "");
    }
    // Beside them the API's Error body stays.
    assert_error(
        &app.request("GET", "/auth/tokens", &[]).await,
        404,
        "/auth/tokens",
    );
}

#[tokio::test]
async fn trace_ids_are_taken_or_generated_and_echoed() {
    let app = spawn_demo().await;
    let given = app
        .request(
            "GET",
            "/v2/vorgaenge/ZZ9999",
            &[("X-TraceId", "my-trace-4711")],
        )
        .await;
    assert_error(&given, 404, "ZZ9999");
    assert_eq!(given.header("x-traceid"), Some("my-trace-4711"));
    assert_eq!(given.json()["traceId"], "my-trace-4711");

    let generated = app.get("/v2/vorgaenge/ZZ9999").await;
    let id = generated.header("x-traceid").unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert_ne!(
        app.get("/v2/vorgaenge/ZZ9999").await.header("x-traceid"),
        Some(id.as_str())
    );

    // A value unfit for a header or a log line is replaced.
    let long = "x".repeat(200);
    let replaced = app
        .request("GET", "/v2/vorgaenge", &[("X-TraceId", &long)])
        .await;
    assert_eq!(replaced.status, 200);
    assert_ne!(replaced.header("x-traceid"), Some(long.as_str()));

    // Successful answers carry it too.
    let ok = app
        .request("GET", "/v2/vorgaenge", &[("x-traceid", "abc")])
        .await;
    assert_eq!(ok.header("x-traceid"), Some("abc"));
}

#[tokio::test]
async fn internal_errors_are_opaque() {
    let app = spawn_demo().await;
    // A case whose stored document is not JSON (as if the file were damaged).
    let meta = CaseMeta {
        vorgangs_nummer: "KAPUTT".into(),
        daten_kontext: vorgaenge_store::DatenKontext::EchtGeschaeft,
        status: Some("AKTIV".into()),
        letzte_aenderung: Timestamp(0),
        letztes_ereignis: None,
        externe_vorgangs_nummer: None,
        kunden_betreuer: Some("BER11".into()),
        vorgangs_bearbeiter: None,
    };
    app.store
        .upsert_cases(vec![NewCase {
            meta,
            document: Bytes::from_static(b"{not json"),
            letzte_aenderung: None,
            finanzierungsvorschlaege: None,
            gemerkte_angebote: None,
        }])
        .await
        .unwrap();
    let response = app.get("/v2/vorgaenge/KAPUTT/antraege").await;
    assert_error(&response, 500, "traceId");
    let message = response.json()["message"].as_str().unwrap().to_owned();
    assert!(!message.contains("JSON"), "no internals leak: {message}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let before = snapshot(&app, nr).await;
    // Valid JSON of each kind, just over 64 KiB.
    let big = "x".repeat(64 * 1024);
    for (method, suffix, content_type, body) in [
        (
            "PATCH",
            "",
            "application/json-patch+json",
            json!([replace("/externeVorgangsNummer", json!(big))]),
        ),
        (
            "POST",
            "/nachricht",
            "application/json",
            json!({"text": big}),
        ),
        (
            "PUT",
            "/kundenBetreuer",
            "application/json",
            json!({"partnerId": "BER12", "pad": big}),
        ),
    ] {
        let response = send(
            &app.client,
            method,
            &format!("/v2/vorgaenge/{nr}{suffix}"),
            Some(content_type),
            serde_json::to_vec(&body).unwrap(),
            &[("x-traceid", "big-body-4711")],
        )
        .await;
        assert_error(&response, 413, "65536");
        assert_eq!(response.header("x-traceid"), Some("big-body-4711"));
    }
    assert_unchanged(&app, nr, &before, "too large").await;
}

#[tokio::test]
async fn the_angebote_apis_routes_under_the_case_prefix_are_clean_404s() {
    let app = spawn_demo().await;
    let nr = &demo_case(|c| !c.gemerkte_angebote.is_empty()).vorgangs_nummer;
    for version in ["v2", "v3"] {
        for suffix in [
            "ergebnisliste",
            "ergebnisliste/1",
            "ergebnisliste?apiVersion=V3",
            "gemerkteangebote",
            "gemerkteangebote/1",
            "gemerkteangebote/1/zahlungsplaene",
        ] {
            let path = format!("/{version}/vorgaenge/{nr}/{suffix}");
            assert_error(&app.get(&path).await, 404, "existiert nicht");
        }
    }
}
