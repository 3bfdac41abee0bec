//! The authorization matrix: every operation of v2 and v3 (reads, writes, events) × every
//! kind of caller, with the status each cell must answer, and per role the exact list of
//! cases it may read; and the operator's routes, which answer every caller alike.

mod answers;
mod callers;
mod kundenangaben;
mod operational;
mod reads;
mod rules;
mod scopes;
mod writes;

use vorgaenge_client::RawResponse;
use vorgaenge_demo::GeneratedCase;

use crate::support::{TestApp, demo_case, demo_client};

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
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && !c.finanzierungsvorschlaege.is_empty()
            && !c.gemerkte_angebote.is_empty()
            && !c.vorgang["antraege"].as_array().unwrap().is_empty()
    })
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
