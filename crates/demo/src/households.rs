//! Haushalte: the applicants, their jobs, children, income, expenses, assets and debts.
//!
//! The financing is decided first (price, equity, loan size); the households are then
//! drawn to fit it: liquid assets cover the equity that goes into the purchase, and the
//! net income makes the instalment affordable (roughly a third of net income), so the
//! cases look like ones a lender would actually look at.

use crate::dates::{add_days, add_months, date_str, ymd};
use crate::dice::Dice;
use crate::ids::IdGen;
use crate::json::{Fields, fields, obj, put};
use crate::loans::cents;
use crate::names::{self, Beruf, Herkunft};
use crate::places::{self, City, Region};
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

pub(crate) struct HouseholdInput<'a> {
    pub region: Region,
    pub erstellt: NaiveDate,
    /// Liquid assets that go into the financing.
    pub eigenkapital: f64,
    /// Intended total net monthly income of all households.
    pub netto_ziel: f64,
    /// Where the applicants live if they already own the financed property.
    pub eigenheim: Option<(&'a Value, &'static City)>,
}

#[derive(Debug)]
pub(crate) struct Households {
    pub haushalte: Vec<Value>,
    pub antragsteller_ids: Vec<String>,
    /// "Vorname Nachname" of every applicant, in order.
    pub namen: Vec<String>,
    pub wohnort: &'static City,
    pub kinder: usize,
}

struct Person {
    id: String,
    female: bool,
    vorname: &'static str,
    nachname: &'static str,
    geburt: NaiveDate,
    herkunft: Option<&'static Herkunft>,
    familienstand: &'static str,
}

const DEUTSCHLAND: (&str, &str) = ("DE", "Deutschland");

fn staat(iso: &str, name: &str) -> Value {
    obj! { "isoCountryCode" => iso, "name" => name }
}

fn draw_person(
    d: &mut Dice,
    ids: &mut IdGen,
    female: bool,
    geburt: NaiveDate,
    nachname: Option<&'static str>,
) -> Person {
    // About one applicant in eight has a foreign nationality.
    let herkunft = if d.chance(0.12) {
        Some(d.pick(names::HERKUNFT))
    } else {
        None
    };
    let (vorname, own_name) = match herkunft {
        Some(h) => (
            *d.pick(if female { h.vornamen_f } else { h.vornamen_m }),
            *d.pick(h.nachnamen),
        ),
        None => (
            *d.pick(if female {
                names::VORNAMEN_F
            } else {
                names::VORNAMEN_M
            }),
            *d.pick(names::NACHNAMEN),
        ),
    };
    Person {
        id: ids.next(),
        female,
        vorname,
        nachname: nachname.unwrap_or(own_name),
        geburt,
        herkunft,
        familienstand: "LEDIG",
    }
}

fn birth_date(d: &mut Dice, erstellt: NaiveDate, min_age: i64, max_age: i64) -> NaiveDate {
    add_days(erstellt, -d.int(min_age * 365 + 10, max_age * 365 + 300))
}

fn mobilnummer(d: &mut Dice) -> String {
    let prefix = *d.pick(&[
        "151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177", "179",
    ]);
    format!(
        "{prefix} {}",
        d.digits(if prefix.starts_with("15") { 8 } else { 7 })
    )
}

fn ausweisnummer(d: &mut Dice) -> String {
    // German ID numbers: letters without vowels and easily confused characters, plus digits.
    let first = d.chars(b"CFGHJKLMNPRTVWXYZ", 1);
    first + &d.chars(b"CFGHJKLMNPRTVWXYZ0123456789", 8)
}

/// An employer of the job's industry (all industries of the job list have one).
fn employer_for(d: &mut Dice, branche: &str) -> &'static str {
    let count = names::ARBEITGEBER
        .iter()
        .filter(|(_, b)| *b == branche)
        .count() as u64;
    if count == 0 {
        return d.pick(names::ARBEITGEBER).0;
    }
    let nth = d.below(count) as usize;
    names::ARBEITGEBER
        .iter()
        .filter(|(_, b)| *b == branche)
        .nth(nth)
        .map_or("Nordlicht Logistik GmbH", |(name, _)| *name)
}

struct Job {
    json: Value,
    netto_monat: f64,
    brutto_jahr: f64,
}

fn job(
    d: &mut Dice,
    p: &Person,
    age: i64,
    erstellt: NaiveDate,
    netto_ziel: f64,
    zweitverdiener: bool,
) -> Job {
    let art = if age >= 64 && d.chance(0.7) {
        "RENTNER"
    } else if zweitverdiener && d.chance(0.06) {
        "HAUSFRAU"
    } else {
        d.weighted(&[
            ("ANGESTELLTER", 68),
            ("BEAMTER", 10),
            ("ARBEITER", 5),
            ("SELBSTAENDIGER", 6),
            ("FREIBERUFLER", 6),
        ])
    };
    let netto = cents(netto_ziel * d.float(0.92, 1.08) / 10.0) * 10.0;
    let netto = (netto / 10.0).round() * 10.0;
    let seit = add_days(erstellt, -d.int(400, ((age - 20) * 365).max(500)));
    let rente = |d: &mut Dice, netto: f64| -> Value {
        let beginn = add_months(ymd(p.geburt.year() + 67, p.geburt.month(), 1), 1);
        obj! {
            "rentenBeginn" => date_str(beginn),
            "gesetzlicheRenteMonatlich" => (netto * d.float(0.42, 0.52) / 10.0).round() * 10.0,
            "privateRenteMonatlich" => if d.chance(0.4) { d.stepped(50.0, 600.0, 25.0) } else { 0.0 },
        }
    };
    let mut v = Fields::with_capacity(14);
    v.insert("art".into(), json!(art));
    let (netto_monat, brutto_jahr) = match art {
        "ANGESTELLTER" | "ARBEITER" | "BEAMTER" => {
            let beruf: Beruf = *d.pick(match art {
                "BEAMTER" => names::BEAMTEN_BERUFE,
                _ => names::ANGESTELLTEN_BERUFE,
            });
            // Scale the job's typical salary towards the income this case needs.
            let netto = ((beruf.netto * 0.4 + netto * 0.6) / 10.0).round() * 10.0;
            let gehaelter = if art == "BEAMTER" {
                12.0
            } else {
                *d.pick(&[12.0, 12.0, 13.0, 13.0, 13.5, 14.0])
            };
            v.insert(
                "beruf".into(),
                json!(if p.female { beruf.f } else { beruf.m }),
            );
            let arbeitgeber = if art == "BEAMTER" {
                *d.pick(names::BEAMTEN_DIENSTHERREN)
            } else {
                employer_for(d, beruf.branche)
            };
            v.insert("arbeitgeber".into(), json!(arbeitgeber));
            v.insert("arbeitgeberInDeutschlandAnsaessig".into(), json!(true));
            v.insert("beschaeftigtSeit".into(), Value::String(date_str(seit)));
            if art != "BEAMTER" {
                let befristet = d.chance(0.05);
                v.insert(
                    "befristungsStatus".into(),
                    json!(if befristet {
                        "BEFRISTET"
                    } else {
                        "UNBEFRISTET"
                    }),
                );
            }
            v.insert("inProbezeit".into(), json!(d.chance(0.03)));
            v.insert("branche".into(), json!(beruf.branche));
            v.insert("einkommenNettoMonatlich".into(), json!(netto));
            v.insert("anzahlGehaelterProJahr".into(), json!(gehaelter));
            if d.chance(0.25) {
                v.insert("situationNachRenteneintritt".into(), rente(d, netto));
            }
            (netto, (netto * gehaelter / 0.63 / 100.0).round() * 100.0)
        }
        "SELBSTAENDIGER" | "FREIBERUFLER" => {
            let (titel, taetigkeit, branche, firma) = *d.pick(names::SELBSTSTAENDIGE);
            let jahr = (netto * 12.0 / 100.0).round() * 100.0;
            let beruf = if p.female && titel != "IT-Berater" {
                format!("{titel}in")
            } else {
                titel.to_string()
            };
            v.insert("beruf".into(), json!(beruf));
            v.insert(
                "firma".into(),
                Value::String(format!("{firma} {}", p.nachname)),
            );
            v.insert("taetigkeit".into(), json!(taetigkeit));
            v.insert("branche".into(), json!(branche));
            v.insert("beschaeftigtSeit".into(), Value::String(date_str(seit)));
            v.insert("einkommenNettoJaehrlich".into(), json!(jahr));
            if d.chance(0.25) {
                v.insert("situationNachRenteneintritt".into(), rente(d, netto));
            }
            (netto, (jahr / 0.6 / 100.0).round() * 100.0)
        }
        "RENTNER" => {
            let rente = (netto * 0.8 / 10.0).round() * 10.0;
            v.insert("einkommenNettoMonatlich".into(), json!(rente));
            (rente, (rente * 12.0 / 0.85 / 100.0).round() * 100.0)
        }
        _ => {
            v.insert(
                "beruf".into(),
                json!(if p.female { "Hausfrau" } else { "Hausmann" }),
            );
            v.insert("einkommenNettoMonatlich".into(), json!(0.0));
            (0.0, 0.0)
        }
    };
    Job {
        json: v.build(),
        netto_monat,
        brutto_jahr,
    }
}

#[allow(clippy::too_many_arguments)]
fn antragsteller(
    d: &mut Dice,
    p: &Person,
    erstellt: NaiveDate,
    anschrift: &Value,
    city: &City,
    wohnhaft_seit: NaiveDate,
    netto_ziel: f64,
    zweitverdiener: bool,
) -> (Value, f64) {
    let age = i64::from(erstellt.year() - p.geburt.year());
    let job = job(d, p, age, erstellt, netto_ziel, zweitverdiener);
    let mut v = Fields::with_capacity(28);
    v.insert("id".into(), json!(p.id));
    v.insert(
        "anrede".into(),
        json!(if p.female { "FRAU" } else { "HERR" }),
    );
    if age > 35 && d.chance(0.05) {
        v.insert("titel".into(), Value::from(vec!["DOKTOR"]));
    }
    v.insert("vorname".into(), json!(p.vorname));
    v.insert("nachname".into(), json!(p.nachname));
    let provider = *d.pick(&[
        "gmx.de",
        "web.de",
        "t-online.de",
        "posteo.de",
        "gmail.com",
        "outlook.de",
        "mailbox.org",
    ]);
    v.insert(
        "email".into(),
        Value::String(format!(
            "{}@{provider}",
            names::mail_local(p.vorname, p.nachname)
        )),
    );
    v.insert(
        "telefonnummer".into(),
        Value::String(format!("+49 {}", mobilnummer(d))),
    );
    v.insert("geburtsdatum".into(), Value::String(date_str(p.geburt)));
    let (iso, land) = p.herkunft.map_or(DEUTSCHLAND, |h| (h.iso, h.land));
    let geburtsort = match p.herkunft {
        Some(h) => *d.pick(h.geburtsorte),
        None => *d.pick(names::GEBURTSORTE),
    };
    v.insert("geburtsort".into(), json!(geburtsort));
    // The country of birth is mostly captured for applicants born abroad.
    if p.herkunft.is_some() || d.chance(0.1) {
        v.insert("geburtsland".into(), staat(iso, land));
    }
    v.insert("staatsangehoerigkeit".into(), staat(iso, land));
    if let Some(h) = p.herkunft {
        let zuzug = add_days(erstellt, -d.int(3 * 365, (age - 18).max(4) * 365));
        v.insert("inDeutschlandSeit".into(), Value::String(date_str(zuzug)));
        if !h.eu {
            let titel = d.weighted(&[
                ("NIEDERLASSUNGS_ERLAUBNIS", 5),
                ("BLAUE_KARTE_EU", 3),
                ("AUFENTHALTS_ERLAUBNIS", 2),
                ("DAUERAUFENTHALT_EU", 1),
            ]);
            v.insert("aufenthaltsTitel".into(), json!(titel));
            if matches!(titel, "BLAUE_KARTE_EU" | "AUFENTHALTS_ERLAUBNIS") {
                let bis = add_days(erstellt, d.int(200, 1400));
                v.insert(
                    "aufenthaltsTitelBefristetBis".into(),
                    Value::String(date_str(bis)),
                );
            }
            v.insert("arbeitserlaubnis".into(), json!(true));
        }
    }
    v.insert("familienstand".into(), json!(p.familienstand));
    if p.familienstand == "VERHEIRATET" {
        v.insert(
            "guetertrennungVereinbartWennVerheiratet".into(),
            json!(d.chance(0.08)),
        );
    }
    v.insert("anschrift".into(), anschrift.clone());
    v.insert(
        "wohnhaftSeit".into(),
        Value::String(date_str(wohnhaft_seit)),
    );
    if (erstellt - wohnhaft_seit).num_days() < 3 * 365 {
        let frueher = places::pick_city(d, city.region, 0.8);
        v.insert("vorAnschrift".into(), places::address(d, frueher));
    }
    if d.chance(0.15) {
        // Landline in the applicant's home town as an additional way to reach them.
        v.insert(
            "weitereKontaktMoeglichkeiten".into(),
            Value::String(format!("Festnetz 0{} {}", city.vorwahl, d.digits(7))),
        );
    }
    if d.chance(0.6) {
        v.insert(
            "steuerId".into(),
            Value::String(format!("{}{}", d.int(1, 9), d.digits(10))),
        );
    }
    if job.brutto_jahr > 0.0 {
        v.insert("bruttoVorjahresEinkommen".into(), json!(job.brutto_jahr));
        if d.chance(0.5) {
            let erwartet = (job.brutto_jahr * d.float(1.0, 1.05) / 100.0).round() * 100.0;
            v.insert("bruttoJahresEinkommenErwartet".into(), json!(erwartet));
        }
    }
    v.insert("beschaeftigung".into(), job.json);
    let eu_or_de = p.herkunft.is_none_or(|h| h.eu);
    let mut legitimation = obj! {
        "ausweisArt" => if eu_or_de { "PERSONALAUSWEIS" } else { "REISEPASS" },
        "ausweisNummer" => ausweisnummer(d),
        "ausstellungsdatum" => date_str(add_days(erstellt, -d.int(60, 9 * 365))),
    };
    if p.herkunft.is_none() {
        put(
            &mut legitimation,
            "ausstellendeBehoerde",
            json!(city.behoerde),
        );
    }
    // Identity documents are often only captured when the application is prepared.
    if d.chance(0.35) {
        v.insert("legitimationsDaten".into(), legitimation);
    }
    if d.chance(0.45) {
        let manuell = d.chance(0.04);
        let mut schufa =
            obj! { "antragstellerUnbekannt" => false, "inManuellerNachbehandlung" => manuell };
        if !manuell {
            put(
                &mut schufa,
                "score",
                json!(d.weighted(&[
                    ("A", 30),
                    ("B", 25),
                    ("C", 20),
                    ("D", 12),
                    ("E", 8),
                    ("F", 5)
                ])),
            );
        }
        v.insert("schufaErgebnis".into(), schufa);
    }
    if d.chance(0.15) {
        v.insert(
            "absicherungsAngaben".into(),
            obj! {
                "betraegtWoechentlicheArbeitsZeitMindestens15Stunden" => job.netto_monat > 0.0,
                "pruefungVorhandenerAbsicherungen" => vec![
                    obj! {
                    "finanzierungsRisiko" => "TODESFALL",
                    "istAusreichendeAbsicherungVorhanden" => d.chance(0.4),
                    "zusaetzlicheKommentare" => *d.pick(&[
                        "Risikolebensversicherung wird angeboten",
                        "Bestehende Police über 150.000 EUR beim Arbeitgeber",
                        "Kunde wünscht Vergleichsangebot",
                    ]),
                },
                ],
            },
        );
    }
    (v.build(), job.netto_monat)
}

/// Draws all households of the case.
pub(crate) fn generate(d: &mut Dice, ids: &mut IdGen, input: &HouseholdInput<'_>) -> Households {
    let erstellt = input.erstellt;
    let zwei_haushalte = d.chance(0.08);
    let mut out = Households {
        haushalte: Vec::with_capacity(2),
        antragsteller_ids: Vec::with_capacity(4),
        namen: Vec::with_capacity(4),
        wohnort: &places::CITIES[0],
        kinder: 0,
    };
    let household_count = if zwei_haushalte { 2 } else { 1 };
    for h in 0..household_count {
        // Share of income and equity carried by this household.
        let share = if household_count == 1 {
            1.0
        } else if h == 0 {
            0.7
        } else {
            0.3
        };
        let (anschrift, city) = match (h, input.eigenheim) {
            (0, Some((adresse, city))) => (adresse.clone(), city),
            _ => {
                let city = places::pick_city(d, input.region, 0.8);
                (places::address(d, city), city)
            }
        };
        if h == 0 {
            out.wohnort = city;
        }
        let paar = d.chance(if h == 0 { 0.54 } else { 0.3 });
        // Owners of an existing home are older than first-time buyers.
        let min_age = match (h, input.eigenheim.is_some()) {
            (0, true) => 34,
            (0, false) => 26,
            _ => 45,
        };
        let max_age = if h == 0 { 60 } else { 72 };
        let first_female = d.chance(0.5);
        let geburt = birth_date(d, erstellt, min_age, max_age);
        let mut first = draw_person(d, ids, first_female, geburt, None);
        let mut persons = Vec::with_capacity(2);
        if paar {
            let married = d.chance(0.6);
            let geburt = add_days(first.geburt, d.int(-5 * 365, 5 * 365));
            let nachname = if married && d.chance(0.85) {
                Some(first.nachname)
            } else {
                None
            };
            let mut second = draw_person(d, ids, !first_female, geburt, nachname);
            let stand = if married { "VERHEIRATET" } else { "LEDIG" };
            first.familienstand = stand;
            second.familienstand = stand;
            persons.push(first);
            persons.push(second);
        } else {
            first.familienstand = d.weighted(&[
                ("LEDIG", 70),
                ("GESCHIEDEN", 20),
                ("GETRENNT_LEBEND", 5),
                ("VERWITWET", 5),
            ]);
            persons.push(first);
        }
        let wohnhaft_seit = add_days(erstellt, -d.int(200, 14 * 365));
        let netto_haushalt = input.netto_ziel * share;
        let mut antragsteller_liste = Vec::with_capacity(persons.len());
        let mut netto_summe = 0.0;
        for (k, p) in persons.iter().enumerate() {
            let anteil = if persons.len() == 1 {
                1.0
            } else if k == 0 {
                0.58
            } else {
                0.42
            };
            let (json, netto) = antragsteller(
                d,
                p,
                erstellt,
                &anschrift,
                city,
                wohnhaft_seit,
                netto_haushalt * anteil,
                k == 1,
            );
            netto_summe += netto;
            antragsteller_liste.push(json);
            out.antragsteller_ids.push(p.id.clone());
            out.namen.push(format!("{} {}", p.vorname, p.nachname));
        }

        // Children: couples in the main household most often have some.
        let kinder_anzahl = if h == 0 {
            d.weighted(&[(0usize, 40), (1, 28), (2, 24), (3, 8)])
        } else {
            0
        };
        let youngest_parent_birth = persons.iter().map(|p| p.geburt).max().unwrap_or(erstellt);
        let mut kinder = Vec::with_capacity(kinder_anzahl);
        for _ in 0..kinder_anzahl {
            // Born when the younger parent was at least 22, and at most 17 years ago.
            let earliest =
                add_days(youngest_parent_birth, 22 * 365).max(add_days(erstellt, -17 * 365));
            let span = (erstellt - earliest).num_days();
            if span < 30 {
                break;
            }
            let geburt = add_days(earliest, d.int(0, span - 1));
            let female = d.chance(0.5);
            kinder.push(obj! {
                "id" => ids.next(),
                "name" => *d.pick(if female { names::KINDER_F } else { names::KINDER_M }),
                "geburtsdatum" => date_str(geburt),
                "kindergeldWirdBezogen" => true,
            });
        }
        out.kinder += kinder.len();

        let erwachsene = persons.len() as i64;
        let mut positionen = Fields::with_capacity(8);
        let ek = input.eigenkapital * share;
        // Liquid savings: what goes into the financing plus a reserve that stays untouched.
        let reserve = d.stepped(3000.0, 25_000.0, 500.0);
        let in_wertpapieren = if ek > 20_000.0 && d.chance(0.3) {
            (ek * d.float(0.15, 0.35) / 100.0).round() * 100.0
        } else {
            0.0
        };
        let auf_konto = cents(ek - in_wertpapieren);
        let mut guthaben = vec![obj! {
            "aktuellerWert" => auf_konto + reserve,
            "maximalAufzuloesenderWert" => auf_konto,
            "vermoegensEinsatz" => if auf_konto > 0.0 { "AUFLOESEN" } else { "KEIN_EINSATZ" },
            "zahlungsTyp" => "EINNAHME",
            "zinsertragJaehrlich" => cents((auf_konto + reserve) * 0.015),
        }];
        if d.chance(0.25) {
            let tagesgeld = d.stepped(2000.0, 15_000.0, 500.0);
            guthaben.push(obj! {
                "aktuellerWert" => tagesgeld,
                "vermoegensEinsatz" => "KEIN_EINSATZ",
                "zahlungsTyp" => "EINNAHME",
            });
        }
        positionen.insert("bankUndSparguthaben".into(), Value::Array(guthaben));
        if in_wertpapieren > 0.0 {
            let depot = cents(in_wertpapieren * d.float(1.0, 1.6));
            positionen.insert(
                "wertpapiere".into(),
                Value::from(vec![obj! {
                    "aktuellerWert" => depot,
                    "maximalAufzuloesenderWert" => in_wertpapieren,
                    "dividendenJaehrlich" => cents(depot * 0.018),
                    "vermoegensEinsatz" => "AUFLOESEN",
                    "zahlungsTyp" => "EINNAHME",
                }]),
            );
        }
        if !kinder.is_empty() {
            let kindergeld: Vec<Value> = kinder
                .iter()
                .map(|_| obj! { "einnahmenMonatlich" => 255.0, "zahlungsTyp" => "EINNAHME" })
                .collect();
            positionen.insert("kindergeld".into(), Value::Array(kindergeld));
        }
        if input.eigenheim.is_none() || h > 0 {
            let miete = (d.float(9.5, 17.0) * d.float(55.0, 115.0) / 10.0).round() * 10.0;
            positionen.insert(
                "mietAusgaben".into(),
                Value::from(vec![obj! { "ausgabenMonatlich" => miete, "entfallenMitFinanzierung" => h == 0, "zahlungsTyp" => "AUSGABE" }]),
            );
        }
        if d.chance(0.2) {
            let rate = d.stepped(120.0, 450.0, 5.0);
            let monate = d.int(8, 60);
            positionen.insert(
                "ratenkredite".into(),
                Value::from(vec![
                    obj! {
                    "glaeubiger" => *d.pick(&["Santander Consumer Bank AG", "TARGOBANK AG", "Volkswagen Bank GmbH", "BNP Paribas S.A. Niederlassung Deutschland", "Creditplus Bank AG"]),
                    "rateMonatlich" => rate,
                    "restschuld" => cents(rate * monate as f64 * 0.93),
                    "laufzeitEnde" => date_str(add_months(erstellt, monate as u32)),
                    "wirdAbgeloest" => d.chance(0.25),
                    "zahlungsTyp" => "AUSGABE",
                },
                ]),
            );
        }
        if d.chance(0.3) {
            positionen.insert(
                "sparplaene".into(),
                Value::from(vec![obj! {
                    "aktuellerWert" => d.stepped(1000.0, 30_000.0, 100.0),
                    "beitragMonatlich" => d.stepped(25.0, 400.0, 25.0),
                    "vermoegensEinsatz" => "KEIN_EINSATZ",
                    "zahlungsTyp" => "AUSGABE",
                }]),
            );
        }
        if d.chance(0.15) {
            let bsk = d.pick(crate::banks::BAUSPARKASSEN);
            let summe = d.stepped(20_000.0, 80_000.0, 5000.0);
            let beginn = add_days(erstellt, -d.int(400, 3000));
            let mut vertrag = obj! {
                "id" => ids.next(),
                "tarif" => *d.pick(&["Classic", "Komfort", "Rendite", "Wohnen Flex"]),
                "vertragsNummer" => d.digits(10),
                "vertragsBeginn" => date_str(beginn),
                "bausparSumme" => summe,
                "aktuellerWert" => cents(summe * d.float(0.08, 0.35)),
                "sparBeitragMonatlich" => cents(summe * 0.004),
                "guthabenZins" => 0.1,
                "vermoegensEinsatz" => "KEIN_EINSATZ",
                "zahlungsTyp" => "AUSGABE",
            };
            put(
                &mut vertrag,
                "produktAnbieter",
                crate::banks::anbieter_kurz(bsk),
            );
            positionen.insert("bausparvertraege".into(), Value::Array(vec![vertrag]));
        }
        if d.chance(0.15) {
            let beginn = add_days(erstellt, -d.int(800, 6000));
            positionen.insert(
                "lebensUndRentenVersicherungen".into(),
                Value::from(vec![
                    obj! {
                    "id" => ids.next(),
                    "typ" => *d.pick(&["KAPITALBILDENDE_LEBENSVERSICHERUNG", "FONDSGEBUNDENE_RENTENVERSICHERUNG", "RISIKO_LEBENSVERSICHERUNG"]),
                    "versicherungsGesellschaft" => *d.pick(&["Allianz Lebensversicherungs-AG", "Debeka Lebensversicherungsverein a. G.", "R+V Lebensversicherung AG", "HanseMerkur Lebensversicherung AG", "Hannoversche Lebensversicherung AG"]),
                    "vertragsNummer" => format!("LV-{}", d.digits(8)),
                    "vertragsBeginn" => date_str(beginn),
                    "vertragsEnde" => date_str(add_months(beginn, 12 * d.int(20, 35) as u32)),
                    "praemieMonatlich" => d.stepped(30.0, 250.0, 5.0),
                    "versicherungsSumme" => d.stepped(50_000.0, 300_000.0, 10_000.0),
                    "rueckkaufsWertAktuell" => d.stepped(0.0, 25_000.0, 100.0),
                    "vermoegensEinsatz" => "KEIN_EINSATZ",
                    "zahlungsTyp" => "AUSGABE",
                },
                ]),
            );
        }
        if d.chance(0.7) {
            positionen.insert(
                "versicherungsAusgaben".into(),
                Value::from(vec![obj! { "ausgabenMonatlich" => d.stepped(25.0, 180.0, 5.0), "zahlungsTyp" => "AUSGABE" }]),
            );
        }
        if d.chance(0.06) {
            positionen.insert(
                "unterhaltsVerpflichtungen".into(),
                Value::from(vec![obj! { "ausgabenMonatlich" => d.stepped(300.0, 700.0, 10.0), "zahlungsTyp" => "AUSGABE" }]),
            );
        }

        let kfz = d.weighted(&[(0i64, 20), (1, 60), (2, 20)]);
        let lebenshaltung = 750.0 + 380.0 * (erwachsene - 1) as f64 + 270.0 * kinder.len() as f64;
        // Large children are moved in afterwards: `json!` would deep-copy `Value` expressions.
        let mut haushalt = fields! { 14;
            "id" => ids.next(),
            "anzahlErwachseneImHaushalt" => erwachsene,
            "anzahlKinderNichtImHaushalt" => if h == 0 && d.chance(0.05) { 1 } else { 0 },
            "kfzAnzahl" => kfz,
            "lebenshaltungsKostenMonatlich" => (lebenshaltung * d.float(0.95, 1.25) / 10.0).round() * 10.0,
            "erfahrungImmobilienFinanzierung" => input.eigenheim.is_some() || d.chance(0.2),
        };
        haushalt.put("antragsteller", Value::Array(antragsteller_liste));
        haushalt.put("positionen", positionen.build());
        if kfz > 0 {
            haushalt.put(
                "kfzKostenMonatlich",
                json!(d.stepped(150.0, 450.0, 10.0) * kfz as f64),
            );
        }
        if !kinder.is_empty() {
            haushalt.put("kinder", Value::Array(kinder));
        }
        if netto_summe > 0.0 && d.chance(0.06) {
            haushalt.put(
                "bestehendeImmobilien",
                Value::Array(vec![vermietete_wohnung(d, ids, input.region)]),
            );
        }
        out.haushalte.push(haushalt.build());
    }
    out
}

/// A rented-out flat some households already own.
fn vermietete_wohnung(d: &mut Dice, ids: &mut IdGen, region: Region) -> Value {
    let city = places::pick_city(d, region, 0.7);
    let flaeche = d.stepped(38.0, 85.0, 1.0);
    let wert = (flaeche * city.preis_qm * d.float(0.8, 1.05) / 1000.0).round() * 1000.0;
    let adresse = places::address(d, city);
    let mut v = obj! {
        "id" => ids.next(),
        "bezeichnung" => format!("Vermietete Eigentumswohnung {}", city.ort),
        "objektArt" => "EIGENTUMSWOHNUNG",
        "bundesland" => city.bundesland,
        "marktwert" => wert,
        "immobilienEinsatz" => "KEIN_EINSATZ",
        "gebaeude" => obj! {
            "baujahr" => d.int(1958, 2012),
            "wohnflaeche" => obj! {
                "gesamtGroesse" => flaeche,
                "vermietungsInformationen" => obj! {
                    "nutzungsArt" => "VERMIETET",
                    "mieteinnahmenNettoKaltMonatlich" => (flaeche * d.float(8.5, 14.0) / 5.0).round() * 5.0,
                },
            },
        },
    };
    put(&mut v, "adresse", adresse);
    if d.chance(0.5) {
        put(&mut v, "keineBestehendenDarlehenVorhanden", json!(true));
    } else {
        let betrag = (wert * 0.7 / 1000.0).round() * 1000.0;
        let rest = cents(betrag * d.float(0.3, 0.8));
        put(&mut v, "keineBestehendenDarlehenVorhanden", json!(false));
        v["bestehendeDarlehen"] = Value::from(vec![obj! {
            "id" => ids.next(),
            "darlehensArt" => "IMMOBILIENDARLEHEN",
            "darlehensBetrag" => betrag,
            "aktuelleRestschuldWennNichtAbzuloesen" => rest,
            "rateMonatlich" => cents(betrag * 0.0045),
            "sollZins" => d.stepped(0.9, 2.4, 0.01),
            "zinsBindungEndetAm" => date_str(ymd(d.int(2027, 2034) as i32, 1 + d.below(12) as u32, 1)),
        }]);
        v["bestehendeDarlehen"][0]["darlehensGeber"] =
            crate::banks::anbieter_kurz(d.pick(crate::banks::BANKEN));
    }
    v
}
