//! Small conversions shared by the mapping modules.

use std::str::FromStr;

use serde_json::Number;
use vorgaenge_model as v2;

use crate::spec;

/// A contract enum value that the v2 model has under the same name (e.g. `HERR`, `MASSIV`).
/// `tests/enum_values.rs` checks that every value of each list used this way parses.
pub(super) fn same<T: FromStr>(value: &Option<String>) -> Option<T> {
    value.as_deref()?.parse().ok()
}

/// `Some` unless empty, so that the output carries no empty lists.
pub(super) fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

/// `Some` unless nothing was set, so that the output carries no empty objects.
pub(super) fn set<T: Default + PartialEq>(value: T) -> Option<T> {
    (value != T::default()).then_some(value)
}

/// Maps every element of an optional list.
pub(super) fn each<S, T>(items: &Option<Vec<S>>, f: impl FnMut(&S) -> T) -> Option<Vec<T>> {
    non_empty(items.iter().flatten().map(f).collect())
}

/// An address. Upstream ignores postcodes that are not five digits, so they are dropped.
pub(super) fn postadresse(anschrift: &spec::Anschrift) -> Option<v2::Postadresse> {
    let plz = anschrift
        .plz
        .clone()
        .filter(|plz| plz.len() == 5 && plz.bytes().all(|b| b.is_ascii_digit()));
    set(v2::Postadresse {
        hausnummer: anschrift.hausnummer.clone(),
        ort: anschrift.ort.clone(),
        postleitzahl: plz,
        strasse: anschrift.strasse.clone(),
    })
}

/// A country given as ISO 3166-1 alpha-2 code, with its German name as upstream adds it.
pub(super) fn staat(iso_code: &str) -> v2::Staat {
    v2::Staat {
        iso_country_code: Some(iso_code.to_owned()),
        name: super::laender::name(iso_code).map(str::to_owned),
    }
}

/// `percent` % of `base`, in euros rounded to the cent.
pub(super) fn prozent_von(percent: &Number, base: &Number) -> Option<Number> {
    let euros = percent.as_f64()? * base.as_f64()? / 100.0;
    Number::from_f64((euros * 100.0).round() / 100.0)
}

/// Monthly figure from a number of years (`versicherungsdauerInJahren` → months).
pub(super) fn monate(jahre: i32) -> Option<i32> {
    jahre.checked_mul(12)
}

/// The sum of numbers, `None` for an empty sum.
pub(super) fn summe<'a>(values: impl IntoIterator<Item = &'a Number>) -> Option<f64> {
    values
        .into_iter()
        .map(|n| n.as_f64().unwrap_or(0.0))
        .fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
}

/// The energy efficiency class of a final energy demand in kWh/(m²·a), by the scale of the
/// German energy certificate (GEG, Anlage 10). Upstream computes the class from the demand
/// instead of taking a class sent with it.
pub(super) fn effizienzklasse(end_energie: f64) -> v2::Effizienzklasse {
    use v2::Effizienzklasse as K;
    const GRENZEN: [(f64, K); 8] = [
        (30.0, K::APlus),
        (50.0, K::A),
        (75.0, K::B),
        (100.0, K::C),
        (130.0, K::D),
        (160.0, K::E),
        (200.0, K::F),
        (250.0, K::G),
    ];
    GRENZEN
        .into_iter()
        .find(|(grenze, _)| end_energie < *grenze)
        .map_or(K::H, |(_, klasse)| klasse)
}
