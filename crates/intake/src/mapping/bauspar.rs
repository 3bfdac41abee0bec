//! Bauspar contracts to be taken out (`Bauspardarlehen`) → `BausparWunsch`.

use vorgaenge_model as v2;

use super::kunden::Kundenverzeichnis;
use super::werte::{each, non_empty, same};
use crate::spec;

/// A Bauspar contract to be taken out, as financing component or as repayment substitute.
pub(super) fn bauspar_wunsch(
    b: &spec::Bauspardarlehen,
    kunden: &Kundenverzeichnis,
) -> v2::BausparWunsch {
    use spec::BauspardarlehenWunschparameter as W;
    let mut wunsch = v2::BausparWunsch {
        id: b.id.clone(),
        abschluss_gebuehren_verrechnung: same(&b.abschlussgebuehrmodus),
        verwendung_zulagen: same(&b.riesterzulagenverwendung),
        verwendung: b.verwendung.as_deref().and_then(bauspar_verwendung),
        sonder_zahlungen: each(&b.sonderzahlungen, sonderzahlung),
        vertrags_partner_ids: b
            .kundenreferenz_ids_der_vertragspartner
            .as_ref()
            .and_then(|ids| non_empty(kunden.ids(ids))),
        bauspar_tarif: each(&b.tarif_liste, |tarif| v2::BausparTarif {
            id: Some(tarif.clone()),
            ..Default::default()
        }),
        ..Default::default()
    };
    for parameter in b.wunschparameter.iter().flatten() {
        match parameter {
            W::Bausparsumme(s) => wunsch.bauspar_summe_absolut = s.betrag.clone(),
            W::MonatlicherSparbeitrag(s) => {
                wunsch.spar_beitrag_monatlich_absolut = s.betrag.clone()
            }
            W::Sparbeginn(s) => wunsch.spar_beginn = s.beginn.clone(),
            W::Tilgungsrate(t) => wunsch.tilgungs_beitrag_monatlich = t.betrag.clone(),
            W::Zuteilungszeitpunkt(z) => wunsch.zuteilungs_datum = Some(z.zeitpunkt.clone()),
        }
    }
    wunsch
}

/// An assigned contract replaces repayment; a freely saved one secures the interest rate.
fn bauspar_verwendung(verwendung: &str) -> Option<v2::Verwendung> {
    match verwendung {
        "ABTRETEN" => Some(v2::Verwendung::TilgungsAusgesetzt),
        "FREI_BESPAREN" => Some(v2::Verwendung::ZinsAbsicherung),
        _ => None,
    }
}

pub(super) fn sonderzahlung(s: &spec::Sonderzahlung) -> v2::SonderZahlung {
    v2::SonderZahlung {
        anzahl: s.anzahl,
        betrag: s.betrag.clone(),
        termin: s.termin.clone(),
        zahlweise: same(&s.zahlweise),
    }
}
