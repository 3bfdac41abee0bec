//! `Finanzierungsobjekt` → `FinanzierungsObjekt`: the property ([`super::immobilie`]), its
//! existing loans and what the project does with them, its market value.

use std::collections::HashMap;

use serde_json::Number;
use vorgaenge_model as v2;

use super::bestehende_darlehen::{Behandlung, darlehen_des_objekts};
use super::bundesland;
use super::immobilie::{ObjektTeile, objekt_teile};
use super::werte::{non_empty, set};
use crate::spec;

/// `marktwert` comes from the purpose (`marktwertFinanzierungsobjekt`). Returns the object
/// and the DSL `nachfinanzierung` flag, which v2 keeps in the `Vorhaben`.
pub(super) fn finanzierungsobjekt(
    objekt: &spec::Finanzierungsobjekt,
    zweck: Option<&spec::Finanzierungszweck>,
    marktwert: Option<Number>,
) -> (Option<v2::FinanzierungsObjekt>, Option<bool>) {
    let teile = objekt
        .immobilie
        .as_ref()
        .map(objekt_teile)
        .unwrap_or_default();
    let behandlungen = zweck.map(behandlungen).unwrap_or_default();
    let darlehen = darlehensliste(objekt)
        .iter()
        .map(|d| {
            let behandlung = d
                .referenz_id
                .as_ref()
                .and_then(|r| behandlungen.get(r.as_str()))
                .cloned()
                .unwrap_or_default();
            darlehen_des_objekts(&d.darlehen, behandlung)
        })
        .collect();
    let nachfinanzierung = teile.nachfinanzierung;
    let objekt = set(v2::FinanzierungsObjekt {
        bestehende_darlehen: non_empty(darlehen),
        // v2 keeps the same figure twice; `verkehrswert` is the older name.
        verkehrswert: marktwert.clone(),
        marktwert,
        ..objekt_aus(teile)
    });
    (objekt, nachfinanzierung)
}

/// `darlehenslisteErfassung`, else the deprecated `darlehensliste`.
fn darlehensliste(
    objekt: &spec::Finanzierungsobjekt,
) -> &[spec::BestehendesDarlehenDesFinanzierungsobjektes] {
    use spec::BestehendeDarlehenDesFinanzierungsobjektesErfassung as E;
    match &objekt.darlehensliste_erfassung {
        Some(E::VorhandeneBestehendeDarlehenDesFinanzierungsobjektes(v)) => {
            v.darlehensliste.as_deref().unwrap_or_default()
        }
        Some(E::KeineBestehendeDarlehenDesFinanzierungsobjektes(_)) => &[],
        None => objekt.darlehensliste.as_deref().unwrap_or_default(),
    }
}

/// What the purpose says about each existing loan, by the loan's `referenzId`.
fn behandlungen(zweck: &spec::Finanzierungszweck) -> HashMap<&str, Behandlung> {
    use spec::Finanzierungszweck as Z;
    let (abloesungen, rangruecktritte) = match zweck {
        Z::Kauf(k) => (
            &k.abloesung_darlehen_des_finanzierungsobjektes,
            &k.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
        Z::KaufNeubauVomBautraeger(k) => (
            &k.abloesung_darlehen_des_finanzierungsobjektes,
            &k.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
        Z::Neubau(n) => (
            &n.abloesung_darlehen_des_finanzierungsobjektes,
            &n.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
        Z::ModernisierungUmbauAnbau(m) => (
            &m.abloesung_darlehen_des_finanzierungsobjektes,
            &m.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
        Z::Anschlussfinanzierung(a) => (
            &a.abloesung_darlehen_des_finanzierungsobjektes,
            &a.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
        Z::Kapitalbeschaffung(k) => (
            &k.abloesung_darlehen_des_finanzierungsobjektes,
            &k.rangruecktritt_darlehen_des_finanzierungsobjektes,
        ),
    };
    let mut out = HashMap::new();
    for r in rangruecktritte.iter().flatten() {
        if let Some(id) = &r.referenz_id_bestehendes_darlehen {
            let verwenden_als = match r.tritt_im_rang_zurueck {
                Some(true) => Some(v2::VerwendenAls::TrittImRangZurueck),
                Some(false) => Some(v2::VerwendenAls::TrittNichtImRangZurueck),
                None => None,
            };
            out.insert(
                id.as_str(),
                Behandlung {
                    verwenden_als,
                    sondertilgung: None,
                },
            );
        }
    }
    // Paying a loan off wins over keeping it.
    for a in abloesungen.iter().flatten() {
        if let Some(id) = &a.referenz_id_abzuloesendes_darlehen {
            out.insert(
                id.as_str(),
                Behandlung {
                    verwenden_als: Some(v2::VerwendenAls::Abloesen),
                    sondertilgung: a.sondertilgung_zum_zinsbindungsende.clone(),
                },
            );
        }
    }
    out
}

fn objekt_aus(teile: ObjektTeile) -> v2::FinanzierungsObjekt {
    v2::FinanzierungsObjekt {
        bundesland: bundesland::der_adresse(teile.adresse.as_ref()),
        id: teile.id,
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
        ..Default::default()
    }
}
