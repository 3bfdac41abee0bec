//! Loans: the customer's loan wish, pricing by a lender and annuity arithmetic.
//!
//! A [`LoanPlan`] is what the customer wants (type, amount, fixed-rate period,
//! repayment); every offer prices the same plan with its lender's conditions into a
//! [`Loan`]. Instalments, remaining debt and term are computed with the closed annuity
//! formulas. Powers are computed by repeated multiplication instead of `powf`/`ln`,
//! whose results may differ in the last bit between platforms' math libraries.

use crate::banks::{self, Lender};
use crate::dates::{add_months, date_str};
use crate::dice::Dice;
use crate::ids::IdGen;
use crate::json::{fields, obj, put};
use chrono::NaiveDate;
use serde_json::Value;

/// Rounds to cents (and prints without binary noise, since serde_json emits the shortest repr).
#[inline]
pub(crate) fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Negation that never yields `-0.0` (which would serialise as "-0.0").
#[inline]
pub(crate) fn neg(x: f64) -> f64 {
    0.0 - x
}

/// Percentages with two decimals (interest rates, loan-to-value).
#[inline]
pub(crate) fn pct(x: f64) -> f64 {
    cents(x)
}

/// `q^n` by square-and-multiply: exact IEEE operations only, hence platform independent.
pub(crate) fn pow_n(q: f64, mut n: u32) -> f64 {
    let mut base = q;
    let mut acc = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            acc *= base;
        }
        base *= base;
        n >>= 1;
    }
    acc
}

/// Balance after `n` annuity payments of `rate` on `principal` at monthly rate `i`.
pub(crate) fn balance_after(principal: f64, i: f64, rate: f64, n: u32) -> f64 {
    if i == 0.0 {
        return (principal - rate * f64::from(n)).max(0.0);
    }
    let qn = pow_n(1.0 + i, n);
    (principal * qn - rate * (qn - 1.0) / i).max(0.0)
}

/// Number of monthly payments until the loan is repaid (capped at 1023).
pub(crate) fn months_to_repay(principal: f64, i: f64, rate: f64) -> u32 {
    if rate <= principal * i {
        return 1023;
    }
    // Smallest n with q^n >= rate / (rate - principal * i); greedy over q^(2^k).
    let target = rate / (rate - principal * i);
    let mut powers = [0.0f64; 10];
    powers[0] = 1.0 + i;
    for k in 1..10 {
        powers[k] = powers[k - 1] * powers[k - 1];
    }
    let mut acc = 1.0;
    let mut n = 0u32;
    for k in (0..10).rev() {
        let candidate = acc * powers[k];
        if candidate < target {
            acc = candidate;
            n += 1 << k;
        }
    }
    n + 1
}

/// Energy-efficiency details of a KfW loan: (Effizienzgruppe, Effizienzstandard,
/// Sanierungsfahrplan liegt vor), where the programme needs them.
pub(crate) type KfwEffizienz = Option<(Option<&'static str>, &'static str, Option<bool>)>;

/// Kinds of loans the demo generates, with their type-specific parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LoanKind {
    Annuitaet,
    /// Forward loan; the payout lies this many months after the offer.
    Forward {
        vorlauf_monate: u32,
    },
    Kfw {
        programm: &'static str,
        laufzeit_jahre: u32,
        tilgungsfrei_jahre: u32,
        effizienz: KfwEffizienz,
    },
    Bauspar {
        tarif: &'static str,
        bausparkasse: usize,
    },
    Regional {
        programm: &'static str,
        foerderbank: usize,
        laufzeit_jahre: u32,
        tilgungsfrei_jahre: u32,
    },
}

/// The customer's wish for one loan.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoanPlan {
    pub kind: LoanKind,
    pub betrag: f64,
    pub zinsbindung_jahre: u32,
    /// Initial repayment in percent p.a. (annuity-type loans).
    pub tilgung: f64,
    /// Optional yearly special repayment in percent of the loan.
    pub sondertilgung: f64,
    pub auszahlung: NaiveDate,
}

/// A loan as offered by a lender.
#[derive(Debug, Clone)]
pub(crate) struct Loan {
    pub id: String,
    pub plan: LoanPlan,
    pub lender: &'static Lender,
    pub soll_zins: f64,
    pub effektiv_zins: f64,
    /// Regular monthly instalment (after any repayment-free start).
    pub rate: f64,
    /// Interest-only instalment in the repayment-free start years (KfW/regional).
    pub rate_anlauf: Option<f64>,
    pub anlauf_monate: u32,
    pub laufzeit_monate: u32,
    pub zinsbindung_monate: u32,
    pub restschuld: f64,
    /// Effective initial repayment in percent (for loans with a repayment-free start).
    pub tilgung_effektiv: f64,
    pub bereitstellungszins_frei_monate: u32,
    pub manuell_angepasst: bool,
}

/// Market level of fixed rates by fixed-rate period (2025/26-like).
fn markt_zins(jahre: u32) -> f64 {
    match jahre {
        0..=5 => 3.35,
        6..=10 => 3.55,
        11..=15 => 3.8,
        _ => 3.95,
    }
}

/// Interest level of promotional programmes (KfW and regional banks publish uniform rates).
fn foerder_zins(programm: &str) -> f64 {
    match programm {
        "PROGRAMM_124" => 3.72,
        "PROGRAMM_300" => 1.12,
        "PROGRAMM_308" => 1.41,
        "PROGRAMM_297" | "PROGRAMM_298" => 2.63,
        "PROGRAMM_261" => 2.44,
        "NRW_BANK_WOHNEIGENTUM" => 1.0,
        "L_BANK_WOHNEN_MIT_KIND" => 1.55,
        _ => 1.7,
    }
}

/// Effective annual rate from the nominal rate with monthly compounding plus a cost markup.
fn effektiv(soll: f64, kosten: f64) -> f64 {
    pct((pow_n(1.0 + soll / 1200.0, 12) - 1.0) * 100.0 + kosten)
}

impl LoanPlan {
    /// Prices this plan at `lender` (which is ignored for KfW, Bauspar and regional loans:
    /// their conditions come from the promotional bank or the Bausparkasse).
    /// `ltv` is the loan-to-value ratio of the whole financing and drives risk markups.
    pub(crate) fn price(
        &self,
        d: &mut Dice,
        ids: &mut IdGen,
        bank: &'static Lender,
        ltv: f64,
    ) -> Loan {
        let risk = if ltv > 1.0 {
            0.6
        } else if ltv > 0.9 {
            0.35
        } else if ltv > 0.8 {
            0.15
        } else {
            0.0
        };
        let b = self.betrag;
        let manuell = d.chance(0.04);
        let (lender, soll) = match self.kind {
            LoanKind::Annuitaet => (
                bank,
                markt_zins(self.zinsbindung_jahre) + bank.spread + risk + d.float(-0.12, 0.12),
            ),
            LoanKind::Forward { vorlauf_monate } => (
                bank,
                markt_zins(self.zinsbindung_jahre)
                    + bank.spread
                    + risk
                    + 0.015 * f64::from(vorlauf_monate)
                    + d.float(-0.1, 0.1),
            ),
            LoanKind::Kfw { programm, .. } => (&banks::KFW, foerder_zins(programm)),
            LoanKind::Bauspar { bausparkasse, .. } => {
                let bsk = &banks::BAUSPARKASSEN[bausparkasse];
                (bsk, 1.95 + bsk.spread + d.stepped(0.0, 0.6, 0.05))
            }
            LoanKind::Regional {
                programm,
                foerderbank,
                ..
            } => (&banks::FOERDERBANKEN[foerderbank].2, foerder_zins(programm)),
        };
        let soll = pct(soll - if manuell { 0.1 } else { 0.0 });
        let i = soll / 1200.0;

        let (rate, rate_anlauf, anlauf_monate, tilgung_effektiv) = match self.kind {
            LoanKind::Kfw {
                laufzeit_jahre,
                tilgungsfrei_jahre,
                ..
            }
            | LoanKind::Regional {
                laufzeit_jahre,
                tilgungsfrei_jahre,
                ..
            } => {
                // Interest only during the start years, then an annuity that repays the loan
                // exactly by the end of the term.
                let anlauf = tilgungsfrei_jahre * 12;
                let m = laufzeit_jahre * 12 - anlauf;
                let rate = cents(b * i / (1.0 - 1.0 / pow_n(1.0 + i, m)));
                let t = pct(rate * 12.0 / b * 100.0 - soll);
                (rate, Some(cents(b * i)), anlauf, t)
            }
            LoanKind::Bauspar { .. } => {
                // Typical Bausparkasse repayment: 6 per mille of the contract sum per month,
                // with the loan being about 60 % of the contract sum.
                let rate = cents(b / 0.6 * 0.006);
                (rate, None, 0, pct(rate * 12.0 / b * 100.0 - soll))
            }
            _ => (
                cents(b * (soll + self.tilgung) / 1200.0),
                None,
                0,
                self.tilgung,
            ),
        };

        let laufzeit_monate = anlauf_monate + months_to_repay(b, i, rate);
        let zinsbindung_monate = match self.kind {
            LoanKind::Bauspar { .. } => laufzeit_monate,
            _ => (self.zinsbindung_jahre * 12).min(laufzeit_monate),
        };
        let restschuld = if zinsbindung_monate >= laufzeit_monate {
            0.0
        } else if zinsbindung_monate <= anlauf_monate {
            b
        } else {
            cents(balance_after(
                b,
                i,
                rate,
                zinsbindung_monate - anlauf_monate,
            ))
        };
        let kosten = match self.kind {
            LoanKind::Bauspar { .. } => d.stepped(0.08, 0.2, 0.01),
            LoanKind::Kfw { .. } | LoanKind::Regional { .. } => 0.0,
            _ => d.stepped(0.0, 0.05, 0.01),
        };
        Loan {
            id: ids.next(),
            plan: *self,
            lender,
            soll_zins: soll,
            effektiv_zins: effektiv(soll, kosten),
            rate,
            rate_anlauf,
            anlauf_monate,
            laufzeit_monate,
            zinsbindung_monate,
            restschuld,
            tilgung_effektiv,
            bereitstellungszins_frei_monate: *d.pick(&[3, 6, 6, 12, 12]),
            manuell_angepasst: manuell,
        }
    }
}

impl Loan {
    pub(crate) fn darlehens_typ(&self) -> &'static str {
        match self.plan.kind {
            LoanKind::Annuitaet => "ANNUITAETEN_DARLEHEN",
            LoanKind::Forward { .. } => "FORWARD_DARLEHEN",
            LoanKind::Kfw { .. } => "KFW_DARLEHEN",
            LoanKind::Bauspar { .. } => "BAUSPAR_DARLEHEN",
            LoanKind::Regional { .. } => "REGIONAL_FOERDER_DARLEHEN",
        }
    }

    /// First instalment date: one month after the payout.
    pub(crate) fn erste_rate(&self) -> NaiveDate {
        add_months(self.plan.auszahlung, 1)
    }

    /// The `Darlehen` schema object. `partner_ids` are the applicants (Bauspar contract partners).
    pub(crate) fn to_json(&self, partner_ids: &[String]) -> Value {
        let p = &self.plan;
        let tilgungs_beginn = add_months(p.auszahlung, self.anlauf_monate + 1);
        let mut tilgung = obj! {
            "anfaenglicheTilgung" => self.tilgung_effektiv,
            "tilgungsBeginnAm" => date_str(tilgungs_beginn),
        };
        let mut v = fields! { 26;
            "id" => self.id.as_str(),
            "darlehensTyp" => self.darlehens_typ(),
            "produktAnbieter" => banks::anbieter_kurz(self.lender),
            "darlehensBetrag" => p.betrag,
            "auszahlungsBetrag" => p.betrag,
            "auszahlungsKurs" => 100.0,
            "sollZins" => self.soll_zins,
            "effektivZins" => self.effektiv_zins,
            "rateMonatlich" => self.rate,
            "gesamtlaufzeitInMonaten" => self.laufzeit_monate,
            "laufZeitInJahren" => self.laufzeit_monate.div_ceil(12),
            "zinsZahlungsBeginnAm" => date_str(self.erste_rate()),
            "konditionWurdeManuellAngepasst" => self.manuell_angepasst,
            "zinsBindung" => obj! {
                "jahre" => self.zinsbindung_monate / 12,
                "monate" => self.zinsbindung_monate % 12,
                "endetAm" => date_str(add_months(p.auszahlung, self.zinsbindung_monate)),
                "restschuldNachZinsBindungsEnde" => self.restschuld,
            },
        };
        if self.manuell_angepasst {
            v.put(
                "konditionsAnpassungsBegruendung",
                "Zinsabschlag nach Rücksprache mit der Filialleitung (Bestandskunde)",
            );
        }
        match p.kind {
            LoanKind::Annuitaet | LoanKind::Forward { .. } => {
                v.put("auszahlungsDatum", date_str(p.auszahlung));
                // Commitment interest is a bank-loan feature; promotional loans handle it differently.
                v.put("bereitstellung",
                    obj! { "bereitstellungsZins" => 0.25, "bereitstellungsZinsFreieZeitInMonaten" => self.bereitstellungszins_frei_monate },
                );
                if p.sondertilgung > 0.0 {
                    put(&mut tilgung, "sonderTilgungJaehrlich", p.sondertilgung);
                }
                if let LoanKind::Forward { vorlauf_monate } = p.kind {
                    v.put("forwardPeriodeInMonaten", vorlauf_monate);
                }
            }
            LoanKind::Kfw {
                programm,
                tilgungsfrei_jahre,
                effizienz,
                ..
            } => {
                v.put("kfwProgramm", programm);
                v.put("tilgungsFreieAnlaufJahre", tilgungsfrei_jahre);
                v.put(
                    "rateMonatlichInDerTilgungsfreienAnlaufzeit",
                    self.rate_anlauf.unwrap_or(0.0),
                );
                if let Some((gruppe, standard, fahrplan)) = effizienz {
                    v.put("kfwEnergieEffizienzStandard", standard);
                    // On the loan the group is only defined for programme 261 (renovation).
                    if let Some(g) = gruppe
                        && programm == "PROGRAMM_261"
                    {
                        v.put("kfwEnergieEffizienzGruppe", g);
                    }
                    if let Some(f) = fahrplan {
                        v.put("kfwSanierungsFahrplanLiegtVor", f);
                    }
                }
            }
            LoanKind::Regional {
                programm,
                tilgungsfrei_jahre,
                ..
            } => {
                v.put("regionalFoerderbankProgramm", programm);
                v.put("tilgungsFreieAnlaufJahre", tilgungsfrei_jahre);
                v.put(
                    "rateMonatlichInDerTilgungsfreienAnlaufzeit",
                    self.rate_anlauf.unwrap_or(0.0),
                );
            }
            LoanKind::Bauspar { tarif, .. } => {
                v.put("bausparTarif", tarif);
                v.put("vertragsPartnerIds", partner_ids.to_vec());
            }
        }
        v.put("tilgung", tilgung);
        v.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annuity_arithmetic_matches_textbook_values() {
        // 300,000 at 3.45 % with 2 % initial repayment: 1,362.50 per month.
        let i = 3.45 / 1200.0;
        let rate = cents(300_000.0 * (3.45 + 2.0) / 1200.0);
        assert_eq!(rate, 1362.5);
        // After the first month: 862.50 interest, 500.00 repayment.
        assert!((balance_after(300_000.0, i, rate, 1) - 299_500.0).abs() < 1e-6);
        let n = months_to_repay(300_000.0, i, rate);
        assert!(balance_after(300_000.0, i, rate, n) <= 0.0);
        assert!(balance_after(300_000.0, i, rate, n - 1) > 0.0);
        assert!((340..=360).contains(&n), "{n}");
    }

    #[test]
    fn pow_matches_powi_closely() {
        for n in [0u32, 1, 7, 12, 120, 360] {
            let a = pow_n(1.003, n);
            let b = 1.003f64.powi(n as i32);
            assert!((a - b).abs() / b < 1e-12);
        }
    }
}
