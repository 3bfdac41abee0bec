//! Zahlungspläne: the payment schedule of one loan of a saved offer.
//!
//! Like the platform's plans the first row is the payout (negative payment and balance),
//! followed by the monthly instalments of the first year, computed month by month with
//! interest rounded to cents. `gesamtSumme` totals the fixed-rate period and ends with
//! the remaining debt the loan reports as `restschuldNachZinsBindungsEnde`.

use crate::dates::{add_months, date_str};
use crate::json::obj;
use crate::loans::{Loan, balance_after, cents, neg};
use serde_json::Value;

/// Monthly rows after the payout row (the brief asks for at least twelve).
const MONTHS_SHOWN: u32 = 12;

pub(crate) fn zahlungsplan(loan: &Loan) -> Value {
    let b = loan.plan.betrag;
    let i = loan.soll_zins / 1200.0;
    let mut rows = Vec::with_capacity(MONTHS_SHOWN as usize + 1);
    rows.push(obj! {
        "datum" => date_str(loan.plan.auszahlung),
        "zahlung" => -b,
        "zinsen" => 0.0,
        "tilgung" => 0.0,
        "saldo" => -b,
    });
    let mut balance = b;
    for month in 1..=MONTHS_SHOWN.min(loan.laufzeit_monate) {
        let zinsen = cents(balance * i);
        let (zahlung, tilgung) = if month <= loan.anlauf_monate {
            (zinsen, 0.0)
        } else {
            let zahlung = loan.rate.min(cents(balance + zinsen));
            (zahlung, cents(zahlung - zinsen))
        };
        balance = cents(balance - tilgung);
        rows.push(obj! {
            "datum" => date_str(add_months(loan.plan.auszahlung, month)),
            "zahlung" => zahlung,
            "zinsen" => zinsen,
            "tilgung" => tilgung,
            "saldo" => neg(balance),
        });
    }
    obj! {
        "identifier" => loan.id.as_str(),
        "zahlungen" => rows,
        "gesamtSumme" => totals(loan, b, i),
    }
}

/// Sums over the fixed-rate period, consistent with the loan's closed-form figures.
fn totals(loan: &Loan, b: f64, i: f64) -> Value {
    let zb = loan.zinsbindung_monate;
    let anlauf = loan.anlauf_monate.min(zb);
    let mut zahlung = f64::from(anlauf) * loan.rate_anlauf.unwrap_or(0.0);
    let annuity_months = zb - anlauf;
    if zb >= loan.laufzeit_monate && annuity_months > 0 {
        // Repaid within the period: the last instalment only covers what is left.
        let before_last = balance_after(b, i, loan.rate, annuity_months - 1);
        zahlung += f64::from(annuity_months - 1) * loan.rate + cents(before_last * (1.0 + i));
    } else {
        zahlung += f64::from(annuity_months) * loan.rate;
    }
    let zahlung = cents(zahlung);
    let tilgung = cents(b - loan.restschuld);
    obj! {
        "zahlung" => zahlung,
        "zinsen" => cents(zahlung - tilgung),
        "tilgung" => tilgung,
        "saldo" => neg(loan.restschuld),
    }
}
