//! GET …/finanzierungsvorschlaege and …/finanzierungsvorschlaege/{finanzierungsvorschlagId}.

use axum::response::Response;
use serde_json::{Value, json};
use vorgaenge_store::StoredVorschlag;

use crate::context::Context;
use crate::error::ApiError;
use crate::http::{json_value, self_links, stored_object};
use crate::links::{ApiVersion, PublicUrl, encode};
use crate::params::{PathParams, QueryParams};

/// Values of the `apiVersion` parameter (the proposal format requested).
pub const API_VERSIONS: &[&str] = &["V2", "V3"];

fn served(
    url: &PublicUrl,
    version: ApiVersion,
    nr: &str,
    v: &StoredVorschlag,
) -> Result<Value, ApiError> {
    let mut object = stored_object(&v.document, "Finanzierungsvorschlag")?;
    let href = url.case(
        version,
        nr,
        &format!("/finanzierungsvorschlaege/{}", encode(&v.id)),
    );
    object.insert("_links".into(), self_links(href));
    Ok(Value::Object(object))
}

pub async fn all(
    ctx: Context,
    params: PathParams,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    // Required by upstream's v2 contract, but the case's own link to this list carries none
    // (as upstream's answers show): without it, V2, the version the link came from. v3 has none.
    let self_query = match version {
        ApiVersion::V2 => format!(
            "?apiVersion={}",
            query.one_of("apiVersion", API_VERSIONS)?.unwrap_or("V2")
        ),
        ApiVersion::V3 => String::new(),
    };
    let case = state.cases.read_meta(&auth, nr).await?;
    let items = case
        .finanzierungsvorschlaege()
        .await?
        .iter()
        .map(|v| served(&state.public_url, version, nr, v))
        .collect::<Result<Vec<_>, _>>()?;
    let href = state.public_url.case(
        version,
        nr,
        &format!("/finanzierungsvorschlaege{self_query}"),
    );
    Ok(json_value(
        &json!({ "_links": self_links(href), "finanzierungsvorschlaege": items }),
    ))
}

pub async fn one(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    let nr = params.vorgangs_nummer()?;
    let id = params.text("finanzierungsvorschlagId")?;
    let case = state.cases.read_meta(&auth, nr).await?;
    let vorschlag = case
        .finanzierungsvorschlaege()
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Finanzierungsvorschlag {id} im Vorgang {nr} nicht gefunden"
            ))
        })?;
    Ok(json_value(&served(
        &state.public_url,
        version,
        nr,
        &vorschlag,
    )?))
}
