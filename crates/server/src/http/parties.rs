//! GET …/kundenBetreuer and …/vorgangsBearbeiter: the case's two parties, each as the partner
//! records hold it now (not the copy inside the case document, which may be outdated).
//! PUT of the same paths assigns another partner (201 Created, as the product documents).

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use vorgaenge_domain::edit::Party;
use vorgaenge_model::PartnerDTO;
use vorgaenge_store::PartnerRecord;

use crate::body;
use crate::conditional::{self, IfMatch};
use crate::context::Context;
use crate::edit::{Sections, edit_case};
use crate::http::assign::assign;

use crate::author::Author;
use crate::error::ApiError;
use crate::http::{json_value, self_links};
use crate::params::PathParams;

async fn partner(ctx: &Context, params: &PathParams, role: Party) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    let meta = state.cases.read_meta(auth, nr).await?.into_inner();
    let id = match role {
        Party::KundenBetreuer => meta.kunden_betreuer,
        Party::VorgangsBearbeiter => meta.vorgangs_bearbeiter,
    }
    .ok_or_else(|| ApiError::not_found(format!("Vorgang {nr} hat keinen {}", role.label())))?;
    let record = auth.snapshot.partners.get(&id).ok_or_else(|| {
        ApiError::not_found(format!(
            "{} {id} des Vorgangs {nr} ist kein bekannter Partner",
            role.label()
        ))
    })?;
    let href = state
        .public_url
        .case(*version, nr, &format!("/{}", role.member()));
    Ok(json_value(&partner_body(record, href)?))
}

/// The Partner object: the stored profile, with id and right taken from the record's
/// columns (they are what access decisions use) and `_links.self`.
fn partner_body(record: &PartnerRecord, self_href: String) -> Result<Value, ApiError> {
    let mut body = crate::edit::partner_object(record)?;
    body.insert("_links".into(), self_links(self_href));
    Ok(Value::Object(body))
}

pub async fn kunden_betreuer(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    partner(&ctx, &params, Party::KundenBetreuer).await
}

pub async fn vorgangs_bearbeiter(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    partner(&ctx, &params, Party::VorgangsBearbeiter).await
}

async fn put(
    author: &Author,
    params: &PathParams,
    request: Request,
    party: Party,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?.to_owned();
    let if_match = IfMatch::from_headers(request.headers())?;
    let value = body::json(request, author.ctx.state.limits, body::JSON).await?;
    let dto: PartnerDTO = body::typed(value, "PartnerDTO")?;
    let id = dto
        .partner_id
        .ok_or_else(|| ApiError::bad_request("PartnerDTO.partnerId fehlt"))?;
    // The contract's pattern is unanchored: `ABC12XYZ` passes it and is then not found.
    if !vorgaenge_domain::numbers::is_partner_id(&id) {
        return Err(ApiError::bad_request(format!(
            "PartnerDTO.partnerId: {id:?} entspricht nicht dem Muster ^[A-Z]{{3}}[0-9]{{2}}"
        )));
    }
    let caller = author.ctx.auth.clone();
    let case = edit_case(author, &nr, Sections::Metadata, if_match, move |draft| {
        assign(draft, &caller, party, &id).map_err(|r| r.for_body())
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        [(header::ETAG, conditional::etag(case.meta.letzte_aenderung))],
    )
        .into_response())
}

pub async fn put_kunden_betreuer(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    put(&author, &params, request, Party::KundenBetreuer).await
}

pub async fn put_vorgangs_bearbeiter(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    put(&author, &params, request, Party::VorgangsBearbeiter).await
}
