//! Changing a case: every write operation of the contract as a change to the parsed Vorgang,
//! together with the event that records it.
//!
//! A [`Draft`] holds the case being changed. Each change compares with what is there and
//! records an [`EventDraft`] only when something really changes, so that setting a value to
//! what it already is leaves the case, its `letzteAenderung` and its events alone. Time and
//! acting partner of the events are filled in by the caller, which knows the stamp the write
//! gets.

use serde_json::{Map, Value};
use vorgaenge_model::{DatenKontext, StatusDTO};

use crate::patch::{CaseStatus, Target};

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

/// The members of a Vorgang that come from its Kundenangaben ("Erfasste Daten"): replaced
/// together when the Kundenangaben are.
pub const ERFASSTE_DATEN: &[&str] = &[
    "haushalte",
    "finanzierungsObjekt",
    "vorhaben",
    "praeferenzen",
    "bankverbindung",
];

/// A case being changed.
#[derive(Debug, Clone)]
pub struct Draft {
    doc: Map<String, Value>,
    events: Vec<EventDraft>,
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

    fn text(&self, member: &str) -> Option<&str> {
        self.doc.get(member).and_then(Value::as_str)
    }

    /// The case's data context; a case without one counts as production data, the stricter.
    pub fn daten_kontext(&self) -> DatenKontext {
        self.text("datenKontext")
            .and_then(|text| text.parse().ok())
            .unwrap_or(DatenKontext::EchtGeschaeft)
    }

    /// The partner id of a party.
    pub fn party(&self, party: Party) -> Option<&str> {
        self.doc
            .get(party.member())
            .and_then(|p| p.get("partnerId"))
            .and_then(Value::as_str)
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft() -> Draft {
        let Value::Object(doc) = json!({
            "vorgangsNummer": "AB1234",
            "status": "AKTIV",
            "externeVorgangsNummer": "alt",
            "kundenBetreuer": {"partnerId": "BER11", "nachname": "Alt"},
            "antraege": [
                {"antragsNummer": "AB1234/1/1",
                 "status": {"antragsteller": "BEANTRAGT", "produktAnbieter": "ABGELEHNT",
                            "produktanbieterAblehnungsgrund": "KRITERIEN",
                            "bearbeitungsFortschritt": "NICHT_VON_PRODUKTANBIETER_BESTAETIGT"}},
                {"antragsNummer": "AB1234/2/1"}
            ]
        }) else {
            unreachable!()
        };
        Draft::new(doc)
    }

    fn aktivitaeten(d: &Draft) -> Vec<Aktivitaet> {
        d.events.iter().map(|e| e.aktivitaet).collect()
    }

    fn dto(v: Value) -> StatusDTO {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn same_values_change_nothing() {
        let mut d = draft();
        d.set_externe_vorgangs_nummer(Some("alt"));
        d.set_status(CaseStatus::Aktiv);
        d.set_party(
            Party::KundenBetreuer,
            json!({"partnerId": "BER11", "nachname": "Neu"})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert!(!d.changed());
        assert_eq!(d.doc["kundenBetreuer"]["nachname"], "Alt");
    }

    #[test]
    fn each_change_records_its_event() {
        let mut d = draft();
        d.set_externe_vorgangs_nummer(Some("ext_VN_4711"));
        d.set_externe_vorgangs_nummer(None);
        d.set_status(CaseStatus::Archiviert);
        d.set_status(CaseStatus::Aktiv);
        d.set_party(
            Party::KundenBetreuer,
            json!({"partnerId": "AAV43"}).as_object().unwrap().clone(),
        );
        d.set_party(
            Party::VorgangsBearbeiter,
            json!({"partnerId": "MNC81"}).as_object().unwrap().clone(),
        );
        d.add_message("Hallo");
        use Aktivitaet::*;
        assert_eq!(
            aktivitaeten(&d),
            vec![
                ExterneVorgangsnummerGesetzt,
                ExterneVorgangsnummerGesetzt,
                VorgangGeschlossen,
                VorgangAktiviert,
                KundenbetreuerGeaendert,
                BearbeiterGeaendert,
                Kommentar
            ]
        );
        assert_eq!(
            d.events[4].meldung,
            "Kundenbetreuer von BER11 auf AAV43 geändert"
        );
        assert_eq!(d.events[5].meldung, "Vorgangsbearbeiter auf MNC81 gesetzt");
        assert_eq!(d.events[6].typ, EventTyp::Kommentar);
        let (doc, _) = d.into_parts();
        assert!(!doc.contains_key("externeVorgangsNummer"));
        assert_eq!(doc["vorgangsBearbeiter"]["partnerId"], "MNC81");
    }

    #[test]
    fn antrag_status_replaces_each_sides_reason() {
        let mut d = draft();
        d.set_antrag_status(
            "AB1234/1/1",
            &dto(
                json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "UNTERSCHRIEBEN",
                        "kommentar": "passt"}),
            ),
        )
        .unwrap();
        let status = &d.antrag("AB1234/1/1").unwrap()["status"];
        assert_eq!(
            status,
            &json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "UNTERSCHRIEBEN",
                    "bearbeitungsFortschritt": "NICHT_VON_PRODUKTANBIETER_BESTAETIGT"})
        );
        let event = &d.events[0];
        assert_eq!(event.antrags_nummer.as_deref(), Some("AB1234/1/1"));
        assert_eq!(
            event.antrags_status,
            Some(
                json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "UNTERSCHRIEBEN",
                        "bearbeitungsFortschritt": "NICHT_VON_PRODUKTANBIETER_BESTAETIGT",
                        "kommentar": "passt"})
            )
        );
        // An Antrag without status gets one; an unknown Antrag is an error.
        d.set_antrag_status(
            "AB1234/2/1",
            &dto(json!({"produktAnbieter": "ZURUECKGESTELLT"})),
        )
        .unwrap();
        assert_eq!(
            d.antrag("AB1234/2/1").unwrap()["status"],
            json!({"produktAnbieter": "ZURUECKGESTELLT"})
        );
        assert_eq!(
            d.set_antrag_status("AB1234/9/1", &dto(json!({"antragsteller": "BEANTRAGT"}))),
            Err(AntragError::Unknown("AB1234/9/1".into()))
        );
    }

    #[test]
    fn readiness_facts_and_signal() {
        let mut d = draft();
        let facts = d.readiness_facts("AB1234/1/1").unwrap();
        assert_eq!(facts.antragsteller.as_deref(), Some("BEANTRAGT"));
        assert_eq!(facts.produkt_anbieter.as_deref(), Some("ABGELEHNT"));
        assert!(!facts.already_signalled);
        d.signal_entscheidungsreife("AB1234/2/1").unwrap();
        assert!(d.readiness_facts("AB1234/2/1").unwrap().already_signalled);
        assert_eq!(d.events[0].antrags_nummer.as_deref(), Some("AB1234/2/1"));
        assert!(d.readiness_facts("AB1234/3/1").is_err());
    }

    #[test]
    fn current_values_for_test_operations() {
        let d = draft();
        assert_eq!(d.current(&Target::Status), Some(json!("AKTIV")));
        assert_eq!(d.current(&Target::KundenBetreuer), Some(json!("BER11")));
        assert_eq!(d.current(&Target::VorgangsBearbeiter), Some(Value::Null));
        assert_eq!(
            d.current(&Target::AntragStatus("AB1234/2/1".into())),
            Some(Value::Null)
        );
        assert_eq!(d.current(&Target::AntragStatus("AB1234/7/1".into())), None);
    }

    #[test]
    fn new_erfasste_daten_replace_the_old_ones_as_a_whole() {
        let mut d = draft();
        d.doc.insert("haushalte".into(), json!([{"alt": true}]));
        d.doc
            .insert("bankverbindung".into(), json!({"iban": "alt"}));
        d.doc
            .insert("tippGeber".into(), json!({"partnerId": "TIP01"}));
        let Value::Object(data) = json!({"haushalte": [{"neu": true}], "vorhaben": {"neu": 1}})
        else {
            unreachable!()
        };
        d.replace_erfasste_daten(data);
        assert_eq!(d.doc["haushalte"], json!([{"neu": true}]));
        assert_eq!(d.doc["vorhaben"], json!({"neu": 1}));
        assert!(
            !d.doc.contains_key("bankverbindung"),
            "no longer in the data"
        );
        assert_eq!(
            d.doc["tippGeber"],
            json!({"partnerId": "TIP01"}),
            "kept unless given"
        );
        assert_eq!(d.doc["externeVorgangsNummer"], "alt", "metadata untouched");
        assert_eq!(aktivitaeten(&d), [Aktivitaet::ErfassteDatenGeaendert]);
        assert_eq!(d.events[0].meldung, "Erfasste Daten geändert");
    }
}
