//! The Vorhaben and what the customers wish: needs (purchase, new build, capital
//! raising), loan and Bauspar wishes, protection and offers, preferences.

use serde_json::json;

use crate::{kauf, mit};

#[test]
fn purchase_need_with_costs_in_percent() {
    let vorhaben = &kauf()["vorhaben"];
    assert_eq!(vorhaben["verwendungszweck"], "KAUF");
    assert_eq!(
        vorhaben["finanzbedarf"],
        json!({
            "kaufpreis": 485000, "grunderwerbsteuer": 29100.0, "notargebuehr": 7275.0, "maklergebuehr": 17314.5,
            "beratungsHonorar": 0, "mobiliar": 12000, "modernisieren": true, "modernisierung": 40000, "renovierung": 8000
        })
    );
    assert_eq!(
        vorhaben["eigenleistungWennNeubauOderModernisierungsmassnahmen"],
        5000
    );
    assert_eq!(vorhaben["geplanteEnergie"], 70);
    assert_eq!(vorhaben["energieEffizienzklasse"], "B");
}

#[test]
fn new_build_need() {
    let v = mit(json!({ "finanzierungsbedarf": { "finanzierungszweck": {
        "@type": "NEUBAU", "anzahlTeilzahlungen": 4, "aussenanlagen": 15000, "baunebenkosten": 30000, "herstellungskostenInklusiveEigenleistungen": 380000,
        "grundstueckskosten": { "grundstueckkaufpreis": 200000, "erschliessungskosten": 12000, "grundstueckBereitsBezahlt": false },
        "nebenkosten": { "grunderwerbsteuer": { "einheit": "PROZENT", "wert": 5 } },
        "eigenleistung": 9000, "eigenleistungErfassung": { "@type": "VORHANDENE_EIGENLEISTUNG", "eigenleistung": 10000 }
    } } }));
    assert_eq!(
        v["vorhaben"],
        json!({
            "verwendungszweck": "NEUBAU",
            "eigenleistungWennNeubauOderModernisierungsmassnahmen": 10000,
            "finanzbedarf": { "anzahlTeilzahlungen": 4, "aussenAnlagen": 15000, "bauNebenkosten": 30000, "herstellung": 380000,
                "grundstuecksKaufpreis": 200000, "erschliessung": 12000, "grundstueckBereitsBezahlt": false, "grunderwerbsteuer": 10000.0 }
        })
    );
}

#[test]
fn capital_raising_need() {
    let v = mit(json!({ "finanzierungsbedarf": { "finanzierungszweck": {
        "@type": "KAPITALBESCHAFFUNG", "marktwertFinanzierungsobjekt": 500000, "zuBeschaffendesKapital": { "betrag": 80000, "kommentar": "Umschuldung" }
    } } }));
    assert_eq!(
        v["vorhaben"],
        json!({ "verwendungszweck": "KAPITALBESCHAFFUNG", "finanzbedarf": { "kapitalWirdBeschafft": true, "kapitalBeschaffung": 80000 } })
    );
}

#[test]
fn loan_wishes() {
    let wuensche = &kauf()["vorhaben"]["finanzierungswunsch"]["darlehensWuensche"];
    assert_eq!(
        wuensche,
        &json!([
            { "annuitaetenDarlehen": { "darlehensBetrag": 300000, "zinsBindungInJahren": 15, "sondertilgungOptionalJaehrlich": 5,
                "bereitstellungsZinsFreieZeitInMonaten": 6, "tilgungsWunsch": { "anfaenglicheTilgung": 2 } } },
            { "kfwDarlehen": { "kfwProgramm": "PROGRAMM_124", "darlehensBetrag": 100000, "laufzeitInJahren": 25,
                "zinsBindungInJahren": 10, "tilgungsfreieAnlaufjahre": 1, "kfwEndfaellig": "NEIN" } }
        ])
    );
}

#[test]
fn special_loan_kinds() {
    let v = mit(json!({ "finanzierungsbedarf": { "finanzierungsbausteine": [
        { "@type": "KONSTANTDARLEHEN", "id": "kd", "darlehensbetrag": 100000, "rate": 650 },
        { "@type": "KFW_DARLEHEN", "darlehensbetrag": 50000, "programm": { "@type": "KFW_PROGRAMM_261_SANIERUNG", "kfwEnergieEffizienzStandard": "STANDARD_55", "kfwSanierungsFahrplanLiegtVor": true, "laufzeitInJahren": 20, "tilgungsfreieAnlaufjahre": 2 } },
        { "@type": "REGIONAL_FOERDER_DARLEHEN", "darlehensbetrag": 30000, "programm": { "@type": "IBSH_IMMOFIX", "zinsbindungInJahren": 15, "tilgungsWunsch": { "anfaenglicheTilgung": 3 } } },
        { "@type": "ANNUITAETENDARLEHEN", "darlehensbetrag": 10000, "kundenreferenzIdDerRiesterGefoerdertenPerson": "k1",
          "annuitaetendetails": { "tilgungswunsch": { "@type": "TILGUNG_AUSGESETZT", "tilgungsersatzProduktId": "lv-1",
            "bausparwunsch": { "@type": "BAUSPARDARLEHEN", "verwendung": "ABTRETEN", "kundenreferenzIdsDerVertragspartner": ["k1"] } } } }
    ] } }));
    let w = &v["vorhaben"]["finanzierungswunsch"]["darlehensWuensche"];
    assert_eq!(
        w[0],
        json!({ "id": "kd", "annuitaetenDarlehen": { "darlehensBetrag": 100000, "tilgungsWunsch": { "rate": 650, "volltilgerWennAnnuitaetenOderForward": true } } })
    );
    assert_eq!(
        w[1],
        json!({ "kfwDarlehen": { "kfwProgramm": "PROGRAMM_261", "kfwEnergieEffizienzGruppe": "SANIERUNG", "kfwEnergieEffizienzStandard": "STANDARD_55",
            "kfwSanierungsFahrplanLiegtVor": true, "darlehensBetrag": 50000, "laufzeitInJahren": 20, "tilgungsfreieAnlaufjahre": 2 } })
    );
    assert_eq!(
        w[2],
        json!({ "regionalFoerderDarlehen": { "regionalFoerderbankProgramm": "IBSH_IMMOFIX", "darlehensBetrag": 30000, "zinsBindungInJahren": 15,
            "tilgungsWunsch": { "anfaenglicheTilgung": 3 } } })
    );
    assert_eq!(w[3]["annuitaetenDarlehen"]["darlehensBetrag"], 10000);
    assert_eq!(w[3]["annuitaetenDarlehen"]["riesterFoerderung"], true);
    assert_eq!(
        w[3]["annuitaetenDarlehen"]["tilgungsWunsch"],
        json!({ "tilgungsErsatzProduktId": "lv-1", "bausparWunsch": { "verwendung": "TILGUNGS_AUSGESETZT", "vertragsPartnerIds": ["antragsteller-1-1"] } })
    );
    assert_eq!(
        w[3]["annuitaetenDarlehen"]["riesterGefoerdertePerson"],
        "antragsteller-1-1"
    );
}

#[test]
fn bauspar_wish() {
    let v = mit(json!({ "finanzierungsbedarf": { "finanzierungsbausteine": [
        { "@type": "BAUSPARDARLEHEN", "id": "bs", "abschlussgebuehrmodus": "VERRECHNUNG", "riesterzulagenverwendung": "SONDERZAHLUNG",
          "verwendung": "FREI_BESPAREN", "tarifListe": ["BHW_TARIF_DM3"], "kundenreferenzIdsDerVertragspartner": ["k1"],
          "sonderzahlungen": [ { "betrag": 5000, "termin": "2026-01-01", "zahlweise": "EINMALIG" } ],
          "wunschparameter": [ { "@type": "BAUSPARSUMME", "betrag": 100000 }, { "@type": "MONATLICHER_SPARBEITRAG", "betrag": 300 },
            { "@type": "TILGUNGSRATE", "betrag": 450 }, { "@type": "ZUTEILUNGSZEITPUNKT", "zeitpunkt": "2034-01-01" } ] }
    ] } }));
    assert_eq!(
        v["vorhaben"]["finanzierungswunsch"],
        json!({ "bausparWuensche": [ {
            "id": "bs", "abschlussGebuehrenVerrechnung": "VERRECHNUNG", "verwendungZulagen": "SONDERZAHLUNG", "verwendung": "ZINS_ABSICHERUNG",
            "bausparTarif": [ { "id": "BHW_TARIF_DM3" } ], "vertragsPartnerIds": ["antragsteller-1-1"],
            "sonderZahlungen": [ { "betrag": 5000, "termin": "2026-01-01", "zahlweise": "EINMALIG" } ],
            "bausparSummeAbsolut": 100000, "sparBeitragMonatlichAbsolut": 300, "tilgungsBeitragMonatlich": 450, "zuteilungsDatum": "2034-01-01"
        } ] })
    );
}

#[test]
fn payment_protection_external_offers_and_unsecured_loans() {
    let v = mit(json!({ "finanzierungsbedarf": {
        "ratenschutzbausteine": [ { "id": "rs", "kundenreferenzIdDerVersichertenPerson": "k1", "versicherungsdauerInJahren": 10, "versicherungsbeginn": "2026-01-01",
            "praemienzahlung": { "@type": "EINMALIGE_PRAEMIENZAHLUNG", "absicherungsfinanzierungsweise": "DURCH_HAUPTDARLEHEN" },
            "risikoabsicherungswuensche": [ { "abzusicherndesRisiko": "TODESFALL", "versicherungssumme": 300000 } ] } ],
        "externeBausparangebote": [ { "id": "ea", "bausparkasse": "LBS_WEST", "bausparsumme": 50000, "sparbeitragMonatlich": 250, "tarif": "Classic", "jahresentgelt": 12, "angebotsHinweisFuerDenKunden": "gültig 4 Wochen" } ],
        "unbesicherteExterneDarlehen": [ { "typ": "ARBEITGEBERDARLEHEN", "betrag": 20000, "darlehensgeber": "Weser Windkraft GmbH", "rateMonatlich": 200, "zinsbindungsende": "2030-12-31" } ]
    } }));
    let vorhaben = &v["vorhaben"];
    assert_eq!(
        vorhaben["absicherungswunsch"],
        json!({ "versicherungsWuensche": [ { "id": "rs", "versicherungsArt": "RATENSCHUTZVERSICHERUNG", "versichertePersonId": "antragsteller-1-1",
            "versicherungsDauerInMonaten": 120, "versicherungsBeginn": "2026-01-01", "praemienZahlungsweise": "EINMALIG", "finanzierungsWeise": "DURCH_HAUPTDARLEHEN",
            "risikoAbsicherungsWuensche": [ { "abzusicherndesRisiko": "TODESFALL", "versicherungsSumme": 300000 } ] } ] })
    );
    assert_eq!(
        vorhaben["externeBausparAngebote"],
        json!([ { "id": "ea", "produktAnbieter": { "produktAnbieterId": "LBS_WEST" }, "bausparSumme": 50000, "sparPhase": { "sparBeitragMonatlich": 250 },
            "tarif": "Classic", "verwaltungsgebuehrenJaehrlich": 12, "angebotsHinweisFuerAntragsteller": "gültig 4 Wochen" } ])
    );
    assert_eq!(
        vorhaben["nachrangigeExterneDarlehen"],
        json!([ { "typ": "ARBEITGEBERDARLEHEN", "darlehensBetrag": 20000, "darlehensGeber": "Weser Windkraft GmbH", "rateMonatlich": 200, "zinsBindung": { "endetAm": "2030-12-31" } } ])
    );
}

#[test]
fn preferences() {
    assert_eq!(
        kauf()["praeferenzen"],
        json!({
            "girokonto": { "bestehendeKontoverbindungBei": ["Frankfurter Sparkasse"], "kontowechselWirdBeabsichtigt": false },
            "tilgungssatzwechselPraeferenz": { "tilgungsSatzwechselPraeferenz": "MINDESTENS_BENOETIGT", "mindestensBenoetigt": 2 }
        })
    );
}
