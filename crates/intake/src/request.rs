//! [`Kundenangaben`]: a validated import request and what the HTTP layer needs from its
//! `importMetadaten`.

use vorgaenge_model::{DatenKontext, Prioritaet};

use crate::spec;

/// A validated `ImportKundenangabenRequest` (the whole body: `importMetadaten` and
/// `kundenangaben`). Only [`crate::parse`] creates one, so the invariants the validator
/// checks (required fields, enum values, dates, references) hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Kundenangaben {
    request: spec::ImportKundenangabenRequest,
    ignoriert: Vec<String>,
}

impl Kundenangaben {
    pub(crate) fn new(request: spec::ImportKundenangabenRequest, ignoriert: Vec<String>) -> Self {
        Self { request, ignoriert }
    }

    /// The paths of the values that were dropped because they are outside their enum's
    /// value list, in document order and in the notation of [`crate::Violation::field`]
    /// (e.g. `importMetadaten.prioritaet`, `….bausparvertraege[1].bausparkasse`; an
    /// element of a list keeps the index it was sent with). The request reads as if they
    /// had not been sent.
    pub fn ignorierte_werte(&self) -> &[String] {
        &self.ignoriert
    }

    /// The request as read, with every field of the contract.
    pub fn request(&self) -> &spec::ImportKundenangabenRequest {
        &self.request
    }

    pub fn into_request(self) -> spec::ImportKundenangabenRequest {
        self.request
    }

    pub fn metadaten(&self) -> &spec::ImportMetadaten {
        &self.request.import_metadaten
    }

    /// The customer data (`kundenangaben`, called "Erfasste Daten" elsewhere).
    pub fn angaben(&self) -> &spec::Kundenangaben {
        &self.request.kundenangaben
    }

    /// Production data or test mode; the contract requires it.
    pub fn datenkontext(&self) -> DatenKontext {
        match self.metadaten().datenkontext.as_str() {
            "TEST_MODUS" => DatenKontext::TestModus,
            // The validator admits only the two values.
            _ => DatenKontext::EchtGeschaeft,
        }
    }

    pub fn betreuung(&self) -> Option<&spec::Betreuung> {
        self.metadaten().betreuung.as_ref()
    }

    /// Partner id of the customer advisor (person) or receiving organisation. `None`: the
    /// calling client's partner is meant.
    pub fn kundenbetreuer(&self) -> Option<&str> {
        self.betreuung().map(|b| b.kundenbetreuer.as_str())
    }

    /// Partner id of the person to be set as the case's Bearbeiter.
    pub fn bearbeiter(&self) -> Option<&str> {
        self.betreuung().and_then(|b| b.bearbeiter.as_deref())
    }

    /// Text to add to the "Vorgang angelegt" event.
    pub fn zusaetzlicher_ereignistext(&self) -> Option<&str> {
        self.metadaten().zusaetzlicher_ereignistext.as_deref()
    }

    pub fn externe_vorgangs_id(&self) -> Option<&str> {
        self.metadaten().externe_vorgangs_id.as_deref()
    }

    pub fn importquelle(&self) -> Option<&str> {
        self.metadaten().importquelle.as_deref()
    }

    pub fn prioritaet(&self) -> Option<Prioritaet> {
        self.metadaten().prioritaet.as_deref()?.parse().ok()
    }

    pub fn leadtracking(&self) -> Option<&spec::Leadtracking> {
        self.metadaten().leadtracking.as_ref()
    }

    /// Whether the Kundenbetreuer wants a notification after the import
    /// (`leadtracking.sendNotification`).
    pub fn benachrichtigung_gewuenscht(&self) -> bool {
        self.leadtracking()
            .and_then(|l| l.send_notification)
            .unwrap_or(false)
    }

    pub fn tippgeber(&self) -> Option<&spec::Tippgeber> {
        self.metadaten().tippgeber.as_ref()
    }

    /// Partner id of the tipster (`tippgeber.tippgeberPartnerId`).
    pub fn tippgeber_partner_id(&self) -> Option<&str> {
        self.tippgeber().map(|t| t.tippgeber_partner_id.as_str())
    }
}
