//! Listing cases: the scope, the production-data gate, and exactly the cases of the partners
//! the caller covers.

use vorgaenge_domain::access::{Denial, list_cases};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_model::DatenKontext;
use vorgaenge_store::{ListPage, ListQuery};

use super::Cases;
use crate::auth::caller::Authenticated;
use crate::error::ApiError;

impl Cases {
    /// One page of the caller's cases of data context `kontext`, as `query` asks (its
    /// `partners` are set here: the caller's cases, and only those).
    pub async fn list(
        &self,
        auth: &Authenticated,
        kontext: DatenKontext,
        mut query: ListQuery,
    ) -> Result<ListPage, ApiError> {
        let (caller, directory) = (&auth.caller, &auth.snapshot.directory);
        list_cases(directory, &caller.partner, caller.scopes, kontext)
            .map_err(|d| list_denied(d, kontext))?;
        query.partners = Some(directory.covered(&caller.partner));
        Ok(self.store.list(&query).await?)
    }
}

/// A production-data refusal names the way out: the same list in test mode.
fn list_denied(denial: Denial, kontext: DatenKontext) -> ApiError {
    match (denial, kontext) {
        (Denial::MissingScope(scope @ Scope::Echtgeschaeft), DatenKontext::EchtGeschaeft) => {
            ApiError::Forbidden {
                message: format!(
                    "Dem Token fehlt der Scope {scope} für datenKontext=ECHT_GESCHAEFT (der Standard der Liste); \
                     ohne ihn ist nur datenKontext=TEST_MODUS abrufbar"
                ),
                scope: Some(scope),
            }
        }
        (Denial::NoEchtgeschaeftRight, DatenKontext::EchtGeschaeft) => ApiError::Forbidden {
            message: "Der Partner hat kein Recht auf Echtgeschäft (datenKontext=ECHT_GESCHAEFT, der Standard der Liste); \
                      nur datenKontext=TEST_MODUS ist abrufbar"
                .to_owned(),
            scope: None,
        },
        (denial, _) => ApiError::denied(denial, None),
    }
}
