//! PATCH /{version}/vorgaenge/{vorgangsNummer}: an RFC 6902 array on the contract's five
//! paths, applied in order and all or nothing.
//!
//! The body is checked as a whole before the case is touched ([`patch::parse`]); what
//! depends on the case (a `test`, an Antrag, a partner the caller may assign) is decided on
//! the committed case inside the write. Any refusal leaves the case exactly as it was.

use axum::extract::Request;
use axum::response::Response;
use vorgaenge_domain::edit::{Draft, Party};
use vorgaenge_domain::patch::{self, NewValue, PatchError, Step, Target};

use crate::auth::caller::Authenticated;
use crate::author::Author;
use crate::body;
use crate::conditional::IfMatch;
use crate::edit::{Sections, edit_case};
use crate::error::ApiError;
use crate::http::assign::{AssignmentError, assign};
use crate::http::vorgaenge::get::case_response;
use crate::params::PathParams;

pub async fn handler(
    author: Author,
    params: PathParams,
    request: Request,
) -> Result<Response, ApiError> {
    let state = &author.ctx.state;
    let nr = params.vorgangs_nummer()?.to_owned();
    let if_match = IfMatch::from_headers(request.headers())?;
    let value = body::json(request, state.limits, body::JSON_PATCH).await?;
    let steps = patch::parse(&value, state.limits.max_patch_operations)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    // Only a patch of an Antrag needs the Anträge parsed.
    let sections = if steps.iter().any(|step| {
        matches!(
            step,
            Step::Set(Target::AntragStatus(_), _) | Step::Test(Target::AntragStatus(_), _)
        )
    }) {
        Sections::WithAntraege
    } else {
        Sections::Metadata
    };
    let caller = author.ctx.auth.clone();
    let case = edit_case(&author, &nr, sections, if_match, move |draft| {
        for (index, step) in steps.iter().enumerate() {
            apply(draft, &caller, step).map_err(|failure| failure.at(index, step))?;
        }
        Ok(())
    })
    .await?;
    Ok(case_response(&state.public_url, author.ctx.version, &case))
}

/// Why one operation cannot be applied, before it is tied to its index and path.
enum Failure {
    BadRequest(String),
    Forbidden(String),
    Other(ApiError),
}

impl Failure {
    fn at(self, index: usize, step: &Step) -> ApiError {
        let target = match step {
            Step::Set(t, _) | Step::Remove(t) | Step::Test(t, _) => t,
        };
        let named = |reason: String| {
            PatchError {
                index: Some(index),
                path: Some(target.path()),
                reason,
            }
            .to_string()
        };
        match self {
            Failure::BadRequest(reason) => ApiError::bad_request(named(reason)),
            Failure::Forbidden(reason) => ApiError::Forbidden {
                message: named(reason),
                scope: None,
            },
            Failure::Other(e) => e,
        }
    }
}

fn apply(draft: &mut Draft, auth: &Authenticated, step: &Step) -> Result<(), Failure> {
    match step {
        Step::Test(target, expected) => {
            let current = draft
                .current(target)
                .ok_or_else(|| unknown_antrag(target))?;
            if &current == expected {
                Ok(())
            } else {
                Err(Failure::BadRequest(format!(
                    "test fehlgeschlagen: der aktuelle Wert ist {current}, nicht {expected}"
                )))
            }
        }
        Step::Remove(Target::ExterneVorgangsNummer) => {
            draft.set_externe_vorgangs_nummer(None);
            Ok(())
        }
        Step::Remove(_) => Err(Failure::BadRequest(
            "dieser Wert kann nicht entfernt werden".into(),
        )),
        Step::Set(target, value) => match (target, value) {
            (Target::ExterneVorgangsNummer, NewValue::Text(text)) => {
                draft.set_externe_vorgangs_nummer(Some(text));
                Ok(())
            }
            (Target::Status, NewValue::Status(status)) => {
                draft.set_status(*status);
                Ok(())
            }
            (Target::KundenBetreuer, NewValue::Partner(id)) => {
                assign_party(draft, auth, Party::KundenBetreuer, id)
            }
            (Target::VorgangsBearbeiter, NewValue::Partner(id)) => {
                assign_party(draft, auth, Party::VorgangsBearbeiter, id)
            }
            (Target::AntragStatus(nr), NewValue::AntragStatus(status)) => draft
                .set_antrag_status(nr, status)
                .map_err(|_| unknown_antrag(target)),
            _ => Err(Failure::Other(ApiError::Internal(format!(
                "patch step {step:?} pairs a target with a value of another kind"
            )))),
        },
    }
}

fn assign_party(
    draft: &mut Draft,
    auth: &Authenticated,
    party: Party,
    id: &str,
) -> Result<(), Failure> {
    assign(draft, auth, party, id).map_err(|refused| match refused {
        AssignmentError::Invalid(reason) => Failure::BadRequest(reason),
        AssignmentError::NotCovered(reason) => Failure::Forbidden(reason),
        AssignmentError::Other(e) => Failure::Other(e),
    })
}

fn unknown_antrag(target: &Target) -> Failure {
    match target {
        Target::AntragStatus(nr) => {
            Failure::BadRequest(format!("der Vorgang hat keinen Antrag {nr}"))
        }
        _ => Failure::Other(ApiError::Internal(format!(
            "target {target:?} has no Antrag"
        ))),
    }
}
