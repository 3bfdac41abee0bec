//! POST /{version}/vorgaenge/{vorgangsNummer}/nachricht: a message to the case, kept as one
//! of its events. 201 Created without a body, as the contract says.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vorgaenge_model::Nachricht;

use crate::author::Author;
use crate::body;
use crate::conditional::IfMatch;
use crate::edit::{Sections, edit_case};
use crate::error::ApiError;
use crate::links::ApiVersion;
use crate::params::PathParams;

/// Longest message, in characters (Unicode code points, as JSON Schema counts).
const MAX_TEXT: usize = 2000;

pub async fn handler(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    let (state, version) = (&author.ctx.state, author.ctx.version);
    // v2 gives this operation's number no pattern (a malformed one is simply not found);
    // v3 gives it the usual one.
    let nr = match version {
        ApiVersion::V2 => params.text("vorgangsNummer")?,
        ApiVersion::V3 => params.vorgangs_nummer()?,
    }
    .to_owned();
    let if_match = IfMatch::from_headers(request.headers())?;
    let value = body::json(request, state.limits, body::JSON).await?;
    let nachricht: Nachricht = body::typed(value, "Nachricht")?;
    let text = nachricht
        .text
        .ok_or_else(|| ApiError::bad_request("Nachricht.text fehlt"))?;
    let length = text.chars().count();
    if !(1..=MAX_TEXT).contains(&length) {
        return Err(ApiError::bad_request(format!(
            "Nachricht.text muss 1 bis {MAX_TEXT} Zeichen lang sein, hat aber {length}"
        )));
    }
    edit_case(&author, &nr, Sections::Metadata, if_match, move |draft| {
        draft.add_message(&text);
        Ok(())
    })
    .await?;
    Ok(StatusCode::CREATED.into_response())
}
