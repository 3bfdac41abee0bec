//! GET /kundenangaben/{vorgangsnummer}: the customer data of a case, exactly as it was last
//! sent (by the import or a replacement).

use axum::http::StatusCode;
use axum::response::Response;

use super::problem::IntakeError;
use super::versioned_bytes;
use crate::context::Context;
use crate::error::ApiError;
use crate::params::PathParams;

pub async fn handler(ctx: Context, params: PathParams) -> Result<Response, IntakeError> {
    let nr = params.text("vorgangsnummer")?;
    // Scope, read rule and production gate; an invisible case is as unknown as a missing one.
    let case = ctx.state.cases.read_meta(&ctx.auth, nr).await?;
    match case.kundenangaben().await? {
        Some(document) => Ok(versioned_bytes(StatusCode::OK, document)),
        // A case created otherwise (the seed, an import of Vorgang documents) has none.
        None => {
            Err(ApiError::not_found(format!("Zum Vorgang {nr} gibt es keine Kundenangaben")).into())
        }
    }
}
