//! The body as a whole: not JSON, not an object, several violations at once, and how
//! the violation list serialises.

use serde_json::json;

use crate::common::{fixture, remove, set, violations};
use crate::v;

#[test]
fn body_that_is_not_json() {
    let result = vorgaenge_intake::parse(b"{\"importMetadaten\": ");
    let violations = result.unwrap_err();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field, "");
    assert!(
        violations[0]
            .message
            .starts_with("ist kein gültiges JSON (Zeile 1"),
        "{violations:?}"
    );
}

#[test]
fn body_that_is_not_an_object() {
    assert_eq!(
        violations(&json!([1, 2])),
        vec![v("", "muss ein Objekt sein")]
    );
}

#[test]
fn several_violations_are_reported_together() {
    let mut doc = fixture("zwei_personen_haushalt.json");
    set(&mut doc, "/importMetadaten/datenkontext", json!("LIVE"));
    remove(&mut doc, "/kundenangaben/haushalte/0/kunden/1/referenzId");
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten/geburtsdatum",
        json!("1985-13-01"),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/finanzielles/einkommenNetto",
        json!("viel"),
    );
    set(
        &mut doc,
        "/kundenangaben/bankverbindung/kundenreferenzIdsDerKontoinhaber/1",
        json!("kunde-x"),
    );
    let found = violations(&doc);
    let fields: Vec<&str> = found.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "importMetadaten.datenkontext",
            "kundenangaben.haushalte[0].kunden[0].finanzielles.einkommenNetto",
            "kundenangaben.haushalte[0].kunden[0].personendaten.geburtsdatum",
            "kundenangaben.haushalte[0].kunden[1].referenzId",
            "kundenangaben.bankverbindung.kundenreferenzIdsDerKontoinhaber[1]",
        ],
        "{found:#?}"
    );
}

#[test]
fn violations_serialise_as_field_and_message() {
    let violation = v(
        "kundenangaben.haushalte",
        "darf höchstens 4 Einträge enthalten",
    );
    assert_eq!(
        serde_json::to_value(&violation).unwrap(),
        json!({ "field": "kundenangaben.haushalte", "message": "darf höchstens 4 Einträge enthalten" })
    );
    assert_eq!(
        violation.to_string(),
        "kundenangaben.haushalte: darf höchstens 4 Einträge enthalten"
    );
}
