//! Offers: priced loan plans of one lender, rendered as `Angebot` (saved offers and the
//! offer behind an application) or as `Finanzierungsvorschlag` (handed-out proposals).

use crate::banks::{self, Lender};
use crate::dates::local_rfc3339;
use crate::dice::Dice;
use crate::ids::IdGen;
use crate::json::{fields, obj, put};
use crate::loans::{Loan, LoanKind, LoanPlan, cents, pct};
use crate::payment_plan;
use crate::property::Property;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub(crate) struct Offer {
    pub bank: &'static Lender,
    pub loans: Vec<Loan>,
    pub erzeugt: DateTime<Utc>,
    pub machbarkeit: &'static str,
    pub beleihungswert: f64,
    /// Payout conditions that fit the project (purchase contract, building permit, ...).
    pub bedingungen: &'static [&'static str],
}

/// Prices the plans at `bank`. `riskant` allows a "not feasible" verdict.
#[allow(clippy::too_many_arguments)]
pub(crate) fn make_offer(
    d: &mut Dice,
    ids: &mut IdGen,
    plans: &[LoanPlan],
    bank: &'static Lender,
    prop: &Property,
    erzeugt: DateTime<Utc>,
    riskant: bool,
    bedingungen: &'static [&'static str],
) -> Offer {
    let summe: f64 = plans.iter().map(|p| p.betrag).sum();
    let ltv = summe / prop.wert.max(1.0);
    let loans = plans.iter().map(|p| p.price(d, ids, bank, ltv)).collect();
    let machbarkeit = if riskant {
        d.weighted(&[
            ("MACHBAR", 75),
            ("UNTER_VORBEHALT_PRODUZENT", 17),
            ("NICHT_MACHBAR", 8),
        ])
    } else {
        d.weighted(&[("MACHBAR", 85), ("UNTER_VORBEHALT_PRODUZENT", 15)])
    };
    Offer {
        bank,
        loans,
        erzeugt,
        machbarkeit,
        // Lenders value conservatively: 80-95 % of the market value, in 500 EUR steps.
        beleihungswert: (prop.wert * d.float(0.8, 0.95) / 500.0).round() * 500.0,
        bedingungen,
    }
}

impl Offer {
    pub(crate) fn summe(&self) -> f64 {
        cents(self.loans.iter().map(|l| l.plan.betrag).sum())
    }

    fn kennung(&self) -> String {
        let mut k = String::from(self.bank.id);
        for l in &self.loans {
            k.push('_');
            match l.plan.kind {
                LoanKind::Annuitaet => {
                    k.push_str(&format!("ANNUITAET{}J", l.zinsbindung_monate / 12))
                }
                LoanKind::Forward { .. } => {
                    k.push_str(&format!("FORWARD{}J", l.zinsbindung_monate / 12))
                }
                LoanKind::Kfw { programm, .. } => k.push_str(&programm.replace("PROGRAMM_", "KFW")),
                LoanKind::Bauspar { .. } => k.push_str("BAUSPAR"),
                LoanKind::Regional { .. } => k.push_str("FOERDER"),
            }
        }
        k
    }

    fn darlehen(&self, partner_ids: &[String]) -> Value {
        Value::Array(self.loans.iter().map(|l| l.to_json(partner_ids)).collect())
    }

    fn beleihung(&self, prop: &Property) -> Value {
        let mut v = obj! {
            "beleihungsWerteSumme" => self.beleihungswert,
            "beleihungsAuslauf" => pct(self.summe() / self.beleihungswert * 100.0),
        };
        let wert = obj! { "immobilie" => obj! { "id" => prop.id.as_str() }, "beleihungsWert" => self.beleihungswert };
        put(&mut v, "beleihungsWerte", Value::Array(vec![wert]));
        v
    }

    fn meldungen(&self, d: &mut Dice) -> Value {
        let mut m = Vec::with_capacity(2);
        let bedingung = *d.pick(self.bedingungen);
        m.push(obj! { "kategorie" => "AUSZAHLUNGS_VORAUSSETZUNG", "text" => bedingung });
        match self.machbarkeit {
            "UNTER_VORBEHALT_PRODUZENT" => m.push(obj! {
                "kategorie" => "MACHBAR_UNTER_VORBEHALT_PRODUZENT",
                "text" => "Die Kreditentscheidung trifft der Produktanbieter nach Prüfung der vollständigen Unterlagen.",
            }),
            "NICHT_MACHBAR" => m.push(obj! {
                "kategorie" => "NICHT_MACHBAR",
                "text" => "Der Beleihungsauslauf überschreitet die Beleihungsgrenze des Produktanbieters.",
            }),
            _ => {}
        }
        if self
            .loans
            .iter()
            .any(|l| matches!(l.plan.kind, LoanKind::Kfw { .. }))
            && d.chance(0.5)
        {
            m.push(obj! {
                "kategorie" => "AUSZAHLUNGS_VORAUSSETZUNG",
                "text" => "Bestätigung zum Antrag (BzA) eines Energieeffizienz-Experten bzw. Nachweis der Förderfähigkeit",
            });
        }
        Value::Array(m)
    }

    /// The `Angebot` object (without `_links` and `zahlungsplaene`, which the server adds).
    pub(crate) fn angebot(
        &self,
        d: &mut Dice,
        nummer: Option<i32>,
        partner_ids: &[String],
        prop: &Property,
    ) -> Value {
        let mut v = fields! { 10;
            "kennung" => self.kennung(),
            "erzeugtAm" => local_rfc3339(self.erzeugt),
            "machbarkeitsStatus" => self.machbarkeit,
        };
        if let Some(n) = nummer {
            v.put("nummerAmVorgang", json!(n));
        }
        if d.chance(0.3) {
            v.put(
                "bewertungDesAngebots",
                json!(*d.pick(&[
                    "ANGEBOT_ENTSPRICHT_DER_EMPFEHLUNG_DES_KUNDENBETREUERS",
                    "ANGEBOT_ENTSPRICHT_DEM_WUNSCH_DES_KUNDEN"
                ])),
            );
        }
        v.put("darlehen", self.darlehen(partner_ids));
        v.put("beleihungsRechnung", self.beleihung(prop));
        v.put("meldungen", self.meldungen(d));
        if d.chance(0.2) {
            let angaben = format!(
                "{{\"bonitaetsKlasse\":\"{}\",\"objektBewertung\":\"{}\"}}",
                d.int(1, 6),
                *d.pick(&["A", "B", "C"])
            );
            let ergebnis = obj! { "produktAnbieter" => banks::anbieter_kurz(self.bank), "weitereAngaben" => angaben };
            v.put("pruefungsErgebnisse", vec![ergebnis]);
        }
        v.build()
    }

    /// One payment plan per loan.
    pub(crate) fn zahlungsplaene(&self) -> Vec<Value> {
        self.loans.iter().map(payment_plan::zahlungsplan).collect()
    }

    /// The `Finanzierungsvorschlag` object (without `_links`).
    pub(crate) fn vorschlag(
        &self,
        d: &mut Dice,
        ids: &mut IdGen,
        akteur: &str,
        partner_ids: &[String],
        prop: &Property,
    ) -> Value {
        let summe = self.summe();
        let blend = |f: fn(&Loan) -> f64| {
            pct(self.loans.iter().map(|l| l.plan.betrag * f(l)).sum::<f64>() / summe)
        };
        let jahre: Vec<u32> = self
            .loans
            .iter()
            .map(|l| l.zinsbindung_monate / 12)
            .collect();
        let (min, max) = (
            jahre.iter().min().copied().unwrap_or(0),
            jahre.iter().max().copied().unwrap_or(0),
        );
        let frist = self.erzeugt + TimeDelta::days(14);
        let mut historie =
            vec![obj! { "akteur" => akteur, "erzeugtAm" => local_rfc3339(self.erzeugt) }];
        if d.chance(0.25) {
            // Handed out a second time a few days later.
            historie.push(obj! { "akteur" => akteur, "erzeugtAm" => local_rfc3339(self.erzeugt + TimeDelta::minutes(d.int(60, 4 * 1440))) });
        }
        let mut v = fields! { 11;
            "id" => ids.next(),
            "annahmeFrist" => local_rfc3339(frist),
            "darlehensSumme" => summe,
            "sollZins" => blend(|l| l.soll_zins),
            "effektivZins" => blend(|l| l.effektiv_zins),
            "rateMonatlich" => cents(self.loans.iter().map(|l| l.rate_anlauf.unwrap_or(l.rate)).sum()),
            "zinsBindung" => if min == max { format!("{min} Jahre") } else { format!("{min} - {max} Jahre") },
            "machbarkeitsStatus" => self.machbarkeit,
        };
        v.put("darlehen", self.darlehen(partner_ids));
        v.put("historie", Value::Array(historie));
        v.put("beleihung", self.beleihung(prop));
        v.build()
    }
}
