//! KfW and regional development loans (`KfwDarlehen`, `RegionalFoerderDarlehen`) → their v2
//! loan wishes. The programmes' terms differ per programme and are read one by one.

use serde_json::Number;
use vorgaenge_model as v2;

use super::kunden::Kundenverzeichnis;
use super::tilgung::tilgung;
use super::werte::same;
use crate::spec;

/// The terms of a KfW programme; which of them a programme has differs.
#[derive(Debug, Default)]
struct KfwKonditionen<'a> {
    laufzeit: Option<i32>,
    anlaufjahre: Option<i32>,
    zinsbindung: Option<i32>,
    standard: Option<&'a String>,
    sanierungsfahrplan: Option<bool>,
}

pub(super) fn kfw(k: &spec::KfwDarlehen, kunden: &Kundenverzeichnis) -> v2::KfwDarlehensWunsch {
    use spec::KfwProgramm as P;
    use v2::KfwProgramm as V;
    let bedingungen = |laufzeit, anlaufjahre, zinsbindung| KfwKonditionen {
        laufzeit,
        anlaufjahre,
        zinsbindung,
        ..Default::default()
    };
    let (programm, gruppe, konditionen) = match &k.programm {
        P::KfwProgramm124(p) => (
            V::Programm124,
            None,
            bedingungen(
                Some(p.laufzeit_in_jahren),
                Some(p.tilgungsfreie_anlaufjahre),
                Some(p.zinsbindung_in_jahren),
            ),
        ),
        P::KfwProgramm151(p) => (
            V::Programm151,
            None,
            bedingungen(p.laufzeit_in_jahren, p.tilgungsfreie_anlaufjahre, None),
        ),
        P::KfwProgramm152(p) => (
            V::Programm152,
            None,
            bedingungen(
                Some(p.laufzeit_in_jahren),
                Some(p.tilgungsfreie_anlaufjahre),
                None,
            ),
        ),
        P::KfwProgramm153(p) => (
            V::Programm153,
            None,
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                ..bedingungen(
                    Some(p.laufzeit_in_jahren),
                    Some(p.tilgungsfreie_anlaufjahre),
                    Some(p.zinsbindung_in_jahren),
                )
            },
        ),
        P::KfwProgramm159(p) => (
            V::Programm159,
            None,
            bedingungen(
                p.laufzeit_in_jahren,
                Some(p.tilgungsfreie_anlaufjahre),
                p.zinsbindung_in_jahren,
            ),
        ),
        // One figure for both term and fixed-rate period.
        P::KfwProgramm167(p) => (
            V::Programm167,
            None,
            bedingungen(
                Some(p.laufzeit_und_zinsbindung_in_jahren),
                Some(p.tilgungsfreie_anlaufjahre),
                Some(p.laufzeit_und_zinsbindung_in_jahren),
            ),
        ),
        P::KfwProgramm261Neubau(p) => (
            V::Programm261,
            Some(v2::KfwEnergieEffizienzGruppe::Neubau),
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                ..bedingungen(p.laufzeit_in_jahren, p.tilgungsfreie_anlaufjahre, None)
            },
        ),
        P::KfwProgramm261Sanierung(p) => (
            V::Programm261,
            Some(v2::KfwEnergieEffizienzGruppe::Sanierung),
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                sanierungsfahrplan: p.kfw_sanierungs_fahrplan_liegt_vor,
                ..bedingungen(p.laufzeit_in_jahren, p.tilgungsfreie_anlaufjahre, None)
            },
        ),
        P::KfwProgramm262(p) => (
            V::Programm262,
            None,
            KfwKonditionen {
                sanierungsfahrplan: p.kfw_sanierungs_fahrplan_liegt_vor,
                ..bedingungen(p.laufzeit_in_jahren, p.tilgungsfreie_anlaufjahre, None)
            },
        ),
        P::KfwProgramm297(p) => (
            V::Programm297,
            None,
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                ..bedingungen(
                    p.laufzeit_in_jahren,
                    Some(p.tilgungsfreie_anlaufjahre),
                    p.zinsbindung_in_jahren,
                )
            },
        ),
        P::KfwProgramm298(p) => (
            V::Programm298,
            None,
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                ..bedingungen(
                    p.laufzeit_in_jahren,
                    Some(p.tilgungsfreie_anlaufjahre),
                    p.zinsbindung_in_jahren,
                )
            },
        ),
        P::KfwProgramm300(p) => (
            V::Programm300,
            None,
            KfwKonditionen {
                standard: p.kfw_energie_effizienz_standard.as_ref(),
                ..bedingungen(
                    p.laufzeit_in_jahren,
                    Some(p.tilgungsfreie_anlaufjahre),
                    p.zinsbindung_in_jahren,
                )
            },
        ),
        P::KfwProgramm308(p) => (
            V::Programm308,
            None,
            bedingungen(
                p.laufzeit_in_jahren,
                Some(p.tilgungsfreie_anlaufjahre),
                p.zinsbindung_in_jahren,
            ),
        ),
        P::KfwProgramm358(p) => (
            V::Programm358,
            None,
            bedingungen(
                p.laufzeit_in_jahren,
                Some(p.tilgungsfreie_anlaufjahre),
                p.zinsbindung_in_jahren,
            ),
        ),
        P::KfwProgramm359(p) => (
            V::Programm359,
            None,
            bedingungen(
                p.laufzeit_in_jahren,
                Some(p.tilgungsfreie_anlaufjahre),
                p.zinsbindung_in_jahren,
            ),
        ),
    };
    v2::KfwDarlehensWunsch {
        kfw_programm: Some(programm),
        kfw_energie_effizienz_gruppe: gruppe,
        darlehens_betrag: Some(k.darlehensbetrag.clone()),
        kfw_endfaellig: same(&k.kfw_endfaellig),
        laufzeit_in_jahren: konditionen.laufzeit,
        tilgungsfreie_anlaufjahre: konditionen.anlaufjahre,
        zins_bindung_in_jahren: konditionen.zinsbindung,
        // `STANDARD_40_EEK_ONLY` has no v2 counterpart and is left out.
        kfw_energie_effizienz_standard: same(&konditionen.standard.cloned()),
        kfw_sanierungs_fahrplan_liegt_vor: konditionen.sanierungsfahrplan,
        tilgungs_wunsch: k.tilgungswunsch.as_ref().and_then(|t| tilgung(t, kunden)),
        provision: None,
    }
}

pub(super) fn regional(r: &spec::RegionalFoerderDarlehen) -> v2::RegionalFoerderDarlehensWunsch {
    use spec::RegionalFoerderbankProgramm as P;
    use v2::RegionalFoerderbankProgramm as V;
    let anfaenglich = |t: Option<&Number>| {
        t.map(|t| v2::TilgungsWunsch {
            anfaengliche_tilgung: Some(t.clone()),
            ..Default::default()
        })
    };
    let standard =
        |programm, laufzeit, anlaufjahre, zinsbindung| v2::RegionalFoerderDarlehensWunsch {
            regional_foerderbank_programm: Some(programm),
            laufzeit_in_jahren: Some(laufzeit),
            tilgungsfreie_anlaufjahre: Some(anlaufjahre),
            zins_bindung_in_jahren: Some(zinsbindung),
            ..Default::default()
        };
    let wunsch = match &r.programm {
        P::IbshImmoeigentum(p) => v2::RegionalFoerderDarlehensWunsch {
            regional_foerderbank_programm: Some(V::IbshImmoeigentum),
            zins_bindung_in_jahren: Some(p.zinsbindung_in_jahren),
            tilgungs_wunsch: anfaenglich(
                p.tilgungs_wunsch
                    .as_ref()
                    .and_then(|t| t.anfaengliche_tilgung.as_ref()),
            ),
            ..Default::default()
        },
        P::IbshImmofix(p) => v2::RegionalFoerderDarlehensWunsch {
            regional_foerderbank_programm: Some(V::IbshImmofix),
            zins_bindung_in_jahren: Some(p.zinsbindung_in_jahren),
            tilgungs_wunsch: anfaenglich(
                p.tilgungs_wunsch
                    .as_ref()
                    .and_then(|t| t.anfaengliche_tilgung.as_ref()),
            ),
            ..Default::default()
        },
        P::IbshImmoflex(p) => v2::RegionalFoerderDarlehensWunsch {
            regional_foerderbank_programm: Some(V::IbshImmoflex),
            zins_bindung_in_jahren: Some(p.zinsbindung_in_jahren),
            tilgungs_wunsch: anfaenglich(
                p.tilgungs_wunsch
                    .as_ref()
                    .and_then(|t| t.anfaengliche_tilgung.as_ref()),
            ),
            ..Default::default()
        },
        P::IbshImmokonstant(p) => v2::RegionalFoerderDarlehensWunsch {
            regional_foerderbank_programm: Some(V::IbshImmokonstant),
            tilgungs_wunsch: Some(v2::TilgungsWunsch {
                volltilger_wenn_annuitaeten_oder_forward: Some(
                    p.volltilger_wenn_annuitaeten_oder_forward,
                ),
                ..Default::default()
            }),
            ..Default::default()
        },
        P::LBankKombiDarlehenWohnen(p) => standard(
            V::LBankKombiDarlehenWohnen,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
        P::LBankWohnenMitKind(p) => standard(
            V::LBankWohnenMitKind,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
        P::LBankWohnenMitZukunft(p) => standard(
            V::LBankWohnenMitZukunft,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
        P::NRWBankGebaeudesanierung(p) => standard(
            V::NrwBankGebaeudesanierung,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
        P::NRWBankNachhaltigWohnen(p) => standard(
            V::NrwBankNachhaltigWohnen,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
        P::NRWBankWohneigentum(p) => standard(
            V::NrwBankWohneigentum,
            p.laufzeit_in_jahren,
            p.tilgungsfreie_anlaufjahre,
            p.zinsbindung_in_jahren,
        ),
    };
    v2::RegionalFoerderDarlehensWunsch {
        darlehens_betrag: Some(r.darlehensbetrag.clone()),
        ..wunsch
    }
}
