//! GET …/kundenBetreuer and …/vorgangsBearbeiter: the partner as the case holds it.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use crate::access::load_case;
use crate::error::ApiError;
use crate::http::vorgaenge::get::render_value;
use crate::http::{json_value, self_links};
use crate::links::ApiVersion;
use crate::params::PathParams;
use crate::state::AppState;

/// The partner in `field` of the case, with `_links.self` pointing at this operation.
async fn partner(
    state: &AppState,
    version: ApiVersion,
    params: &PathParams,
    field: &str,
    role: &str,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?;
    let case = load_case(state, nr).await?;
    let mut served = render_value(&state.public_url, version, nr, &case.document)?;
    let Some(Value::Object(mut partner)) = served.remove(field) else {
        return Err(ApiError::not_found(format!(
            "Vorgang {nr} hat keinen {role}"
        )));
    };
    partner.insert(
        "_links".into(),
        self_links(state.public_url.case(version, nr, &format!("/{field}"))),
    );
    Ok(json_value(&Value::Object(partner)))
}

pub async fn kunden_betreuer(
    State(state): State<AppState>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
) -> Result<Response, ApiError> {
    partner(&state, version, &params, "kundenBetreuer", "Kundenbetreuer").await
}

pub async fn vorgangs_bearbeiter(
    State(state): State<AppState>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
) -> Result<Response, ApiError> {
    partner(
        &state,
        version,
        &params,
        "vorgangsBearbeiter",
        "Vorgangsbearbeiter",
    )
    .await
}
