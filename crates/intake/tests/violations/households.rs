//! Rules across the request beyond the schema: how many households and customers,
//! their reference ids and the references to them, and contradictory requests.

use serde_json::json;

use crate::common::{parse_value, set, violations};
use crate::{minimal, v};

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
    assert!(parse_value(&doc).is_ok());
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
