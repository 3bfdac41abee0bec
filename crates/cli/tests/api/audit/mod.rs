//! Audit records end to end: every change made over HTTP keeps who made it (and who acted on
//! behalf of whom), the client, the trace id, the operation and its events; `vorgaenge admin
//! audit` shows them; the server logs a line per change.

mod admin_audit;
mod records;
mod server_log;

use serde_json::json;
use vorgaenge_client::Client;
use vorgaenge_demo::GeneratedCase;

use crate::support::requests::{assert_status, json_request_with, patch_with, replace};
use crate::support::{TestApp, demo_case, demo_client};

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
