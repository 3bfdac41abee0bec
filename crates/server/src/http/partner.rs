//! GET …/kundenBetreuer and …/vorgangsBearbeiter: the case's partner, as the partner
//! records hold it now (not the copy inside the case document, which may be outdated).

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;
use vorgaenge_store::PartnerRecord;

use crate::access::load_meta;
use crate::auth::bearer::Authenticated;
use crate::error::ApiError;
use crate::http::{json_value, self_links, stored_object};
use crate::links::ApiVersion;
use crate::params::PathParams;
use crate::state::AppState;

/// Which of the case's two partners.
#[derive(Clone, Copy)]
enum Role {
    KundenBetreuer,
    VorgangsBearbeiter,
}

impl Role {
    fn path(self) -> &'static str {
        match self {
            Role::KundenBetreuer => "kundenBetreuer",
            Role::VorgangsBearbeiter => "vorgangsBearbeiter",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Role::KundenBetreuer => "Kundenbetreuer",
            Role::VorgangsBearbeiter => "Vorgangsbearbeiter",
        }
    }
}

async fn partner(
    state: &AppState,
    auth: &Authenticated,
    version: ApiVersion,
    params: &PathParams,
    role: Role,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?;
    let meta = load_meta(state, auth, nr).await?;
    let id = match role {
        Role::KundenBetreuer => meta.kunden_betreuer,
        Role::VorgangsBearbeiter => meta.vorgangs_bearbeiter,
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
        .case(version, nr, &format!("/{}", role.path()));
    Ok(json_value(&partner_body(record, href)?))
}

/// The Partner object: the stored profile, with id and right taken from the record's
/// columns (they are what access decisions use) and `_links.self`.
fn partner_body(record: &PartnerRecord, self_href: String) -> Result<Value, ApiError> {
    let mut body = stored_object(&record.profile, "partner profile")?;
    body.insert("partnerId".into(), record.id.clone().into());
    body.insert(
        "kreditsachbearbeiter".into(),
        record.kreditsachbearbeiter.into(),
    );
    body.insert("_links".into(), self_links(self_href));
    Ok(Value::Object(body))
}

pub async fn kunden_betreuer(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
) -> Result<Response, ApiError> {
    partner(&state, &auth, version, &params, Role::KundenBetreuer).await
}

pub async fn vorgangs_bearbeiter(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(version): Extension<ApiVersion>,
    params: PathParams,
) -> Result<Response, ApiError> {
    partner(&state, &auth, version, &params, Role::VorgangsBearbeiter).await
}
