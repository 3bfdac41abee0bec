//! The demo cases the tests pick, each named by what makes it fit, and their Anträge.

use serde_json::Value;
use vorgaenge_demo::GeneratedCase;
use vorgaenge_model::StatusDTO;
use vorgaenge_store::document::antrag_address;

use super::demo_case;

/// A production case of advisor BER11 (Berlin team NBE10), processed by editor BER15.
pub fn berlin_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && c.vorgang.get("externeVorgangsNummer").is_none()
    })
}

/// As [`berlin_case`], with at least two Anträge.
pub fn berlin_case_with_two_antraege() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.kunden_betreuer == "BER11"
            && c.vorgangs_bearbeiter == Some("BER15")
            && antraege(c).len() >= 2
    })
}

/// A production case in Hamburg: BER11 (demo-advisor) does not cover its partners.
pub fn hamburg_case() -> &'static GeneratedCase {
    demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT" && c.status == "AKTIV" && c.kunden_betreuer == "HAM21"
    })
}

/// A case edited by BER15 (the demo-editor's partner) whose first Antrag is not ready for
/// the signal yet.
pub fn editor_case() -> &'static GeneratedCase {
    demo_case(|c| {
        let status = &c.vorgang["antraege"][0]["status"];
        c.daten_kontext == "ECHT_GESCHAEFT"
            && c.status == "AKTIV"
            && c.vorgangs_bearbeiter == Some("BER15")
            && c.kunden_betreuer == "BER11"
            && !(status["antragsteller"] == "BEANTRAGT"
                && status["produktAnbieter"] == "NICHT_BEARBEITET")
    })
}

/// The platform numbers of a case's Anträge (`AB1234/1/1`).
pub fn antraege(case: &GeneratedCase) -> Vec<String> {
    case.vorgang["antraege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["antragsNummer"].as_str().unwrap().to_owned())
        .collect()
}

/// The (antrag, teilantrag) addresses of a case's Anträge, in order.
pub fn antrag_addresses(case: &GeneratedCase) -> Vec<(i32, i32)> {
    antraege(case).iter().map(|nr| address(nr)).collect()
}

/// The (antrag, teilantrag) address of an Antrag number.
pub fn address(antrags_nummer: &str) -> (i32, i32) {
    antrag_address(antrags_nummer).unwrap()
}

/// An Antrag status for the typed client.
pub fn status_dto(value: Value) -> StatusDTO {
    serde_json::from_value(value).unwrap()
}
