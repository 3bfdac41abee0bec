//! `Haushalt` → `Haushalt`: applicants, children, household extras; the money matters are in
//! [`super::positionen`], existing properties in [`super::bestehende_immobilien`].

use vorgaenge_model as v2;

use super::antragsteller::antragsteller;
use super::kunden::antragsteller_id;
use super::werte::{each, non_empty, set, summe};
use super::{bestehende_immobilien, kindergeld, positionen};
use crate::spec;

/// `index`: position of the household in the request (for generated applicant ids);
/// `stichtag`: the day of the import (for the Kindergeld amount).
pub(super) fn haushalt(
    haushalt: &spec::Haushalt,
    index: usize,
    stichtag: &v2::Date,
) -> v2::Haushalt {
    let zusatz = Zusatzangaben::of(haushalt);
    let situation = haushalt.finanzielle_situation.as_ref();
    let kinder = kinder(haushalt);
    let positionen = set(v2::HaushaltsPositionen {
        kindergeld: kindergeld::position(kinder.as_deref().unwrap_or_default(), stichtag),
        ..situation
            .and_then(positionen::positionen)
            .unwrap_or_default()
    });
    let pkv_anteil_gilt = pkv_anteile_stimmen(haushalt);
    let kunden = haushalt.kunden.iter().flatten().enumerate();
    v2::Haushalt {
        id: haushalt.id.clone(),
        antragsteller: non_empty(
            kunden
                .map(|(k, kunde)| {
                    antragsteller(kunde, antragsteller_id(kunde, index, k), pkv_anteil_gilt)
                })
                .collect(),
        ),
        erfahrung_immobilien_finanzierung: haushalt.erfahrung_immobilien_finanzierung,
        kinder,
        kfz_anzahl: zusatz.allgemein.and_then(|z| z.kfz_anzahl),
        lebenshaltungs_kosten_monatlich: zusatz
            .allgemein
            .and_then(|z| z.lebenshaltungskosten_monatlich.clone())
            .or_else(|| {
                zusatz
                    .dsl
                    .and_then(|d| d.lebenshaltungskosten_monatlich.clone())
            }),
        anzahl_erwachsene_im_haushalt: zusatz.ing.and_then(|i| i.anzahl_erwachsene_im_haushalt),
        anzahl_kinder_nicht_im_haushalt: zusatz.ing.and_then(|i| i.anzahl_kinder_nicht_im_haushalt),
        obligo: zusatz.santander.and_then(super::obligo::obligo),
        positionen,
        bestehende_immobilien: situation.and_then(bestehende_immobilien::bestehende_immobilien),
        ..Default::default()
    }
}

/// `kinderErfassung`, else the deprecated `kinder` (upstream copies it over in that case).
fn kinder(haushalt: &spec::Haushalt) -> Option<Vec<v2::Kind>> {
    let liste = match &haushalt.kinder_erfassung {
        Some(spec::KinderErfassung::VorhandeneKinder(v)) => &v.kinder,
        Some(spec::KinderErfassung::KeineKinder(_)) => return None,
        None => &haushalt.kinder,
    };
    each(liste, |kind| v2::Kind {
        id: kind.id.clone(),
        name: kind.name.clone(),
        geburtsdatum: kind.geburtsdatum.clone(),
        kindergeld_wird_bezogen: kind.kindergeld_wird_bezogen,
        unterhalts_einnahmen_betrag_monatlich: kind
            .unterhalt
            .clone()
            .filter(|_| kind.unterhalt_wird_bezogen != Some(false)),
    })
}

/// Upstream uses the customers' own shares of private health insurance only if they add up
/// to the household's total.
fn pkv_anteile_stimmen(haushalt: &spec::Haushalt) -> bool {
    let gesamt = haushalt
        .finanzielle_situation
        .as_ref()
        .and_then(|s| s.ausgaben.as_ref())
        .and_then(|a| a.summe_privater_krankenversicherungen_monatlich.as_ref())
        .and_then(|n| n.as_f64());
    let anteile = haushalt.kunden.iter().flatten().filter_map(|kunde| {
        let entries = kunde
            .zusatzangaben
            .as_ref()?
            .zusatzangaben_pro_produktanbieter
            .as_ref()?;
        entries.iter().find_map(|entry| match entry {
            spec::ZusatzangabenKundeFuerProduktanbieter::ZusatzangabenKundeIng(ing) => {
                ing.private_krankenversicherung_monatliche_ausgaben.as_ref()
            }
            _ => None,
        })
    });
    match (gesamt, summe(anteile)) {
        (Some(gesamt), Some(anteile)) => (gesamt - anteile).abs() < 0.005,
        _ => false,
    }
}

/// The household extras that carry v2 fields: the general ones and those for DSL, ING and
/// Santander.
struct Zusatzangaben<'a> {
    allgemein: Option<&'a spec::ZusatzangabenHaushalt>,
    dsl: Option<&'a spec::ZusatzangabenHaushaltDsl>,
    ing: Option<&'a spec::ZusatzangabenHaushaltIng>,
    santander: Option<&'a spec::ZusatzangabenHaushaltSantander>,
}

impl<'a> Zusatzangaben<'a> {
    fn of(haushalt: &'a spec::Haushalt) -> Self {
        use spec::ZusatzangabenHaushaltFuerProduktanbieter as Z;
        let allgemein = haushalt.zusatzangaben.as_ref();
        let mut out = Self {
            allgemein,
            dsl: None,
            ing: None,
            santander: None,
        };
        let entries = allgemein.and_then(|z| z.zusatzangaben_pro_produktanbieter.as_ref());
        for entry in entries.into_iter().flatten() {
            match entry {
                Z::ZusatzangabenHaushaltDsl(dsl) => out.dsl = Some(dsl),
                Z::ZusatzangabenHaushaltIng(ing) => out.ing = Some(ing),
                Z::ZusatzangabenHaushaltSantander(s) => out.santander = Some(s),
            }
        }
        out
    }
}
