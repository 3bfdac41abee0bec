//! The case's two partners, Kundenbetreuer and Vorgangsbearbeiter: which one is which,
//! reading a party's id and assigning a new one.

use serde_json::{Map, Value};

use super::draft::Draft;
use super::events::{Aktivitaet, EventDraft, EventTyp};

/// One of the case's two partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    KundenBetreuer,
    VorgangsBearbeiter,
}

impl Party {
    /// The Vorgang member (and path segment) holding the partner.
    pub fn member(self) -> &'static str {
        match self {
            Party::KundenBetreuer => "kundenBetreuer",
            Party::VorgangsBearbeiter => "vorgangsBearbeiter",
        }
    }

    /// The German name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Party::KundenBetreuer => "Kundenbetreuer",
            Party::VorgangsBearbeiter => "Vorgangsbearbeiter",
        }
    }
}

impl Draft {
    /// The partner id of a party.
    pub fn party(&self, party: Party) -> Option<&str> {
        self.doc
            .get(party.member())
            .and_then(|p| p.get("partnerId"))
            .and_then(Value::as_str)
    }

    /// Makes `record` (a Partner object with `partnerId`) the party. The same partner again
    /// changes nothing: the case keeps its copy (GET of the party serves the current record).
    pub fn set_party(&mut self, party: Party, record: Map<String, Value>) {
        let new_id = record
            .get("partnerId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let old_id = self.party(party).map(str::to_owned);
        if old_id.as_deref() == Some(new_id.as_str()) {
            return;
        }
        self.doc
            .insert(party.member().into(), Value::Object(record));
        let meldung = match old_id {
            Some(old) => format!("{} von {old} auf {new_id} geändert", party.label()),
            None => format!("{} auf {new_id} gesetzt", party.label()),
        };
        let aktivitaet = match party {
            Party::KundenBetreuer => Aktivitaet::KundenbetreuerGeaendert,
            Party::VorgangsBearbeiter => Aktivitaet::BearbeiterGeaendert,
        };
        self.events.push(EventDraft::new(
            EventTyp::StatusAenderung,
            aktivitaet,
            meldung,
        ));
    }
}
