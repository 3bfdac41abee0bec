//! The project (`vorhaben`): purpose, cost breakdown, equity and the loan wish.
//!
//! Costs minus equity give the financing need; the need is split into the customer's
//! loan wish (a main loan, optionally a KfW, Bauspar or regional promotional loan).
//! Offers later price exactly these plans, so the loans in every offer add up to the
//! need stated here.

use crate::banks;
use crate::dates::{add_days, add_months, date_str, next_month_start};
use crate::dice::Dice;
use crate::ids::IdGen;
use crate::json::{Fields, obj, put};
use crate::loans::{KfwEffizienz, LoanKind, LoanPlan, cents};
use crate::places::grunderwerbsteuer_satz;
use crate::property::{self, Property};
use crate::zweck::Zweck;
use chrono::NaiveDate;
use serde_json::{Value, json};

#[derive(Debug)]
pub(crate) struct Financing {
    pub finanzbedarf: Value,
    /// Own funds going into the project.
    pub eigenkapital: f64,
    /// Loan amount needed from lenders.
    pub bedarf: f64,
    pub auszahlung: NaiveDate,
    /// Months between case creation and payout (forward loans).
    pub vorlauf_monate: u32,
    /// Existing mortgage on the financed property, if any.
    pub bestehendes_darlehen: Option<Value>,
    pub eigenleistung: f64,
    /// Building cost of a modernisation (for KfW 261 sizing).
    pub modernisierung: f64,
    pub nachrangig: Option<Value>,
}

fn round_up(x: f64, step: f64) -> f64 {
    (x / step).ceil() * step
}

pub(crate) fn financing(
    d: &mut Dice,
    ids: &mut IdGen,
    zweck: Zweck,
    prop: &Property,
    erstellt: NaiveDate,
) -> Financing {
    let mut fb = Fields::with_capacity(12);
    let steuer = grunderwerbsteuer_satz(prop.city.bundesland) / 100.0;
    let mut eigenleistung = 0.0;
    let mut modernisierung = 0.0;
    let mut bestehendes = None;
    let mut vorlauf = 0;
    let (kosten, auszahlung) = match zweck {
        Zweck::Kauf | Zweck::KaufNeubauBautraeger => {
            let kaufpreis = prop.wert;
            let makler = if zweck == Zweck::Kauf && d.chance(0.6) {
                cents(kaufpreis * 0.0357)
            } else {
                0.0
            };
            let mut kosten =
                kaufpreis + cents(kaufpreis * steuer) + cents(kaufpreis * 0.015) + makler;
            fb.insert("kaufpreis".into(), json!(kaufpreis));
            fb.insert("grunderwerbsteuer".into(), json!(cents(kaufpreis * steuer)));
            fb.insert("notargebuehr".into(), json!(cents(kaufpreis * 0.015)));
            if makler > 0.0 {
                fb.insert("maklergebuehr".into(), json!(makler));
            }
            if zweck == Zweck::Kauf && d.chance(0.18) {
                modernisierung = d.stepped(8000.0, 60_000.0, 1000.0);
                fb.insert("modernisieren".into(), json!(true));
                fb.insert("modernisierung".into(), json!(modernisierung));
                kosten += modernisierung;
            } else {
                fb.insert("modernisieren".into(), json!(false));
            }
            if zweck == Zweck::KaufNeubauBautraeger {
                fb.insert("anzahlTeilzahlungen".into(), json!(d.int(4, 7)));
                if d.chance(0.3) {
                    let kueche = d.stepped(6000.0, 25_000.0, 500.0);
                    fb.insert("sonstigeKosten".into(), json!(kueche));
                    kosten += kueche;
                }
            }
            fb.insert("kapitalWirdBeschafft".into(), json!(false));
            (kosten, next_month_start(add_days(erstellt, d.int(60, 150))))
        }
        Zweck::Neubau => {
            let grundstueck = prop.grundstueckspreis;
            let bezahlt = d.chance(0.3);
            let herstellung = (prop.wert - grundstueck).max(prop.wert * 0.6);
            let herstellung = (herstellung / 1000.0).round() * 1000.0;
            let neben = cents(herstellung * d.float(0.1, 0.15));
            let aussen = d.stepped(8000.0, 35_000.0, 500.0);
            let erschliessung = d.stepped(5000.0, 25_000.0, 500.0);
            if d.chance(0.3) {
                eigenleistung = d.stepped(5000.0, 30_000.0, 1000.0);
            }
            fb.insert("grundstueckBereitsBezahlt".into(), json!(bezahlt));
            fb.insert("grundstuecksKaufpreis".into(), json!(grundstueck));
            fb.insert("herstellung".into(), json!(herstellung));
            fb.insert("bauNebenkosten".into(), json!(neben));
            fb.insert("aussenAnlagen".into(), json!(aussen));
            fb.insert("erschliessung".into(), json!(erschliessung));
            let mut kosten = herstellung + neben + aussen + erschliessung;
            if bezahlt {
                // Land paid earlier counts as equity brought into the project.
                fb.insert("bereitsBeglichen".into(), json!(grundstueck));
            } else {
                fb.insert(
                    "grunderwerbsteuer".into(),
                    json!(cents(grundstueck * steuer)),
                );
                fb.insert("notargebuehr".into(), json!(cents(grundstueck * 0.015)));
                kosten += grundstueck + cents(grundstueck * steuer) + cents(grundstueck * 0.015);
            }
            fb.insert("anzahlTeilzahlungen".into(), json!(d.int(5, 8)));
            fb.insert("modernisieren".into(), json!(false));
            fb.insert("kapitalWirdBeschafft".into(), json!(false));
            (
                kosten - eigenleistung,
                next_month_start(add_days(erstellt, d.int(75, 200))),
            )
        }
        Zweck::Anschluss => {
            let ende = next_month_start(add_days(erstellt, d.int(60, 36 * 30)));
            vorlauf = ((ende - erstellt).num_days() / 30) as u32;
            let restschuld = cents(prop.wert * d.float(0.25, 0.65));
            bestehendes = Some(property::bestehendes_darlehen(
                d, ids, restschuld, ende, true,
            ));
            fb.insert("modernisieren".into(), json!(false));
            fb.insert("kapitalWirdBeschafft".into(), json!(false));
            // Costs of transferring the land charge are financed as well.
            let bedarf = round_up(restschuld, 1000.0);
            if bedarf > restschuld {
                fb.insert("sonstigeKosten".into(), json!(cents(bedarf - restschuld)));
            }
            (bedarf, ende)
        }
        Zweck::Modernisierung => {
            modernisierung = d.stepped(25_000.0, 160_000.0, 1000.0);
            if d.chance(0.35) {
                eigenleistung = d.stepped(3000.0, 20_000.0, 1000.0);
            }
            fb.insert("modernisieren".into(), json!(true));
            fb.insert("modernisierung".into(), json!(modernisierung));
            fb.insert("kapitalWirdBeschafft".into(), json!(false));
            if d.chance(0.5) {
                let rest = cents(prop.wert * d.float(0.1, 0.35));
                let ende = add_months(next_month_start(erstellt), 12 * d.int(2, 8) as u32);
                bestehendes = Some(property::bestehendes_darlehen(d, ids, rest, ende, false));
            }
            (
                modernisierung - eigenleistung,
                next_month_start(add_days(erstellt, d.int(60, 120))),
            )
        }
        Zweck::Kapital => {
            let betrag = d.stepped(20_000.0, (prop.wert * 0.4).max(30_000.0), 5000.0);
            fb.insert("kapitalWirdBeschafft".into(), json!(true));
            fb.insert("kapitalBeschaffung".into(), json!(betrag));
            fb.insert("modernisieren".into(), json!(false));
            (betrag, next_month_start(add_days(erstellt, d.int(60, 120))))
        }
    };

    // Equity share: many buyers bring 10-30 %, some only the ancillary costs.
    let eigenkapital_wunsch = match zweck {
        Zweck::Anschluss | Zweck::Kapital => 0.0,
        Zweck::Modernisierung => kosten * d.float(0.0, 0.3),
        _ => {
            if d.chance(0.15) {
                kosten - prop.wert * d.float(0.98, 1.0)
            } else {
                kosten * d.float(0.1, 0.4)
            }
        }
    };
    let mut bedarf = round_up((kosten - eigenkapital_wunsch).max(25_000.0), 1000.0)
        .min(round_up(kosten, 1000.0));
    let nachrangig = if matches!(zweck, Zweck::Kauf | Zweck::Neubau) && d.chance(0.03) {
        let betrag = d.stepped(10_000.0, 30_000.0, 1000.0);
        bedarf -= betrag;
        Some(obj! {
            "id" => ids.next(),
            "typ" => "ARBEITGEBERDARLEHEN",
            "darlehensGeber" => "Arbeitgeber des Antragstellers",
            "darlehensBetrag" => betrag,
            "rateMonatlich" => cents(betrag / 96.0),
            "laufzeitEnde" => date_str(add_months(auszahlung, 96)),
        })
    } else {
        None
    };
    let eigenkapital = cents(
        (kosten
            - bedarf
            - nachrangig
                .as_ref()
                .map_or(0.0, |n| n["darlehensBetrag"].as_f64().unwrap_or(0.0)))
        .max(0.0),
    );
    Financing {
        finanzbedarf: fb.build(),
        eigenkapital,
        bedarf,
        auszahlung,
        vorlauf_monate: vorlauf,
        bestehendes_darlehen: bestehendes,
        eigenleistung,
        modernisierung,
        nachrangig,
    }
}

/// Splits the need into the customer's loan wish.
pub(crate) fn loan_plans(
    d: &mut Dice,
    zweck: Zweck,
    fin: &Financing,
    prop: &Property,
    kinder: usize,
) -> Vec<LoanPlan> {
    let bedarf = fin.bedarf;
    let mut plans = Vec::with_capacity(3);
    let plan = |kind, betrag, zinsbindung_jahre| LoanPlan {
        kind,
        betrag,
        zinsbindung_jahre,
        tilgung: 0.0,
        sondertilgung: 0.0,
        auszahlung: fin.auszahlung,
    };
    let cap = |share: f64, max: f64| ((bedarf * share).min(max) / 1000.0).floor() * 1000.0;

    // Promotional KfW loan where a programme fits the project.
    let klasse_schlecht = matches!(prop.effizienzklasse, Some("F" | "G" | "H"));
    let kfw: Option<(&'static str, f64, KfwEffizienz)> = match zweck {
        Zweck::Kauf if kinder > 0 && klasse_schlecht && d.chance(0.5) => Some((
            "PROGRAMM_308",
            cap(0.35, 100_000.0 + 50_000.0 * (kinder.min(2) as f64 - 1.0)),
            None,
        )),
        Zweck::Kauf | Zweck::KaufNeubauBautraeger
            if !matches!(prop.effizienzklasse, Some("A_PLUS" | "A")) && d.chance(0.15) =>
        {
            Some(("PROGRAMM_124", cap(0.3, 100_000.0), None))
        }
        Zweck::Neubau | Zweck::KaufNeubauBautraeger if kinder > 0 && d.chance(0.25) => Some((
            "PROGRAMM_300",
            cap(0.4, 170_000.0 + 50_000.0 * (kinder.min(3) as f64 - 1.0)),
            Some((None, "KLIMAFREUNDLICH_STANDARD", None)),
        )),
        Zweck::Neubau | Zweck::KaufNeubauBautraeger if d.chance(0.25) => {
            let qng = d.chance(0.3);
            Some((
                if zweck == Zweck::Neubau {
                    "PROGRAMM_297"
                } else {
                    "PROGRAMM_298"
                },
                cap(0.35, if qng { 150_000.0 } else { 100_000.0 }),
                Some((
                    Some("NEUBAU"),
                    if qng {
                        "KLIMAFREUNDLICH_QNG"
                    } else {
                        "KLIMAFREUNDLICH_STANDARD"
                    },
                    None,
                )),
            ))
        }
        Zweck::Modernisierung if d.chance(0.35) => {
            let standard = *d.pick(&[
                "STANDARD_85",
                "STANDARD_70",
                "STANDARD_55",
                "STANDARD_70_EEK",
                "STANDARD_DENKMAL",
            ]);
            Some((
                "PROGRAMM_261",
                cap(0.6, (fin.modernisierung * 0.9).min(150_000.0)),
                Some((Some("SANIERUNG"), standard, Some(d.chance(0.4)))),
            ))
        }
        _ => None,
    };
    if let Some((programm, betrag, effizienz)) = kfw
        && betrag >= 10_000.0
    {
        let laufzeit_jahre = *d.pick(&[25, 30, 35]);
        plans.push(plan(
            LoanKind::Kfw {
                programm,
                laufzeit_jahre,
                tilgungsfrei_jahre: *d.pick(&[1, 1, 2, 2, 3, 5]),
                effizienz,
            },
            betrag,
            10,
        ));
    }

    // Regional promotional loan in the states whose development bank we model.
    if matches!(
        zweck,
        Zweck::Kauf | Zweck::Neubau | Zweck::KaufNeubauBautraeger
    ) && d.chance(0.15)
        && let Some(idx) = banks::FOERDERBANKEN
            .iter()
            .position(|(_, land, _)| *land == prop.city.bundesland)
    {
        let betrag = cap(0.25, 80_000.0);
        if betrag >= 10_000.0 {
            plans.push(plan(
                LoanKind::Regional {
                    programm: banks::FOERDERBANKEN[idx].0,
                    foerderbank: idx,
                    laufzeit_jahre: *d.pick(&[20, 25, 30]),
                    tilgungsfrei_jahre: *d.pick(&[1, 2]),
                },
                betrag,
                *d.pick(&[10, 20]),
            ));
        }
    }

    // Bauspar loan as a rate-secured building block.
    if !matches!(zweck, Zweck::Anschluss) && plans.len() < 2 && d.chance(0.1) {
        let betrag = cap(0.25, d.stepped(15_000.0, 60_000.0, 5000.0));
        if betrag >= 10_000.0 {
            let tarif = *d.pick(&[
                "Wohnbausparen Classic",
                "Baufinanzierung Direkt",
                "Festzins-Bauspardarlehen",
                "Wohnen Flex",
            ]);
            plans.push(plan(
                LoanKind::Bauspar {
                    tarif,
                    bausparkasse: d.below(banks::BAUSPARKASSEN.len() as u64) as usize,
                },
                betrag,
                0,
            ));
        }
    }

    // The main loan keeps at least 40 % of the need; drop building blocks that crowd it out.
    while plans.iter().map(|p| p.betrag).sum::<f64>() > bedarf * 0.6 {
        plans.pop();
    }
    let rest = bedarf - plans.iter().map(|p| p.betrag).sum::<f64>();
    let zinsbindung = d.weighted(&[(5u32, 10), (10, 45), (15, 30), (20, 15)]);
    let kind = if zweck == Zweck::Anschluss && fin.vorlauf_monate > 6 {
        LoanKind::Forward {
            vorlauf_monate: fin.vorlauf_monate,
        }
    } else {
        LoanKind::Annuitaet
    };
    let mut main = plan(kind, rest, zinsbindung);
    main.tilgung = d.stepped(1.5, 3.5, 0.25);
    main.sondertilgung = d.weighted(&[(0.0, 40), (5.0, 40), (10.0, 20)]);
    plans.insert(0, main);
    plans
}

/// The `Vorhaben` object, including the loan wish in the customer's terms. Takes the
/// cost breakdown out of `fin`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn vorhaben(
    d: &mut Dice,
    ids: &mut IdGen,
    zweck: Zweck,
    fin: &mut Financing,
    prop: &Property,
    plans: &[LoanPlan],
    antragsteller_ids: &[String],
    rate_hauptdarlehen: f64,
) -> Value {
    let mut wuensche = Vec::with_capacity(plans.len());
    for p in plans {
        let (key, inner) = match p.kind {
            LoanKind::Annuitaet | LoanKind::Forward { .. } => {
                let mut w = obj! {
                    "darlehensBetrag" => p.betrag,
                    "zinsBindungInJahren" => p.zinsbindung_jahre,
                    "auszahlungsZeitpunkt" => date_str(p.auszahlung),
                    "tilgungsWunsch" => obj! { "anfaenglicheTilgung" => p.tilgung },
                };
                if p.sondertilgung > 0.0 {
                    put(
                        &mut w,
                        "sondertilgungOptionalJaehrlich",
                        json!(p.sondertilgung),
                    );
                }
                let key = if matches!(p.kind, LoanKind::Forward { .. }) {
                    "forwardDarlehen"
                } else {
                    "annuitaetenDarlehen"
                };
                (key, w)
            }
            LoanKind::Kfw {
                programm,
                laufzeit_jahre,
                tilgungsfrei_jahre,
                effizienz,
            } => {
                let mut w = obj! {
                    "kfwProgramm" => programm,
                    "darlehensBetrag" => p.betrag,
                    "laufzeitInJahren" => laufzeit_jahre,
                    "zinsBindungInJahren" => p.zinsbindung_jahre,
                    "tilgungsfreieAnlaufjahre" => tilgungsfrei_jahre,
                    "kfwEndfaellig" => "NEIN",
                };
                if let Some((gruppe, standard, fahrplan)) = effizienz {
                    put(&mut w, "kfwEnergieEffizienzStandard", json!(standard));
                    if let Some(g) = gruppe {
                        put(&mut w, "kfwEnergieEffizienzGruppe", json!(g));
                    }
                    if let Some(f) = fahrplan {
                        put(&mut w, "kfwSanierungsFahrplanLiegtVor", json!(f));
                    }
                }
                ("kfwDarlehen", w)
            }
            LoanKind::Bauspar { .. } => (
                "bausparDarlehen",
                obj! {
                    "darlehensBetrag" => p.betrag,
                    "bausparSumme" => round_up(p.betrag / 0.6, 1000.0),
                    "tilgungsBeitragMonatlich" => cents(round_up(p.betrag / 0.6, 1000.0) * 0.006),
                    "vertragsPartnerIds" => antragsteller_ids,
                },
            ),
            LoanKind::Regional {
                programm,
                laufzeit_jahre,
                tilgungsfrei_jahre,
                ..
            } => (
                "regionalFoerderDarlehen",
                obj! {
                    "regionalFoerderbankProgramm" => programm,
                    "darlehensBetrag" => p.betrag,
                    "laufzeitInJahren" => laufzeit_jahre,
                    "zinsBindungInJahren" => p.zinsbindung_jahre,
                    "tilgungsfreieAnlaufjahre" => tilgungsfrei_jahre,
                },
            ),
        };
        let mut w = obj! { "id" => ids.next() };
        w[key] = inner;
        wuensche.push(w);
    }
    let mut finanzierungswunsch = obj! { "id" => ids.next() };
    put(
        &mut finanzierungswunsch,
        "darlehensWuensche",
        Value::Array(wuensche),
    );

    let mut v = obj! {
        "id" => ids.next(),
        "verwendungszweck" => zweck.as_str(),
        "nachfinanzierung" => false,
    };
    if let Some(k) = prop.effizienzklasse {
        put(&mut v, "energieEffizienzklasse", json!(k));
    }
    if fin.eigenleistung > 0.0 {
        put(
            &mut v,
            "eigenleistungWennNeubauOderModernisierungsmassnahmen",
            json!(fin.eigenleistung),
        );
    }
    // Moved out: the cost breakdown is only needed here.
    put(
        &mut v,
        "finanzbedarf",
        std::mem::take(&mut fin.finanzbedarf),
    );
    put(&mut v, "finanzierungswunsch", finanzierungswunsch);
    if let Some(n) = fin.nachrangig.take() {
        put(&mut v, "nachrangigeExterneDarlehen", Value::Array(vec![n]));
    }
    if d.chance(0.1) && !antragsteller_ids.is_empty() {
        v["absicherungswunsch"] = obj! {
            "id" => ids.next(),
            "versicherungsWuensche" => vec![
                obj! {
                "id" => ids.next(),
                "versicherungsArt" => "RATENSCHUTZVERSICHERUNG",
                "versichertePersonId" => antragsteller_ids[0].as_str(),
                "praemienZahlungsweise" => "MONATLICH",
                "versicherungsBeginn" => date_str(fin.auszahlung),
                "versicherungsDauerInMonaten" => 120,
                "risikoAbsicherungsWuensche" => vec![
                    obj! { "abzusicherndesRisiko" => "TODESFALL", "versicherungsSumme" => plans[0].betrag },
                    obj! { "abzusicherndesRisiko" => "ARBEITSUNFAEHIGKEIT", "versicherteRate" => rate_hauptdarlehen },
                ],
            },
            ],
        };
    }
    v
}
