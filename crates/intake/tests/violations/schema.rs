//! Violations of the schema: missing properties, wrong types, integer ranges, enum
//! values, discriminators, dates, and bounds of numbers and lengths.

use serde_json::json;

use crate::common::{remove, set, violations};
use crate::{minimal, v};

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
