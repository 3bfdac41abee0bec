//! The repayment wish (Tilgungswunsch) of a loan: shared by the bank loans of the financing
//! wish and by the subsidised loans.

use vorgaenge_model as v2;

use super::bauspar::bauspar_wunsch;
use super::kunden::Kundenverzeichnis;
use super::werte::set;
use crate::spec;

pub(super) fn tilgung(
    wunsch: &spec::Tilgungswunsch,
    kunden: &Kundenverzeichnis,
) -> Option<v2::TilgungsWunsch> {
    use spec::Tilgungswunsch as T;
    set(match wunsch {
        T::Rate(r) => v2::TilgungsWunsch {
            rate: r.rate.clone(),
            tilgungs_beginn: r.tilgungsbeginn.clone(),
            ..Default::default()
        },
        T::TilgungInProzent(t) => v2::TilgungsWunsch {
            anfaengliche_tilgung: t.tilgungssatz_in_prozent.clone(),
            tilgungs_beginn: t.tilgungsbeginn.clone(),
            ..Default::default()
        },
        T::Volltilger(v) => v2::TilgungsWunsch {
            volltilger_wenn_annuitaeten_oder_forward: Some(true),
            tilgungs_beginn: v.tilgungsbeginn.clone(),
            ..Default::default()
        },
        T::TilgungAusgesetzt(a) => v2::TilgungsWunsch {
            bauspar_wunsch: a.bausparwunsch.as_ref().map(|b| bauspar_wunsch(b, kunden)),
            tilgungs_ersatz_produkt_id: a.tilgungsersatz_produkt_id.clone(),
            ..Default::default()
        },
    })
}
