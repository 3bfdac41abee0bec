//! GET …/finanzierungsvorschlaege and …/finanzierungsvorschlaege/{finanzierungsvorschlagId}.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};
use vorgaenge_store::StoredVorschlag;

use crate::access::load_meta;
use crate::auth::bearer::Authenticated;
use crate::error::ApiError;
use crate::http::{json_value, self_links, stored_object};
use crate::links::{ApiVersion, PublicUrl, encode};
use crate::params::{PathParams, QueryParams};
use crate::state::AppState;

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
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?;
    // Required in v2, dropped in v3.
    let self_query = match version {
        ApiVersion::V2 => format!(
            "?apiVersion={}",
            query.required_one_of("apiVersion", API_VERSIONS)?
        ),
        ApiVersion::V3 => String::new(),
    };
    load_meta(&state, &auth, nr).await?;
    let items = state
        .store
        .finanzierungsvorschlaege(nr)
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

pub async fn one(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?;
    let id = params.text("finanzierungsvorschlagId")?;
    load_meta(&state, &auth, nr).await?;
    let vorschlag = state
        .store
        .finanzierungsvorschlaege(nr)
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
