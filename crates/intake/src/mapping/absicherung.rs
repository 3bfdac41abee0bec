//! `Finanzierungsbedarf.ratenschutzbausteine` → `Vorhaben.absicherungswunsch`.

use vorgaenge_model as v2;

use super::kunden::Kundenverzeichnis;
use super::werte::{each, monate, non_empty, same};
use crate::spec;

pub(super) fn absicherungswunsch(
    bausteine: &[spec::Ratenschutz],
    kunden: &Kundenverzeichnis,
) -> Option<v2::Absicherungswunsch> {
    let wuensche = bausteine
        .iter()
        .map(|r| versicherungs_wunsch(r, kunden))
        .collect();
    non_empty(wuensche).map(|wuensche| v2::Absicherungswunsch {
        id: None,
        versicherungs_wuensche: Some(wuensche),
    })
}

fn versicherungs_wunsch(
    r: &spec::Ratenschutz,
    kunden: &Kundenverzeichnis,
) -> v2::VersicherungsWunsch {
    use spec::Praemienzahlung as P;
    let (zahlungsweise, finanzierungsweise) = match &r.praemienzahlung {
        Some(P::EinmaligePraemienzahlung(e)) => (
            Some(v2::PraemienZahlungsweise::Einmalig),
            same(&e.absicherungsfinanzierungsweise),
        ),
        Some(P::MonatlichePraemienzahlung(_)) => (Some(v2::PraemienZahlungsweise::Monatlich), None),
        None => (None, None),
    };
    v2::VersicherungsWunsch {
        id: r.id.clone(),
        versicherungs_art: Some(v2::VersicherungsArt::Ratenschutzversicherung),
        versicherte_person_id: r
            .kundenreferenz_id_der_versicherten_person
            .as_deref()
            .and_then(|id| kunden.id(id)),
        versicherungs_wunsch_serialized: r.ratenschutz_details_base64.clone(),
        praemien_zahlungsweise: zahlungsweise,
        finanzierungs_weise: finanzierungsweise,
        versicherungs_beginn: r.versicherungsbeginn.clone(),
        versicherungs_dauer_in_monaten: r.versicherungsdauer_in_jahren.and_then(monate),
        risiko_absicherungs_wuensche: each(&r.risikoabsicherungswuensche, |w| {
            v2::RisikoAbsicherungsWunsch {
                abzusicherndes_risiko: same(&w.abzusicherndes_risiko),
                versicherte_rate: w.versicherte_rate.clone(),
                versicherungs_summe: w.versicherungssumme.clone(),
            }
        }),
    }
}
