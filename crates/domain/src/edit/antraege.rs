//! The Anträge of a case: finding one by its number, setting its status (with the
//! event's AntragsStatus) and signalling decision readiness.

use serde_json::{Map, Value};
use vorgaenge_model::StatusDTO;

use super::draft::Draft;
use super::events::{Aktivitaet, EventDraft, EventTyp};

/// Why an Antrag operation cannot run on this case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AntragError {
    /// The case has no Antrag with this number.
    Unknown(String),
}

impl std::fmt::Display for AntragError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AntragError::Unknown(nr) => write!(f, "der Vorgang hat keinen Antrag {nr}"),
        }
    }
}

/// The member of an Antrag that records decision readiness.
pub const ENTSCHEIDUNGSREIFE: &str = "entscheidungsreifeVomVertriebSignalisiert";

impl Draft {
    /// The platform numbers of the case's Anträge.
    pub fn antrag_numbers(&self) -> impl Iterator<Item = &str> {
        self.doc
            .get("antraege")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("antragsNummer").and_then(Value::as_str))
    }

    /// The Antrag with this platform number (`AB1234/1/1`).
    pub fn antrag(&self, nr: &str) -> Option<&Map<String, Value>> {
        self.doc
            .get("antraege")?
            .as_array()?
            .iter()
            .filter_map(Value::as_object)
            .find(|a| a.get("antragsNummer").and_then(Value::as_str) == Some(nr))
    }

    fn antrag_mut(&mut self, nr: &str) -> Result<&mut Map<String, Value>, AntragError> {
        self.doc
            .get_mut("antraege")
            .and_then(Value::as_array_mut)
            .and_then(|all| {
                all.iter_mut()
                    .filter_map(Value::as_object_mut)
                    .find(|a| a.get("antragsNummer").and_then(Value::as_str) == Some(nr))
            })
            .ok_or_else(|| AntragError::Unknown(nr.to_owned()))
    }

    /// Sets the status of an Antrag. Each side's rejection reason goes with its status: a
    /// side set without a reason loses the old one.
    pub fn set_antrag_status(&mut self, nr: &str, dto: &StatusDTO) -> Result<(), AntragError> {
        let antrag = self.antrag_mut(nr)?;
        let status = antrag
            .entry("status")
            .or_insert_with(|| Value::Object(Map::new()));
        if !status.is_object() {
            *status = Value::Object(Map::new());
        }
        let status = status.as_object_mut().expect("made an object above");
        let before = status.clone();
        let mut side = |key: &str, value: Option<&str>, reason_key: &str, reason: Option<&str>| {
            if let Some(value) = value {
                status.insert(key.into(), value.into());
                match reason {
                    Some(r) => status.insert(reason_key.into(), r.into()),
                    None => status.remove(reason_key),
                };
            }
        };
        side(
            "antragsteller",
            dto.antragsteller.map(|s| s.as_str()),
            "antragstellerAblehnungsgrund",
            dto.antragsteller_ablehnungsgrund.map(|s| s.as_str()),
        );
        side(
            "produktAnbieter",
            dto.produkt_anbieter.map(|s| s.as_str()),
            "produktanbieterAblehnungsgrund",
            dto.produktanbieter_ablehnungsgrund.map(|s| s.as_str()),
        );
        if *status == before && dto.kommentar.is_none() {
            return Ok(());
        }
        let event_status = event_antrags_status(status, dto.kommentar.as_deref());
        let mut meldung = format!(
            "Status des Antrags {nr}: Antragsteller {}, Produktanbieter {}",
            status
                .get("antragsteller")
                .and_then(Value::as_str)
                .unwrap_or("-"),
            status
                .get("produktAnbieter")
                .and_then(Value::as_str)
                .unwrap_or("-"),
        );
        if let Some(k) = &dto.kommentar {
            meldung.push_str(": ");
            meldung.push_str(k);
        }
        let mut event = EventDraft::new(
            EventTyp::StatusAenderung,
            Aktivitaet::StatusaenderungAntrag,
            meldung,
        );
        event.antrags_nummer = Some(nr.to_owned());
        event.antrags_status = Some(event_status);
        self.events.push(event);
        Ok(())
    }

    /// The statuses of an Antrag and whether readiness was signalled, for the readiness rule.
    pub fn readiness_facts(&self, nr: &str) -> Result<ReadinessFacts, AntragError> {
        let antrag = self
            .antrag(nr)
            .ok_or_else(|| AntragError::Unknown(nr.to_owned()))?;
        let status = |key: &str| {
            antrag
                .get("status")
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Ok(ReadinessFacts {
            antragsteller: status("antragsteller"),
            produkt_anbieter: status("produktAnbieter"),
            already_signalled: antrag.get(ENTSCHEIDUNGSREIFE) == Some(&Value::Bool(true)),
        })
    }

    /// Records that sales signalled decision readiness for an Antrag (the rule is checked
    /// by the caller with [`crate::assignment::signal_entscheidungsreife`]).
    pub fn signal_entscheidungsreife(&mut self, nr: &str) -> Result<(), AntragError> {
        self.antrag_mut(nr)?
            .insert(ENTSCHEIDUNGSREIFE.into(), Value::Bool(true));
        let mut event = EventDraft::new(
            EventTyp::Hinweis,
            Aktivitaet::Hinweis,
            format!("Entscheidungsreife für Antrag {nr} vom Vertrieb signalisiert"),
        );
        event.antrags_nummer = Some(nr.to_owned());
        self.events.push(event);
        Ok(())
    }
}

/// What the readiness rule needs to know about an Antrag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadinessFacts {
    pub antragsteller: Option<String>,
    pub produkt_anbieter: Option<String>,
    pub already_signalled: bool,
}

/// The events API's AntragsStatus: the statuses, the lender's rejection reason as
/// `ablehnungsgrund`, the progress, and the comment of the change.
fn event_antrags_status(status: &Map<String, Value>, kommentar: Option<&str>) -> Value {
    let mut out = Map::new();
    for (from, to) in [
        ("antragsteller", "antragsteller"),
        ("produktAnbieter", "produktAnbieter"),
        ("produktanbieterAblehnungsgrund", "ablehnungsgrund"),
        ("bearbeitungsFortschritt", "bearbeitungsFortschritt"),
    ] {
        if let Some(v) = status.get(from) {
            out.insert(to.into(), v.clone());
        }
    }
    if let Some(k) = kommentar {
        out.insert("kommentar".into(), k.into());
    }
    Value::Object(out)
}
