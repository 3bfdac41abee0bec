//! Reading valid requests: accessors for the metadata, Tolerant Reader.

mod common;

use common::{fixture, parse_ok, set};
use serde_json::json;
use vorgaenge_model::{DatenKontext, Prioritaet};

#[test]
fn metadata_accessors() {
    let k = parse_ok(&fixture("zwei_personen_haushalt.json"));
    assert_eq!(k.datenkontext(), DatenKontext::TestModus);
    assert_eq!(k.kundenbetreuer(), Some("ABC12"));
    assert_eq!(k.bearbeiter(), Some("XYZ34"));
    assert_eq!(
        k.zusaetzlicher_ereignistext(),
        Some("Lead aus Kampagne Frühjahr")
    );
    assert_eq!(k.externe_vorgangs_id(), Some("CRM-2024-0815"));
    assert_eq!(k.importquelle(), Some("Vergleichsportal Nord"));
    assert_eq!(k.prioritaet(), Some(Prioritaet::Hoch));
    assert!(k.benachrichtigung_gewuenscht());
    assert_eq!(k.tippgeber_partner_id(), Some("TIP01"));
    assert_eq!(
        k.leadtracking().and_then(|l| l.kampagne.as_deref()),
        Some("fruehjahr")
    );
}

#[test]
fn optional_metadata_may_be_absent() {
    let k = parse_ok(&fixture("kauf_mit_finanzierungsbedarf.json"));
    assert_eq!(k.datenkontext(), DatenKontext::EchtGeschaeft);
    assert_eq!(k.betreuung(), None);
    assert_eq!(k.kundenbetreuer(), None);
    assert_eq!(k.bearbeiter(), None);
    assert_eq!(k.zusaetzlicher_ereignistext(), None);
    assert_eq!(k.prioritaet(), None);
    assert!(!k.benachrichtigung_gewuenscht());
    assert_eq!(k.tippgeber(), None);
}

#[test]
fn kundenbetreuer_without_bearbeiter() {
    let mut doc = fixture("kauf_mit_finanzierungsbedarf.json");
    set(
        &mut doc,
        "/importMetadaten/betreuung",
        json!({ "kundenbetreuer": "ORG01" }),
    );
    let k = parse_ok(&doc);
    assert_eq!(k.kundenbetreuer(), Some("ORG01"));
    assert_eq!(k.bearbeiter(), None);
}

#[test]
fn the_smallest_valid_request() {
    let k = parse_ok(
        &json!({ "importMetadaten": { "datenkontext": "TEST_MODUS" }, "kundenangaben": {} }),
    );
    assert_eq!(k.angaben().haushalte, None);
}

#[test]
fn typed_access_to_the_customer_data() {
    let k = parse_ok(&fixture("zwei_personen_haushalt.json"));
    let haushalt = &k.angaben().haushalte.as_ref().unwrap()[0];
    let kunden = haushalt.kunden.as_ref().unwrap();
    assert_eq!(kunden[0].referenz_id, "kunde-anna");
    assert_eq!(
        kunden[1]
            .finanzielles
            .as_ref()
            .and_then(|f| f.beschaeftigung.as_ref())
            .map(|b| b.type_name()),
        Some("SELBSTSTAENDIGER")
    );
}

#[test]
fn unknown_properties_are_ignored_everywhere() {
    let mut doc = fixture("zwei_personen_haushalt.json");
    set(&mut doc, "/neuesFeld", json!({ "beliebig": [1, 2, 3] }));
    set(&mut doc, "/importMetadaten/kanal", json!("web"));
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/lieblingsfarbe",
        json!(42),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten/familienstand/seit",
        json!("gestern"),
    );
    // Unknown properties are not looked into, even when they look like references.
    set(
        &mut doc,
        "/kundenangaben/erweiterung",
        json!({ "kundenreferenzIdsDerKontoinhaber": ["gibt-es-nicht"] }),
    );
    let with_extras = parse_ok(&doc);
    let without = parse_ok(&fixture("zwei_personen_haushalt.json"));
    assert_eq!(with_extras, without);
}

#[test]
fn null_means_not_given() {
    let mut doc = fixture("kauf_mit_finanzierungsbedarf.json");
    set(&mut doc, "/importMetadaten/prioritaet", json!(null));
    set(&mut doc, "/kundenangaben/bankverbindung", json!(null));
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/kontakt",
        json!({ "email": null }),
    );
    let k = parse_ok(&doc);
    assert_eq!(k.prioritaet(), None);
    assert_eq!(k.angaben().bankverbindung, None);
}

#[test]
fn postcodes_that_are_not_five_digits_are_accepted() {
    // The contract documents them as ignored, not as an error.
    let mut doc = fixture("kauf_mit_finanzierungsbedarf.json");
    set(
        &mut doc,
        "/kundenangaben/finanzierungsobjekt/immobilie/adresse/plz",
        json!("D-604"),
    );
    parse_ok(&doc);
}

#[test]
fn parsing_is_independent_of_property_order_and_whitespace() {
    let compact = br#"{"kundenangaben":{},"importMetadaten":{"datenkontext":"ECHT_GESCHAEFT"}}"#;
    let k = vorgaenge_intake::parse(compact).unwrap();
    assert_eq!(k.datenkontext(), DatenKontext::EchtGeschaeft);
}
