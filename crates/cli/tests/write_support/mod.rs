//! Helpers of the write-side tests: requests with bodies of any kind, the case, its entity
//! tag and its events as raw JSON, partners made for one test, and the upstream events
//! schema.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::{Value, json};
use vorgaenge_client::{Client, RawResponse};
use vorgaenge_demo::GeneratedCase;
use vorgaenge_store::PartnerRecord;

use crate::common::{self, TestApp, demo_case};

/// The media type of a JSON Patch body.
pub const JSON_PATCH: &str = "application/json-patch+json";

/// Any request with a body, undecoded, carrying `client`'s token (reqwest directly: the
/// client's `raw` sends no body). `content_type` `None` sends none.
pub async fn send(
    client: &Client,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> RawResponse {
    // One reqwest client per call: a pooled connection must not outlive the test's runtime.
    let http = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http
        .request(method, format!("{}{path}", client.base_url()))
        .body(body);
    if let Some(token) = client.token() {
        request = request.bearer_auth(token);
    }
    if let Some(t) = content_type {
        request = request.header("content-type", t);
    }
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    RawResponse {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap(),
    }
}

/// PATCH /v2/vorgaenge/{nr} with a JSON Patch body.
pub async fn patch(client: &Client, nr: &str, operations: &Value) -> RawResponse {
    patch_with(client, nr, operations, &[]).await
}

/// PATCH /v2/vorgaenge/{nr} with extra headers (e.g. `If-Match`).
pub async fn patch_with(
    client: &Client,
    nr: &str,
    operations: &Value,
    headers: &[(&str, &str)],
) -> RawResponse {
    send(
        client,
        "PATCH",
        &format!("/v2/vorgaenge/{nr}"),
        Some(JSON_PATCH),
        serde_json::to_vec(operations).unwrap(),
        headers,
    )
    .await
}

/// A JSON body with `method` to `path` (`application/json`).
pub async fn json_request(client: &Client, method: &str, path: &str, body: &Value) -> RawResponse {
    json_request_with(client, method, path, body, &[]).await
}

pub async fn json_request_with(
    client: &Client,
    method: &str,
    path: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> RawResponse {
    send(
        client,
        method,
        path,
        Some("application/json"),
        serde_json::to_vec(body).unwrap(),
        headers,
    )
    .await
}

/// One `replace` operation.
pub fn replace(path: &str, value: Value) -> Value {
    json!({"op": "replace", "path": path, "value": value})
}

/// Asserts a status, showing the body when it differs.
pub fn assert_status(response: &RawResponse, status: u16) {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
}

/// The entity tag of a response.
pub fn etag(response: &RawResponse) -> String {
    response
        .header("etag")
        .unwrap_or_else(|| panic!("ETag on {}", response.status))
        .to_owned()
}

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

/// The newest event of a case.
pub async fn last_event(client: &Client, nr: &str) -> Value {
    events(client, nr)
        .await
        .pop()
        .unwrap_or_else(|| panic!("case {nr} has events"))
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

/// A person made for a test, below `parent`, allowed production data; answers its profile.
pub async fn add_person(
    app: &TestApp,
    id: &str,
    parent: &str,
    (vorname, nachname): (&str, &str),
    kreditsachbearbeiter: bool,
) -> Value {
    let profile = json!({
        "partnerId": id,
        "anrede": "HERR",
        "vorname": vorname,
        "nachname": nachname,
        "firmierung": "Finanzvermittlung Nord GmbH",
        "email": format!("{}@finanzvermittlung-nord.de", vorname.to_lowercase()),
    });
    let record = PartnerRecord {
        id: id.into(),
        typ: "PERSON".into(),
        parent: Some(parent.into()),
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter,
        profile: bytes::Bytes::from(serde_json::to_vec(&profile).unwrap()),
    };
    app.store.put_partners(vec![record], vec![]).await.unwrap();
    app.refresh().await;
    profile
}

/// Locks an existing partner (and so its subtree).
pub async fn lock(app: &TestApp, id: &str) {
    let mut record = app.store.partner(id).await.unwrap().expect("known partner");
    record.gesperrt = true;
    app.store.put_partners(vec![record], vec![]).await.unwrap();
    app.refresh().await;
}

/// A token of the demo client `client_id` narrowed to `scope`.
pub async fn narrowed(app: &TestApp, client_id: &str, scope: &str) -> Client {
    let demo = common::demo_client(client_id);
    let token = app
        .anonymous
        .request_token(demo.client_id, demo.client_secret, &[("scope", scope)])
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("token for {client_id} ({scope}): {e}"))
        .access_token;
    app.anonymous.with_token(&token)
}

/// Validates events against the `Ereignis` schema of the upstream events API
/// (`ereignisse-openapi.yaml`) with the upstream validator, strict (no invented members).
/// Skips (saying why) when python or the spec is missing, unless `VORGAENGE_REQUIRE_SPEC`.
pub fn validate_events(events: &[Value]) {
    assert!(!events.is_empty(), "nothing to validate");
    let Some(dir) = common::schema::spec_dir() else {
        return skip("upstream spec not found (set VORGAENGE_SPEC_DIR)");
    };
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(input.path(), serde_json::to_vec(events).unwrap()).unwrap();
    let script = r#"
import json, sys
sys.path.insert(0, sys.argv[1] + "/tools")
import validate as v
spec = v.load_spec(sys.argv[1] + "/ereignisse-openapi.yaml")
bad = 0
for i, doc in enumerate(json.load(open(sys.argv[2], encoding="utf-8"))):
    for e in v.validate(spec, "Ereignis", doc, strict=True):
        bad += 1
        print("%d /%s: %s" % (i, "/".join(map(str, e.absolute_path)), e.message[:300]))
sys.exit(1 if bad else 0)
"#;
    let output = match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .arg(input.path())
        .output()
    {
        Ok(o) => o,
        Err(e) => return skip(&format!("python3 not runnable: {e}")),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        return skip(&stderr);
    }
    assert!(
        output.status.success(),
        "events violate the Ereignis schema:\n{}{stderr}\n{}",
        String::from_utf8_lossy(&output.stdout),
        serde_json::to_string_pretty(events).unwrap()
    );
}

fn skip(why: &str) {
    if std::env::var_os("VORGAENGE_REQUIRE_SPEC").is_some() {
        panic!("schema validation required but unavailable: {why}");
    }
    eprintln!("skipped events schema validation: {why}");
}

/// The contract's example PATCH body, read from the upstream spec.
pub fn example(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/spec/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let candidates = [
        std::path::PathBuf::from(&path),
        common::schema::spec_dir()
            .map(|d| d.join("examples").join(name))
            .unwrap_or_default(),
    ];
    let file = candidates
        .iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("example {name} not found at {path}"));
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

/// A case edited by BER15 (the demo-editor's partner) whose first Antrag is not ready for
/// the signal yet.
pub fn editor_case() -> &'static GeneratedCase {
    demo_case(|c| {
        let status = &c.vorgang["antraege"][0]["status"];
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.vorgangs_bearbeiter == Some("BER15")
            && c.kunden_betreuer == "BER11"
            && !(status["antragsteller"] == "BEANTRAGT"
                && status["produktAnbieter"] == "NICHT_BEARBEITET")
    })
}
