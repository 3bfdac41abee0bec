//! `Finanzierungsbedarf.finanzierungsbausteine` → `Vorhaben.finanzierungswunsch`: loans
//! become `darlehensWuensche`, Bauspar contracts `bausparWuensche` ([`super::bauspar`]);
//! KfW and regional development loans are in [`super::foerderdarlehen`].

use vorgaenge_model as v2;

use super::bauspar::bauspar_wunsch;
use super::foerderdarlehen::{kfw, regional};
use super::kunden::Kundenverzeichnis;
use super::tilgung::tilgung;
use super::werte::{non_empty, same, set};
use crate::spec;

pub(super) fn finanzierungswunsch(
    bausteine: &[spec::Finanzierungsbaustein],
    kunden: &Kundenverzeichnis,
) -> Option<v2::Finanzierungswunsch> {
    let mut darlehen = Vec::new();
    let mut bauspar = Vec::new();
    for baustein in bausteine {
        match baustein {
            spec::Finanzierungsbaustein::Bauspardarlehen(b) => {
                bauspar.push(bauspar_wunsch(b, kunden))
            }
            loan => darlehen.extend(darlehens_wunsch(loan, kunden)),
        }
    }
    set(v2::Finanzierungswunsch {
        darlehens_wuensche: non_empty(darlehen),
        bauspar_wuensche: non_empty(bauspar),
        id: None,
    })
}

/// A loan wish; `None` for a Bauspar contract, which is not a loan in v2.
fn darlehens_wunsch(
    baustein: &spec::Finanzierungsbaustein,
    kunden: &Kundenverzeichnis,
) -> Option<v2::DarlehensWunsch> {
    use spec::Finanzierungsbaustein as F;
    let darlehen = match baustein {
        F::Annuitaetendarlehen(a) => v2::DarlehensWunsch {
            id: a.id.clone(),
            annuitaeten_darlehen: Some(annuitaet(a, kunden)),
            ..Default::default()
        },
        F::Forwarddarlehen(f) => v2::DarlehensWunsch {
            id: f.id.clone(),
            forward_darlehen: Some(forward(f, kunden)),
            ..Default::default()
        },
        F::Konstantdarlehen(k) => v2::DarlehensWunsch {
            id: k.id.clone(),
            annuitaeten_darlehen: Some(konstant(k)),
            ..Default::default()
        },
        F::KfwDarlehen(k) => v2::DarlehensWunsch {
            id: k.id.clone(),
            kfw_darlehen: Some(kfw(k, kunden)),
            ..Default::default()
        },
        F::RegionalFoerderDarlehen(r) => v2::DarlehensWunsch {
            id: r.id.clone(),
            regional_foerder_darlehen: Some(regional(r)),
            ..Default::default()
        },
        F::Privatdarlehen(p) => v2::DarlehensWunsch {
            id: p.id.clone(),
            privat_darlehen: Some(v2::PrivatDarlehensWunsch {
                darlehens_betrag: p.darlehensbetrag.clone(),
                laufzeit_in_monaten: p.laufzeit_in_monaten,
                provision: p.provision.clone(),
            }),
            ..Default::default()
        },
        F::VariablesDarlehen(v) => v2::DarlehensWunsch {
            id: v.id.clone(),
            variables_darlehen: Some(v2::VariablesDarlehensWunsch {
                darlehens_betrag: v.darlehensbetrag.clone(),
                provision: v.provision.clone(),
                tilgungs_wunsch: v.tilgungswunsch.as_ref().and_then(|t| tilgung(t, kunden)),
            }),
            ..Default::default()
        },
        F::Zwischenfinanzierung(z) => v2::DarlehensWunsch {
            id: z.id.clone(),
            zwischen_finanzierung: Some(v2::ZwischenFinanzierungsWunsch {
                darlehens_betrag: z.darlehensbetrag.clone(),
                details_zur_verwendung: z.details_zur_verwendung.clone(),
                maximale_laufzeit_in_monaten: z.maximale_laufzeit_in_monaten,
                provision: z.provision.clone(),
                verwendungszweck: same(&z.verwendungszweck),
            }),
            ..Default::default()
        },
        F::Bauspardarlehen(_) => return None,
    };
    Some(darlehen)
}

fn annuitaet(
    a: &spec::Annuitaetendarlehen,
    kunden: &Kundenverzeichnis,
) -> v2::AnnuitaetenDarlehensWunsch {
    let details = a.annuitaetendetails.as_ref();
    let riester_person = a
        .kundenreferenz_id_der_riester_gefoerderten_person
        .as_deref()
        .and_then(|r| kunden.id(r));
    v2::AnnuitaetenDarlehensWunsch {
        darlehens_betrag: a.darlehensbetrag.clone(),
        provision: a.provision.clone(),
        bereitstellungs_zins_freie_zeit_in_monaten: a.bereitstellungszinsfreie_zeit_in_monaten,
        riester_foerderung: riester_person.as_ref().map(|_| true),
        riester_gefoerderte_person: riester_person,
        auszahlungs_zeitpunkt: details.and_then(|d| d.auszahlungszeitpunkt.clone()),
        sondertilgung_optional_jaehrlich: details.and_then(|d| d.sondertilgung_jaehrlich.clone()),
        zins_bindung_in_jahren: details.and_then(|d| d.zinsbindung_in_jahren),
        tilgungs_wunsch: details
            .and_then(|d| d.tilgungswunsch.as_ref())
            .and_then(|t| tilgung(t, kunden)),
        auszahlungs_datum: None,
    }
}

fn forward(f: &spec::Forwarddarlehen, kunden: &Kundenverzeichnis) -> v2::ForwardDarlehensWunsch {
    let details = f.annuitaetendetails.as_ref();
    v2::ForwardDarlehensWunsch {
        darlehens_betrag: f.darlehensbetrag.clone(),
        provision: f.provision.clone(),
        auszahlungs_zeitpunkt: details.and_then(|d| d.auszahlungszeitpunkt.clone()),
        sondertilgung_optional_jaehrlich: details.and_then(|d| d.sondertilgung_jaehrlich.clone()),
        zins_bindung_in_jahren: details.and_then(|d| d.zinsbindung_in_jahren),
        tilgungs_wunsch: details
            .and_then(|d| d.tilgungswunsch.as_ref())
            .and_then(|t| tilgung(t, kunden)),
        ..Default::default()
    }
}

/// v2 has no constant-rate loan: it is an annuity loan paid off completely at a fixed rate
/// (Volltilger).
fn konstant(k: &spec::Konstantdarlehen) -> v2::AnnuitaetenDarlehensWunsch {
    v2::AnnuitaetenDarlehensWunsch {
        darlehens_betrag: k.darlehensbetrag.clone(),
        provision: k.provision.clone(),
        auszahlungs_zeitpunkt: k.auszahlungszeitpunkt.clone(),
        bereitstellungs_zins_freie_zeit_in_monaten: k.bereitstellungszinsfreie_zeit_in_monaten,
        tilgungs_wunsch: Some(v2::TilgungsWunsch {
            rate: k.rate.clone(),
            volltilger_wenn_annuitaeten_oder_forward: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    }
}
