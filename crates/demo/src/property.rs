//! The financed property (`finanzierungsObjekt`): location, building, land register.
//!
//! Size, age and location determine the value, which in turn drives the purchase price,
//! the loan amount and the lending value in the offers.

use crate::dates::{add_days, date_str, ymd};
use crate::dice::Dice;
use crate::ids::IdGen;
use crate::json::{Fields, obj, put};
use crate::loans::cents;
use crate::places::{self, City, Region};
use crate::zweck::Zweck;
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

#[derive(Debug)]
pub(crate) struct Property {
    pub json: Value,
    pub id: String,
    pub city: &'static City,
    pub adresse: Value,
    /// Market value (existing property) or purchase/building price (acquisition).
    pub wert: f64,
    /// Price of the land alone (new builds on own land).
    pub grundstueckspreis: f64,
    pub effizienzklasse: Option<&'static str>,
}

const KLASSEN: [&str; 9] = ["A_PLUS", "A", "B", "C", "D", "E", "F", "G", "H"];

/// Energy class typical for the construction year (index into `KLASSEN`).
fn klasse_fuer_baujahr(d: &mut Dice, baujahr: i32, modernisiert: bool) -> usize {
    let base: i64 = match baujahr {
        ..=1948 => 7,
        1949..=1977 => 6,
        1978..=1994 => 5,
        1995..=2008 => 3,
        2009..=2019 => 2,
        _ => 0,
    };
    let bonus = if modernisiert { 2 } else { 0 };
    (base - bonus + d.int(-1, 1)).clamp(0, 8) as usize
}

pub(crate) fn generate(
    d: &mut Dice,
    ids: &mut IdGen,
    region: Region,
    zweck: Zweck,
    erstellt: NaiveDate,
) -> Property {
    let city = places::pick_city(d, region, 0.78);
    let adresse = places::address(d, city);
    let neubau = matches!(zweck, Zweck::Neubau | Zweck::KaufNeubauBautraeger);
    let haus = match zweck {
        Zweck::Neubau => true,
        Zweck::KaufNeubauBautraeger => d.chance(0.4),
        _ => d.chance(0.5),
    };
    let wohnflaeche = if haus {
        d.stepped(95.0, 190.0, 1.0)
    } else {
        d.stepped(42.0, 125.0, 1.0)
    };
    let baujahr: i32 = if neubau {
        erstellt.year() + 1
    } else {
        let (lo, hi) = d.weighted(&[
            ((1900, 1948), 12),
            ((1949, 1977), 28),
            ((1978, 1994), 22),
            ((1995, 2008), 23),
            ((2009, 2022), 15),
        ]);
        d.int(lo, hi) as i32
    };
    let modernisiert = !neubau && baujahr < 1995 && d.chance(0.6);
    let zustand = if neubau {
        "SEHR_GUT"
    } else {
        d.weighted(&[
            ("SEHR_GUT", 15),
            ("GUT", 45),
            ("MITTEL", 30),
            ("MAESSIG", 8),
            ("SCHLECHT", 2),
        ])
    };
    let ausstattung = d.weighted(&[
        ("EINFACH", 10),
        ("MITTEL", 55),
        ("GEHOBEN", 30),
        ("STARK_GEHOBEN", 5),
    ]);
    let wohnlage = d.weighted(&[("EINFACH", 15), ("MITTEL", 55), ("GEHOBEN", 30)]);

    // Value: local price level, adjusted for type, age, condition and location.
    let mut faktor = if haus { 0.92 } else { 1.0 };
    faktor *= match baujahr {
        _ if neubau => 1.3,
        ..=1948 => 0.95,
        1949..=1977 => 0.85,
        1978..=1994 => 0.9,
        1995..=2008 => 1.0,
        _ => 1.12,
    };
    faktor *= match zustand {
        "SEHR_GUT" => 1.08,
        "GUT" => 1.0,
        "MITTEL" => 0.92,
        _ => 0.8,
    };
    faktor *= match wohnlage {
        "GEHOBEN" => 1.12,
        "EINFACH" => 0.88,
        _ => 1.0,
    };
    let wert = (wohnflaeche * city.preis_qm * faktor * d.float(0.9, 1.1) / 1000.0).round() * 1000.0;
    let grundstueck_groesse = if haus {
        d.stepped(220.0, 900.0, 1.0)
    } else {
        d.stepped(600.0, 2600.0, 1.0)
    };
    let boden_richtwert = (city.preis_qm * d.float(0.12, 0.3)).round();
    let grundstueckspreis = if zweck == Zweck::Neubau {
        (grundstueck_groesse * boden_richtwert / 1000.0).round() * 1000.0
    } else {
        0.0
    };

    let id = ids.next();
    let mut o = Fields::with_capacity(20);
    o.insert("id".into(), json!(id));
    o.insert(
        "objektArt".into(),
        json!(if haus { "HAUS" } else { "EIGENTUMSWOHNUNG" }),
    );
    o.insert("adresse".into(), adresse.clone());
    o.insert("bundesland".into(), json!(city.bundesland));
    o.insert("wohnlage".into(), json!(wohnlage));
    o.insert("bodenRichtwert".into(), json!(boden_richtwert));
    if matches!(
        zweck,
        Zweck::Anschluss | Zweck::Modernisierung | Zweck::Kapital
    ) {
        o.insert("marktwert".into(), json!(wert));
    }
    if haus {
        o.insert(
            "bewirtschaftungsKostenJaehrlich".into(),
            json!(d.stepped(900.0, 2600.0, 50.0)),
        );
    } else {
        // Non-allocable share of the owners' association fee.
        o.insert(
            "bewirtschaftungsKostenJaehrlich".into(),
            json!(cents(wohnflaeche * d.float(4.0, 7.0) * 12.0)),
        );
    }
    let mut grundstueck = obj! { "groesse" => grundstueck_groesse };
    if zweck == Zweck::Neubau {
        put(
            &mut grundstueck,
            "grundstuecksArt",
            json!("UNBEBAUTES_WOHNGRUNDSTUECK"),
        );
    }
    o.insert("grundstueck".into(), grundstueck);

    let mut g = Fields::with_capacity(24);
    if haus {
        let typ = d.weighted(&[
            ("EINFAMILIENHAUS", 50),
            ("DOPPELHAUSHAELFTE", 22),
            ("REIHENHAUS", 20),
            ("ZWEIFAMILIENHAUS", 8),
        ]);
        let anordnung = match typ {
            "EINFAMILIENHAUS" | "ZWEIFAMILIENHAUS" => "FREISTEHEND",
            "DOPPELHAUSHAELFTE" => "KOPFHAUS",
            _ => *d.pick(&["KOPFHAUS", "MITTELHAUS", "MITTELHAUS"]),
        };
        g.insert("hausTyp".into(), json!(typ));
        g.insert("hausAnordnung".into(), json!(anordnung));
        g.insert("anzahlVollgeschosse".into(), json!(d.int(1, 2)));
        g.insert(
            "anzahlDerWohneinheitenImGebaeude".into(),
            json!(if typ == "ZWEIFAMILIENHAUS" { 2 } else { 1 }),
        );
        g.insert(
            "unterkellerung".into(),
            json!(d.weighted(&[
                ("UNTERKELLERT", 50),
                ("TEILWEISE_UNTERKELLERT", 15),
                ("NICHT_UNTERKELLERT", 35)
            ])),
        );
        g.insert(
            "dachgeschossAusbau".into(),
            json!(d.weighted(&[
                ("VOLL_AUSGEBAUT", 50),
                ("TEILWEISE_AUSGEBAUT", 15),
                ("NICHT_AUSGEBAUT", 20),
                ("FLACHDACH", 15)
            ])),
        );
        g.insert(
            "einliegerwohnungVorhanden".into(),
            json!(typ == "EINFAMILIENHAUS" && d.chance(0.08)),
        );
        g.insert(
            "istFertighaus".into(),
            json!(d.chance(if neubau { 0.3 } else { 0.1 })),
        );
    } else {
        let einheiten = d.int(4, 48);
        g.insert("hausTyp".into(), json!("MEHRFAMILIENHAUS"));
        g.insert(
            "anzahlVollgeschosse".into(),
            json!((einheiten / 4).clamp(2, 8)),
        );
        g.insert("anzahlDerWohneinheitenImGebaeude".into(), json!(einheiten));
        g.insert(
            "bezeichnungWohneinheit".into(),
            Value::String(format!("WE {}", d.int(1, einheiten))),
        );
        g.insert(
            "geschossLage".into(),
            json!(d.weighted(&[
                ("ERDGESCHOSS", 25),
                ("ERSTES_OBERGESCHOSS", 25),
                ("ZWEITES_OBERGESCHOSS", 20),
                ("DRITTES_BIS_FUENFTES_OBERGESCHOSS", 25),
                ("AB_SECHSTES_OBERGESCHOSS", 5)
            ])),
        );
        g.insert("aufzugVorhanden".into(), json!(einheiten > 12 || neubau));
        g.insert("miteigentumsAnteil".into(), obj! { "anteil" => cents(1000.0 / einheiten as f64 * d.float(0.7, 1.3)), "gesamt" => 1000 });
        g.insert("unterkellerung".into(), json!("UNTERKELLERT"));
    }
    g.insert("baujahr".into(), json!(baujahr));
    g.insert(
        "bauweise".into(),
        json!(if d.chance(0.93) { "MASSIV" } else { "HOLZ" }),
    );
    g.insert("ausstattung".into(), json!(ausstattung));
    g.insert("zustand".into(), json!(zustand));
    g.insert(
        "denkmalschutz".into(),
        json!(baujahr < 1920 && d.chance(0.3)),
    );
    let mut wf = obj! { "gesamtGroesse" => wohnflaeche, "vermietungsInformationen" => obj! { "nutzungsArt" => "EIGENGENUTZT" } };
    if haus && d.chance(0.06) {
        let vermietet = cents(wohnflaeche * 0.3);
        wf["vermietungsInformationen"] = obj! {
            "nutzungsArt" => "TEIL_VERMIETET",
            "vermieteteFlaeche" => vermietet,
            "mieteinnahmenNettoKaltMonatlich" => (vermietet * d.float(8.0, 13.0) / 5.0).round() * 5.0,
        };
    }
    g.insert("wohnflaeche".into(), wf);

    let effizienzklasse = if neubau || d.chance(0.6) {
        let k = if neubau {
            *d.pick(&[0usize, 0, 1])
        } else {
            klasse_fuer_baujahr(d, baujahr, modernisiert)
        };
        // Rough end-energy bands in kWh/(m²a) per class.
        const BAND: [(f64, f64); 9] = [
            (15.0, 30.0),
            (30.0, 50.0),
            (50.0, 75.0),
            (75.0, 100.0),
            (100.0, 130.0),
            (130.0, 160.0),
            (160.0, 200.0),
            (200.0, 250.0),
            (250.0, 320.0),
        ];
        let end = cents(d.float(BAND[k].0, BAND[k].1));
        let traeger = if neubau {
            *d.pick(&["WAERME_KAELTE", "NETZSTROM", "PHOTOVOLTAIK_WINDKRAFT"])
        } else {
            *d.pick(&["OEL_GAS", "OEL_GAS", "OEL_GAS", "WAERME_KAELTE", "HOLZ"])
        };
        g.insert(
            "energieEffizienzAusweis".into(),
            obj! {
                "ausweisTyp" => if d.chance(0.6) { "ENDENERGIEBEDARF" } else { "ENDENERGIEVERBRAUCH" },
                "effizienzklasse" => KLASSEN[k],
                "endEnergie" => end,
                "co2Emissionen" => cents(end * if traeger == "OEL_GAS" { 0.24 } else { 0.08 }),
                "primaerEnergieTraeger" => traeger,
            },
        );
        Some(KLASSEN[k])
    } else {
        None
    };
    if modernisiert {
        let jahr = d.int(i64::from(baujahr.max(1990)), i64::from(erstellt.year() - 1));
        let mut m = obj! {
            "wurdeModernisiert" => true,
            "modernisierungsJahr" => jahr,
            "modernisierungsGrad" => *d.pick(&["GERING", "MITTEL", "MITTEL", "HOCH"]),
        };
        // Like the entry form: only the measures that were actually carried out are ticked.
        for (massnahme, p) in [
            ("badWc", 0.7),
            ("fenster", 0.6),
            ("dach", 0.3),
            ("heizungZentral", 0.5),
            ("waermedaemmung", 0.3),
            ("bodenWandTreppe", 0.4),
            ("stromAbwasserHeizkoerper", 0.4),
        ] {
            if d.chance(p) {
                m[massnahme] = json!(true);
            }
        }
        g.insert("modernisierungsAngaben".into(), m);
    } else if !neubau && baujahr < 1995 && d.chance(0.3) {
        g.insert(
            "modernisierungsAngaben".into(),
            obj! { "wurdeModernisiert" => false },
        );
    }
    o.insert("gebaeude".into(), g.build());

    if d.chance(0.5) {
        let typ = if haus {
            *d.pick(&["GARAGE", "CARPORT", "STELLPLATZ", "DOPPEL_GARAGE"])
        } else {
            *d.pick(&["TIEFGARAGEN_STELLPLATZ", "STELLPLATZ"])
        };
        o.insert(
            "autostellplaetze".into(),
            Value::from(vec![obj! { "typ" => typ, "vermietet" => false }]),
        );
    }
    if d.chance(0.4) {
        let amtsgericht = *d.pick(city.amtsgerichte);
        let mut grundbuch = obj! {
            "amtsgericht" => amtsgericht,
            "ort" => city.ort,
            "bandUndBlatt" => if d.chance(0.5) { format!("Blatt {}", d.int(1000, 39_999)) } else { format!("Band {}, Blatt {}", d.int(10, 480), d.int(100, 9999)) },
            "flurstuecke" => vec![
                obj! {
                "flur" => d.int(1, 24).to_string(),
                "flurstuecksNummer" => if d.chance(0.6) { format!("{}/{}", d.int(10, 900), d.int(1, 30)) } else { d.int(10, 2400).to_string() },
                "groesse" => grundstueck_groesse,
            },
            ],
            "rechteInAbteilung2" => obj! { "vorhanden" => false },
        };
        if d.chance(0.12) {
            grundbuch["rechteInAbteilung2"] = obj! {
                "vorhanden" => true,
                "beschreibung" => *d.pick(&[
                    "Geh- und Fahrrecht zugunsten des Nachbarflurstücks",
                    "Leitungsrecht für die Stadtwerke",
                    "Beschränkte persönliche Dienstbarkeit (Stellplatz)",
                ]),
            };
        }
        o.insert("grundbuchAngabe".into(), grundbuch);
    }
    if d.chance(0.03) {
        o.insert(
            "erbbaurecht".into(),
            obj! {
                "erbbaurecht" => true,
                "erbbauzinsJaehrlich" => cents(grundstueck_groesse * d.float(2.0, 6.0)),
                "grundstuecksEigentuemer" => *d.pick(&["OEFFENTLICH_KIRCHLICH", "ANDERE"]),
                "laufzeitBisJahr" => d.int(2060, 2099),
            },
        );
    } else if d.chance(0.4) {
        o.insert("erbbaurecht".into(), obj! { "erbbaurecht" => false });
    }
    if d.chance(0.2) {
        o.insert(
            "effektivZinsErhoehendeKosten".into(),
            obj! {
                "anpassen" => false,
                "grundbuchEintragungsKostenEinmalig" => (wert * 0.004 / 10.0).round() * 10.0,
                "wohnGebaeudeVersicherungsKostenJaehrlich" => if haus { d.stepped(280.0, 650.0, 10.0) } else { 0.0 },
            },
        );
    }
    Property {
        json: o.build(),
        id,
        city,
        adresse,
        wert,
        grundstueckspreis,
        effizienzklasse,
    }
}

/// The existing mortgage of a property the customers already own.
pub(crate) fn bestehendes_darlehen(
    d: &mut Dice,
    ids: &mut IdGen,
    restschuld: f64,
    zinsbindung_ende: NaiveDate,
    abloesen: bool,
) -> Value {
    let betrag = (restschuld / d.float(0.45, 0.8) / 1000.0).round() * 1000.0;
    let bank = d.pick(crate::banks::BANKEN);
    let start = add_days(zinsbindung_ende, -(d.int(10, 15) * 365));
    let mut v = obj! {
        "id" => ids.next(),
        "darlehensArt" => "IMMOBILIENDARLEHEN",
        "darlehensBetrag" => betrag,
        "darlehensKontonummer" => d.digits(10),
        "eingetrageneGrundschuld" => betrag,
        "grundschuldArt" => "BUCH_GRUNDSCHULD",
        "rateMonatlich" => cents(betrag * d.float(0.0035, 0.0055)),
        "sollZins" => cents(d.float(0.85, 2.6)),
        "zinsBindungEndetAm" => date_str(zinsbindung_ende),
        "laufzeitEnde" => date_str(ymd(start.year() + 30, start.month(), 1)),
    };
    put(&mut v, "darlehensGeber", crate::banks::anbieter_kurz(bank));
    if abloesen {
        put(&mut v, "abzuloesendeRestschuld", json!(restschuld));
        put(&mut v, "verwendenAls", json!("ABLOESEN"));
    } else {
        put(
            &mut v,
            "aktuelleRestschuldWennNichtAbzuloesen",
            json!(restschuld),
        );
        put(&mut v, "verwendenAls", json!("TRITT_NICHT_IM_RANG_ZURUECK"));
    }
    v
}
