//! Every example payload of the upstream contract parses into its schema type and is written
//! back without loss (same JSON value, no added nulls, numbers unchanged).

mod common;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use vorgaenge_model::*;

fn check<T: DeserializeOwned + Serialize>(file: &str) {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let path = dir.join("examples").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let typed: T = from_json_with_path(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    let expected: Value = serde_json::from_slice(&bytes).unwrap();
    let actual = serde_json::to_value(&typed).unwrap();
    if actual != expected {
        panic!(
            "{file} does not round-trip:\nexpected {}\nactual   {}",
            serde_json::to_string_pretty(&expected).unwrap(),
            serde_json::to_string_pretty(&actual).unwrap()
        );
    }
    // The textual output keeps every number spelling (1500 vs 1500.0) of the input value.
    let text = serde_json::to_string(&typed).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);
    assert!(
        !text.contains("null"),
        "{file}: serialised output contains null"
    );
}

#[test]
fn vorgang() {
    check::<Vorgang>("vorgang.json");
}

#[test]
fn antraege() {
    check::<Antraege>("antraege.json");
}

#[test]
fn antrag() {
    check::<Antrag>("antrag.json");
}

#[test]
fn finanzierungsvorschlaege() {
    check::<FinanzierungsvorschlaegeResource>("finanzierungsvorschlaege.json");
}

#[test]
fn gemerkte_angebote() {
    check::<GemerkteAngeboteResource>("gemerkte-angebote.json");
}

#[test]
fn zahlungsplaene() {
    check::<Zahlungsplaene>("zahlungsplaene.json");
}

#[test]
fn partner() {
    check::<Partner>("partner.json");
}

#[test]
fn partner_dto() {
    check::<PartnerDTO>("partner-dto.json");
}

#[test]
fn status_dto() {
    check::<StatusDTO>("status-dto.json");
}

#[test]
fn patch_request() {
    check::<Vec<PatchOperation>>("patch-request.json");
}

#[test]
fn nachricht() {
    check::<Nachricht>("nachricht.json");
}

#[test]
fn entscheidungsreife() {
    check::<Entscheidungsreife>("entscheidungsreife.json");
}

#[test]
fn vorgaenge_page() {
    check::<Vorgaenge>("vorgaenge-page.json");
}

#[test]
fn error() {
    check::<Error>("error.json");
}

#[test]
fn every_example_file_is_covered() {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let covered = [
        "antraege.json",
        "antrag.json",
        "entscheidungsreife.json",
        "error.json",
        "finanzierungsvorschlaege.json",
        "gemerkte-angebote.json",
        "nachricht.json",
        "partner-dto.json",
        "partner.json",
        "patch-request.json",
        "status-dto.json",
        "vorgaenge-page.json",
        "vorgang.json",
        "zahlungsplaene.json",
    ];
    for entry in std::fs::read_dir(dir.join("examples")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            assert!(
                covered.contains(&name.as_str()),
                "example {name} has no test"
            );
        }
    }
}

#[test]
fn key_types_are_the_expected_ones() {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let bytes = std::fs::read(dir.join("examples/vorgang.json")).unwrap();
    let vorgang: Vorgang = from_json_with_path(&bytes).unwrap();
    assert_eq!(vorgang.vorgangs_nummer.as_deref(), Some("AB1234"));
    let antrag: &Antrag = &vorgang.antraege.as_ref().unwrap()[0];
    let _: Option<&DatenKontext> = antrag.daten_kontext.as_ref();
    let _: Option<&DateTime> = antrag.zeitpunkt_der_annahme.as_ref();
    let _: Option<&Date> = vorgang.erstellt_am.as_ref();
    assert!(vorgang.links.as_ref().unwrap().self_.is_some());
}
