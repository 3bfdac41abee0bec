//! GET /v2/ereignisse/{vorgangsNummer} (or `?vorgangsNummer=`, the API's query form) and
//! …/{antragsNummer}/{teilAntragsNummer}: the events of a case or of one of its Anträge,
//! oldest first, in the shape of the Ereignisse API.
//! The same visibility rule as for the case applies; the scope is
//! `baufinanzierung:ereignis:lesen`.

use axum::response::Response;
use bytes::Bytes;
use vorgaenge_domain::edit::Draft;
use vorgaenge_store::members::Members;

use crate::context::Context;
use crate::error::ApiError;
use crate::http::antrag_actions::antrag_nummer;
use crate::http::json_bytes;
use crate::params::{PathParams, QueryParams};

pub async fn of_case(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    case_events(ctx, params.text("vorgangsNummer")?).await
}

pub async fn by_query(ctx: Context, query: QueryParams) -> Result<Response, ApiError> {
    case_events(ctx, query.required("vorgangsNummer")?).await
}

async fn case_events(ctx: Context, nr: &str) -> Result<Response, ApiError> {
    // The columns decide visibility; the document is not needed here.
    let case = ctx.state.cases.read_events(&ctx.auth, nr).await?;
    Ok(json_bytes(array(&case.events(None).await?)))
}

pub async fn of_antrag(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let nr = params.text("vorgangsNummer")?;
    let antrag = params.int32("antragsNummer")?;
    let teil = params.int32("teilAntragsNummer")?;
    let case = ctx.state.cases.read_events_of_case(&ctx.auth, nr).await?;
    // Only the Anträge are needed to find the Antrag's number.
    let unreadable = |e| ApiError::Internal(format!("stored case {nr} unreadable: {e}"));
    let antraege = Members::split(&case.document)
        .and_then(|members| members.parse(&["antraege"]))
        .map_err(unreadable)?;
    let antrags_nummer = antrag_nummer(&Draft::new(antraege), nr, (antrag, teil))?;
    let events = case.events(Some(&antrags_nummer)).await?;
    Ok(json_bytes(array(&events)))
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
