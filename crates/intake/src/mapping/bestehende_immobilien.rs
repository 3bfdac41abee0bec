//! `FinanzielleSituation.bestehendeImmobilienErfassung` → `Haushalt.bestehendeImmobilien`.

use vorgaenge_model as v2;

use super::bestehende_darlehen::bestehendes_darlehen;
use super::bundesland;
use super::immobilie::objekt_teile;
use super::werte::{each, non_empty, same};
use crate::spec;

pub(super) fn bestehende_immobilien(
    situation: &spec::FinanzielleSituation,
) -> Option<Vec<v2::BestehendeImmobilie>> {
    let liste = match &situation.bestehende_immobilien_erfassung {
        Some(spec::BestehendeImmobilienErfassung::VorhandeneBestehendeImmobilien(v)) => {
            &v.bestehende_immobilien
        }
        Some(spec::BestehendeImmobilienErfassung::KeineBestehendenImmobilien(_)) => return None,
        None => &situation.bestehende_immobilien,
    };
    each(liste, bestehende_immobilie)
}

fn bestehende_immobilie(b: &spec::BestehendeImmobilie) -> v2::BestehendeImmobilie {
    let (darlehen, keine_darlehen) = match &b.darlehensliste_erfassung {
        Some(spec::BestehendeDarlehenErfassung::VorhandeneBestehendeDarlehen(v)) => {
            (&v.darlehensliste, None)
        }
        Some(spec::BestehendeDarlehenErfassung::KeineBestehendenDarlehen(_)) => (&None, Some(true)),
        None => (&b.darlehensliste, None),
    };
    let teile = b.immobilie.as_ref().map(objekt_teile).unwrap_or_default();
    let bundesland = bundesland::der_adresse(teile.adresse.as_ref());
    v2::BestehendeImmobilie {
        id: b.id.clone().or(teile.id),
        bezeichnung: b.bezeichnung.clone(),
        immobilien_einsatz: same(&b.einsatz),
        einzusetzender_betrag_bei_einsatz_als_zusatzsicherheit: b
            .einzusetzender_betrag_bei_einsatz_als_zusatzsicherheit
            .clone(),
        maximal_einzusetzender_betrag_wenn_verkauf: b
            .maximal_einzusetzender_betrag_bei_verkauf
            .clone(),
        // v2 keeps the same figure twice; `verkehrswert` is the older name.
        marktwert: b.marktwert.clone(),
        verkehrswert: b.marktwert.clone(),
        bestehende_darlehen: non_empty(
            darlehen
                .iter()
                .flatten()
                .map(bestehendes_darlehen)
                .collect(),
        ),
        keine_bestehenden_darlehen_vorhanden: keine_darlehen,
        adresse: teile.adresse,
        objekt_art: teile.objekt_art,
        gebaeude: teile.gebaeude,
        grundstueck: teile.grundstueck,
        erbbaurecht: teile.erbbaurecht,
        grundbuch_angabe: teile.grundbuch_angabe,
        autostellplaetze: teile.autostellplaetze,
        boden_richtwert: teile.boden_richtwert,
        kein_bauland_flaeche_in_qm: teile.kein_bauland_flaeche_in_qm,
        marktueblicher_kaufpreis_pro_qm: teile.marktueblicher_kaufpreis_pro_qm,
        vergleichsmiete_fuer_gewerbeflaeche_pro_qm: teile
            .vergleichsmiete_fuer_gewerbeflaeche_pro_qm,
        vergleichsmiete_fuer_wohnflaeche_pro_qm: teile.vergleichsmiete_fuer_wohnflaeche_pro_qm,
        wohnlage: teile.wohnlage,
        effektiv_zins_erhoehende_kosten: teile.effektiv_zins_erhoehende_kosten,
        bewirtschaftungs_kosten_jaehrlich: teile.bewirtschaftungs_kosten_jaehrlich,
        vorlaeufiger_verkehrswert: teile.vorlaeufiger_verkehrswert,
        bundesland,
    }
}
