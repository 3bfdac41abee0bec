//! `Finanzierungsbedarf` → `Vorhaben`: purpose and need ([`super::finanzbedarf`]), wished
//! loans ([`super::finanzierungswunsch`]), payment protection ([`super::absicherung`]),
//! external Bauspar offers and unsecured external loans.

use vorgaenge_model as v2;

use super::absicherung::absicherungswunsch;
use super::bauspar::sonderzahlung;
use super::finanzbedarf::{Bedarf, bedarf};
use super::finanzierungswunsch::finanzierungswunsch;
use super::kunden::Kundenverzeichnis;
use super::produktanbieter::produkt_anbieter;
use super::werte::{each, set};
use crate::spec;

/// `nachfinanzierung` comes from the financed property's DSL extras.
pub(super) fn vorhaben(
    f: &spec::Finanzierungsbedarf,
    nachfinanzierung: Option<bool>,
    kunden: &Kundenverzeichnis,
) -> Option<v2::Vorhaben> {
    let Bedarf {
        verwendungszweck,
        finanzbedarf,
        eigenleistung,
        modernisierung,
        marktwert: _,
    } = f
        .finanzierungszweck
        .as_ref()
        .map(bedarf)
        .unwrap_or_default();
    set(v2::Vorhaben {
        id: f.id.clone(),
        verwendungszweck,
        finanzbedarf: set(v2::Finanzbedarf {
            beratungs_honorar: f.beratungshonorar.clone(),
            ..finanzbedarf
        }),
        eigenleistung_wenn_neubau_oder_modernisierungsmassnahmen: eigenleistung,
        energie_effizienzklasse: modernisierung.effizienzklasse(),
        geplante_energie: modernisierung.end_energie_geplant,
        geplanter_co2_wert: modernisierung.co2_wert_geplant,
        finanzierungswunsch: f
            .finanzierungsbausteine
            .as_deref()
            .and_then(|b| finanzierungswunsch(b, kunden)),
        absicherungswunsch: f
            .ratenschutzbausteine
            .as_deref()
            .and_then(|r| absicherungswunsch(r, kunden)),
        externe_bauspar_angebote: each(&f.externe_bausparangebote, bauspar_angebot),
        nachrangige_externe_darlehen: each(&f.unbesicherte_externe_darlehen, nachrangiges_darlehen),
        nachfinanzierung,
    })
}

fn bauspar_angebot(a: &spec::BausparAngebotExtern) -> v2::BausparAngebot {
    v2::BausparAngebot {
        id: a.id.clone(),
        abschluss_gebuehr: a.abschluss_gebuehr.clone(),
        angebots_hinweis_fuer_antragsteller: a.angebots_hinweis_fuer_den_kunden.clone(),
        bauspar_summe: a.bausparsumme.clone(),
        produkt_anbieter: a.bausparkasse.as_deref().map(produkt_anbieter),
        sonder_zahlungen: each(&a.sonder_zahlungen, sonderzahlung),
        spar_beginn: a.spar_beginn.clone(),
        spar_phase: set(v2::SparPhase {
            spar_beitrag_monatlich: a.sparbeitrag_monatlich.clone(),
            ..Default::default()
        }),
        tarif: a.tarif.clone(),
        vertrags_beginn: a.vertragsbeginn.clone(),
        vertrags_nummer: a.vertragsnummer.clone(),
        verwaltungsgebuehren_jaehrlich: a.jahresentgelt.clone(),
        zuteilungs_datum: a.zuteilungsdatum.clone(),
        ..Default::default()
    }
}

fn nachrangiges_darlehen(
    d: &spec::UnbesichertesExternesDarlehen,
) -> v2::NachrangigesExternesDarlehen {
    v2::NachrangigesExternesDarlehen {
        id: d.id.clone(),
        typ: d.typ.parse().ok(),
        darlehens_betrag: d.betrag.clone(),
        darlehens_geber: d.darlehensgeber.clone(),
        laufzeit_ende: d.laufzeitende.clone(),
        rate_monatlich: d.rate_monatlich.clone(),
        zins_bindung: d.zinsbindungsende.clone().map(|endet_am| v2::ZinsBindung {
            endet_am: Some(endet_am),
            ..Default::default()
        }),
    }
}

/// `Finanzierungsbedarf.praeferenzen` → `Vorgang.praeferenzen` (only the two preferences v2
/// knows).
pub(super) fn praeferenzen(p: &spec::Praeferenzen) -> Option<v2::Praeferenzen> {
    use spec::TilgungssatzwechselPraeferenz as T;
    use v2::TilgungsSatzwechselPraeferenz as V;
    let girokonto = p.girokonto.as_ref().and_then(|g| {
        set(v2::GirokontoPraeferenz {
            bestehende_kontoverbindung_bei: g.bestehende_girokonten_bei_banken.clone(),
            kontowechsel_wird_beabsichtigt: g.wechselbereit_zum_darlehensgeber,
        })
    });
    let wechsel = p
        .finanzierungsdetailspraeferenzen
        .as_ref()
        .and_then(|d| d.tilgungssatzwechsel.as_ref())
        .map(|t| match t {
            T::Mindestens(m) => v2::TilgungssatzwechselPraeferenz {
                tilgungs_satzwechsel_praeferenz: Some(V::MindestensBenoetigt),
                mindestens_benoetigt: m.anzahl,
                zusaetzlicher_kommentar: m.kommentar.clone(),
            },
            T::NichtEingeplantOderAbsehbar(n) => v2::TilgungssatzwechselPraeferenz {
                tilgungs_satzwechsel_praeferenz: Some(V::NichtEingeplantOderAbsehbar),
                zusaetzlicher_kommentar: n.kommentar.clone(),
                ..Default::default()
            },
            T::KeineTilgungssatzwechselPraeferenz(k) => v2::TilgungssatzwechselPraeferenz {
                tilgungs_satzwechsel_praeferenz: Some(V::Egal),
                zusaetzlicher_kommentar: k.kommentar.clone(),
                ..Default::default()
            },
        });
    set(v2::Praeferenzen {
        girokonto,
        tilgungssatzwechsel_praeferenz: wechsel,
    })
}
