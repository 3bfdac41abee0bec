//! GET /kundenangaben/{vorgangsnummer}: the customer data of a case, exactly as it was last
//! sent (by the import or a replacement).

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::problem::IntakeError;
use super::versioned_bytes;
use crate::access::load_meta;
use crate::auth::bearer::Authenticated;
use crate::error::ApiError;
use crate::params::PathParams;
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    params: PathParams,
) -> Result<Response, IntakeError> {
    let nr = params.text("vorgangsnummer")?;
    // Scope, read rule and production gate; an invisible case is as unknown as a missing one.
    let meta = load_meta(&state, &auth, nr).await?;
    match state.store.kundenangaben(&meta.vorgangs_nummer).await? {
        Some(document) => Ok(versioned_bytes(StatusCode::OK, document)),
        // A case created otherwise (the seed, an import of Vorgang documents) has none.
        None => {
            Err(ApiError::not_found(format!("Zum Vorgang {nr} gibt es keine Kundenangaben")).into())
        }
    }
}
