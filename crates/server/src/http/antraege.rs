//! GET …/antraege, …/antraege/{antragsNummer}, …/antraege/{antragsNummer}/{teilantragsNummer}.
//!
//! Anträge live inside the case document; these operations answer parts of the served case,
//! so each Antrag carries the same `_links.self` as in GET of the case.

use axum::response::Response;
use serde_json::{Value, json};
use vorgaenge_store::document::antrag_address;

use crate::auth::caller::Authenticated;
use crate::context::Context;
use crate::error::ApiError;
use crate::http::vorgaenge::get::render_value;
use crate::http::{json_value, self_links};
use crate::links::ApiVersion;
use crate::params::PathParams;
use crate::state::AppState;

/// The Anträge of the case as served, each with its (antrag, teilantrag) address if it has
/// one.
async fn antraege(
    state: &AppState,
    auth: &Authenticated,
    version: ApiVersion,
    nr: &str,
) -> Result<Vec<(Option<(i32, i32)>, Value)>, ApiError> {
    let case = state.cases.read(auth, nr).await?;
    let mut served = render_value(&state.public_url, version, nr, &case.document)?;
    let list = match served.remove("antraege") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    Ok(list
        .into_iter()
        .map(|a| {
            let address = a
                .get("antragsNummer")
                .and_then(Value::as_str)
                .and_then(antrag_address);
            (address, a)
        })
        .collect())
}

fn antraege_body(href: String, items: Vec<Value>) -> Value {
    json!({ "_links": self_links(href), "antraege": items })
}

pub async fn all(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    let items = antraege(&state, &auth, version, nr).await?;
    let href = state.public_url.case(version, nr, "/antraege");
    Ok(json_value(&antraege_body(
        href,
        items.into_iter().map(|(_, a)| a).collect(),
    )))
}

pub async fn by_antrag(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    let antrag = params.int32("antragsNummer")?;
    let items: Vec<Value> = antraege(&state, &auth, version, nr)
        .await?
        .into_iter()
        .filter(|(address, _)| matches!(address, Some((a, _)) if *a == antrag))
        .map(|(_, a)| a)
        .collect();
    if items.is_empty() {
        return Err(ApiError::not_found(format!(
            "Antrag {antrag} im Vorgang {nr} nicht gefunden"
        )));
    }
    let href = state
        .public_url
        .case(version, nr, &format!("/antraege/{antrag}"));
    Ok(json_value(&antraege_body(href, items)))
}

pub async fn one(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    let antrag = params.int32("antragsNummer")?;
    let teil = params.int32("teilantragsNummer")?;
    antraege(&state, &auth, version, nr)
        .await?
        .into_iter()
        .find(|(address, _)| *address == Some((antrag, teil)))
        .map(|(_, a)| json_value(&a))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Antrag {antrag}/{teil} im Vorgang {nr} nicht gefunden"
            ))
        })
}
