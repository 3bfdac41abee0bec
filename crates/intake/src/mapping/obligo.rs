//! Santander's household extras (accounts and liabilities with their account numbers) →
//! `Haushalt.obligo`, the lender-specific list of assets and liabilities in v2.
//!
//! `bezeichner` is the request's name of the item (e.g. `dispokredit`), so that the kind of
//! item survives; v2 prescribes no vocabulary for it.

use vorgaenge_model as v2;

use super::werte::non_empty;
use crate::spec;

pub(super) fn obligo(
    santander: &spec::ZusatzangabenHaushaltSantander,
) -> Option<v2::VermoegenVerbindlichkeiten> {
    let mut eintraege = Vec::new();
    if let Some(v) = &santander.vermoegen {
        let vermoegen = [
            ("bankUndSparguthaben", &v.bank_und_sparguthaben),
            ("bausparvertrag", &v.bausparvertrag),
            (
                "lebensversicherungFondsgebunden",
                &v.lebensversicherung_fondsgebunden,
            ),
            (
                "lebensversicherungKapitalgebunden",
                &v.lebensversicherung_kapitalgebunden,
            ),
            (
                "rentenversicherungFondsgebunden",
                &v.rentenversicherung_fondsgebunden,
            ),
            (
                "rentenversicherungKapitalgebunden",
                &v.rentenversicherung_kapitalgebunden,
            ),
            ("sonstigesVermoegen", &v.sonstiges_vermoegen),
            ("wertpapiereAktien", &v.wertpapiere_aktien),
        ];
        for (bezeichner, eintrag) in vermoegen {
            if let Some(e) = eintrag {
                eintraege.push(v2::VermoegenVerbindlichkeit {
                    bezeichner: Some(bezeichner.to_owned()),
                    aktueller_wert: e.guthaben.clone(),
                    kontonummer: e.kontonummer.clone(),
                    vermoegens_typ: Some(v2::VermoegensTyp::Vermoegen),
                    ..Default::default()
                });
            }
        }
    }
    if let Some(v) = &santander.verbindlichkeiten {
        let verbindlichkeiten = [
            ("buergschaft", &v.buergschaft),
            ("dispokredit", &v.dispokredit),
            ("immobilienkredit", &v.immobilienkredit),
            ("kfwHausbankenwechsel", &v.kfw_hausbankenwechsel),
            ("kkKredit", &v.kk_kredit),
            ("konsumentenkredit", &v.konsumentenkredit),
            ("kreditkarte", &v.kreditkarte),
        ];
        for (bezeichner, eintrag) in verbindlichkeiten {
            if let Some(e) = eintrag {
                eintraege.push(v2::VermoegenVerbindlichkeit {
                    bezeichner: Some(bezeichner.to_owned()),
                    aktueller_wert: e.hoehe.clone(),
                    anrechnung_fuer_blanko_anteil: e.anrechnung_fuer_blankoanteil.clone(),
                    kontonummer: e.kontonummer.clone(),
                    vermoegens_typ: Some(v2::VermoegensTyp::Verbindlichkeit),
                });
            }
        }
    }
    non_empty(eintraege).map(|eintraege| v2::VermoegenVerbindlichkeiten {
        vermoegen_oder_verbindlichkeiten: Some(eintraege),
    })
}
