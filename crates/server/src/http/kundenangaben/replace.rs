//! PUT /kundenangaben/{vorgangsnummer}: new customer data for an existing case. The data
//! members the import would derive from them replace the case's ones; the import-only
//! metadata (datenKontext, number, source, Betreuung) stays as it is.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use vorgaenge_domain::access::{self, CaseParties};
use vorgaenge_domain::edit::ERFASSTE_DATEN;
use vorgaenge_domain::scopes::Scope;
use vorgaenge_intake::Violation;

use super::ignoriert;
use super::problem::IntakeError;
use super::{heute, raw_member, read_body};
use crate::author::Author;
use crate::conditional::IfMatch;
use crate::edit::{Parts, edit_case_storing};
use crate::error::ApiError;
use crate::params::PathParams;
use crate::state::AppState;
use crate::trace::TraceId;

const IMPORT_METADATEN: &str = "importMetadaten";
const UPDATE_METADATEN: &str = "updateMetadaten";

pub async fn handler(
    State(state): State<AppState>,
    author: Author,
    Extension(trace): Extension<TraceId>,
    params: PathParams,
    request: Request,
) -> Result<Response, IntakeError> {
    let auth = &author.auth;
    let nr = params.text("vorgangsnummer")?.to_owned();
    crate::access::require_scope(auth, Scope::VorgangSchreiben)?;
    let if_match = IfMatch::from_headers(request.headers())?;
    let body = read_body(request, state.limits).await?;
    let (kundenangaben, tippgeber) = update_request(&body)?;

    // The case must be writable before its data is judged, so that an invisible case answers
    // 404 whatever the body (no existence leak through a 400).
    let meta = state
        .store
        .case_meta(&nr)
        .await?
        .ok_or_else(|| ApiError::case_not_found(&nr))?;
    access::write_case(
        &auth.snapshot.directory,
        &auth.caller.partner,
        auth.caller.scopes,
        CaseParties {
            daten_kontext: crate::kontext::from_store(meta.daten_kontext),
            kunden_betreuer: meta.kunden_betreuer.as_deref(),
            vorgangs_bearbeiter: meta.vorgangs_bearbeiter.as_deref(),
        },
    )
    .map_err(|denial| ApiError::denied(denial, Some(&nr)))?;

    // The import's validation and mapping, on an import-shaped request: the case's data
    // context and the given tipster as its metadata.
    let mut import_metadaten = Map::new();
    import_metadaten.insert("datenkontext".into(), meta.daten_kontext.as_str().into());
    if let Some(t) = &tippgeber {
        import_metadaten.insert("tippgeber".into(), t.clone());
    }
    let mut wrapped = Map::new();
    wrapped.insert(IMPORT_METADATEN.into(), Value::Object(import_metadaten));
    wrapped.insert("kundenangaben".into(), kundenangaben);
    let wrapped = serde_json::to_vec(&Value::Object(wrapped)).expect("JSON serialises");
    let parsed = vorgaenge_intake::parse(&wrapped).map_err(|violations| {
        IntakeError::Invalid(violations.into_iter().map(renamed).collect())
    })?;
    let ignoriert: Vec<String> = parsed
        .ignorierte_werte()
        .iter()
        .map(|path| renamed_path(path))
        .collect();
    let mut members = vorgaenge_intake::vorgang_members(&parsed, &heute(&state));
    let mut data = Map::new();
    for name in ERFASSTE_DATEN {
        if let Some(value) = members.remove(*name) {
            data.insert((*name).to_owned(), value);
        }
    }
    if tippgeber.is_some()
        && let Some(value) = members.remove("tippGeber")
    {
        data.insert("tippGeber".into(), value);
    }

    let raw = raw_member(&body, "kundenangaben")?;
    edit_case_storing(
        &state,
        &author,
        &nr,
        Parts::WithErfassteDaten,
        if_match,
        Some(raw),
        move |draft| {
            draft.replace_erfasste_daten(data);
            Ok(())
        },
    )
    .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    ignoriert::report(&mut response, &trace, &ignoriert);
    Ok(response)
}

/// The `UpdateKundenangabenRequest`'s two required members: the Kundenangaben and the
/// tipster of `updateMetadaten` (if given).
fn update_request(body: &[u8]) -> Result<(Value, Option<Value>), IntakeError> {
    let invalid =
        |field: &str, message: &str| IntakeError::Invalid(vec![Violation::new(field, message)]);
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| invalid("", &format!("ist kein gültiges JSON: {e}")))?;
    let Value::Object(mut request) = value else {
        return Err(invalid("", "muss ein Objekt sein"));
    };
    let mut violations = Vec::new();
    let kundenangaben = request.remove("kundenangaben").filter(|v| !v.is_null());
    if kundenangaben.is_none() {
        violations.push(Violation::new("kundenangaben", "darf nicht leer sein"));
    }
    let tippgeber = match request.remove(UPDATE_METADATEN) {
        None | Some(Value::Null) => {
            violations.push(Violation::new(UPDATE_METADATEN, "darf nicht leer sein"));
            None
        }
        Some(Value::Object(mut m)) => m.remove("tippgeber").filter(|v| !v.is_null()),
        Some(_) => {
            violations.push(Violation::new(UPDATE_METADATEN, "muss ein Objekt sein"));
            None
        }
    };
    match kundenangaben {
        Some(k) if violations.is_empty() => Ok((k, tippgeber)),
        _ => Err(IntakeError::Invalid(violations)),
    }
}

/// A violation of the import-shaped request, named as in the update request.
fn renamed(mut violation: Violation) -> Violation {
    violation.field = renamed_path(&violation.field);
    violation
}

/// A path of the import-shaped request as in the update request.
fn renamed_path(path: &str) -> String {
    match path.strip_prefix(IMPORT_METADATEN) {
        Some(rest) => format!("{UPDATE_METADATEN}{rest}"),
        None => path.to_owned(),
    }
}
