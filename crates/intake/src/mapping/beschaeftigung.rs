//! `Kunde.finanzielles` (+ `zusatzangaben.branche`) → `Antragsteller.beschaeftigung`.

use serde_json::Number;
use vorgaenge_model as v2;

use super::werte::{same, set, staat};
use crate::spec;

pub(super) fn beschaeftigung(
    finanzielles: &spec::Finanzielles,
    zusatzangaben: Option<&spec::ZusatzangabenKunde>,
) -> Option<v2::Beschaeftigung> {
    let basis = v2::Beschaeftigung {
        einkommen_netto_monatlich: finanzielles.einkommen_netto.clone(),
        branche: zusatzangaben
            .and_then(|z| z.branche.as_deref())
            .and_then(branche),
        ..Default::default()
    };
    set(match &finanzielles.beschaeftigung {
        Some(art) => nach_art(art, basis),
        None => basis,
    })
}

/// The fields of each kind of employment; the kind itself becomes `art`.
fn nach_art(art: &spec::Beschaeftigung, basis: v2::Beschaeftigung) -> v2::Beschaeftigung {
    use spec::Beschaeftigung as B;
    use v2::BeschaeftigungArt as Art;
    match art {
        B::Angestellter(a) => v2::Beschaeftigung {
            art: Some(Art::Angestellter),
            beruf: a.beruf.clone(),
            befristungs_status: same(&a.beschaeftigungsstatus),
            situation_nach_renteneintritt: a.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..verhaeltnis(a.beschaeftigungsverhaeltnis.as_ref(), basis)
        },
        B::Arbeiter(a) => v2::Beschaeftigung {
            art: Some(Art::Arbeiter),
            beruf: a.beruf.clone(),
            befristungs_status: same(&a.beschaeftigungsstatus),
            situation_nach_renteneintritt: a.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..verhaeltnis(a.beschaeftigungsverhaeltnis.as_ref(), basis)
        },
        B::Beamter(b) => v2::Beschaeftigung {
            art: Some(Art::Beamter),
            beruf: b.beruf.clone(),
            situation_nach_renteneintritt: b.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..verhaeltnis(b.beschaeftigungsverhaeltnis.as_ref(), basis)
        },
        B::Selbststaendiger(s) => v2::Beschaeftigung {
            art: Some(Art::Selbstaendiger),
            beruf: s.beruf.clone(),
            situation_nach_renteneintritt: s.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..taetigkeit(s.taetigkeit.as_ref(), basis)
        },
        B::Freiberufler(f) => v2::Beschaeftigung {
            art: Some(Art::Freiberufler),
            beruf: f.beruf.clone(),
            situation_nach_renteneintritt: f.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..taetigkeit(f.taetigkeit.as_ref(), basis)
        },
        B::Arbeitsloser(a) => v2::Beschaeftigung {
            art: Some(Art::Arbeitsloser),
            beruf: a.beruf.clone(),
            situation_nach_renteneintritt: a.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..basis
        },
        B::HaushaltendePerson(h) => v2::Beschaeftigung {
            art: Some(Art::Hausfrau),
            beruf: h.beruf.clone(),
            situation_nach_renteneintritt: h.situation_nach_renteneintritt.as_ref().and_then(rente),
            ..basis
        },
        B::Rentner(_) => v2::Beschaeftigung {
            art: Some(Art::Rentner),
            ..basis
        },
    }
}

fn verhaeltnis(
    verhaeltnis: Option<&spec::Beschaeftigungsverhaeltnis>,
    basis: v2::Beschaeftigung,
) -> v2::Beschaeftigung {
    let Some(v) = verhaeltnis else { return basis };
    let arbeitgeber = v.arbeitgeber.as_ref();
    v2::Beschaeftigung {
        anzahl_gehaelter_pro_jahr: v.anzahl_gehaelter_pro_jahr.as_deref().and_then(gehaelter),
        arbeitgeber: arbeitgeber.and_then(|a| a.name.clone()),
        arbeitgeber_in_deutschland_ansaessig: arbeitgeber.and_then(|a| a.in_deutschland),
        // The request names no other country, so only "in Germany" gives one.
        arbeitgeber_land: arbeitgeber
            .and_then(|a| a.in_deutschland)
            .filter(|inland| *inland)
            .map(|_| staat("DE")),
        beschaeftigt_seit: v.beschaeftigt_seit.clone(),
        in_probezeit: v.probezeit,
        ..basis
    }
}

/// Self-employed: the business takes the place of the employer.
fn taetigkeit(
    taetigkeit: Option<&spec::SelbststaendigeTaetigkeit>,
    basis: v2::Beschaeftigung,
) -> v2::Beschaeftigung {
    let Some(t) = taetigkeit else { return basis };
    v2::Beschaeftigung {
        taetigkeit: same(&t.berufsbezeichnung),
        firma: t.firma.clone(),
        beschaeftigt_seit: t.taetig_seit.clone(),
        ..basis
    }
}

fn rente(situation: &spec::SituationNachRenteneintritt) -> Option<v2::SituationNachRenteneintritt> {
    set(v2::SituationNachRenteneintritt {
        gesetzliche_rente_monatlich: situation.gesetzliche_rente_monatlich.clone(),
        private_rente_monatlich: situation.private_rente_monatlich.clone(),
        renten_beginn: situation.rentenbeginn.clone(),
        sonstiges_einkommen_monatlich: situation.sonstiges_einkommen_monatlich.clone(),
    })
}

/// `ZWOELF_EINHALB` → 12.5 salaries a year.
fn gehaelter(anzahl: &str) -> Option<Number> {
    let value = match anzahl {
        "ZWOELF" => 12.0,
        "ZWOELF_EINHALB" => 12.5,
        "DREIZEHN" => 13.0,
        "DREIZEHN_EINHALB" => 13.5,
        "VIERZEHN" => 14.0,
        "VIERZEHN_EINHALB" => 14.5,
        "FUENFZEHN" => 15.0,
        _ => return None,
    };
    Number::from_f64(value)
}

/// The request's industry list is coarser than v2's (WZ 2008 sections); each value goes to
/// the v2 section that contains it. `DIENSTLEISTUNGEN` and `SONSTIGE` have no better home
/// than "sonstige Dienstleistungen".
fn branche(branche: &str) -> Option<v2::Branche> {
    use v2::Branche as B;
    Some(match branche {
        "BAUGEWERBE" => B::Baugewerbe,
        "DIENSTLEISTUNGEN" | "SONSTIGE" => B::SonstigeDienstleistungen,
        "ENERGIE_UND_WASSERVERSORGUNG_BERGBAU" => B::Energieversorgung,
        "GEBIETSKOERPERSCHAFTEN_UND_SOZIALVERSICHERUNGEN" | "OEFFENTLICHER_DIENST" => {
            B::OeffentlicheVerwaltungVerteidigungSozialversicherung
        }
        "GESUNDHEITSWESEN" => B::GesundheitUndSozialwesen,
        "HANDEL" => B::HandelInstandhaltungVonKraftfahrzeugen,
        "HOTEL_UND_GASTRONOMIE" => B::Gastgewerbe,
        "KREDITINSTITUTE" | "VERSICHERUNGEN" => B::FinanzUndVersicherungsdienstleistungen,
        "LAND_UND_FORSTWIRTSCHAFT_FISCHEREI" => B::LandwirtschaftForstwirtschaftFischerei,
        "ORGANISATIONEN_OHNE_ERWERBSZWECK_PRIVATE_HAUSHALTE" => B::PrivateHaushalte,
        "VERARBEITENDES_GEWERBE" => B::VerarbeitendesGewerbe,
        "VERKEHR_UND_NACHRICHTENUEBERMITTLUNG" => B::VerkehrLogistik,
        _ => return None,
    })
}
