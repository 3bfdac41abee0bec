//! Changes to the case's own members: the external case number, the status, the
//! Erfasste Daten from new Kundenangaben, and messages to the case; plus the current
//! value at a patch target, which `test` operations compare against.

use serde_json::{Map, Value};

use crate::patch::{CaseStatus, Target};

use super::draft::Draft;
use super::events::{Aktivitaet, EventDraft, EventTyp};
use super::parties::Party;

/// The members of a Vorgang that come from its Kundenangaben ("Erfasste Daten"): replaced
/// together when the Kundenangaben are.
pub const ERFASSTE_DATEN: &[&str] = &[
    "haushalte",
    "finanzierungsObjekt",
    "vorhaben",
    "praeferenzen",
    "bankverbindung",
];

impl Draft {
    /// The current value at a patch target, as a `test` operation compares it (`null` when
    /// absent); `None` if the target names an Antrag the case does not have.
    pub fn current(&self, target: &Target) -> Option<Value> {
        let or_null = |v: Option<&str>| v.map_or(Value::Null, |s| Value::String(s.to_owned()));
        Some(match target {
            Target::ExterneVorgangsNummer => or_null(self.text("externeVorgangsNummer")),
            Target::Status => or_null(self.text("status")),
            Target::KundenBetreuer => or_null(self.party(Party::KundenBetreuer)),
            Target::VorgangsBearbeiter => or_null(self.party(Party::VorgangsBearbeiter)),
            Target::AntragStatus(nr) => self
                .antrag(nr)?
                .get("status")
                .cloned()
                .unwrap_or(Value::Null),
        })
    }

    /// Sets (or with `None` removes) the external case number.
    pub fn set_externe_vorgangs_nummer(&mut self, value: Option<&str>) {
        if self.text("externeVorgangsNummer") == value {
            return;
        }
        let meldung = match value {
            Some(v) => {
                self.doc
                    .insert("externeVorgangsNummer".into(), v.to_owned().into());
                format!("Externe Vorgangsnummer gesetzt: {v}")
            }
            None => {
                self.doc.remove("externeVorgangsNummer");
                "Externe Vorgangsnummer entfernt".to_owned()
            }
        };
        self.events.push(EventDraft::new(
            EventTyp::StatusAenderung,
            Aktivitaet::ExterneVorgangsnummerGesetzt,
            meldung,
        ));
    }

    /// Archives the case (it leaves the list) or makes it active again.
    pub fn set_status(&mut self, status: CaseStatus) {
        if self.text("status") == Some(status.as_str()) {
            return;
        }
        self.doc.insert("status".into(), status.as_str().into());
        let (aktivitaet, meldung) = match status {
            CaseStatus::Archiviert => (Aktivitaet::VorgangGeschlossen, "Vorgang archiviert"),
            CaseStatus::Aktiv => (Aktivitaet::VorgangAktiviert, "Vorgang aktiviert"),
        };
        self.events.push(EventDraft::new(
            EventTyp::StatusAenderung,
            aktivitaet,
            meldung.to_owned(),
        ));
    }

    /// New Kundenangaben for the case: the members the import mapping derives from them
    /// (`data`, see [`ERFASSTE_DATEN`]) replace the case's ones as a whole, so that data the
    /// new Kundenangaben no longer hold is gone too; a `tippGeber` in `data` replaces the
    /// case's, without one the case keeps its own. Always recorded, even if nothing differs:
    /// the caller replaced the data explicitly.
    pub fn replace_erfasste_daten(&mut self, mut data: Map<String, Value>) {
        for member in ERFASSTE_DATEN {
            match data.remove(*member) {
                Some(value) => self.doc.insert((*member).to_owned(), value),
                None => self.doc.remove(*member),
            };
        }
        if let Some(tipp_geber) = data.remove("tippGeber") {
            self.doc.insert("tippGeber".into(), tipp_geber);
        }
        self.events.push(EventDraft::new(
            EventTyp::Hinweis,
            Aktivitaet::ErfassteDatenGeaendert,
            "Erfasste Daten geändert".to_owned(),
        ));
    }

    /// A message to the case: it changes no field, it is an event of its own.
    pub fn add_message(&mut self, text: &str) {
        self.events.push(EventDraft::new(
            EventTyp::Kommentar,
            Aktivitaet::Kommentar,
            text.to_owned(),
        ));
    }
}
