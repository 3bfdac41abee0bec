//! The financed property: its data, energy class, existing loans, lender-specific
//! extras and deprecated fields.

use serde_json::json;

use crate::{kauf, mit};

#[test]
fn financed_property() {
    let o = &kauf()["finanzierungsObjekt"];
    assert_eq!(o["objektArt"], "HAUS");
    assert_eq!(
        o["adresse"],
        json!({ "strasse": "Lindenweg", "hausnummer": "12", "postleitzahl": "60431", "ort": "Frankfurt am Main" })
    );
    assert_eq!(o["bundesland"], "HESSEN");
    assert_eq!(o["grundstueck"], json!({ "groesse": 240 }));
    assert_eq!(o["bodenRichtwert"], 950);
    assert_eq!(o["wohnlage"], "MITTEL");
    assert_eq!(
        o["effektivZinsErhoehendeKosten"],
        json!({ "wohnGebaeudeVersicherungsKostenJaehrlich": 420 })
    );
    assert_eq!(o["erbbaurecht"], json!({ "erbbaurecht": false }));
    assert_eq!(
        o["autostellplaetze"],
        json!([{ "typ": "GARAGE", "vermietet": false }])
    );
    assert_eq!(
        o["grundbuchAngabe"],
        json!({ "amtsgericht": "Frankfurt am Main", "bandUndBlatt": "4711", "flurstuecke": [ { "flur": "12", "flurstuecksNummer": "345/6", "groesse": 240 } ], "rechteInAbteilung2": { "vorhanden": false } })
    );
    let g = &o["gebaeude"];
    assert_eq!(g["hausTyp"], "REIHENHAUS");
    assert_eq!(g["hausAnordnung"], "MITTELHAUS");
    assert_eq!(g["dachgeschossAusbau"], "VOLL_AUSGEBAUT");
    assert_eq!(g["unterkellerung"], "UNTERKELLERT");
    assert_eq!(g["baujahr"], 1978);
    assert_eq!(g["anzahlVollgeschosse"], 2);
    assert_eq!(g["bauweise"], "MASSIV");
    assert_eq!(g["ausstattung"], "MITTEL");
    assert_eq!(g["zustand"], "GUT");
    assert_eq!(
        g["modernisierungsAngaben"],
        json!({ "wurdeModernisiert": true, "modernisierungsJahr": 2011, "modernisierungsGrad": "MITTEL" })
    );
    assert_eq!(
        g["wohnflaeche"],
        json!({ "gesamtGroesse": 128.5, "vermietungsInformationen": { "nutzungsArt": "EIGENGENUTZT" } })
    );
}

#[test]
fn energy_class_is_computed_from_the_demand() {
    // 142 kWh/(m²·a) is class E, whatever class the request claims.
    let ausweis = &kauf()["finanzierungsObjekt"]["gebaeude"]["energieEffizienzAusweis"];
    assert_eq!(
        ausweis,
        &json!({ "ausweisTyp": "ENDENERGIEBEDARF", "endEnergie": 142, "co2Emissionen": 38, "primaerEnergieTraeger": "OEL_GAS", "effizienzklasse": "E" })
    );
}

#[test]
fn existing_loans_of_the_financed_property_and_their_treatment() {
    let loan = |id: &str| json!({ "referenzId": id, "darlehen": { "@type": "BESTEHENDES_BAUSPARDARLEHEN", "restschuld": { "aktuell": 40000, "zumAbloesetermin": 38000 }, "grundschuldart": "BUCH_GRUNDSCHULD", "darlehensgeber": { "@type": "SONSTIGER_DARLEHENSGEBER", "name": "Oma" } } });
    let v = mit(json!({
        "finanzierungsobjekt": { "darlehenslisteErfassung": { "@type": "VORHANDENE_BESTEHENDE_DARLEHEN_DES_FINANZIERUNGSOBJEKTES", "darlehensliste": [ loan("d1"), loan("d2"), loan("d3") ] } },
        "finanzierungsbedarf": {
            "finanzierungsbausteine": [ { "@type": "FORWARDDARLEHEN", "referenzId": "b1", "darlehensbetrag": 38000 } ],
            "finanzierungszweck": { "@type": "ANSCHLUSSFINANZIERUNG", "marktwertFinanzierungsobjekt": 390000,
                "abloesungDarlehenDesFinanzierungsobjektes": [ { "referenzIdAbzuloesendesDarlehen": "d1", "referenzIdFinanzierungsbaustein": "b1", "sondertilgungZumZinsbindungsende": 2000 } ],
                "rangruecktrittDarlehenDesFinanzierungsobjektes": [ { "referenzIdBestehendesDarlehen": "d2", "trittImRangZurueck": true }, { "referenzIdBestehendesDarlehen": "d3", "trittImRangZurueck": false } ] }
        }
    }));
    let o = &v["finanzierungsObjekt"];
    assert_eq!(o["marktwert"], 390000);
    assert_eq!(o["verkehrswert"], 390000);
    let d = &o["bestehendeDarlehen"];
    assert_eq!(
        d[0],
        json!({ "darlehensArt": "BAUSPARDARLEHEN", "aktuelleRestschuldWennNichtAbzuloesen": 40000, "abzuloesendeRestschuld": 38000,
                "grundschuldArt": "BUCH_GRUNDSCHULD", "darlehensGeber": { "firmierung": "Oma" },
                "verwendenAls": "ABLOESEN", "sondertilgungZumZinsBindungsEnde": 2000 })
    );
    assert_eq!(d[1]["verwendenAls"], "TRITT_IM_RANG_ZURUECK");
    assert_eq!(d[2]["verwendenAls"], "TRITT_NICHT_IM_RANG_ZURUECK");
    assert_eq!(v["vorhaben"]["verwendungszweck"], "ANSCHLUSSFINANZIERUNG");
}

#[test]
fn lender_specific_property_and_household_extras() {
    let v = mit(json!({
        "haushalte": [ { "kunden": [ { "referenzId": "k1" } ], "zusatzangaben": { "zusatzangabenProProduktanbieter": [
            { "@type": "ZUSATZANGABEN_HAUSHALT_DSL", "lebenshaltungskostenMonatlich": 1500 },
            { "@type": "ZUSATZANGABEN_HAUSHALT_SANTANDER", "vermoegen": { "bausparvertrag": { "guthaben": 7000, "kontonummer": "BS-1" } },
              "verbindlichkeiten": { "dispokredit": { "hoehe": 1500, "anrechnungFuerBlankoanteil": 100, "kontonummer": "GK-2" } } } ] } } ],
        "finanzierungsobjekt": { "immobilie": {
            "typ": { "@type": "EIGENTUMSWOHNUNG", "miteigentumsanteil": { "anteil": 120, "gesamt": 1000 } },
            "zusatzangaben": { "zusatzangabenProProduktanbieter": [
                { "@type": "ZUSATZANGABEN_IMMOBILIE_DSL", "bewirtschaftungskostenJaehrlich": 2400, "nachfinanzierung": true },
                { "@type": "ZUSATZANGABEN_IMMOBILIE_SANTANDER", "vorlaeufigerVerkehrswert": 310000 },
                { "@type": "ZUSATZANGABEN_IMMOBILIE_ING", "beleihungsobjekt": { "@type": "ING_EIGENTUMSWOHNUNG", "geschosslage": "ERDGESCHOSS",
                    "gebaude": { "aufzugVorhanden": true, "modernisierungsangaben": { "badWc": true, "fenster": false } } } } ] } } },
        "finanzierungsbedarf": { "finanzierungszweck": { "@type": "KAUF", "kaufpreis": 300000 } }
    }));
    let haushalt = &v["haushalte"][0];
    assert_eq!(haushalt["lebenshaltungsKostenMonatlich"], 1500);
    assert_eq!(
        haushalt["obligo"],
        json!({ "vermoegenOderVerbindlichkeiten": [
            { "bezeichner": "bausparvertrag", "aktuellerWert": 7000, "kontonummer": "BS-1", "vermoegensTyp": "VERMOEGEN" },
            { "bezeichner": "dispokredit", "aktuellerWert": 1500, "anrechnungFuerBlankoAnteil": 100, "kontonummer": "GK-2", "vermoegensTyp": "VERBINDLICHKEIT" } ] })
    );
    let o = &v["finanzierungsObjekt"];
    assert_eq!(o["bewirtschaftungsKostenJaehrlich"], 2400);
    assert_eq!(o["vorlaeufigerVerkehrswert"], 310000);
    assert_eq!(
        o["gebaeude"],
        json!({ "miteigentumsAnteil": { "anteil": 120, "gesamt": 1000 }, "aufzugVorhanden": true, "geschossLage": "ERDGESCHOSS",
            "modernisierungsAngaben": { "badWc": true, "fenster": false } })
    );
    assert_eq!(v["vorhaben"]["nachfinanzierung"], true);
}

#[test]
fn ing_property_extras_of_another_kind_are_ignored() {
    let v = mit(json!({ "finanzierungsobjekt": { "immobilie": {
        "typ": { "@type": "EINFAMILIENHAUS" },
        "zusatzangaben": { "zusatzangabenProProduktanbieter": [
            { "@type": "ZUSATZANGABEN_IMMOBILIE_ING", "beleihungsobjekt": { "@type": "ING_EIGENTUMSWOHNUNG", "geschosslage": "ERDGESCHOSS" } } ] } } } }));
    assert_eq!(
        v["finanzierungsObjekt"],
        json!({ "objektArt": "HAUS", "gebaeude": { "hausTyp": "EINFAMILIENHAUS" } })
    );
}

#[test]
fn deprecated_property_fields_are_used_without_their_successors() {
    let v = mit(json!({ "finanzierungsobjekt": { "immobilie": {
        "stellplaetze": [ { "typ": "CARPORT", "mieteMonatlich": 40 } ],
        "erbbaurecht": { "erbbauzinsJaehrlich": 1200, "grundstueckseigentuemer": "OEFFENTLICH_KIRCHLICH", "laufzeitBis": 2080 },
        "grundbuchangabe": { "ort": "Kassel", "rechteInAbteilung2": { "beschreibung": "Wegerecht" } }
    } } }));
    assert_eq!(
        v["finanzierungsObjekt"],
        json!({
            "autostellplaetze": [ { "typ": "CARPORT", "vermietet": true, "mieteinnahmenMonatlich": 40 } ],
            "erbbaurecht": { "erbbaurecht": true, "erbbauzinsJaehrlich": 1200, "grundstuecksEigentuemer": "OEFFENTLICH_KIRCHLICH", "laufzeitBisJahr": 2080 },
            "grundbuchAngabe": { "ort": "Kassel", "rechteInAbteilung2": { "vorhanden": true, "beschreibung": "Wegerecht" } }
        })
    );
}
