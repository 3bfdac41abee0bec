//! The one way a request changes a case.
//!
//! [`edit_case`] runs the operation's change inside the store's write transaction, on the
//! case as committed: the write rule, `If-Match`, and the change itself all see the same
//! version, so concurrent writers of a case are applied one after the other and none is lost.
//! The change works on a [`Draft`] of the parsed Vorgang; what it records becomes the
//! case's events, stamped with the time of the write and the acting partner as source, and
//! the change's audit record, which keeps its [`Author`].

use bytes::Bytes;
use serde_json::{Map, Value};
use vorgaenge_domain::access::{self, CaseParties};
use vorgaenge_domain::edit::{Draft, EventDraft};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_store::document::DocumentError;
use vorgaenge_store::members::{self, Members};
use vorgaenge_store::{
    CaseEdit, CaseUpdate, EditRefused, Edited, NewEvent, PartnerRecord, StoredCase, Timestamp,
};

use crate::author::{Author, log_change};
use crate::conditional::IfMatch;
use crate::error::ApiError;
use crate::state::AppState;

/// Which members of the case a change works on: only those are parsed (see
/// `vorgaenge_store::members`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// Status, partners, external number.
    Metadata,
    /// The same and the Anträge.
    WithAntraege,
    /// The same as `Metadata` and the members that come from the case's Kundenangaben.
    WithErfassteDaten,
}

impl Parts {
    fn names(self) -> &'static [&'static str] {
        match self {
            Parts::Metadata => members::METADATA,
            Parts::WithAntraege => members::WITH_ANTRAEGE,
            Parts::WithErfassteDaten => members::WITH_ERFASSTE_DATEN,
        }
    }
}

/// Applies `change` to case `nr` for the author's caller, after the write rule and
/// `If-Match`. Returns the case as it is afterwards (unchanged when `change` changed nothing).
pub async fn edit_case<F>(
    state: &AppState,
    author: &Author,
    nr: &str,
    parts: Parts,
    if_match: IfMatch,
    change: F,
) -> Result<StoredCase, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError> + Send + 'static,
{
    edit_case_storing(state, author, nr, parts, if_match, None, change).await
}

/// [`edit_case`] that also replaces the case's stored Kundenangaben when it changes the case.
pub async fn edit_case_storing<F>(
    state: &AppState,
    author: &Author,
    nr: &str,
    parts: Parts,
    if_match: IfMatch,
    kundenangaben: Option<Bytes>,
    change: F,
) -> Result<StoredCase, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError> + Send + 'static,
{
    // The scope alone first; the rest of the rule needs the case.
    crate::access::require_scope(&author.auth, Scope::VorgangSchreiben)?;
    let author = author.clone();
    let edit: CaseEdit = Box::new(move |case: &StoredCase, stamp: Timestamp| {
        let mut update = decide(&author, &if_match, case, stamp, parts, change)
            .map_err(|e| EditRefused(Box::new(e)))?;
        if let Some(update) = &mut update {
            update.kundenangaben = kundenangaben;
        }
        Ok(update)
    });
    match state.store.edit_case(nr, edit).await? {
        Edited::NotFound => Err(ApiError::case_not_found(nr)),
        Edited::Refused(EditRefused(why)) => Err(match why.downcast::<ApiError>() {
            Ok(e) => *e,
            Err(_) => ApiError::Internal("an edit refused with an unknown error".into()),
        }),
        Edited::Done { case, audit } => {
            if let Some(record) = &audit {
                log_change(record);
            }
            Ok(case)
        }
    }
}

fn decide<F>(
    author: &Author,
    if_match: &IfMatch,
    case: &StoredCase,
    stamp: Timestamp,
    parts: Parts,
    change: F,
) -> Result<Option<CaseUpdate>, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError>,
{
    let auth = &author.auth;
    let meta = &case.meta;
    access::write_case(
        &auth.snapshot.directory,
        &auth.caller.partner,
        auth.caller.scopes,
        CaseParties {
            daten_kontext: crate::kontext::from_store(meta.daten_kontext),
            kunden_betreuer: meta.kunden_betreuer.as_deref(),
            vorgangs_bearbeiter: meta.vorgangs_bearbeiter.as_deref(),
        },
    )
    .map_err(|denial| ApiError::denied(denial, Some(&meta.vorgangs_nummer)))?;
    if_match.check(meta)?;

    let unreadable = |e: DocumentError| {
        ApiError::Internal(format!(
            "stored case {} unreadable: {e}",
            meta.vorgangs_nummer
        ))
    };
    let stored = Members::split(&case.document).map_err(unreadable)?;
    let doc = stored.parse(parts.names()).map_err(unreadable)?;
    let mut draft = Draft::new(doc);
    change(&mut draft)?;
    if !draft.changed() {
        return Ok(None);
    }
    let (mut doc, drafts) = draft.into_parts();
    let audit = author.record(&drafts);
    let zeitpunkt = stamp.to_rfc3339();
    doc.insert("letztesEreignis".into(), zeitpunkt.clone().into());
    let quelle = quelle(
        auth.snapshot.partners.get(&auth.caller.partner),
        &auth.caller.partner,
    );
    let events = drafts
        .into_iter()
        .map(|d| event(&meta.vorgangs_nummer, &zeitpunkt, &quelle, d))
        .collect();
    let (meta, document) = stored
        .reassemble(parts.names(), doc)
        .map_err(|e| ApiError::Internal(format!("edited case does not encode: {e}")))?;
    Ok(Some(CaseUpdate {
        meta,
        document,
        events,
        kundenangaben: None,
        audit,
    }))
}

/// The Ereignis of a change, in the events API's shape.
pub(crate) fn event(nr: &str, zeitpunkt: &str, quelle: &Value, draft: EventDraft) -> NewEvent {
    let mut e = Map::new();
    e.insert("vorgangsNummer".into(), nr.into());
    if let Some(a) = &draft.antrags_nummer {
        e.insert("antragsNummer".into(), a.clone().into());
    }
    e.insert("meldung".into(), draft.meldung.into());
    e.insert("typ".into(), draft.typ.as_str().into());
    e.insert("aktivitaet".into(), draft.aktivitaet.as_str().into());
    e.insert("zeitpunkt".into(), zeitpunkt.into());
    e.insert("quelle".into(), quelle.clone());
    if let Some(status) = draft.antrags_status {
        e.insert("antragsStatus".into(), status);
    }
    NewEvent {
        antrags_nummer: draft.antrags_nummer,
        document: Bytes::from(serde_json::to_vec(&Value::Object(e)).expect("JSON serialises")),
    }
}

/// The events API's Partner of the acting partner: id, salutation, names, own reference.
pub(crate) fn quelle(record: Option<&PartnerRecord>, partner: &str) -> Value {
    let mut q = Map::new();
    q.insert("partnerId".into(), partner.into());
    let profile: Map<String, Value> = record
        .and_then(|r| serde_json::from_slice(&r.profile).ok())
        .unwrap_or_default();
    for key in ["anrede", "nachname", "vorname", "externePartnerId"] {
        if let Some(Value::String(v)) = profile.get(key) {
            // The events API knows only FRAU and HERR.
            if key == "anrede" && !matches!(v.as_str(), "FRAU" | "HERR") {
                continue;
            }
            q.insert(key.into(), v.clone().into());
        }
    }
    Value::Object(q)
}

/// The Partner object a case embeds for one of its parties: the partner's profile with id
/// and right from the record's columns.
pub fn partner_object(record: &PartnerRecord) -> Result<Map<String, Value>, ApiError> {
    let mut body = crate::http::stored_object(&record.profile, "partner profile")?;
    body.remove("_links");
    body.insert("partnerId".into(), record.id.clone().into());
    body.insert(
        "kreditsachbearbeiter".into(),
        record.kreditsachbearbeiter.into(),
    );
    Ok(body)
}
