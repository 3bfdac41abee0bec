//! Audit records end to end: every change made over HTTP keeps who made it (and who acted on
//! behalf of whom), the client, the trace id, the operation and its events; `vorgaenge admin
//! audit` shows them; the server logs a line per change.

#[allow(dead_code)] // the binary helpers; this test needs only the server
mod binary_support;
mod common;
#[allow(dead_code)] // the write tests' helpers; this binary needs only a few
mod write_support;

use std::io::BufRead;
use std::process::{Command, Output};

use common::{TestApp, demo_case, demo_client, spawn_demo};
use serde_json::{Value, json};
use vorgaenge_client::Client;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_store::{AuditRecord, document::antrag_address};
use write_support::{
    assert_status, editor_case, events, json_request_with, patch_with, replace, send,
};

const SALES: &str = "demo-sales-organisation";

/// A production case of advisor BER12, processed by editor BER15.
fn ber12_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER12"
            && c.vorgangs_bearbeiter == Some("BER15")
    })
}

/// A client with a token of demo client `client_id` (`form`: e.g. the impersonated subject).
async fn client(app: &TestApp, client_id: &str, form: &[(&str, &str)]) -> Client {
    let demo = demo_client(client_id);
    let token = app
        .anonymous
        .request_token(demo.client_id, demo.client_secret, form)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("token for {client_id} {form:?}: {e}"))
        .access_token;
    app.anonymous.with_token(&token)
}

/// PUT of a case's partner (`member`: kundenBetreuer or vorgangsBearbeiter) under `trace`.
async fn put_partner(client: &Client, nr: &str, member: &str, id: &str, trace: &str) -> u16 {
    let path = format!("/v2/vorgaenge/{nr}/{member}");
    let response = json_request_with(
        client,
        "PUT",
        &path,
        &json!({"partnerId": id}),
        &[("X-TraceId", trace)],
    )
    .await;
    assert_eq!(response.header("x-traceid"), Some(trace));
    response.status
}

/// The (typ, aktivitaet) of every event the records name, in order.
fn audited_events(records: &[AuditRecord]) -> Vec<(String, String)> {
    records
        .iter()
        .flat_map(|r| &r.ereignisse)
        .map(|e| (e.typ.clone(), e.aktivitaet.clone()))
        .collect()
}

/// The (typ, aktivitaet) of the newest `n` events of a case, as the events API shows them.
async fn newest_events(client: &Client, nr: &str, n: usize) -> Vec<(String, String)> {
    let all = events(client, nr).await;
    all[all.len() - n..]
        .iter()
        .map(|e| {
            let field = |name: &str| e[name].as_str().unwrap().to_owned();
            (field("typ"), field("aktivitaet"))
        })
        .collect()
}

/// The changes of [`impersonated_writes_keep_the_actor_beside_the_partner`] on `nr`: the sales
/// organisation acting as BER12, once as itself, and writes that change nothing or are
/// refused. Returns the trace ids of the four changes, in order.
async fn sales_organisation_writes(app: &TestApp, nr: &str) -> [&'static str; 4] {
    let as_ber12 = client(app, SALES, &[("subject", "BER12")]).await;
    let as_nor00 = client(app, SALES, &[]).await;

    let patched = patch_with(
        &as_ber12,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("CRM-AUDIT"))]),
        &[("X-TraceId", "audit-patch")],
    )
    .await;
    assert_status(&patched, 200);
    // BER12 covers only itself: it takes the case over as editor, the organisation hands the
    // advice to BER11, and BER12 takes that back. Then one write changes nothing and one may
    // not change anything: neither has a record.
    let puts = [
        (
            &as_ber12,
            "vorgangsBearbeiter",
            "BER12",
            "audit-bearbeiter",
            201,
        ),
        (&as_nor00, "kundenBetreuer", "BER11", "audit-nor00", 201),
        (&as_ber12, "kundenBetreuer", "BER12", "audit-betreuer", 201),
        (&as_ber12, "kundenBetreuer", "BER12", "audit-same", 201),
        (&as_ber12, "kundenBetreuer", "BER11", "audit-refused", 403),
    ];
    for (client, member, id, trace, status) in puts {
        assert_eq!(
            put_partner(client, nr, member, id, trace).await,
            status,
            "{trace}"
        );
    }
    [
        "audit-patch",
        "audit-bearbeiter",
        "audit-nor00",
        "audit-betreuer",
    ]
}

#[tokio::test]
async fn impersonated_writes_keep_the_actor_beside_the_partner() {
    let app = spawn_demo().await;
    let nr = &ber12_case().vorgangs_nummer;
    assert!(app.store.audit(nr).await.unwrap().is_empty());

    let traces = sales_organisation_writes(&app, nr).await;

    let records = app.store.audit(nr).await.unwrap();
    let seen: Vec<_> = records
        .iter()
        .map(|r| {
            (
                r.trace_id.as_str(),
                r.partner.as_str(),
                r.actor.as_deref(),
                r.client_id.as_str(),
                r.aktion.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                traces[0],
                "BER12",
                Some("NOR00"),
                SALES,
                "PATCH /v2/vorgaenge/{vorgangsNummer}"
            ),
            (
                traces[1],
                "BER12",
                Some("NOR00"),
                SALES,
                "PUT /v2/vorgaenge/{vorgangsNummer}/vorgangsBearbeiter"
            ),
            (
                traces[2],
                "NOR00",
                None,
                SALES,
                "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer"
            ),
            (
                traces[3],
                "BER12",
                Some("NOR00"),
                SALES,
                "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer"
            ),
        ]
    );
    let aktivitaeten: Vec<String> = audited_events(&records)
        .into_iter()
        .map(|(_, aktivitaet)| aktivitaet)
        .collect();
    assert_eq!(
        aktivitaeten,
        [
            "EXTERNE_VORGANGSNUMMER_GESETZT",
            "BEARBEITER_GEAENDERT",
            "KUNDENBETREUER_GEAENDERT",
            "KUNDENBETREUER_GEAENDERT"
        ]
    );
    // The records name exactly the events the changes appended, which name only the partner
    // the change was made as.
    assert_eq!(
        audited_events(&records),
        newest_events(&app.client, nr, 4).await
    );
    let newest = events(&app.client, nr).await.pop().unwrap();
    assert_eq!(newest["quelle"]["partnerId"], "BER12");
    // Every record carries its change's stamp and its case.
    for pair in records.windows(2) {
        assert!(pair[0].zeit < pair[1].zeit);
    }
    let case = app.store.case_meta(nr).await.unwrap().unwrap();
    assert_eq!(records[3].zeit, case.letzte_aenderung);
    assert!(records.iter().all(|r| &r.vorgangs_nummer == nr));
}

#[tokio::test]
async fn every_write_operation_is_audited() {
    let app = spawn_demo().await;
    let auditor = &app.client;
    let trace = |t: &'static str| [("X-TraceId", t)];

    // A case from Kundenangaben, its data replaced, patched through v3, and a message.
    let request = json!({
        "importMetadaten": {
            "datenkontext": "TEST_MODUS",
            "betreuung": { "kundenbetreuer": "BER11", "bearbeiter": "BER15" }
        },
        "kundenangaben": { "haushalte": [{ "kunden": [{
            "referenzId": "kunde-1",
            "personendaten": { "person": { "vorname": "Erika", "nachname": "Muster" } }
        }] }] }
    });
    let body = |v: &Value| serde_json::to_vec(v).unwrap();
    let created = send(
        auditor,
        "POST",
        "/kundenangaben",
        Some("application/json"),
        body(&request),
        &trace("t-create"),
    )
    .await;
    assert_status(&created, 201);
    let nr = created.json()["vorgangsnummer"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = json!({"kundenangaben": request["kundenangaben"], "updateMetadaten": {}});
    let path = format!("/kundenangaben/{nr}");
    let replaced = send(
        auditor,
        "PUT",
        &path,
        Some("application/json"),
        body(&update),
        &trace("t-replace"),
    )
    .await;
    assert_status(&replaced, 204);
    let patch = json!([replace("/externeVorgangsNummer", json!("CRM-3"))]);
    let patched = send(
        auditor,
        "PATCH",
        &format!("/v3/vorgaenge/{nr}"),
        Some(write_support::JSON_PATCH),
        body(&patch),
        &trace("t-patch"),
    )
    .await;
    assert_status(&patched, 200);
    let path = format!("/v2/vorgaenge/{nr}/nachricht");
    let message = json!({"text": "Unterlagen folgen"});
    let posted = json_request_with(auditor, "POST", &path, &message, &trace("t-message")).await;
    assert_status(&posted, 201);

    // An Antrag made ready by the auditor, then signalled by its editor.
    let other = &editor_case().vorgangs_nummer;
    let antrag = editor_case().vorgang["antraege"][0]["antragsNummer"]
        .as_str()
        .unwrap();
    let (a, t) = antrag_address(antrag).unwrap();
    let antrag_path = format!("/v2/vorgaenge/{other}/antraege/{a}/{t}");
    let ready = json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"});
    let path = format!("{antrag_path}/status");
    let status = json_request_with(auditor, "POST", &path, &ready, &trace("t-status")).await;
    assert_status(&status, 202);
    let editor = client(&app, "demo-editor", &[]).await;
    let path = format!("{antrag_path}/entscheidungsreife");
    let signal = json!({"entscheidungsreifeVomVertriebSignalisiert": true});
    let signalled = json_request_with(&editor, "POST", &path, &signal, &trace("t-signal")).await;
    assert_status(&signalled, 202);

    let summary = |records: &[AuditRecord]| -> Vec<(String, String, String, String)> {
        records
            .iter()
            .map(|r| {
                assert_eq!(r.actor, None, "nobody impersonated");
                (
                    r.trace_id.clone(),
                    r.partner.clone(),
                    r.client_id.clone(),
                    r.aktion.clone(),
                )
            })
            .collect()
    };
    let row = |trace: &str, partner: &str, client: &str, aktion: &str| {
        (trace.into(), partner.into(), client.into(), aktion.into())
    };
    let created_case = app.store.audit(&nr).await.unwrap();
    assert_eq!(
        summary(&created_case),
        [
            row("t-create", "TST00", "test-auditor", "POST /kundenangaben"),
            row(
                "t-replace",
                "TST00",
                "test-auditor",
                "PUT /kundenangaben/{vorgangsnummer}"
            ),
            row(
                "t-patch",
                "TST00",
                "test-auditor",
                "PATCH /v3/vorgaenge/{vorgangsNummer}"
            ),
            row(
                "t-message",
                "TST00",
                "test-auditor",
                "POST /v2/vorgaenge/{vorgangsNummer}/nachricht"
            ),
        ]
    );
    assert_eq!(
        audited_events(&created_case),
        newest_events(auditor, &nr, 4).await
    );
    assert_eq!(
        events(auditor, &nr).await.len(),
        4,
        "every event is audited"
    );

    let antrag_case = app.store.audit(other).await.unwrap();
    let antrag_aktion =
        "/v2/vorgaenge/{vorgangsNummer}/antraege/{antragsNummer}/{teilantragsNummer}";
    assert_eq!(
        summary(&antrag_case),
        [
            row(
                "t-status",
                "TST00",
                "test-auditor",
                &format!("POST {antrag_aktion}/status")
            ),
            row(
                "t-signal",
                "BER15",
                "demo-editor",
                &format!("POST {antrag_aktion}/entscheidungsreife")
            ),
        ]
    );
    let n = audited_events(&antrag_case).len();
    assert_eq!(
        audited_events(&antrag_case),
        newest_events(auditor, other, n).await
    );
}

/// `vorgaenge admin audit ARGS` on the app's database.
fn admin_audit(app: &TestApp, args: &[&str]) -> Output {
    Command::new(binary_support::BIN)
        .args(["admin", "audit"])
        .args(args)
        .args(app.database_args())
        .env("VORGAENGE_LOG", "warn")
        .env_remove("VORGAENGE_DATABASE_URL")
        .env_remove("VORGAENGE_DATABASE_SCHEMA")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn admin_audit_shows_who_changed_a_case() {
    let app = spawn_demo().await;
    let nr = ber12_case().vorgangs_nummer.as_str();
    let traces = sales_organisation_writes(&app, nr).await;

    // The table: a header, then one line per change, newest last.
    let table = admin_audit(&app, &[nr]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    for header in ["zeit", "partner", "actor", "client", "trace id", "aktion"] {
        assert!(lines[0].contains(header), "{header} in {}", lines[0]);
    }
    for (line, trace) in lines[1..].iter().zip(traces) {
        assert!(line.contains(trace), "{trace} in {line}");
        assert!(line.contains(SALES), "{line}");
    }
    let impersonated = lines[4];
    for part in [
        "BER12",
        "NOR00",
        "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer",
        "KUNDENBETREUER_GEAENDERT",
    ] {
        assert!(impersonated.contains(part), "{part} in {impersonated}");
    }
    assert!(
        !lines[3].contains("BER12"),
        "NOR00's own change: {}",
        lines[3]
    );

    // JSON lines: the records as the store holds them.
    let json = admin_audit(&app, &[nr, "--json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let printed: Vec<Value> = text(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stored = app.store.audit(nr).await.unwrap();
    assert_eq!(printed.len(), stored.len());
    assert_eq!(
        printed[3],
        json!({
            "zeit": stored[3].zeit.to_rfc3339(),
            "vorgangsNummer": nr,
            "partner": "BER12",
            "actor": "NOR00",
            "clientId": SALES,
            "traceId": "audit-betreuer",
            "aktion": "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer",
            "ereignisse": [{"typ": stored[3].ereignisse[0].typ, "aktivitaet": "KUNDENBETREUER_GEAENDERT"}],
        })
    );
    assert_eq!(printed[2]["actor"], Value::Null);

    // A malformed number is refused; an unknown one is not found.
    let malformed = admin_audit(&app, &["ab12"]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        text(&malformed.stderr).contains("\"ab12\" is not a Vorgangsnummer"),
        "{}",
        text(&malformed.stderr)
    );
    let unknown = admin_audit(&app, &["ZZZZZ9"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no case ZZZZZ9"));
}

#[tokio::test]
async fn the_server_logs_each_change_with_its_author() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("log.sqlite").display());
    let (mut child, url, log) = binary_support::serve(&["--database", &database]);
    let demo = demo_client(SALES);
    let as_ber12 = Client::new(&url).with_token(
        &Client::new(&url)
            .request_token(demo.client_id, demo.client_secret, &[("subject", "BER12")])
            .await
            .unwrap()
            .unwrap()
            .access_token,
    );
    let nr = &ber12_case().vorgangs_nummer;
    let patched = patch_with(
        &as_ber12,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("CRM-LOG"))]),
        &[("X-TraceId", "log-trace-1")],
    )
    .await;
    assert_status(&patched, 200);

    // The log is written apart from the answer: read it on a thread of its own, and give up
    // after a while rather than wait for a line that never comes.
    let (lines, logged) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in log.lines() {
            let Ok(line) = line else { break };
            if line.contains("case changed") && lines.send(line).is_err() {
                break;
            }
        }
    });
    let logged = logged.recv_timeout(std::time::Duration::from_secs(20));
    child.kill().unwrap();
    child.wait().unwrap();
    let logged = without_colours(&logged.expect("the change is logged"));
    for part in [
        &format!("vorgangs_nummer={nr}"),
        "partner=BER12",
        "actor=NOR00",
        "client_id=demo-sales-organisation",
        "trace_id=log-trace-1",
        "EXTERNE_VORGANGSNUMMER_GESETZT",
    ] {
        assert!(logged.contains(part), "{part} in {logged}");
    }
}

/// A log line without its terminal colour sequences (`ESC [ … m`).
fn without_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}
