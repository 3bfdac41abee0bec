//! The [`Draft`]: the case being changed and the events recorded so far, with the reads
//! every kind of change needs. The changes themselves are in the sibling files, which
//! is why the fields are visible to the `edit` module and no further.

use serde_json::{Map, Value};
use vorgaenge_model::DatenKontext;

use super::events::EventDraft;

/// A case being changed.
#[derive(Debug, Clone)]
pub struct Draft {
    pub(super) doc: Map<String, Value>,
    pub(super) events: Vec<EventDraft>,
}

impl Draft {
    pub fn new(doc: Map<String, Value>) -> Self {
        Self {
            doc,
            events: Vec::new(),
        }
    }

    /// The document and the events of every change made.
    pub fn into_parts(self) -> (Map<String, Value>, Vec<EventDraft>) {
        (self.doc, self.events)
    }

    /// Whether any change was made.
    pub fn changed(&self) -> bool {
        !self.events.is_empty()
    }

    pub(super) fn text(&self, member: &str) -> Option<&str> {
        self.doc.get(member).and_then(Value::as_str)
    }

    /// The case's data context; a case without one counts as production data, the stricter.
    pub fn daten_kontext(&self) -> DatenKontext {
        self.text("datenKontext")
            .and_then(|text| text.parse().ok())
            .unwrap_or(DatenKontext::EchtGeschaeft)
    }
}
