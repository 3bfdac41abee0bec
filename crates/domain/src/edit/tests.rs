//! Tests of the changes to a [`Draft`], together because they share one case fixture.

use serde_json::{Value, json};
use vorgaenge_model::StatusDTO;

use super::*;
use crate::patch::{CaseStatus, Target};

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
    let Value::Object(data) = json!({"haushalte": [{"neu": true}], "vorhaben": {"neu": 1}}) else {
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
