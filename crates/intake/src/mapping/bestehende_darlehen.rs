//! Existing loans (`BestehendesDarlehen` in its five kinds) → v2 `BestehendesDarlehen` and
//! `BestehendesDarlehenDesFinanzierungsObjekts`.

use vorgaenge_model as v2;

use super::produktanbieter::produkt_anbieter;
use super::werte::{same, set};
use crate::spec;

/// The fields all five kinds share; only the kind and `grundschuldart` differ.
macro_rules! gemeinsam {
    ($d:expr, $art:expr, $grundschuldart:expr) => {
        v2::BestehendesDarlehen {
            darlehens_art: Some($art),
            darlehens_betrag: $d.darlehensbetrag.clone(),
            darlehens_geber: $d.darlehensgeber.as_ref().and_then(darlehensgeber),
            darlehens_kontonummer: $d.darlehenskontonummer.clone(),
            eingetragene_grundschuld: $d.grundschuld.clone(),
            grundschuld_art: $grundschuldart,
            id: $d.id.clone(),
            laufzeit_ende: $d.laufzeitende.clone(),
            rate_monatlich: $d.rate_monatlich.clone(),
            aktuelle_restschuld_wenn_nicht_abzuloesen: $d
                .restschuld
                .as_ref()
                .and_then(|r| r.aktuell.clone()),
            abzuloesende_restschuld: $d
                .restschuld
                .as_ref()
                .and_then(|r| r.zum_abloesetermin.clone()),
            soll_zins: $d.sollzins.clone(),
            zins_bindung_endet_am: $d.zinsbindung_bis.clone(),
            sondertilgung_zum_zins_bindungs_ende: None,
        }
    };
}

pub(super) fn bestehendes_darlehen(
    darlehen: &spec::BestehendesDarlehen,
) -> v2::BestehendesDarlehen {
    use spec::BestehendesDarlehen as D;
    use v2::DarlehensArt as A;
    match darlehen {
        D::BestehendesBauspardarlehen(d) => {
            gemeinsam!(d, A::Bauspardarlehen, same(&d.grundschuldart))
        }
        D::BestehendesFoerderdarlehen(d) => {
            gemeinsam!(d, A::Foerderdarlehen, same(&d.grundschuldart))
        }
        D::BestehendesImmobiliendarlehen(d) => {
            gemeinsam!(d, A::Immobiliendarlehen, same(&d.grundschuldart))
        }
        D::BestehendesPrivatdarlehen(d) => gemeinsam!(d, A::Privatdarlehen, None),
        D::BestehendesSonstigesDarlehen(d) => {
            gemeinsam!(d, A::SonstigesDarlehen, same(&d.grundschuldart))
        }
    }
}

/// A loan on the financed property; what happens to it in the project (paid off, subordinated
/// or not) comes from the `finanzierungszweck` and is given by the caller.
pub(super) fn darlehen_des_objekts(
    darlehen: &spec::BestehendesDarlehen,
    behandlung: Behandlung,
) -> v2::BestehendesDarlehenDesFinanzierungsObjekts {
    let d = bestehendes_darlehen(darlehen);
    v2::BestehendesDarlehenDesFinanzierungsObjekts {
        abzuloesende_restschuld: d.abzuloesende_restschuld,
        aktuelle_restschuld_wenn_nicht_abzuloesen: d.aktuelle_restschuld_wenn_nicht_abzuloesen,
        darlehens_art: d.darlehens_art,
        darlehens_betrag: d.darlehens_betrag,
        darlehens_geber: d.darlehens_geber,
        darlehens_kontonummer: d.darlehens_kontonummer,
        eingetragene_grundschuld: d.eingetragene_grundschuld,
        grundschuld_art: d.grundschuld_art,
        id: d.id,
        laufzeit_ende: d.laufzeit_ende,
        rate_monatlich: d.rate_monatlich,
        soll_zins: d.soll_zins,
        zins_bindung_endet_am: d.zins_bindung_endet_am,
        sondertilgung_zum_zins_bindungs_ende: behandlung.sondertilgung,
        verwenden_als: behandlung.verwenden_als,
    }
}

/// How the project treats a loan of the financed property.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Behandlung {
    pub verwenden_als: Option<v2::VerwendenAls>,
    pub sondertilgung: Option<serde_json::Number>,
}

fn darlehensgeber(geber: &spec::Darlehensgeber) -> Option<v2::ProduktAnbieter> {
    match geber {
        spec::Darlehensgeber::ProduktanbieterDarlehensgeber(p) => {
            let anbieter = p
                .produktanbieter
                .as_deref()
                .map(produkt_anbieter)
                .unwrap_or_default();
            // Without a known provider (an unknown code is dropped) and a name, nothing is
            // known of the lender.
            set(v2::ProduktAnbieter {
                firmierung: p.name.clone().or(anbieter.firmierung),
                ..anbieter
            })
        }
        spec::Darlehensgeber::SonstigerDarlehensgeber(s) => {
            s.name.as_ref().map(|name| v2::ProduktAnbieter {
                firmierung: Some(name.clone()),
                ..Default::default()
            })
        }
    }
}
