//! GET /v2/ereignisse/{vorgangsNummer} and …/{antragsNummer}/{teilAntragsNummer}: the events
//! of a case or of one of its Anträge, oldest first, in the shape of the Ereignisse API.
//! The same visibility rule as for the case applies; the scope is
//! `baufinanzierung:ereignis:lesen`.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use bytes::Bytes;
use vorgaenge_domain::access::{self, CaseParties};
use vorgaenge_domain::edit::Draft;
use vorgaenge_domain::scopes::Scope;
use vorgaenge_store::members::Members;

use crate::access::require_scope;
use crate::auth::bearer::Authenticated;
use crate::error::ApiError;
use crate::http::antrag_actions::antrag_nummer;
use crate::http::json_bytes;
use crate::params::PathParams;
use crate::state::AppState;

pub async fn of_case(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    params: PathParams,
) -> Result<Response, ApiError> {
    let nr = params.text("vorgangsNummer")?;
    require_scope(&auth, Scope::EreignisLesen)?;
    // The columns decide visibility; the document is not needed here.
    let meta = state
        .store
        .case_meta(nr)
        .await?
        .ok_or_else(|| ApiError::case_not_found(nr))?;
    may_read_events(&auth, &meta)?;
    Ok(json_bytes(array(&state.store.events(nr, None).await?)))
}

pub async fn of_antrag(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    params: PathParams,
) -> Result<Response, ApiError> {
    let nr = params.text("vorgangsNummer")?;
    let antrag = params.int32("antragsNummer")?;
    let teil = params.int32("teilAntragsNummer")?;
    let case = visible_case(&state, &auth, nr).await?;
    // Only the Anträge are needed to find the Antrag's number.
    let unreadable = |e| ApiError::Internal(format!("stored case {nr} unreadable: {e}"));
    let antraege = Members::split(&case.document)
        .and_then(|members| members.parse(&["antraege"]))
        .map_err(unreadable)?;
    let antrags_nummer = antrag_nummer(&Draft::new(antraege), nr, (antrag, teil))?;
    let events = state.store.events(nr, Some(&antrags_nummer)).await?;
    Ok(json_bytes(array(&events)))
}

async fn visible_case(
    state: &AppState,
    auth: &Authenticated,
    nr: &str,
) -> Result<vorgaenge_store::StoredCase, ApiError> {
    require_scope(auth, Scope::EreignisLesen)?;
    let case = state
        .store
        .case(nr)
        .await?
        .ok_or_else(|| ApiError::case_not_found(nr))?;
    may_read_events(auth, &case.meta)?;
    Ok(case)
}

fn may_read_events(auth: &Authenticated, meta: &vorgaenge_store::CaseMeta) -> Result<(), ApiError> {
    access::read_events(
        &auth.snapshot.directory,
        &auth.caller.partner,
        auth.caller.scopes,
        CaseParties {
            daten_kontext: crate::kontext::from_store(meta.daten_kontext),
            kunden_betreuer: meta.kunden_betreuer.as_deref(),
            vorgangs_bearbeiter: meta.vorgangs_bearbeiter.as_deref(),
        },
    )
    .map_err(|denial| ApiError::denied(denial, Some(&meta.vorgangs_nummer)))
}

/// The stored events as one JSON array, without parsing them.
fn array(events: &[Bytes]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + events.iter().map(|e| e.len() + 1).sum::<usize>());
    out.push(b'[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(e);
    }
    out.push(b']');
    out
}
