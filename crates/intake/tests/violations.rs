//! One test per kind of violation, and the shape of the violation list.

mod common;

use common::{fixture, remove, set, violations};
use serde_json::json;
use vorgaenge_intake::Violation;

fn v(field: &str, message: &str) -> Violation {
    Violation::new(field, message)
}

fn minimal() -> serde_json::Value {
    json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [ { "kunden": [ { "referenzId": "k1" } ] } ] }
    })
}

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
fn missing_required_properties() {
    assert_eq!(
        violations(&json!({})),
        vec![
            v("importMetadaten", "darf nicht leer sein"),
            v("kundenangaben", "darf nicht leer sein"),
        ]
    );
    let mut doc = minimal();
    remove(&mut doc, "/importMetadaten/datenkontext");
    assert_eq!(
        violations(&doc),
        vec![v("importMetadaten.datenkontext", "darf nicht leer sein")]
    );
}

#[test]
fn null_for_a_required_property_counts_as_missing() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/importMetadaten/betreuung",
        json!({ "kundenbetreuer": null, "bearbeiter": "XYZ34" }),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "importMetadaten.betreuung.kundenbetreuer",
            "darf nicht leer sein"
        )]
    );
}

#[test]
fn wrong_types() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/erfahrungImmobilienFinanzierung",
        json!("ja"),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/zusatzangaben",
        json!({ "kfzAnzahl": 1.5, "lebenshaltungskostenMonatlich": "1200" }),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten",
        json!({ "geburtsort": 7, "person": [] }),
    );
    set(
        &mut doc,
        "/kundenangaben/bankverbindung",
        json!({ "kundenreferenzIdsDerKontoinhaber": "k1" }),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.bankverbindung.kundenreferenzIdsDerKontoinhaber",
                "muss eine Liste sein"
            ),
            v(
                "kundenangaben.haushalte[0].erfahrungImmobilienFinanzierung",
                "muss true oder false sein"
            ),
            v(
                "kundenangaben.haushalte[0].kunden[0].personendaten.geburtsort",
                "muss eine Zeichenkette sein"
            ),
            v(
                "kundenangaben.haushalte[0].kunden[0].personendaten.person",
                "muss ein Objekt sein"
            ),
            v(
                "kundenangaben.haushalte[0].zusatzangaben.kfzAnzahl",
                "muss eine ganze Zahl sein"
            ),
            v(
                "kundenangaben.haushalte[0].zusatzangaben.lebenshaltungskostenMonatlich",
                "muss eine Zahl sein"
            ),
        ]
    );
}

#[test]
fn integers_outside_int32() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/zusatzangaben",
        json!({ "kfzAnzahl": 3_000_000_000u64 }),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "kundenangaben.haushalte[0].zusatzangaben.kfzAnzahl",
            "liegt außerhalb des erlaubten Bereichs (-2147483648 bis 2147483647)"
        )]
    );
}

#[test]
fn unknown_values_of_required_enums() {
    // Dropping the value would leave the required property missing.
    let mut doc = minimal();
    set(
        &mut doc,
        "/importMetadaten/datenkontext",
        json!("PRODUKTION"),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "importMetadaten.datenkontext",
            "ist kein gültiger Wert (erlaubt: TEST_MODUS, ECHT_GESCHAEFT)"
        )]
    );
}

#[test]
fn enum_values_that_are_not_strings() {
    let mut doc = minimal();
    set(&mut doc, "/importMetadaten/prioritaet", json!(2));
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/finanzielleSituation/vermoegen/bausparvertraege",
        json!([{ "bausparkasse": ["LBS"] }]),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v("importMetadaten.prioritaet", "muss eine Zeichenkette sein"),
            v(
                "kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse",
                "muss eine Zeichenkette sein"
            ),
        ]
    );
}

#[test]
fn unknown_or_missing_discriminator() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten",
        json!({ "familienstand": { "@type": "VERLOBT" } }),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kinderErfassung",
        json!({ "kinder": [] }),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.haushalte[0].kinderErfassung.@type",
                "darf nicht leer sein"
            ),
            v(
                "kundenangaben.haushalte[0].kunden[0].personendaten.familienstand.@type",
                "ist kein gültiger Wert (erlaubt: GESCHIEDEN, GETRENNT_LEBEND, LEBENSPARTNERSCHAFT, LEDIG, VERHEIRATET, VERWITWET)"
            ),
        ]
    );
}

#[test]
fn properties_of_the_chosen_variant_are_checked() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten",
        json!({ "familienstand": { "@type": "VERHEIRATET", "guetertrennungVereinbart": "nein" } }),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "kundenangaben.haushalte[0].kunden[0].personendaten.familienstand.guetertrennungVereinbart",
            "muss true oder false sein"
        )]
    );
}

#[test]
fn bad_dates() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten",
        json!({ "geburtsdatum": "14.03.1985" }),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/wohnsituation",
        json!({ "wohnhaftSeit": "2023-02-30" }),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.haushalte[0].kunden[0].personendaten.geburtsdatum",
                "ist kein gültiges Datum (erwartet: JJJJ-MM-TT)"
            ),
            v(
                "kundenangaben.haushalte[0].kunden[0].wohnsituation.wohnhaftSeit",
                "ist kein gültiges Datum (erwartet: JJJJ-MM-TT)"
            ),
        ]
    );
}

#[test]
fn bounds_of_numbers_and_lengths() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf/finanzierungsbausteine",
        json!([{ "@type": "KFW_DARLEHEN", "darlehensbetrag": 50000,
                 "programm": { "@type": "KFW_PROGRAMM_124", "laufzeitInJahren": 40, "tilgungsfreieAnlaufjahre": 0, "zinsbindungInJahren": 10 } }]),
    );
    set(
        &mut doc,
        "/kundenangaben/finanzierungsobjekt/immobilie/typ",
        json!({ "@type": "BAUGRUNDSTUECK", "grundstuecksgroesse": -1 }),
    );
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf/ratenschutzbausteine",
        json!([{ "ratenschutzDetailsBase64": "A".repeat(140_001) }]),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].programm.laufzeitInJahren",
                "darf höchstens 35 sein"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].programm.tilgungsfreieAnlaufjahre",
                "muss mindestens 1 sein"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.ratenschutzbausteine[0].ratenschutzDetailsBase64",
                "darf höchstens 140000 Zeichen lang sein"
            ),
            v(
                "kundenangaben.finanzierungsobjekt.immobilie.typ.grundstuecksgroesse",
                "muss mindestens 0 sein"
            ),
        ]
    );
}

#[test]
fn more_than_four_households() {
    let mut doc = minimal();
    let haushalte: Vec<_> = (1..=5)
        .map(|i| json!({ "kunden": [ { "referenzId": format!("k{i}") } ] }))
        .collect();
    set(&mut doc, "/kundenangaben/haushalte", json!(haushalte));
    assert_eq!(
        violations(&doc),
        vec![v(
            "kundenangaben.haushalte",
            "darf höchstens 4 Einträge enthalten"
        )]
    );
}

#[test]
fn more_than_two_customers_in_a_household() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden",
        json!([{ "referenzId": "a" }, { "referenzId": "b" }, { "referenzId": "c" }]),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "kundenangaben.haushalte[0].kunden",
            "darf höchstens 2 Einträge enthalten"
        )]
    );
}

#[test]
fn customer_without_referenz_id() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden",
        json!([{ "referenzId": "k1" }, { "externeKundenId": "x" }]),
    );
    set(
        &mut doc,
        "/kundenangaben/sicherungsgeberHaushalte",
        json!([{ "kunden": [{ "referenzId": "" }] }]),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.haushalte[0].kunden[1].referenzId",
                "darf nicht leer sein"
            ),
            v(
                "kundenangaben.sicherungsgeberHaushalte[0].kunden[0].referenzId",
                "darf nicht leer sein"
            ),
        ]
    );
}

#[test]
fn duplicate_referenz_ids() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/1",
        json!({ "kunden": [{ "referenzId": "k1" }] }),
    );
    assert_eq!(
        violations(&doc),
        vec![v(
            "kundenangaben.haushalte[1].kunden[0].referenzId",
            "ist nicht eindeutig (bereits vergeben in kundenangaben.haushalte[0].kunden[0].referenzId)"
        )]
    );
}

#[test]
fn dangling_references() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/bankverbindung",
        json!({ "kundenreferenzIdsDerKontoinhaber": ["k1", "k9"] }),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kinderErfassung",
        json!({ "@type": "VORHANDENE_KINDER", "kinder": [ { "name": "Mia", "kundenreferenzIdRiesterzuordnung": "" }, { "kundenreferenzIdRiesterzuordnung": "k2" } ] }),
    );
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf",
        json!({
            "finanzierungszweck": { "@type": "ANSCHLUSSFINANZIERUNG",
                "abloesungDarlehenDesFinanzierungsobjektes": [ { "referenzIdAbzuloesendesDarlehen": "d1", "referenzIdFinanzierungsbaustein": "b9" } ],
                "rangruecktrittDarlehenDesFinanzierungsobjektes": [ { "referenzIdBestehendesDarlehen": "d2", "trittImRangZurueck": true } ] },
            "finanzierungsbausteine": [ { "@type": "ANNUITAETENDARLEHEN", "referenzId": "b1", "kundenreferenzIdDerRiesterGefoerdertenPerson": "k3" } ],
            "ratenschutzbausteine": [ { "kundenreferenzIdDerVersichertenPerson": "k4" } ]
        }),
    );
    set(
        &mut doc,
        "/kundenangaben/finanzierungsobjekt/darlehenslisteErfassung",
        json!({ "@type": "VORHANDENE_BESTEHENDE_DARLEHEN_DES_FINANZIERUNGSOBJEKTES",
                "darlehensliste": [ { "referenzId": "d1", "darlehen": { "@type": "BESTEHENDES_IMMOBILIENDARLEHEN" } } ] }),
    );
    let kunde = "verweist auf einen Kunden mit der referenzId";
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.bankverbindung.kundenreferenzIdsDerKontoinhaber[1]",
                &format!("{kunde} \"k9\", die es nicht gibt")
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].kundenreferenzIdDerRiesterGefoerdertenPerson",
                &format!("{kunde} \"k3\", die es nicht gibt")
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungszweck.abloesungDarlehenDesFinanzierungsobjektes[0].referenzIdFinanzierungsbaustein",
                "verweist auf einen Finanzierungsbaustein mit der referenzId \"b9\", die es nicht gibt"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungszweck.rangruecktrittDarlehenDesFinanzierungsobjektes[0].referenzIdBestehendesDarlehen",
                "verweist auf ein bestehendes Darlehen des Finanzierungsobjektes mit der referenzId \"d2\", die es nicht gibt"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.ratenschutzbausteine[0].kundenreferenzIdDerVersichertenPerson",
                &format!("{kunde} \"k4\", die es nicht gibt")
            ),
            v(
                "kundenangaben.haushalte[0].kinderErfassung.kinder[1].kundenreferenzIdRiesterzuordnung",
                &format!("{kunde} \"k2\", die es nicht gibt")
            ),
        ]
    );
}

#[test]
fn references_to_sicherungsgeber_customers_are_valid() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/sicherungsgeberHaushalte",
        json!([{ "kunden": [{ "referenzId": "sg1" }] }]),
    );
    set(
        &mut doc,
        "/kundenangaben/bankverbindung",
        json!({ "kundenreferenzIdsDerKontoinhaber": ["k1", "sg1"] }),
    );
    assert!(common::parse_value(&doc).is_ok());
}

#[test]
fn contradictory_requests() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf",
        json!({
            "finanzierungsbausteine": [
                { "@type": "BAUSPARDARLEHEN", "wunschparameter": [ { "@type": "BAUSPARSUMME", "betrag": 1 }, { "@type": "BAUSPARSUMME", "betrag": 2 } ] },
                { "@type": "VARIABLES_DARLEHEN", "tilgungswunsch": { "@type": "TILGUNG_AUSGESETZT", "bausparwunsch": { "@type": "BAUSPARDARLEHEN", "verwendung": "FREI_BESPAREN" } } },
                { "@type": "REGIONAL_FOERDER_DARLEHEN", "darlehensbetrag": 1, "programm": { "@type": "IBSH_IMMOKONSTANT", "volltilgerWennAnnuitaetenOderForward": false } }
            ],
            "ratenschutzbausteine": [ { "kundenreferenzIdDerVersichertenPerson": "k1" }, { "kundenreferenzIdDerVersichertenPerson": "k1" } ]
        }),
    );
    assert_eq!(
        violations(&doc),
        vec![
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].wunschparameter[1].@type",
                "ist mehrfach angegeben (je Art ist nur ein Wunschparameter erlaubt): BAUSPARSUMME"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[1].tilgungswunsch.bausparwunsch.verwendung",
                "muss ABTRETEN sein, wenn die Tilgung ausgesetzt ist"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[2].programm.volltilgerWennAnnuitaetenOderForward",
                "muss true sein"
            ),
            v(
                "kundenangaben.finanzierungsbedarf.ratenschutzbausteine[1].kundenreferenzIdDerVersichertenPerson",
                "für diesen Kunden gibt es bereits einen Ratenschutzbaustein (kundenangaben.finanzierungsbedarf.ratenschutzbausteine[0].kundenreferenzIdDerVersichertenPerson)"
            ),
        ]
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
