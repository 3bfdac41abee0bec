//! `Haushalt.finanzielleSituation` (income, expenses, assets, liabilities) →
//! `Haushalt.positionen`.
//!
//! The request gives most items as one monthly sum; v2 keeps lists of items, so each sum
//! becomes a one-element list. Every item is marked as income, expense, asset or liability
//! (`zahlungsTyp`, `vermoegensTyp`, and `typ` of Bauspar contracts) with the constants
//! upstream gives each kind: assets that yield (bank balances, securities) are income,
//! those paid into (Bauspar contracts, insurances, savings plans) an expense, other assets
//! neither.

use serde_json::Number;
use vorgaenge_model as v2;

use super::produktanbieter::produkt_anbieter;
use super::werte::{each, same, set};
use crate::spec;

const AUSGABE: v2::ZahlungsTyp = v2::ZahlungsTyp::Ausgabe;
const EINNAHME: v2::ZahlungsTyp = v2::ZahlungsTyp::Einnahme;
const VERMOEGEN: v2::VermoegensTyp = v2::VermoegensTyp::Vermoegen;
const VERBINDLICHKEIT: v2::VermoegensTyp = v2::VermoegensTyp::Verbindlichkeit;
/// `BestehenderBausparvertrag.typ`: a free text in the contract, always this upstream.
const BAUSPARVERTRAG: &str = "BAUSPARVERTRAG";

pub(super) fn positionen(
    situation: &spec::FinanzielleSituation,
) -> Option<v2::HaushaltsPositionen> {
    let positionen = v2::HaushaltsPositionen::default();
    let positionen = match &situation.ausgaben {
        Some(a) => ausgaben(a, positionen),
        None => positionen,
    };
    let positionen = match &situation.einnahmen {
        Some(e) => einnahmen(e, positionen),
        None => positionen,
    };
    let positionen = match &situation.verbindlichkeiten {
        Some(v) => verbindlichkeiten(v, positionen),
        None => positionen,
    };
    let positionen = match &situation.vermoegen {
        Some(v) => vermoegen(v, positionen),
        None => positionen,
    };
    set(positionen)
}

fn ausgaben(a: &spec::Haushaltsausgaben, p: v2::HaushaltsPositionen) -> v2::HaushaltsPositionen {
    v2::HaushaltsPositionen {
        miet_ausgaben: a.summe_mietausgaben.as_ref().and_then(|m| {
            set(v2::MietAusgaben {
                ausgaben_monatlich: m.betrag_monatlich.clone(),
                entfallen_mit_finanzierung: m.entfaellt_mit_finanzierung,
                zahlungs_typ: Some(AUSGABE),
                ..Default::default()
            })
            .map(|m| vec![m])
        }),
        private_krankenversicherung: ausgabe(
            a.summe_privater_krankenversicherungen_monatlich.as_ref(),
        ),
        sonstige_ausgaben: ausgabe(betrag(&a.summe_sonstiger_ausgaben_monatlich)),
        versicherungs_ausgaben: ausgabe(betrag(&a.summe_sonstiger_versicherungsausgaben_monatlich)),
        unterhalts_verpflichtungen: each(&a.unterhaltsverpflichtungen_monatlich, |betrag| {
            ausgabe_monatlich(betrag)
        }),
        ..p
    }
}

fn einnahmen(e: &spec::Haushaltseinnahmen, p: v2::HaushaltsPositionen) -> v2::HaushaltsPositionen {
    v2::HaushaltsPositionen {
        einkuenfte_aus_nebentaetigkeit: each(&e.einkuenfte_aus_nebentaetigkeit, |n| {
            v2::EinkuenfteAusNebentaetigkeit {
                beginn_der_nebentaetigkeit: n.beginn_der_taetigkeit.clone(),
                einnahmen_monatlich: n.betrag_monatlich.clone(),
                zahlungs_typ: Some(EINNAHME),
            }
        }),
        ehegatten_unterhalt: einnahme(e.summe_ehegattenunterhalt.as_ref()),
        sonstige_einnahmen: einnahme(betrag(&e.summe_sonstige_einnahmen_monatlich)),
        unbefristete_zusatz_renten: einnahme(betrag(&e.summe_unbefristete_zusatzrenten_monatlich)),
        variable_einkuenfte: einnahme(e.summe_variabler_einkuenfte_monatlich.as_ref()),
        ..p
    }
}

fn verbindlichkeiten(
    v: &spec::Haushaltsverbindlichkeiten,
    p: v2::HaushaltsPositionen,
) -> v2::HaushaltsPositionen {
    v2::HaushaltsPositionen {
        private_darlehen: each(&v.privatdarlehen, verbindlichkeit),
        ratenkredite: each(&v.ratenkredite, verbindlichkeit),
        sonstige_verbindlichkeiten: v
            .sonstige_verbindlichkeit
            .as_ref()
            .map(|s| vec![verbindlichkeit(s)]),
        ..p
    }
}

fn verbindlichkeit(v: &spec::Verbindlichkeit) -> v2::Verbindlichkeit {
    v2::Verbindlichkeit {
        glaeubiger: v.glaeubiger.clone(),
        laufzeit_ende: v.laufzeitende.clone(),
        rate_monatlich: v.rate_monatlich.clone(),
        restschuld: v.restschuld.clone(),
        wird_abgeloest: v.wird_abgeloest,
        vermoegens_typ: Some(VERBINDLICHKEIT),
        zahlungs_typ: Some(AUSGABE),
    }
}

fn vermoegen(v: &spec::Haushaltsvermoegen, p: v2::HaushaltsPositionen) -> v2::HaushaltsPositionen {
    v2::HaushaltsPositionen {
        bausparvertraege: each(&v.bausparvertraege, bausparvertrag),
        lebens_und_renten_versicherungen: each(&v.lebens_oder_rentenversicherungen, versicherung),
        bank_und_sparguthaben: v.summe_bank_und_sparguthaben.as_ref().map(|b| {
            let (einsatz, maximal) = verwendung(b.verwendung.as_ref());
            vec![v2::BankUndSparguthaben {
                aktueller_wert: b.guthaben.clone(),
                zinsertrag_jaehrlich: b.zinsertrag_jaehrlich.clone(),
                vermoegens_einsatz: einsatz,
                // Upstream: nothing of a balance is to be liquidated unless said otherwise.
                maximal_aufzuloesender_wert: maximal.or_else(|| Some(Number::from(0))),
                vermoegens_typ: Some(VERMOEGEN),
                zahlungs_typ: Some(EINNAHME),
                ..Default::default()
            }]
        }),
        wertpapiere: v.summe_depotvermoegen.as_ref().map(|d| {
            let (einsatz, maximal) = verwendung(d.verwendung.as_ref());
            vec![v2::Wertpapiere {
                aktueller_wert: d.depotwert.clone(),
                vermoegens_einsatz: einsatz,
                maximal_aufzuloesender_wert: maximal,
                vermoegens_typ: Some(VERMOEGEN),
                zahlungs_typ: Some(EINNAHME),
                ..Default::default()
            }]
        }),
        sonstige_vermoegen: v.summe_sonstiges_vermoegen.as_ref().map(|s| {
            let (einsatz, maximal) = verwendung(s.verwendung.as_ref());
            vec![v2::Vermoegen {
                aktueller_wert: s.aktueller_wert.clone(),
                vermoegens_einsatz: einsatz,
                maximal_aufzuloesender_wert: maximal,
                vermoegens_typ: Some(VERMOEGEN),
                ..Default::default()
            }]
        }),
        sparplaene: v.summe_sparplaene.as_ref().map(|s| {
            let (einsatz, maximal) = verwendung(s.verwendung.as_ref());
            vec![v2::Sparplaene {
                aktueller_wert: s.aktueller_wert.clone(),
                beitrag_monatlich: s.betrag_monatlich.clone(),
                vermoegens_einsatz: einsatz,
                maximal_aufzuloesender_wert: maximal,
                vermoegens_typ: Some(VERMOEGEN),
                zahlungs_typ: Some(AUSGABE),
                ..Default::default()
            }]
        }),
        ..p
    }
}

fn bausparvertrag(b: &spec::BausparvertragAlsVermoegen) -> v2::BestehenderBausparvertrag {
    let (einsatz, maximal) = zusatzsicherheit(b.verwendung.as_ref());
    v2::BestehenderBausparvertrag {
        id: b.id.clone(),
        aktueller_wert: b.angesparter_betrag.clone(),
        bauspar_summe: b.bausparsumme.clone(),
        produkt_anbieter: b.bausparkasse.as_deref().map(produkt_anbieter),
        spar_beitrag_monatlich: b.sparbeitrag_monatlich.clone(),
        tarif: b.tarif.clone(),
        vertrags_beginn: b.vertragsbeginn.clone(),
        vertrags_nummer: b.vertragsnummer.clone(),
        verwaltungsgebuehren_jaehrlich: b.jahresentgelt.clone(),
        zuteilungs_datum: b.zuteilungsdatum.clone(),
        vermoegens_einsatz: einsatz,
        maximal_aufzuloesender_betrag: maximal,
        vermoegens_typ: Some(VERMOEGEN),
        zahlungs_typ: Some(AUSGABE),
        typ: Some(BAUSPARVERTRAG.to_owned()),
        ..Default::default()
    }
}

fn versicherung(
    v: &spec::LebensOderRentenversicherung,
) -> v2::LebensOderRentenversicherungVermoegen {
    let (einsatz, maximal) = zusatzsicherheit(v.verwendung.as_ref());
    let details = v.details_wenn_zusatzsicherheit.clone().unwrap_or_default();
    v2::LebensOderRentenversicherungVermoegen {
        id: v.id.clone(),
        praemie_monatlich: v.praemie_monatlich.clone(),
        rueckkaufs_wert_aktuell: v.rueckkaufswert.clone(),
        tarif: details.tarif,
        typ: same(&details.versicherungsart),
        versicherungs_gesellschaft: details.versicherungsgesellschaft,
        versicherungs_summe: details.versicherungssumme,
        vertrags_beginn: details.vertragsdatum,
        vertrags_ende: details.vertragsende,
        vertrags_nummer: details.vertragsnummer,
        verwaltungsgebuehren_jaehrlich: details.verwaltungsgebuehren_jaehrlich,
        vermoegens_einsatz: einsatz,
        maximal_aufzuloesender_betrag: maximal,
        vermoegens_typ: Some(VERMOEGEN),
        zahlungs_typ: Some(AUSGABE),
    }
}

/// How an asset is used for the financing, and up to which amount it may be liquidated.
fn verwendung(
    v: Option<&spec::LiquidierbareVerwendung>,
) -> (Option<v2::VermoegensEinsatz>, Option<Number>) {
    match v {
        Some(spec::LiquidierbareVerwendung::AufloesungAlsVerwendung(a)) => (
            Some(v2::VermoegensEinsatz::Aufloesen),
            a.maximal_einzusetzender_betrag.clone(),
        ),
        Some(spec::LiquidierbareVerwendung::KeineVerwendung(_)) => {
            (Some(v2::VermoegensEinsatz::KeinEinsatz), None)
        }
        None => (None, None),
    }
}

/// As [`verwendung`], for assets that can also be assigned as collateral.
fn zusatzsicherheit(
    v: Option<&spec::LiquidierbareZusatzsicherheitVerwendung>,
) -> (Option<v2::VermoegensEinsatz>, Option<Number>) {
    use spec::LiquidierbareZusatzsicherheitVerwendung as V;
    match v {
        Some(V::AbtretenAlsVerwendung(_)) => (Some(v2::VermoegensEinsatz::Abtreten), None),
        Some(V::AufloesungAlsVerwendung(a)) => (
            Some(v2::VermoegensEinsatz::Aufloesen),
            a.maximal_einzusetzender_betrag.clone(),
        ),
        Some(V::KeineVerwendung(_)) => (Some(v2::VermoegensEinsatz::KeinEinsatz), None),
        None => (None, None),
    }
}

fn betrag(b: &Option<spec::KommentierterBetrag>) -> Option<&Number> {
    b.as_ref()?.betrag.as_ref()
}

fn ausgabe(betrag: Option<&Number>) -> Option<Vec<v2::AusgabenMonatlich>> {
    betrag.map(|b| vec![ausgabe_monatlich(b)])
}

fn ausgabe_monatlich(betrag: &Number) -> v2::AusgabenMonatlich {
    v2::AusgabenMonatlich {
        ausgaben_monatlich: Some(betrag.clone()),
        zahlungs_typ: Some(AUSGABE),
        ..Default::default()
    }
}

fn einnahme(betrag: Option<&Number>) -> Option<Vec<v2::EinnahmenMonatlich>> {
    betrag.map(|b| {
        vec![v2::EinnahmenMonatlich {
            einnahmen_monatlich: Some(b.clone()),
            zahlungs_typ: Some(EINNAHME),
        }]
    })
}
