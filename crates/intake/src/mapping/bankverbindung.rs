//! `Kundenangaben.bankverbindung` → `Vorgang.bankverbindung`.

use vorgaenge_model as v2;

use super::kunden::Kundenverzeichnis;
use super::werte::{non_empty, set};
use crate::spec;

pub(super) fn bankverbindung(
    b: &spec::Bankverbindung,
    kunden: &Kundenverzeichnis,
) -> Option<v2::Bankverbindung> {
    set(v2::Bankverbindung {
        id: b.id.clone(),
        iban: b.iban.clone(),
        bic: b.bic.clone(),
        kontoinhaber_ids: b
            .kundenreferenz_ids_der_kontoinhaber
            .as_ref()
            .and_then(|ids| non_empty(kunden.ids(ids))),
        kontoinhaber_name: b.name_kontoinhaber_kein_kunde.clone(),
        kreditinstitut: None,
    })
}
