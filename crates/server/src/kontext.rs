//! The data context of a case as the store keeps it ([`vorgaenge_store::DatenKontext`]) and as
//! the contract's model and the access rules name it ([`vorgaenge_model::DatenKontext`]): the
//! two conversions, the one place the server crosses between them.

use vorgaenge_model::DatenKontext;

/// The model's value of a context read from the store.
pub(crate) fn from_store(kontext: vorgaenge_store::DatenKontext) -> DatenKontext {
    match kontext {
        vorgaenge_store::DatenKontext::TestModus => DatenKontext::TestModus,
        vorgaenge_store::DatenKontext::EchtGeschaeft => DatenKontext::EchtGeschaeft,
    }
}

/// The store's value of a context the request names.
pub(crate) fn to_store(kontext: DatenKontext) -> vorgaenge_store::DatenKontext {
    match kontext {
        DatenKontext::TestModus => vorgaenge_store::DatenKontext::TestModus,
        DatenKontext::EchtGeschaeft => vorgaenge_store::DatenKontext::EchtGeschaeft,
    }
}
