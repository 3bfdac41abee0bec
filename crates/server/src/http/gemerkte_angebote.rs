//! GET …/gemerkteAngebote, …/gemerkteAngebote/{nummerAmVorgang} and
//! …/gemerkteAngebote/{nummerAmVorgang}/zahlungsPlaene (v2 only).

use axum::response::Response;
use serde_json::{Value, json};
use vorgaenge_store::StoredAngebot;

use crate::auth::caller::Authenticated;
use crate::context::Context;
use crate::error::ApiError;
use crate::http::finanzierungsvorschlaege::API_VERSIONS;
use crate::http::{json_value, self_links, stored_object};
use crate::links::{ApiVersion, PublicUrl};
use crate::params::{PathParams, QueryParams};
use crate::state::AppState;

const VERSION: ApiVersion = ApiVersion::V2;

fn served(url: &PublicUrl, nr: &str, a: &StoredAngebot) -> Result<Value, ApiError> {
    let n = a.nummer_am_vorgang;
    let mut object = stored_object(&a.angebot, "Angebot")?;
    object.insert(
        "_links".into(),
        self_links(url.case(VERSION, nr, &format!("/gemerkteAngebote/{n}?apiVersion=V2"))),
    );
    object.insert(
        "zahlungsplaene".into(),
        url.case(
            VERSION,
            nr,
            &format!("/gemerkteAngebote/{n}/zahlungsPlaene"),
        )
        .into(),
    );
    Ok(Value::Object(object))
}

async fn angebot(
    state: &AppState,
    auth: &Authenticated,
    nr: &str,
    n: i32,
) -> Result<StoredAngebot, ApiError> {
    state
        .cases
        .read_meta(auth, nr)
        .await?
        .gemerkte_angebote()
        .await?
        .into_iter()
        .find(|a| a.nummer_am_vorgang == n)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Gemerktes Angebot {n} im Vorgang {nr} nicht gefunden"
            ))
        })
}

pub async fn all(
    ctx: Context,
    params: PathParams,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let Context { state, auth, .. } = ctx;
    let nr = params.vorgangs_nummer()?;
    // The case links here with `?apiVersion=V2`; the list is the same for either value.
    query.one_of("apiVersion", API_VERSIONS)?;
    let case = state.cases.read_meta(&auth, nr).await?;
    let items = case
        .gemerkte_angebote()
        .await?
        .iter()
        .map(|a| served(&state.public_url, nr, a))
        .collect::<Result<Vec<_>, _>>()?;
    let href = state.public_url.case(VERSION, nr, "/gemerkteAngebote");
    Ok(json_value(
        &json!({ "_links": self_links(href), "gemerkteAngeboteExperimentell": items }),
    ))
}

/// The contract answers a single saved offer with the list wrapper holding just that one.
pub async fn one(
    ctx: Context,
    params: PathParams,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let Context { state, auth, .. } = ctx;
    let nr = params.vorgangs_nummer()?;
    let n = params.int32("nummerAmVorgang")?;
    let api_version = query.required_one_of("apiVersion", API_VERSIONS)?;
    let a = angebot(&state, &auth, nr, n).await?;
    let href = state.public_url.case(
        VERSION,
        nr,
        &format!("/gemerkteAngebote/{n}?apiVersion={api_version}"),
    );
    Ok(json_value(&json!({
        "_links": self_links(href),
        "gemerkteAngeboteExperimentell": [served(&state.public_url, nr, &a)?],
    })))
}

pub async fn zahlungsplaene(ctx: Context, params: PathParams) -> Result<Response, ApiError> {
    let Context { state, auth, .. } = ctx;
    let nr = params.vorgangs_nummer()?;
    let n = params.int32("nummerAmVorgang")?;
    let a = angebot(&state, &auth, nr, n).await?;
    let plans: Value = serde_json::from_slice(&a.zahlungsplaene)
        .map_err(|e| ApiError::Internal(format!("stored Zahlungspläne are not JSON: {e}")))?;
    let href = state.public_url.case(
        VERSION,
        nr,
        &format!("/gemerkteAngebote/{n}/zahlungsPlaene"),
    );
    Ok(json_value(
        &json!({ "_links": self_links(href), "zahlungsplaene": plans }),
    ))
}
