//! Anträge: applications to lenders with their processing state.
//!
//! The state of each application follows the story of the case: a successfully closed
//! case has a signed and paid-out application, a case closed because the customer went
//! elsewhere has applications the customer declined, and so on. Active cases show the
//! whole range from "just applied" to "signed by both sides".

use crate::banks::{self, Lender};
use crate::dates::local_rfc3339;
use crate::dice::Dice;
use crate::json::{Fields, fields, obj};
use crate::names;
use chrono::{DateTime, Datelike, Utc};
use serde_json::{Value, json};

/// How an application ended up (or where it currently stands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verlauf {
    /// Anything an open case can show.
    Offen,
    /// Signed by both sides and paid out.
    Abgeschlossen,
    /// Declined by the customer for this reason (`antragstellerAblehnungsgrund`).
    KundeLehntAb(&'static str),
    /// Rejected by the lender.
    BankLehntAb,
}

/// The `AntragsStatus` object; returns it and whether the lender has worked on it.
pub(crate) fn status(d: &mut Dice, verlauf: Verlauf) -> (Value, bool) {
    let mut s = Fields::with_capacity(5);
    let (kunde, bank) = match verlauf {
        Verlauf::Offen => d.weighted(&[
            (("BEANTRAGT", "NICHT_BEARBEITET"), 34),
            (("UNTERSCHRIEBEN", "NICHT_BEARBEITET"), 15),
            (("UNTERSCHRIEBEN", "ZURUECKGESTELLT"), 8),
            (("UNTERSCHRIEBEN", "UNTERSCHRIEBEN"), 23),
            (("BEANTRAGT", "ABGELEHNT"), 7),
            (("NICHT_ANGENOMMEN", "NICHT_BEARBEITET"), 9),
            (("WIDERRUFEN", "UNTERSCHRIEBEN"), 4),
        ]),
        Verlauf::Abgeschlossen => ("UNTERSCHRIEBEN", "UNTERSCHRIEBEN"),
        Verlauf::KundeLehntAb(_) => ("NICHT_ANGENOMMEN", "NICHT_BEARBEITET"),
        Verlauf::BankLehntAb => ("UNTERSCHRIEBEN", "ABGELEHNT"),
    };
    s.insert("antragsteller".into(), json!(kunde));
    s.insert("produktAnbieter".into(), json!(bank));
    if kunde == "NICHT_ANGENOMMEN" {
        let grund = match verlauf {
            Verlauf::KundeLehntAb(g) => g,
            _ => *d.pick(&[
                "KONDITIONEN_UNPASSEND",
                "FINANZIERUNG_WIRD_ANGEPASST",
                "BEARBEITUNGSZEIT",
                "ANDERER_GRUND",
            ]),
        };
        s.insert("antragstellerAblehnungsgrund".into(), json!(grund));
    }
    if bank == "ABGELEHNT" {
        let grund = d.weighted(&[
            ("FINANZIELLE_SITUATION", 35),
            ("NEGATIV_MERKMAL", 15),
            ("WERTERMITTLUNG", 20),
            ("KRITERIEN", 15),
            ("UNTERLAGEN_UNVOLLSTAENDIG", 10),
            ("KEINE_ANGABE", 5),
        ]);
        s.insert("produktanbieterAblehnungsgrund".into(), json!(grund));
    }
    if kunde == "UNTERSCHRIEBEN" && bank == "UNTERSCHRIEBEN" {
        let fortschritt = if verlauf == Verlauf::Abgeschlossen {
            d.weighted(&[
                ("FREIGEGEBEN_FUER_SAMMELFORDERUNG", 2),
                ("PROVISION_IN_BEARBEITUNG", 3),
                ("PROVISON_AN_KUNDENBETREUER_VOLLSTAENDIG_AUSGEZAHLT", 5),
            ])
        } else {
            d.weighted(&[
                ("NICHT_VON_PRODUKTANBIETER_BESTAETIGT", 2),
                ("VON_PRODUKTANBIETER_BESTAETIGT", 3),
            ])
        };
        s.insert("bearbeitungsFortschritt".into(), json!(fortschritt));
    }
    (s.build(), bank != "NICHT_BEARBEITET")
}

/// The lender's credit officer handling the application.
fn kredit_sachbearbeiter(d: &mut Dice, bank: &Lender) -> Value {
    let female = d.chance(0.55);
    let vorname = *d.pick(if female {
        names::VORNAMEN_F
    } else {
        names::VORNAMEN_M
    });
    let nachname = *d.pick(names::NACHNAMEN);
    let domain = bank.webseite.trim_start_matches("https://www.");
    obj! {
        "partnerId" => format!("{}{}", bank.kuerzel, d.int(10, 99)),
        "anrede" => if female { "FRAU" } else { "HERR" },
        "vorname" => vorname,
        "nachname" => nachname,
        "email" => format!("{}@{domain}", names::mail_local(vorname, nachname)),
        "telefonnummer" => format!("+49 {} {}", d.int(30, 999), d.digits(6)),
        "kreditsachbearbeiter" => true,
        "externerKreditSachbearbeiterId" => format!("KSB-{}", d.digits(5)),
    }
}

pub(crate) struct AntragInput<'a> {
    pub antrags_nummer: String,
    pub daten_kontext: &'static str,
    pub zeitpunkt: DateTime<Utc>,
    pub verlauf: Verlauf,
    pub anbieter: &'static Lender,
    /// The advisor (short profile), who is both Vermittler and Ansprechpartner.
    pub berater: &'a Value,
    pub angebot: Value,
    pub zugrundeliegende_daten: Option<Value>,
}

/// The `Antrag` object (without `_links`).
pub(crate) fn antrag(d: &mut Dice, input: AntragInput<'_>) -> Value {
    let (status, bearbeitet) = status(d, input.verlauf);
    let mut v = fields! { 14;
        "antragsNummer" => input.antrags_nummer,
        "datenKontext" => input.daten_kontext,
        "zeitpunktDerAnnahme" => local_rfc3339(input.zeitpunkt),
    };
    v.put("status", status);
    v.put("produktAnbieter", banks::anbieter_voll(input.anbieter));
    v.put("vermittler", input.berater.clone());
    v.put("ansprechpartner", input.berater.clone());
    if bearbeitet {
        v.put(
            "kreditSachbearbeiter",
            kredit_sachbearbeiter(d, input.anbieter),
        );
        if d.chance(0.6) {
            let jahr = input.zeitpunkt.year();
            v.put("antragsReferenzen",
                obj! { "kreditnummer" => format!("{}-{jahr}-{}", input.anbieter.kuerzel, d.digits(6)) },
            );
        }
    }
    let mut beratung = obj! {
        "art" => d.weighted(&[("PRAESENZ_GESCHAEFT", 50), ("FERN_ABSATZ_GESCHAEFT", 45), ("AUSSER_GESCHAEFTSRAUM_VERTRAG", 5)]),
        "istKundenBetreuerVerkaeuferOderMaklerDerImmobilie" => false,
    };
    if d.chance(0.3) {
        beratung["hinweisFuerProduktAnbieter"] = json!(*d.pick(&[
            "Kunden bitten um Kontakt per E-Mail.",
            "Gehaltserhöhung ab dem kommenden Quartal ist vertraglich zugesagt.",
            "Eigenkapital liegt auf einem Tagesgeldkonto bei einer anderen Bank.",
            "Kaufvertragsentwurf liegt vor, Notartermin ist angefragt.",
            "Bitte Rückruf am Vormittag.",
        ]));
    }
    v.put("beratung", beratung);
    v.put("angebot", input.angebot);
    if let Some(z) = input.zugrundeliegende_daten {
        v.put("zugrundeliegendeDaten", z);
    }
    v.build()
}
