//! The events the changes record: their `typ` and `aktivitaet` values and the
//! [`EventDraft`] itself. Apart from the changes because the store and the events API
//! read these too, without needing to know how a change is made.

use serde_json::Value;

/// The Ereignis `typ` values our changes produce (of the events API's enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTyp {
    StatusAenderung,
    Hinweis,
    Kommentar,
}

impl EventTyp {
    pub fn as_str(self) -> &'static str {
        match self {
            EventTyp::StatusAenderung => "STATUS_AENDERUNG",
            EventTyp::Hinweis => "HINWEIS",
            EventTyp::Kommentar => "KOMMENTAR",
        }
    }
}

/// The Ereignis `aktivitaet` values our changes produce (of the events API's enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aktivitaet {
    ExterneVorgangsnummerGesetzt,
    VorgangGeschlossen,
    VorgangAktiviert,
    KundenbetreuerGeaendert,
    BearbeiterGeaendert,
    StatusaenderungAntrag,
    Hinweis,
    Kommentar,
    VorgangAngelegt,
    ErfassteDatenGeaendert,
}

impl Aktivitaet {
    pub fn as_str(self) -> &'static str {
        match self {
            Aktivitaet::ExterneVorgangsnummerGesetzt => "EXTERNE_VORGANGSNUMMER_GESETZT",
            Aktivitaet::VorgangGeschlossen => "VORGANG_GESCHLOSSEN",
            Aktivitaet::VorgangAktiviert => "VORGANG_AKTIVIERT",
            Aktivitaet::KundenbetreuerGeaendert => "KUNDENBETREUER_GEAENDERT",
            Aktivitaet::BearbeiterGeaendert => "BEARBEITER_GEAENDERT",
            Aktivitaet::StatusaenderungAntrag => "STATUSAENDERUNG_ANTRAG",
            Aktivitaet::Hinweis => "HINWEIS",
            Aktivitaet::Kommentar => "KOMMENTAR",
            Aktivitaet::VorgangAngelegt => "VORGANG_ANGELEGT",
            Aktivitaet::ErfassteDatenGeaendert => "ERFASSTE_DATEN_GEAENDERT",
        }
    }
}

/// An event without time and source.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    pub typ: EventTyp,
    pub aktivitaet: Aktivitaet,
    pub meldung: String,
    pub antrags_nummer: Option<String>,
    /// The Ereignis `antragsStatus` (its AntragsStatus shape), for Antrag status changes.
    pub antrags_status: Option<Value>,
}

impl EventDraft {
    pub fn new(typ: EventTyp, aktivitaet: Aktivitaet, meldung: String) -> Self {
        Self {
            typ,
            aktivitaet,
            meldung,
            antrags_nummer: None,
            antrags_status: None,
        }
    }
}
