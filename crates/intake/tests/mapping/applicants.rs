//! Customers becoming applicants: person, contact, address, residence, employment,
//! their ids and references, health insurance and nationalities.

use serde_json::json;

use crate::common::{fixture, set};
use crate::{kauf, members, mit, zwei_personen};

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
