//! Households: children and Kindergeld, income and expenses, assets, liabilities and
//! existing property.

use serde_json::json;
use vorgaenge_intake::vorgang_members;

use crate::common::{fixture, parse_ok};
use crate::{mit, zwei_personen};

#[test]
fn household_children_and_extras() {
    let v = zwei_personen();
    let haushalt = &v["haushalte"][0];
    assert_eq!(haushalt["erfahrungImmobilienFinanzierung"], false);
    assert_eq!(
        haushalt["kinder"],
        json!([
            { "name": "Lina", "geburtsdatum": "2014-05-20", "kindergeldWirdBezogen": true },
            { "name": "Theo", "geburtsdatum": "2018-09-09", "kindergeldWirdBezogen": true, "unterhaltsEinnahmenBetragMonatlich": 150 }
        ])
    );
    assert_eq!(haushalt["kfzAnzahl"], 1);
    assert_eq!(haushalt["lebenshaltungsKostenMonatlich"], 1800);
    assert_eq!(haushalt["anzahlErwachseneImHaushalt"], 2);
    assert_eq!(haushalt["anzahlKinderNichtImHaushalt"], 0);
    // Both draw Kindergeld: 255 € each on the test's day (2025).
    assert_eq!(
        haushalt["positionen"]["kindergeld"],
        json!([{ "einnahmenMonatlich": 510, "zahlungsTyp": "EINNAHME" }])
    );
}

#[test]
fn kindergeld_follows_the_day_of_the_import() {
    let k = parse_ok(&fixture("zwei_personen_haushalt.json"));
    let am = |tag: &str| {
        let members = vorgang_members(&k, &tag.parse().unwrap());
        members["haushalte"][0]["positionen"]["kindergeld"][0]["einnahmenMonatlich"].clone()
    };
    assert_eq!(am("2024-12-31"), 500);
    assert_eq!(am("2026-01-01"), 518);
}

#[test]
fn deprecated_children_list_is_used_only_without_kinder_erfassung() {
    let kinder = json!([{ "name": "Alt", "unterhalt": 90, "unterhaltWirdBezogen": false }]);
    let v =
        mit(json!({ "haushalte": [ { "kunden": [ { "referenzId": "k1" } ], "kinder": kinder } ] }));
    assert_eq!(v["haushalte"][0]["kinder"], json!([{ "name": "Alt" }]));
    let v = mit(
        json!({ "haushalte": [ { "kunden": [ { "referenzId": "k1" } ], "kinder": kinder, "kinderErfassung": { "@type": "KEINE_KINDER" } } ] }),
    );
    assert!(v["haushalte"][0].get("kinder").is_none());
}

#[test]
fn income_and_expenses() {
    let p = &zwei_personen()["haushalte"][0]["positionen"];
    assert_eq!(
        p["variableEinkuenfte"],
        json!([{ "einnahmenMonatlich": 300, "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["ehegattenUnterhalt"],
        json!([{ "einnahmenMonatlich": 0, "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["sonstigeEinnahmen"],
        json!([{ "einnahmenMonatlich": 120, "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["unbefristeteZusatzRenten"],
        json!([{ "einnahmenMonatlich": 80, "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["einkuenfteAusNebentaetigkeit"],
        json!([{ "beginnDerNebentaetigkeit": "2019-01-01", "einnahmenMonatlich": 450, "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["mietAusgaben"],
        json!([{ "ausgabenMonatlich": 1350, "entfallenMitFinanzierung": true, "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["privateKrankenversicherung"],
        json!([{ "ausgabenMonatlich": 410, "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["sonstigeAusgaben"],
        json!([{ "ausgabenMonatlich": 90, "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["versicherungsAusgaben"],
        json!([{ "ausgabenMonatlich": 75, "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["unterhaltsVerpflichtungen"],
        json!([{ "ausgabenMonatlich": 250, "zahlungsTyp": "AUSGABE" }])
    );
}

#[test]
fn assets() {
    let p = &zwei_personen()["haushalte"][0]["positionen"];
    assert_eq!(
        p["bankUndSparguthaben"],
        json!([{ "aktuellerWert": 85000, "zinsertragJaehrlich": 850, "vermoegensEinsatz": "AUFLOESEN", "maximalAufzuloesenderWert": 70000, "vermoegensTyp": "VERMOEGEN", "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["wertpapiere"],
        json!([{ "aktuellerWert": 24000, "vermoegensEinsatz": "KEIN_EINSATZ", "vermoegensTyp": "VERMOEGEN", "zahlungsTyp": "EINNAHME" }])
    );
    assert_eq!(
        p["sparplaene"],
        json!([{ "aktuellerWert": 6000, "beitragMonatlich": 100, "vermoegensTyp": "VERMOEGEN", "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["bausparvertraege"],
        json!([{
            "produktAnbieter": { "produktAnbieterId": "BHW" }, "bausparSumme": 50000, "aktuellerWert": 18000,
            "sparBeitragMonatlich": 200, "vertragsNummer": "BHW-77-1", "vertragsBeginn": "2015-02-01",
            "vermoegensEinsatz": "ABTRETEN", "vermoegensTyp": "VERMOEGEN", "zahlungsTyp": "AUSGABE",
            "typ": "BAUSPARVERTRAG"
        }])
    );
    assert_eq!(
        p["lebensUndRentenVersicherungen"],
        json!([{
            "rueckkaufsWertAktuell": 12000, "praemieMonatlich": 80, "typ": "KAPITALBILDENDE_LEBENSVERSICHERUNG",
            "versicherungsGesellschaft": "Hanse Leben", "versicherungsSumme": 60000,
            "vermoegensEinsatz": "KEIN_EINSATZ", "vermoegensTyp": "VERMOEGEN", "zahlungsTyp": "AUSGABE"
        }])
    );
}

#[test]
fn liabilities() {
    let p = &zwei_personen()["haushalte"][0]["positionen"];
    assert_eq!(
        p["ratenkredite"],
        json!([{ "glaeubiger": "Autobank", "rateMonatlich": 289, "restschuld": 8400, "laufzeitEnde": "2027-03-31", "wirdAbgeloest": false, "vermoegensTyp": "VERBINDLICHKEIT", "zahlungsTyp": "AUSGABE" }])
    );
    assert_eq!(
        p["privateDarlehen"],
        json!([{ "glaeubiger": "Eltern", "rateMonatlich": 100, "restschuld": 5000, "vermoegensTyp": "VERBINDLICHKEIT", "zahlungsTyp": "AUSGABE" }])
    );
}

#[test]
fn existing_property_with_its_loan() {
    let immobilie = &zwei_personen()["haushalte"][0]["bestehendeImmobilien"][0];
    assert_eq!(immobilie["bezeichnung"], "Ferienwohnung Cuxhaven");
    assert_eq!(immobilie["immobilienEinsatz"], "KEIN_EINSATZ");
    assert_eq!(immobilie["marktwert"], 210000);
    assert_eq!(immobilie["verkehrswert"], 210000);
    assert_eq!(immobilie["objektArt"], "EIGENTUMSWOHNUNG");
    assert_eq!(immobilie["adresse"]["postleitzahl"], "27476");
    assert_eq!(immobilie["bundesland"], "NIEDERSACHSEN");
    assert_eq!(
        immobilie["gebaeude"],
        json!({ "baujahr": 1998, "bezeichnungWohneinheit": "WE 4", "wohnflaeche": { "gesamtGroesse": 62, "vermietungsInformationen": { "nutzungsArt": "VERMIETET", "mieteinnahmenNettoKaltMonatlich": 640, "vermieteteFlaeche": 62 } } })
    );
    assert_eq!(
        immobilie["bestehendeDarlehen"],
        json!([{
            "darlehensArt": "IMMOBILIENDARLEHEN", "darlehensBetrag": 150000, "rateMonatlich": 620,
            "aktuelleRestschuldWennNichtAbzuloesen": 98000, "sollZins": 1.45, "zinsBindungEndetAm": "2029-06-30",
            "darlehensGeber": { "produktAnbieterId": "DSL_BANK", "firmierung": "DSL Bank" }
        }])
    );
}
