//! Changing and creating cases: the write rule is applied where the change is decided.

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use vorgaenge_domain::access;
use vorgaenge_model::DatenKontext;
use vorgaenge_store::{
    AuditRecord, CaseCreate, CaseEdit, CaseUpdate, Created, EditRefused, Edited, StoreResult,
    StoredCase, Timestamp,
};

use super::{Cases, Rule, Write, parties, require_scope};
use crate::auth::caller::Authenticated;
use crate::error::ApiError;
use vorgaenge_domain::scopes::Scope;

/// A case as committed, inside the write transaction of a change the caller may make.
/// Only [`Cases::edit`] makes one.
#[derive(Debug)]
pub struct Writable<'c> {
    case: &'c StoredCase,
}

impl Deref for Writable<'_> {
    type Target = StoredCase;

    fn deref(&self) -> &StoredCase {
        self.case
    }
}

/// A committed change: the case as it is now and the change's audit record (`None` when the
/// change changed nothing).
pub type Changed = (StoredCase, Option<Box<AuditRecord>>);

impl Cases {
    /// Applies `change` to case `nr` inside the store's write transaction, after the write
    /// rule on the case as committed: concurrent writers of a case are applied one after the
    /// other, and each sees (and is checked against) what the one before left.
    pub async fn edit<F>(
        &self,
        auth: &Authenticated,
        nr: &str,
        change: F,
    ) -> Result<Changed, ApiError>
    where
        F: FnOnce(Writable<'_>, Timestamp) -> Result<Option<CaseUpdate>, ApiError> + Send + 'static,
    {
        // The scope alone first; the rest of the rule needs the case.
        require_scope(auth, Write::SCOPE)?;
        // The store hands a refusal back without looking at it; its reason waits here.
        let refusal: Arc<Mutex<Option<ApiError>>> = Arc::default();
        let reason = refusal.clone();
        let auth = auth.clone();
        let edit: CaseEdit = Box::new(move |case: &StoredCase, stamp: Timestamp| {
            let meta = &case.meta;
            Write::check(
                &auth.snapshot.directory,
                &auth.caller.partner,
                auth.caller.scopes,
                parties(meta),
            )
            .map_err(|denial| ApiError::denied(denial, Some(&meta.vorgangs_nummer)))
            .and_then(|()| change(Writable { case }, stamp))
            .map_err(|e| {
                *reason.lock().expect("no edit panics holding it") = Some(e);
                EditRefused
            })
        });
        match self.store.edit_case(nr, edit).await? {
            Edited::NotFound => Err(ApiError::case_not_found(nr)),
            Edited::Refused => Err(refusal
                .lock()
                .expect("no edit panics holding it")
                .take()
                .unwrap_or_else(|| ApiError::Internal("an edit refused without a reason".into()))),
            Edited::Done { case, audit } => Ok((case, audit)),
        }
    }

    /// Inserts the new case numbered `nr` (see `Store::create_case`).
    pub async fn create(
        &self,
        _permit: &CreatePermit,
        nr: &str,
        create: CaseCreate,
    ) -> StoreResult<Created> {
        self.store.create_case(nr, create).await
    }
}

/// The caller may create a case of its data context. Only [`may_create`] makes one.
#[derive(Debug)]
pub struct CreatePermit(());

/// The write scope and the production-data gate for a new case of `kontext`.
pub fn may_create(auth: &Authenticated, kontext: DatenKontext) -> Result<CreatePermit, ApiError> {
    require_scope(auth, Scope::VorgangSchreiben)?;
    access::require_kontext(
        &auth.snapshot.directory,
        &auth.caller.partner,
        auth.caller.scopes,
        kontext,
    )
    .map_err(|denial| ApiError::denied(denial, None))?;
    Ok(CreatePermit(()))
}
