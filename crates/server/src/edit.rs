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
use vorgaenge_domain::edit::{Draft, EventDraft};
use vorgaenge_store::document::DocumentError;
use vorgaenge_store::members::{self, Members};
use vorgaenge_store::{CaseUpdate, NewEvent, PartnerRecord, StoredCase, Timestamp};

use crate::access::Writable;
use crate::author::{Author, log_change};
use crate::conditional::IfMatch;
use crate::error::ApiError;

/// Which members of the case a change works on: only those are parsed (see
/// `vorgaenge_store::members`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sections {
    /// Status, partners, external number.
    Metadata,
    /// The same and the Anträge.
    WithAntraege,
    /// The same as `Metadata` and the members that come from the case's Kundenangaben.
    WithErfassteDaten,
}

impl Sections {
    fn names(self) -> &'static [&'static str] {
        match self {
            Sections::Metadata => members::METADATA,
            Sections::WithAntraege => members::WITH_ANTRAEGE,
            Sections::WithErfassteDaten => members::WITH_ERFASSTE_DATEN,
        }
    }
}

/// Applies `change` to case `nr` for the author's caller, after the write rule and
/// `If-Match`. Returns the case as it is afterwards (unchanged when `change` changed nothing).
pub async fn edit_case<F>(
    author: &Author,
    nr: &str,
    sections: Sections,
    if_match: IfMatch,
    change: F,
) -> Result<StoredCase, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError> + Send + 'static,
{
    apply(author, nr, sections, if_match, None, change).await
}

/// [`edit_case`] on the members that come from the Kundenangaben, which also replaces the
/// case's stored Kundenangaben with `kundenangaben` when it changes the case.
pub async fn replace_kundenangaben<F>(
    author: &Author,
    nr: &str,
    if_match: IfMatch,
    kundenangaben: Bytes,
    change: F,
) -> Result<StoredCase, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError> + Send + 'static,
{
    let sections = Sections::WithErfassteDaten;
    apply(author, nr, sections, if_match, Some(kundenangaben), change).await
}

async fn apply<F>(
    author: &Author,
    nr: &str,
    sections: Sections,
    if_match: IfMatch,
    kundenangaben: Option<Bytes>,
    change: F,
) -> Result<StoredCase, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError> + Send + 'static,
{
    let cases = &author.ctx.state.cases;
    let acting = author.clone();
    let (case, audit) = cases
        .edit(&author.ctx.auth, nr, move |case, stamp| {
            let mut update = decide(&acting, &if_match, case, stamp, sections, change)?;
            if let Some(update) = &mut update {
                update.kundenangaben = kundenangaben;
            }
            Ok(update)
        })
        .await?;
    if let Some(record) = &audit {
        log_change(record);
    }
    Ok(case)
}

/// The change on the case as committed, which the write rule already let through.
fn decide<F>(
    author: &Author,
    if_match: &IfMatch,
    case: Writable<'_>,
    stamp: Timestamp,
    sections: Sections,
    change: F,
) -> Result<Option<CaseUpdate>, ApiError>
where
    F: FnOnce(&mut Draft) -> Result<(), ApiError>,
{
    let auth = &author.ctx.auth;
    let meta = &case.meta;
    if_match.check(meta)?;

    let unreadable = |e: DocumentError| {
        ApiError::Internal(format!(
            "stored case {} unreadable: {e}",
            meta.vorgangs_nummer
        ))
    };
    let stored = Members::split(&case.document).map_err(unreadable)?;
    let doc = stored.parse(sections.names()).map_err(unreadable)?;
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
        .reassemble(sections.names(), doc)
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
