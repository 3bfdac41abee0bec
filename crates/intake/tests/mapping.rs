//! Field-by-field tests of the mapping onto the v2 `Vorgang`.

mod common;

use common::{fixture, parse_ok, set};
use serde_json::{Value, json};
use vorgaenge_intake::vorgang_members;

fn members(document: &Value) -> Value {
    Value::Object(vorgang_members(&parse_ok(document), &common::stichtag()))
}

fn zwei_personen() -> Value {
    members(&fixture("zwei_personen_haushalt.json"))
}

fn kauf() -> Value {
    members(&fixture("kauf_mit_finanzierungsbedarf.json"))
}

/// A request with one customer `k1` and the given `kundenangaben` members merged in.
fn mit(angaben: Value) -> Value {
    let mut doc = json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [ { "kunden": [ { "referenzId": "k1" } ] } ] }
    });
    for (key, value) in angaben.as_object().unwrap() {
        doc["kundenangaben"][key] = value.clone();
    }
    members(&doc)
}

#[test]
fn metadata() {
    let v = zwei_personen();
    assert_eq!(v["datenKontext"], "TEST_MODUS");
    assert_eq!(v["externeVorgangsNummer"], "CRM-2024-0815");
    assert_eq!(v["importQuelle"], "Vergleichsportal Nord");
    assert_eq!(v["prioritaet"], "HOCH");
    assert_eq!(
        v["leadTracking"],
        json!({ "kampagne": "fruehjahr", "keyword": "baufinanzierung", "kundenBetreuerBenachrichtigen": true, "trackingId": "trk-991" })
    );
    assert_eq!(v["tippGeber"], json!({ "partnerId": "TIP01" }));
}

#[test]
fn server_owned_members_are_not_produced() {
    for v in [zwei_personen(), kauf()] {
        for member in [
            "vorgangsNummer",
            "kundenBetreuer",
            "vorgangsBearbeiter",
            "status",
            "letzteAenderung",
            "letztesEreignis",
            "erstelltAm",
            "antraege",
            "_links",
        ] {
            assert!(
                v.get(member).is_none(),
                "{member} must be left to the server"
            );
        }
    }
}

#[test]
fn minimal_request_maps_to_metadata_and_one_applicant() {
    let v = mit(json!({}));
    assert_eq!(
        v,
        json!({ "datenKontext": "TEST_MODUS", "haushalte": [ { "antragsteller": [ { "id": "antragsteller-1-1" } ] } ], "praeferenzen": {} })
    );
}

#[test]
fn applicant_person_contact_and_address() {
    let v = zwei_personen();
    let anna = &v["haushalte"][0]["antragsteller"][0];
    assert_eq!(anna["id"], "antragsteller-1-1");
    assert_eq!(anna["externeAntragstellerId"], "CRM-K-1001");
    assert_eq!(anna["anrede"], "FRAU");
    assert_eq!(anna["vorname"], "Anna");
    assert_eq!(anna["nachname"], "Becker");
    assert_eq!(anna["titel"], json!(["DOKTOR"]));
    assert_eq!(anna["titelDoktor"], true);
    assert_eq!(anna["titelProfessor"], false);
    assert_eq!(anna["geburtsdatum"], "1985-03-14");
    assert_eq!(anna["geburtsort"], "Bremen");
    assert_eq!(
        anna["staatsangehoerigkeit"],
        json!({ "isoCountryCode": "DE", "name": "Deutschland" })
    );
    assert_eq!(anna["familienstand"], "VERHEIRATET");
    assert_eq!(anna["guetertrennungVereinbartWennVerheiratet"], false);
    assert_eq!(anna["email"], "anna.becker@example.org");
    assert_eq!(anna["telefonnummerVorwahl"], "0421");
    assert_eq!(anna["telefonnummer"], "5550123");
    assert_eq!(anna["weitereKontaktMoeglichkeiten"], "abends ab 18 Uhr");
    assert_eq!(
        anna["anschrift"],
        json!({ "strasse": "Schwachhauser Heerstraße", "hausnummer": "101", "postleitzahl": "28211", "ort": "Bremen" })
    );
    // A four-digit postcode is ignored, the rest of the address is kept.
    assert_eq!(
        anna["vorAnschrift"],
        json!({ "strasse": "Am Wall", "hausnummer": "7", "ort": "Bremen" })
    );
    assert_eq!(anna["wohnhaftSeit"], "2016-08-01");
    assert_eq!(anna["steuerId"], "12345678901");
    assert_eq!(anna["bruttoVorjahresEinkommen"], 61000);
    assert_eq!(anna["bruttoJahresEinkommenErwartet"], 63000);
    assert_eq!(anna["sozialversicherungsnummer"], "65140385B017");
    assert_eq!(
        anna["legitimationsDaten"],
        json!({ "ausweisArt": "PERSONALAUSWEIS", "ausweisNummer": "L01X00T47", "ausstellendeBehoerde": "Bürgeramt Bremen-Mitte", "ausstellungsdatum": "2021-06-01" })
    );
}

#[test]
fn applicant_residence_and_work_permit() {
    let v = zwei_personen();
    let jonas = &v["haushalte"][0]["antragsteller"][1];
    assert_eq!(jonas["id"], "antragsteller-1-2");
    assert_eq!(jonas["inDeutschlandSeit"], "2010-01-01");
    assert_eq!(jonas["aufenthaltsTitel"], "AUFENTHALTS_ERLAUBNIS");
    assert_eq!(jonas["aufenthaltsTitelBefristetBis"], "2031-12-31");
    assert_eq!(jonas["arbeitserlaubnis"], true);
    assert_eq!(jonas["arbeitserlaubnisBefristetBis"], "2031-12-31");
}

#[test]
fn employment_of_an_employee() {
    let v = zwei_personen();
    assert_eq!(
        v["haushalte"][0]["antragsteller"][0]["beschaeftigung"],
        json!({
            "art": "ANGESTELLTER",
            "beruf": "Ingenieurin",
            "befristungsStatus": "UNBEFRISTET",
            "anzahlGehaelterProJahr": 13.0,
            "arbeitgeber": "Weser Windkraft GmbH",
            "arbeitgeberInDeutschlandAnsaessig": true,
            "arbeitgeberLand": { "isoCountryCode": "DE", "name": "Deutschland" },
            "beschaeftigtSeit": "2012-04-01",
            "inProbezeit": false,
            "branche": "ENERGIEVERSORGUNG",
            "einkommenNettoMonatlich": 3420.5,
            "situationNachRenteneintritt": { "rentenBeginn": "2052-04-01", "gesetzlicheRenteMonatlich": 1900, "privateRenteMonatlich": 250 }
        })
    );
}

#[test]
fn employment_of_a_self_employed_person() {
    let v = zwei_personen();
    assert_eq!(
        v["haushalte"][0]["antragsteller"][1]["beschaeftigung"],
        json!({
            "art": "SELBSTAENDIGER",
            "beruf": "Architekt",
            "taetigkeit": "ARCHITEKT",
            "firma": "Becker Planung",
            "beschaeftigtSeit": "2015-01-01",
            "einkommenNettoMonatlich": 2100
        })
    );
}

#[test]
fn kinds_of_employment() {
    for (typ, art) in [
        ("ARBEITER", "ARBEITER"),
        ("BEAMTER", "BEAMTER"),
        ("FREIBERUFLER", "FREIBERUFLER"),
        ("ARBEITSLOSER", "ARBEITSLOSER"),
        ("HAUSHALTENDE_PERSON", "HAUSFRAU"),
        ("RENTNER", "RENTNER"),
    ] {
        let mut doc = fixture("kauf_mit_finanzierungsbedarf.json");
        set(
            &mut doc,
            "/kundenangaben/haushalte/0/kunden/0/finanzielles/beschaeftigung",
            json!({ "@type": typ }),
        );
        assert_eq!(
            members(&doc)["haushalte"][0]["antragsteller"][0]["beschaeftigung"]["art"],
            art,
            "{typ}"
        );
    }
}

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

#[test]
fn references_become_applicant_ids() {
    let v = zwei_personen();
    assert_eq!(
        v["bankverbindung"],
        json!({ "iban": "DE02120300000000202051", "bic": "BYLADEM1001", "kontoinhaberIds": ["antragsteller-1-1", "antragsteller-1-2"] })
    );
    let v = kauf();
    assert_eq!(
        v["vorhaben"]["absicherungswunsch"]["versicherungsWuensche"][0]["versichertePersonId"],
        "antragsteller-1-1"
    );
}

#[test]
fn given_customer_ids_are_kept() {
    let mut doc = fixture("zwei_personen_haushalt.json");
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/1/id",
        json!("66f0a1b2c3d4e5f601000012"),
    );
    let v = members(&doc);
    assert_eq!(
        v["haushalte"][0]["antragsteller"][1]["id"],
        "66f0a1b2c3d4e5f601000012"
    );
    assert_eq!(
        v["bankverbindung"]["kontoinhaberIds"][1],
        "66f0a1b2c3d4e5f601000012"
    );
}

#[test]
fn private_health_insurance_shares_only_when_they_add_up() {
    let ing = |betrag: f64| json!([{ "@type": "ZUSATZANGABEN_KUNDE_ING", "privateKrankenversicherungMonatlicheAusgaben": betrag, "geburtsland": "PL" }]);
    let mut doc = fixture("zwei_personen_haushalt.json");
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/zusatzangaben/zusatzangabenProProduktanbieter",
        ing(210.0),
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/1/zusatzangaben",
        json!({ "zusatzangabenProProduktanbieter": ing(200.0) }),
    );
    let v = members(&doc);
    assert_eq!(
        v["haushalte"][0]["antragsteller"][0]["privateKrankenversicherungMonatlicheAusgaben"],
        210.0
    );
    assert_eq!(
        v["haushalte"][0]["antragsteller"][1]["privateKrankenversicherungMonatlicheAusgaben"],
        200.0
    );
    assert_eq!(
        v["haushalte"][0]["antragsteller"][1]["geburtsland"],
        json!({ "isoCountryCode": "PL", "name": "Polen" })
    );
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/1/zusatzangaben",
        json!({ "zusatzangabenProProduktanbieter": ing(150.0) }),
    );
    let v = members(&doc);
    assert!(
        v["haushalte"][0]["antragsteller"][0]
            .get("privateKrankenversicherungMonatlicheAusgaben")
            .is_none()
    );
}

#[test]
fn further_nationalities() {
    let mut doc = fixture("kauf_mit_finanzierungsbedarf.json");
    set(
        &mut doc,
        "/kundenangaben/haushalte/0/kunden/0/zusatzangaben",
        json!({ "zusatzangabenProProduktanbieter": [ { "@type": "ZUSATZANGABEN_KUNDE_ING", "weitereStaatsangehoerigkeiten": ["FR"],
                "weitereStaatsangehoerigkeitenErfassung": { "@type": "VORHANDENE_WEITERE_STAATSANGEHOERIGKEITEN", "weitereStaatsangehoerigkeiten": ["TR", "NL"] } } ] }),
    );
    let v = members(&doc);
    let a = &v["haushalte"][0]["antragsteller"][0];
    assert_eq!(
        a["zweiteStaatsangehoerigkeit"],
        json!({ "isoCountryCode": "TR", "name": "Türkei" })
    );
    assert_eq!(
        a["dritteStaatsangehoerigkeit"],
        json!({ "isoCountryCode": "NL", "name": "Niederlande" })
    );
}

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

#[test]
fn sicherungsgeber_households_do_not_become_applicants() {
    let v = mit(
        json!({ "sicherungsgeberHaushalte": [ { "kunden": [ { "referenzId": "sg" } ] } ],
                        "bankverbindung": { "kundenreferenzIdsDerKontoinhaber": ["k1", "sg"] } }),
    );
    assert_eq!(v["haushalte"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["bankverbindung"],
        json!({ "kontoinhaberIds": ["antragsteller-1-1"] })
    );
}
