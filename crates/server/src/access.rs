//! The one place where a request reaches a case.
//!
//! Every operation on a case goes through [`load_case`] / [`load_meta`], which apply the read
//! rule of `vorgaenge_domain::access` for the authenticated caller, so that no handler can
//! forget it. A case the caller may not read answers exactly like a missing one (404).

use vorgaenge_domain::access::{self, CaseParties};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_store::{CaseMeta, StoredCase};

use crate::auth::bearer::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// The case `nr` with its document, or the 404/403 for it.
pub async fn load_case(
    state: &AppState,
    auth: &Authenticated,
    nr: &str,
) -> Result<StoredCase, ApiError> {
    require_scope(auth, Scope::VorgangLesen)?;
    let case = state.store.case(nr).await?;
    match case {
        Some(case) => {
            may_read(auth, &case.meta)?;
            Ok(case)
        }
        None => Err(ApiError::case_not_found(nr)),
    }
}

/// Only the columns of case `nr` (no document), or the 404/403 for it.
pub async fn load_meta(
    state: &AppState,
    auth: &Authenticated,
    nr: &str,
) -> Result<CaseMeta, ApiError> {
    require_scope(auth, Scope::VorgangLesen)?;
    let meta = state.store.case_meta(nr).await?;
    match meta {
        Some(meta) => {
            may_read(auth, &meta)?;
            Ok(meta)
        }
        None => Err(ApiError::case_not_found(nr)),
    }
}

/// The operation's scope, checked before any case is looked up, so that a token without it
/// cannot tell an existing case from a missing one.
pub fn require_scope(auth: &Authenticated, scope: Scope) -> Result<(), ApiError> {
    access::require_scope(auth.caller.scopes, scope)
        .map_err(|denial| ApiError::denied(denial, None))
}

fn may_read(auth: &Authenticated, meta: &CaseMeta) -> Result<(), ApiError> {
    access::read_case(
        &auth.snapshot.directory,
        &auth.caller.partner,
        auth.caller.scopes,
        CaseParties {
            daten_kontext: crate::kontext::from_store(meta.daten_kontext),
            kunden_betreuer: meta.kunden_betreuer.as_deref(),
            vorgangs_bearbeiter: meta.vorgangs_bearbeiter.as_deref(),
        },
    )
    .map_err(|denial| ApiError::denied(denial, Some(&meta.vorgangs_nummer)))
}
