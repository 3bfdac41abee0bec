//! The audit records a change leaves in the store: partner, actor, client, trace id, operation
//! and events, for every write operation.

use serde_json::{Value, json};
use vorgaenge_client::Client;
use vorgaenge_store::AuditRecord;
use vorgaenge_store::document::antrag_address;

use super::{SALES, ber12_case, client, sales_organisation_writes};
use crate::support::case_state::events;
use crate::support::cases::editor_case;
use crate::support::requests::{JSON_PATCH, assert_status, json_request_with, replace, send};
use crate::support::spawn_demo;

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
        Some(JSON_PATCH),
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
