//! POST …/antraege/{antragsNummer}/{teilantragsNummer}/entscheidungsreife and …/status:
//! the two actions on an Antrag. Both answer 202 Accepted without a body, as the contract
//! says; the Antrag shows the change at once.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vorgaenge_domain::assignment::{ReadinessRefusal, signal_entscheidungsreife};
use vorgaenge_domain::edit::{Draft, Party};
use vorgaenge_model::{Entscheidungsreife, StatusDTO};
use vorgaenge_store::document::antrag_address;

use crate::author::Author;
use crate::body;
use crate::conditional::IfMatch;
use crate::edit::{Sections, edit_case};
use crate::error::ApiError;
use crate::params::PathParams;

/// The Antrag of the case at (antrag, teilantrag), by its platform number.
pub(crate) fn antrag_nummer(
    draft: &Draft,
    nr: &str,
    address: (i32, i32),
) -> Result<String, ApiError> {
    draft
        .antrag_numbers()
        .find(|n| antrag_address(n) == Some(address))
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Antrag {}/{} im Vorgang {nr} nicht gefunden",
                address.0, address.1
            ))
        })
}

fn address(params: &PathParams) -> Result<(i32, i32), ApiError> {
    Ok((
        params.int32("antragsNummer")?,
        params.int32("teilantragsNummer")?,
    ))
}

pub async fn entscheidungsreife(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?.to_owned();
    let address = address(&params)?;
    let if_match = IfMatch::from_headers(request.headers())?;
    let value = body::json(request, author.ctx.state.limits, body::JSON).await?;
    let signal: Entscheidungsreife = body::typed(value, "Entscheidungsreife")?;
    match signal.entscheidungsreife_vom_vertrieb_signalisiert {
        Some(true) => {}
        Some(false) => {
            return Err(ApiError::bad_request(
                "Entscheidungsreife.entscheidungsreifeVomVertriebSignalisiert: nur true ist erlaubt",
            ));
        }
        None => {
            return Err(ApiError::bad_request(
                "Entscheidungsreife.entscheidungsreifeVomVertriebSignalisiert fehlt",
            ));
        }
    }
    let caller = author.ctx.auth.caller.partner.clone();
    edit_case(
        &author,
        &nr.clone(),
        Sections::WithAntraege,
        if_match,
        move |draft| {
            let antrag = antrag_nummer(draft, &nr, address)?;
            let facts = draft
                .readiness_facts(&antrag)
                .map_err(|e| ApiError::not_found(e.to_string()))?;
            signal_entscheidungsreife(
                &caller,
                draft.party(Party::VorgangsBearbeiter),
                facts.antragsteller.as_deref(),
                facts.produkt_anbieter.as_deref(),
                facts.already_signalled,
            )
            .map_err(|refusal| readiness_refused(refusal, &caller, &antrag))?;
            draft
                .signal_entscheidungsreife(&antrag)
                .map_err(|e| ApiError::not_found(e.to_string()))
        },
    )
    .await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

fn readiness_refused(refusal: ReadinessRefusal, caller: &str, antrag: &str) -> ApiError {
    match refusal {
        ReadinessRefusal::NotTheVorgangsBearbeiter => ApiError::Forbidden {
            message: format!(
                "Nur der Vorgangsbearbeiter darf die Entscheidungsreife signalisieren; {caller} ist es nicht"
            ),
            scope: None,
        },
        ReadinessRefusal::WrongStatus {
            antragsteller,
            produkt_anbieter,
        } => ApiError::bad_request(format!(
            "Antrag {antrag}: Entscheidungsreife setzt den Status antragsteller=BEANTRAGT und \
             produktAnbieter=NICHT_BEARBEITET voraus; er ist antragsteller={}, produktAnbieter={}",
            antragsteller.as_deref().unwrap_or("(ohne)"),
            produkt_anbieter.as_deref().unwrap_or("(ohne)")
        )),
        ReadinessRefusal::AlreadySignalled => ApiError::bad_request(format!(
            "Antrag {antrag}: die Entscheidungsreife wurde bereits signalisiert; das geht nur einmal"
        )),
    }
}

pub async fn status(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?.to_owned();
    let address = address(&params)?;
    let if_match = IfMatch::from_headers(request.headers())?;
    let value = body::json(request, author.ctx.state.limits, body::JSON).await?;
    let dto: StatusDTO = body::typed(value, "StatusDTO")?;
    if dto.antragsteller.is_none() {
        return Err(ApiError::bad_request("StatusDTO.antragsteller fehlt"));
    }
    if dto.produkt_anbieter.is_none() {
        return Err(ApiError::bad_request("StatusDTO.produktAnbieter fehlt"));
    }
    edit_case(
        &author,
        &nr.clone(),
        Sections::WithAntraege,
        if_match,
        move |draft| {
            let antrag = antrag_nummer(draft, &nr, address)?;
            draft
                .set_antrag_status(&antrag, &dto)
                .map_err(|e| ApiError::not_found(e.to_string()))
        },
    )
    .await?;
    Ok(StatusCode::ACCEPTED.into_response())
}
