//! The case generator: turns `(seed, index)` into a complete, self-consistent Vorgang.
//!
//! Order of decisions: advisor and data context, time line, purpose and property,
//! cost plan and loan need, households that can carry it, the loan wish, offers of
//! several lenders, applications built on those offers, and finally the case metadata.
//! All randomness comes from one ChaCha8 stream per case, so a case never depends on
//! which other cases were generated before it or on which thread.

use crate::applications::{self, AntragInput, Verlauf};
use crate::banks::{self, Lender};
use crate::dates::{self, date_str, from_micros, local_date, local_rfc3339, ymd};
use crate::dice::Dice;
use crate::households::{self, HouseholdInput};
use crate::ids::IdGen;
use crate::json::{fields, obj, put};
use crate::number::vorgangs_nummer;
use crate::offers::{self, Offer};
use crate::partners::partners;
use crate::places::Region;
use crate::project;
use crate::property;
use crate::zweck::Zweck;
use chrono::{DateTime, Datelike, TimeDelta, Utc};
use serde_json::{Value, json};

/// Number of cases in the demo world (indices `0..DEMO_CASES`).
pub const DEMO_CASES: u64 = 240;
/// Seed of the demo world.
pub const DEMO_SEED: u64 = 4711;

/// One generated case with the metadata a store needs for indexing.
#[derive(Debug, Clone)]
pub struct GeneratedCase {
    pub vorgangs_nummer: String,
    /// `"ECHT_GESCHAEFT"` or `"TEST_MODUS"`.
    pub daten_kontext: &'static str,
    /// `"AKTIV"` or `"ARCHIVIERT"`.
    pub status: &'static str,
    pub letzte_aenderung: DateTime<Utc>,
    /// RFC 3339 with offset, not after `letzte_aenderung`.
    pub letztes_ereignis: String,
    pub externe_vorgangs_nummer: Option<String>,
    pub kunden_betreuer: &'static str,
    pub vorgangs_bearbeiter: Option<&'static str>,
    /// The Vorgang object without `_links` (its Anträge without `_links` either).
    pub vorgang: Value,
    /// Finanzierungsvorschlag objects without `_links`, each with a unique `id`.
    pub finanzierungsvorschlaege: Vec<Value>,
    pub gemerkte_angebote: Vec<GemerktesAngebot>,
}

/// A saved offer of a case with the payment plans of its loans.
#[derive(Debug, Clone)]
pub struct GemerktesAngebot {
    pub nummer_am_vorgang: i32,
    /// Angebot object without `_links` and without `zahlungsplaene` (the server adds both).
    pub angebot: Value,
    /// Zahlungsplan objects, one per loan of the offer.
    pub zahlungsplaene: Vec<Value>,
}

#[derive(Debug, Clone)]
struct AdvisorSlot {
    id: &'static str,
    weight: u32,
    profile: Value,
    /// Short form of the profile, as applications reference the sales-side partner.
    kontakt: Value,
    name: String,
    editor: Option<(&'static str, Value)>,
    region: Region,
    test_only: bool,
}

/// Generates cases deterministically from `(seed, index)`; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct CaseGenerator {
    seed: u64,
    advisors: Vec<AdvisorSlot>,
}

/// External tipsters (estate agents) who pass leads to the advisors.
const TIPPGEBER: &[(&str, &str, &str, &str)] = &[
    (
        "IMM41",
        "Elbufer Immobilien GmbH",
        "kontakt@elbufer-immobilien.de",
        "+49 40 8823410",
    ),
    (
        "MKL52",
        "Spreeblick Makler GmbH",
        "info@spreeblick-makler.de",
        "+49 30 6129975",
    ),
    (
        "IMM63",
        "Isarwinkel Immobilien e. K.",
        "service@isarwinkel-immobilien.de",
        "+49 89 2198830",
    ),
    (
        "BTR74",
        "Ostseeküste Bauträger GmbH",
        "vertrieb@ostseekueste-bau.de",
        "+49 381 4402170",
    ),
];

impl CaseGenerator {
    pub fn new(seed: u64) -> Self {
        let world = partners();
        let profile = |id: &str| {
            world
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.profile.clone())
                .expect("advisor exists in the demo world")
        };
        let slot = |id: &'static str, weight, editor: &'static str, region, test_only| {
            let p = profile(id);
            let name = format!(
                "{} {}",
                p["vorname"].as_str().unwrap_or(""),
                p["nachname"].as_str().unwrap_or("")
            );
            let mut kontakt = obj! {};
            for key in ["partnerId", "vorname", "nachname", "firmierung"] {
                kontakt[key] = p[key].clone();
            }
            AdvisorSlot {
                id,
                weight,
                name,
                kontakt,
                editor: Some((editor, profile(editor))),
                profile: p,
                region,
                test_only,
            }
        };
        CaseGenerator {
            seed,
            advisors: vec![
                slot("BER11", 2, "BER15", Region::Berlin, false),
                slot("BER12", 2, "BER15", Region::Berlin, false),
                slot("HAM21", 2, "HAM25", Region::Nord, false),
                slot("HAM22", 2, "HAM25", Region::Nord, false),
                slot("HAM29", 1, "HAM25", Region::Nord, true),
                // The cooperation partner edits its own cases.
                slot("SUE31", 2, "SUE31", Region::Sued, false),
            ],
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The case with this index. Deterministic in `(seed, index)`; the Vorgangsnummer
    /// depends on `index` only.
    pub fn case(&self, index: u64) -> GeneratedCase {
        let nummer = vorgangs_nummer(index);
        let mut d = Dice::for_case(self.seed, index);

        // Who owns the case, and in which data context.
        let weights: Vec<(usize, u32)> = self
            .advisors
            .iter()
            .enumerate()
            .map(|(i, a)| (i, a.weight))
            .collect();
        let slot = &self.advisors[d.weighted(&weights)];
        // 66 % of the others in production keeps the overall share near 60 %, as the
        // trainee works in test mode only.
        let echt = !slot.test_only && d.chance(0.66);
        let daten_kontext = if echt { "ECHT_GESCHAEFT" } else { "TEST_MODUS" };
        let archiviert = d.chance(0.1);
        let bearbeiter = if d.chance(0.7) {
            slot.editor.as_ref()
        } else {
            None
        };

        // Time line: last change T, last event E <= T, creation well before both.
        let t_micros = dates::WINDOW_END_MICROS - 1 - d.below(dates::WINDOW_MICROS as u64) as i64;
        let letzte_aenderung = from_micros(t_micros);
        let e_millis = t_micros.div_euclid(1000) - d.below(36 * 3600 * 1000) as i64;
        let ereignis = from_micros(e_millis * 1000);
        let erstellt_at = ereignis - TimeDelta::seconds(d.int(2 * 86_400, 420 * 86_400));
        let erstellt = local_date(erstellt_at);
        let mut ids = IdGen::new(&mut d, erstellt_at.timestamp());

        // Property, costs and need.
        let zweck = Zweck::draw(&mut d);
        let mut prop = property::generate(&mut d, &mut ids, slot.region, zweck, erstellt);
        let mut fin = project::financing(&mut d, &mut ids, zweck, &prop, erstellt);
        if let Some(bd) = &fin.bestehendes_darlehen {
            prop.json["bestehendeDarlehen"] = Value::Array(vec![bd.clone()]);
        }

        // Households that can afford the instalment (about 25-38 % of net income).
        let rate_schaetzung = fin.bedarf * 5.6 / 1200.0;
        let netto_ziel = (rate_schaetzung / d.float(0.25, 0.38) + 600.0).max(2300.0);
        let hh = households::generate(
            &mut d,
            &mut ids,
            &HouseholdInput {
                region: slot.region,
                erstellt,
                eigenkapital: fin.eigenkapital,
                netto_ziel,
                eigenheim: if zweck.bestand() {
                    Some((&prop.adresse, prop.city))
                } else {
                    None
                },
            },
        );
        let plans = project::loan_plans(&mut d, zweck, &fin, &prop, hh.kinder);

        // Offers: one per application, plus saved offers.
        let antraege_anzahl = d.weighted(&[(1usize, 85), (2, 12), (3, 3)]);
        let gemerkt_anzahl = if d.chance(0.3) {
            d.weighted(&[(1usize, 65), (2, 25), (3, 10)])
        } else {
            0
        };
        let offer_count = antraege_anzahl.max(gemerkt_anzahl);
        let lenders = distinct_banks(&mut d, offer_count);
        // Offers and applications fall into the first weeks of the case (at most 45 days,
        // at most 60 % of its life so far); payouts are planned after that phase.
        let span_ms = (ereignis - erstellt_at).num_milliseconds().max(1);
        let phase_ms = (span_ms as f64 * 0.6).min(45.0 * 86_400_000.0);
        let mut offer_list: Vec<Offer> = Vec::with_capacity(offer_count);
        let mut antrag_zeit = Vec::with_capacity(offer_count);
        for (j, bank) in lenders.iter().enumerate() {
            let u = 0.05 + 0.55 * (j as f64 + d.unit()) / offer_count as f64;
            let erzeugt = erstellt_at + TimeDelta::milliseconds((phase_ms * u) as i64);
            antrag_zeit
                .push(erzeugt + TimeDelta::milliseconds((phase_ms * d.float(0.02, 0.35)) as i64));
            offer_list.push(offers::make_offer(
                &mut d,
                &mut ids,
                &plans,
                bank,
                &prop,
                erzeugt,
                j >= antraege_anzahl,
                zweck.auszahlungs_voraussetzungen(),
            ));
        }
        let gemerkte_angebote: Vec<GemerktesAngebot> = offer_list[..gemerkt_anzahl]
            .iter()
            .enumerate()
            .map(|(j, o)| GemerktesAngebot {
                nummer_am_vorgang: j as i32 + 1,
                angebot: o.angebot(&mut d, Some(j as i32 + 1), &hh.antragsteller_ids, &prop),
                zahlungsplaene: o.zahlungsplaene(),
            })
            .collect();

        // Financing proposals: variants with another fixed-rate period at other banks.
        let mut finanzierungsvorschlaege = Vec::new();
        if d.chance(0.3) {
            for _ in 0..d.int(1, 2) {
                let mut variante = plans.clone();
                variante[0].zinsbindung_jahre = *d.pick(&[10, 15, 20]);
                let bank = d.pick(banks::BANKEN);
                let erzeugt =
                    erstellt_at + TimeDelta::milliseconds((phase_ms * d.float(0.05, 1.0)) as i64);
                let o = offers::make_offer(
                    &mut d,
                    &mut ids,
                    &variante,
                    bank,
                    &prop,
                    erzeugt,
                    true,
                    zweck.auszahlungs_voraussetzungen(),
                );
                finanzierungsvorschlaege.push(o.vorschlag(
                    &mut d,
                    &mut ids,
                    &slot.name,
                    &hh.antragsteller_ids,
                    &prop,
                ));
            }
        }

        // Case status and the story the applications tell.
        let archivierung = archiviert.then(|| {
            d.weighted(&[
                ("VORGANG_ERFOLGREICH_ABGESCHLOSSEN", 40),
                ("KUNDE_IST_NICHT_MEHR_INTERESSIERT", 15),
                ("KUNDE_HAT_EIN_ANDERES_ANGEBOT", 15),
                ("OBJEKT_IST_NICHT_MEHR_VERFUEGBAR", 10),
                ("DAS_OBJEKT_IST_WEG", 5),
                ("SCHLECHTER_LEAD_NICHT_ZU_ERREICHEN", 5),
                ("FINANZIERUNG_IST_NICHT_MACHBAR", 10),
            ])
        });
        let verlauf = |k: usize| match archivierung {
            None => Verlauf::Offen,
            Some("VORGANG_ERFOLGREICH_ABGESCHLOSSEN") if k == 0 => Verlauf::Abgeschlossen,
            Some("VORGANG_ERFOLGREICH_ABGESCHLOSSEN") => {
                Verlauf::KundeLehntAb("ANDERES_ANGEBOT_ANGENOMMEN")
            }
            Some("KUNDE_HAT_EIN_ANDERES_ANGEBOT") => Verlauf::KundeLehntAb("ANGEBOT_WETTBEWERBER"),
            Some("OBJEKT_IST_NICHT_MEHR_VERFUEGBAR" | "DAS_OBJEKT_IST_WEG") => {
                Verlauf::KundeLehntAb("OBJEKT_NICHT_VERFUEGBAR")
            }
            Some("SCHLECHTER_LEAD_NICHT_ZU_ERREICHEN") => {
                Verlauf::KundeLehntAb("KUNDE_NICHT_ERREICHBAR")
            }
            Some("FINANZIERUNG_IST_NICHT_MACHBAR") => Verlauf::BankLehntAb,
            Some(_) => Verlauf::KundeLehntAb("ANDERER_GRUND"),
        };

        let mut vorgang = fields! { 24;
            "vorgangsNummer" => nummer.as_str(),
            "datenKontext" => daten_kontext,
            "status" => if archiviert { "ARCHIVIERT" } else { "AKTIV" },
            "prioritaet" => d.weighted(&[("NEUTRAL", 60), ("HOCH", 25), ("NIEDRIG", 15)]),
            "importQuelle" => d.weighted(&[("BAUFISMART", 60), ("EUROPACE_API", 15), ("KUNDENANGABEN", 15), ("CRM_IMPORT", 10)]),
            "erstelltAm" => date_str(erstellt),
            "letztesEreignis" => local_rfc3339(ereignis),
        };
        let ende = if archiviert {
            local_date(ereignis)
        } else {
            erstellt
        };
        vorgang.put(
            "aufbewahrungBis",
            Value::String(date_str(ymd(ende.year() + 10, 12, 31))),
        );
        let externe_vorgangs_nummer = d
            .chance(0.5)
            .then(|| format!("CRM-{}-{}", erstellt.year(), d.digits(6)));
        if let Some(ext) = &externe_vorgangs_nummer {
            vorgang.put("externeVorgangsNummer", json!(ext));
        }
        if let Some(grund) = archivierung {
            vorgang.put(
                "archivierung",
                obj! { "grund" => grund, "kommentar" => archiv_kommentar(&mut d, grund) },
            );
            vorgang.put(
                "geschlossenAm",
                Value::String(date_str(local_date(ereignis))),
            );
        }
        vorgang.put("kundenBetreuer", slot.profile.clone());
        if let Some((_, profile)) = bearbeiter {
            vorgang.put("vorgangsBearbeiter", profile.clone());
        }
        if d.chance(0.2) {
            let (id, firma, mail, tel) = *d.pick(TIPPGEBER);
            vorgang.put("tippGeber",
                obj! { "partnerId" => id, "firmierung" => firma, "email" => mail, "telefonnummer" => tel, "kreditsachbearbeiter" => false },
            );
        }
        if d.chance(0.7) {
            let (blz, bic, institut) = *d.pick(banks::KONTOBANKEN);
            let konto = banks::kontonummer(&mut d);
            vorgang.put(
                "bankverbindung",
                obj! {
                    "id" => ids.next(),
                    "iban" => banks::iban(blz, &konto),
                    "bic" => bic,
                    "kreditinstitut" => institut,
                    "kontoinhaberIds" => hh.antragsteller_ids.clone(),
                    "kontoinhaberName" => hh.namen.join(", "),
                },
            );
            if d.chance(0.4) {
                vorgang.put("praeferenzen", obj! {
                    "girokonto" => obj! { "bestehendeKontoverbindungBei" => vec![institut], "kontowechselWirdBeabsichtigt" => d.chance(0.2) },
                });
            }
        }
        if d.chance(0.25) {
            let pref = d.weighted(&[
                ("MINDESTENS_BENOETIGT", 3),
                ("NICHT_EINGEPLANT_ODER_ABSEHBAR", 2),
                ("EGAL", 2),
            ]);
            let mut t = obj! { "tilgungsSatzwechselPraeferenz" => pref };
            if pref == "MINDESTENS_BENOETIGT" {
                put(&mut t, "mindestensBenoetigt", json!(d.int(1, 3)));
                put(
                    &mut t,
                    "zusaetzlicherKommentar",
                    json!("Flexibilität bei steigendem Einkommen gewünscht"),
                );
            }
            match vorgang.get_mut("praeferenzen") {
                Some(praeferenzen) => put(praeferenzen, "tilgungssatzwechselPraeferenz", t),
                None => vorgang.put(
                    "praeferenzen",
                    obj! { "tilgungssatzwechselPraeferenz" => t },
                ),
            }
        }
        if d.chance(0.35) {
            let kampagne = *d.pick(&[
                "Fruehjahrsaktion",
                "Zinscheck",
                "Newsletter",
                "Anschlussfinanzierung-Reminder",
                "Immobilienportal",
            ]);
            vorgang.put(
                "leadTracking",
                obj! {
                    "trackingId" => format!("lead-{}", d.chars(b"0123456789abcdef", 8)),
                    "kampagne" => format!("{kampagne}-{}", erstellt.year()),
                    "keyword" => format!("baufinanzierung {}", hh.wohnort.ort.to_lowercase()),
                    "kundenBetreuerBenachrichtigen" => d.chance(0.7),
                },
            );
        }

        let rate_haupt = offer_list[0].loans[0].rate;
        let vorhaben = project::vorhaben(
            &mut d,
            &mut ids,
            zweck,
            &mut fin,
            &prop,
            &plans,
            &hh.antragsteller_ids,
            rate_haupt,
        );

        // Applications: antrag n uses offer n (the saved offer n, if there is one).
        let mut antraege = Vec::with_capacity(antraege_anzahl + 1);
        for (k, offer) in offer_list.iter().enumerate().take(antraege_anzahl) {
            let angebot = match gemerkte_angebote.get(k) {
                Some(g) => g.angebot.clone(),
                None => offer.angebot(&mut d, None, &hh.antragsteller_ids, &prop),
            };
            // Snapshot of the data the offer was calculated on (households left out to keep
            // documents at a realistic size).
            let snapshot = d.chance(0.06).then(|| {
                let mut z = obj! {};
                put(&mut z, "finanzierungsObjekt", prop.json.clone());
                put(&mut z, "vorhaben", vorhaben.clone());
                if let Some(b) = vorgang.get("bankverbindung") {
                    put(&mut z, "bankverbindung", b.clone());
                }
                z
            });
            // A Bauspar loan may be applied for separately with the Bausparkasse.
            let bauspar: Option<&'static Lender> =
                offer.loans.iter().find_map(|l| match l.plan.kind {
                    crate::loans::LoanKind::Bauspar { bausparkasse, .. } => {
                        Some(&banks::BAUSPARKASSEN[bausparkasse])
                    }
                    _ => None,
                });
            let teil2 = bauspar.filter(|_| d.chance(0.35));
            let v = verlauf(k);
            if let Some(bsk) = teil2 {
                let zeitpunkt = antrag_zeit[k] + TimeDelta::seconds(d.int(20, 600));
                antraege.push(applications::antrag(
                    &mut d,
                    AntragInput {
                        antrags_nummer: format!("{nummer}/{}/2", k + 1),
                        daten_kontext,
                        zeitpunkt,
                        verlauf: v,
                        anbieter: bsk,
                        berater: &slot.kontakt,
                        angebot: angebot.clone(),
                        zugrundeliegende_daten: None,
                    },
                ));
            }
            let antrag = applications::antrag(
                &mut d,
                AntragInput {
                    antrags_nummer: format!("{nummer}/{}/1", k + 1),
                    daten_kontext,
                    zeitpunkt: antrag_zeit[k],
                    verlauf: v,
                    anbieter: offer.bank,
                    berater: &slot.kontakt,
                    angebot,
                    zugrundeliegende_daten: snapshot,
                },
            );
            // Keep /n/1 before /n/2.
            let pos = if teil2.is_some() {
                antraege.len() - 1
            } else {
                antraege.len()
            };
            antraege.insert(pos, antrag);
        }

        vorgang.put("haushalte", Value::Array(hh.haushalte));
        vorgang.put("finanzierungsObjekt", prop.json);
        vorgang.put("vorhaben", vorhaben);
        vorgang.put("antraege", Value::Array(antraege));

        GeneratedCase {
            vorgangs_nummer: nummer,
            daten_kontext,
            status: if archiviert { "ARCHIVIERT" } else { "AKTIV" },
            letzte_aenderung,
            letztes_ereignis: local_rfc3339(ereignis),
            externe_vorgangs_nummer,
            kunden_betreuer: slot.id,
            vorgangs_bearbeiter: bearbeiter.map(|(id, _)| *id),
            vorgang: vorgang.build(),
            finanzierungsvorschlaege,
            gemerkte_angebote,
        }
    }
}

/// `count` different lenders in random order (partial Fisher-Yates over the lender list).
fn distinct_banks(d: &mut Dice, count: usize) -> Vec<&'static Lender> {
    let mut idx: Vec<usize> = (0..banks::BANKEN.len()).collect();
    for i in 0..count.min(idx.len()) {
        let j = i + d.below((idx.len() - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx[..count].iter().map(|&i| &banks::BANKEN[i]).collect()
}

fn archiv_kommentar(d: &mut Dice, grund: &str) -> &'static str {
    let texte: &[&'static str] = match grund {
        "VORGANG_ERFOLGREICH_ABGESCHLOSSEN" => &[
            "Darlehen ausgezahlt, Vorgang abgeschlossen.",
            "Finanzierung vollständig valutiert.",
            "Alle Teilauszahlungen erfolgt, Kunde sehr zufrieden.",
        ],
        "KUNDE_IST_NICHT_MEHR_INTERESSIERT" => &[
            "Kunde hat den Kaufwunsch vorerst zurückgestellt.",
            "Kunden möchten erst nach der Elternzeit neu planen.",
        ],
        "KUNDE_HAT_EIN_ANDERES_ANGEBOT" => &[
            "Kunde hat über die Hausbank finanziert.",
            "Abschluss beim Wettbewerber zu günstigerem Zins.",
        ],
        "OBJEKT_IST_NICHT_MEHR_VERFUEGBAR" | "DAS_OBJEKT_IST_WEG" => &[
            "Objekt wurde an einen anderen Interessenten verkauft.",
            "Verkäufer hat das Objekt vom Markt genommen.",
        ],
        "SCHLECHTER_LEAD_NICHT_ZU_ERREICHEN" => {
            &["Kunde trotz mehrfacher Versuche telefonisch und per E-Mail nicht erreichbar."]
        }
        "FINANZIERUNG_IST_NICHT_MACHBAR" => &[
            "Haushaltsrechnung trägt die Rate nicht, alle Anbieter haben abgelehnt.",
            "Beleihungsauslauf zu hoch, kein Anbieter finanziert das Objekt.",
        ],
        _ => &["Vorgang archiviert."],
    };
    let text: &&'static str = d.pick(texte);
    text
}
