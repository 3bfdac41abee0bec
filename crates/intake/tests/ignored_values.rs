//! Tolerant Reader for enum values: a value outside its enum's list is dropped as if it had
//! not been sent and reported by path; everything else the contract forbids stays a
//! violation.

mod common;

use common::{parse_ok, parse_value, remove, set, violations};
use serde_json::{Value, json};

fn minimal() -> Value {
    json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [ { "kunden": [ { "referenzId": "k1" } ] } ] }
    })
}

const BAUSPAR: &str = "/kundenangaben/haushalte/0/finanzielleSituation/vermoegen/bausparvertraege";

#[test]
fn an_unknown_value_is_dropped_and_reported() {
    let mut doc = minimal();
    set(&mut doc, "/importMetadaten/prioritaet", json!("MITTEL"));
    let k = parse_ok(&doc);
    assert_eq!(k.prioritaet(), None);
    assert_eq!(k.ignorierte_werte(), ["importMetadaten.prioritaet"]);
    // Read exactly as without the value.
    let without = parse_ok(&minimal());
    assert_eq!(k.request(), without.request());
    assert!(without.ignorierte_werte().is_empty());
}

#[test]
fn dropped_values_leave_their_objects_in_place() {
    let mut doc = minimal();
    set(
        &mut doc,
        BAUSPAR,
        json!([
            { "bausparkasse": "LBS", "vertragsnummer": "A" },
            { "bausparkasse": "WUESTENROT", "vertragsnummer": "B" },
            { "bausparkasse": "SCHWAEBISCH_HALL", "vertragsnummer": "C" }
        ]),
    );
    let k = parse_ok(&doc);
    let vertraege = k.angaben().haushalte.as_ref().unwrap()[0]
        .finanzielle_situation
        .as_ref()
        .and_then(|f| f.vermoegen.as_ref())
        .and_then(|v| v.bausparvertraege.clone())
        .unwrap();
    let kassen: Vec<Option<&str>> = vertraege
        .iter()
        .map(|v| v.bausparkasse.as_deref())
        .collect();
    assert_eq!(kassen, [None, Some("WUESTENROT"), None]);
    assert_eq!(vertraege[2].vertragsnummer.as_deref(), Some("C"));
    let prefix = "kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege";
    assert_eq!(
        k.ignorierte_werte(),
        [
            format!("{prefix}[0].bausparkasse"),
            format!("{prefix}[2].bausparkasse")
        ]
    );
}

#[test]
fn unknown_values_in_a_variant_are_dropped() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/finanzielleSituation/bestehendeImmobilien",
        json!([{ "darlehensliste": [{
            "@type": "BESTEHENDES_IMMOBILIENDARLEHEN",
            "darlehensgeber": {
                "@type": "PRODUKTANBIETER_DARLEHENSGEBER",
                "produktanbieter": "Sparkasse Berlin"
            },
            "rateMonatlich": 850
        }] }]),
    );
    let k = parse_ok(&doc);
    assert_eq!(
        k.ignorierte_werte(),
        [
            "kundenangaben.haushalte[0].finanzielleSituation.bestehendeImmobilien[0].darlehensliste[0].darlehensgeber.produktanbieter"
        ]
    );
}

#[test]
fn unknown_elements_of_a_value_list_are_dropped() {
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf/finanzierungsbausteine",
        json!([{
            "@type": "BAUSPARDARLEHEN",
            "tarifListe": ["GIBTS_NICHT", "BKM_HAUS_PLUS_OPTIMAL", "AUCH_NICHT"]
        }]),
    );
    let k = parse_ok(&doc);
    assert_eq!(
        k.ignorierte_werte(),
        [
            "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].tarifListe[0]",
            "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].tarifListe[2]",
        ]
    );
    let mut expected = doc.clone();
    set(
        &mut expected,
        "/kundenangaben/finanzierungsbedarf/finanzierungsbausteine/0/tarifListe",
        json!(["BKM_HAUS_PLUS_OPTIMAL"]),
    );
    assert_eq!(k.request(), parse_ok(&expected).request());
}

#[test]
fn violations_win_over_dropped_values() {
    let mut doc = minimal();
    set(&mut doc, "/importMetadaten/prioritaet", json!("MITTEL"));
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/personendaten/geburtsdatum",
        json!("15.03.1985"),
    );
    remove(&mut doc, "/kundenangaben/haushalte/0/kunden/0/referenzId");
    let found = violations(&doc);
    let fields: Vec<&str> = found.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "kundenangaben.haushalte[0].kunden[0].personendaten.geburtsdatum",
            "kundenangaben.haushalte[0].kunden[0].referenzId",
        ]
    );
}

#[test]
fn what_stays_a_violation() {
    // Required enum, unknown discriminator, wrong type, malformed date: each alone is a 400.
    let cases: [(&str, Value, &str); 4] = [
        (
            "/importMetadaten/datenkontext",
            json!("PRODUKTION"),
            "importMetadaten.datenkontext",
        ),
        (
            "/kundenangaben/haushalte/0/kunden/0/personendaten/familienstand",
            json!({ "@type": "VERLOBT" }),
            "kundenangaben.haushalte[0].kunden[0].personendaten.familienstand.@type",
        ),
        (
            "/importMetadaten/prioritaet",
            json!(true),
            "importMetadaten.prioritaet",
        ),
        (
            "/kundenangaben/haushalte/0/kunden/0/personendaten/geburtsdatum",
            json!("1985-02-30"),
            "kundenangaben.haushalte[0].kunden[0].personendaten.geburtsdatum",
        ),
    ];
    for (pointer, value, field) in cases {
        let mut doc = minimal();
        set(&mut doc, pointer, value);
        let found = violations(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, field);
    }
}

#[test]
fn a_dropped_value_takes_part_in_no_consistency_rule() {
    // TILGUNG_AUSGESETZT needs verwendung ABTRETEN; an unknown verwendung is dropped and so
    // contradicts nothing.
    let mut doc = minimal();
    set(
        &mut doc,
        "/kundenangaben/finanzierungsbedarf/finanzierungsbausteine",
        json!([{
            "@type": "VARIABLES_DARLEHEN",
            "tilgungswunsch": {
                "@type": "TILGUNG_AUSGESETZT",
                "bausparwunsch": { "verwendung": "VERSCHENKEN" }
            }
        }]),
    );
    match parse_value(&doc) {
        Ok(k) => assert_eq!(
            k.ignorierte_werte(),
            [
                "kundenangaben.finanzierungsbedarf.finanzierungsbausteine[0].tilgungswunsch.bausparwunsch.verwendung"
            ]
        ),
        Err(v) => panic!("{v:#?}"),
    }
}

#[test]
fn the_upstream_pairs_request_is_accepted() {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let path = dir.join("examples/upstream-pair/kundenangaben-request.json");
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let k = vorgaenge_intake::parse(&body).unwrap_or_else(|v| panic!("{v:#?}"));
    let situation = "kundenangaben.haushalte[0].finanzielleSituation";
    assert_eq!(
        k.ignorierte_werte(),
        [
            "importMetadaten.prioritaet".to_owned(),
            format!(
                "{situation}.bestehendeImmobilien[0].darlehensliste[0].darlehensgeber.produktanbieter"
            ),
            format!("{situation}.vermoegen.bausparvertraege[0].bausparkasse"),
            format!("{situation}.vermoegen.bausparvertraege[1].bausparkasse"),
        ]
    );
}
