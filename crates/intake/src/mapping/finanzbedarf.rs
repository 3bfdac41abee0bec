//! `Finanzierungsbedarf.finanzierungszweck` (one kind per purpose) → `Vorhaben.finanzbedarf`
//! and the `Vorhaben` fields that depend on the purpose.
//!
//! Deprecated fields (`eigenleistung`, `modernisierung`, `zuBeschaffendesKapital`) are read
//! only when their `…Erfassung` successor is absent, as upstream does.

use serde_json::Number;
use vorgaenge_model as v2;

use super::werte::{effizienzklasse, prozent_von};
use crate::spec;

/// What the purpose determines.
#[derive(Debug, Default)]
pub(super) struct Bedarf {
    pub verwendungszweck: Option<v2::VorhabenVerwendungszweck>,
    pub finanzbedarf: v2::Finanzbedarf,
    pub eigenleistung: Option<Number>,
    pub modernisierung: Modernisierung,
    /// Market value of the financed property (a `FinanzierungsObjekt` field in v2).
    pub marktwert: Option<Number>,
}

/// The planned modernisation's effect on energy use (`Vorhaben` fields in v2).
#[derive(Debug, Default)]
pub(super) struct Modernisierung {
    pub end_energie_geplant: Option<Number>,
    pub co2_wert_geplant: Option<Number>,
}

impl Modernisierung {
    /// Upstream derives the class from the planned demand and ignores a class sent along.
    pub fn effizienzklasse(&self) -> Option<v2::Effizienzklasse> {
        Some(effizienzklasse(
            self.end_energie_geplant.as_ref()?.as_f64()?,
        ))
    }
}

pub(super) fn bedarf(zweck: &spec::Finanzierungszweck) -> Bedarf {
    use spec::Finanzierungszweck as Z;
    use v2::VorhabenVerwendungszweck as V;
    match zweck {
        Z::Kauf(k) => kauf(k).mit_zweck(V::Kauf),
        Z::KaufNeubauVomBautraeger(k) => {
            kauf_vom_bautraeger(k).mit_zweck(V::KaufNeubauVomBautraeger)
        }
        Z::Neubau(n) => neubau(n).mit_zweck(V::Neubau),
        Z::ModernisierungUmbauAnbau(m) => {
            modernisierung_umbau_anbau(m).mit_zweck(V::ModernisierungUmbauAnbau)
        }
        Z::Anschlussfinanzierung(a) => anschlussfinanzierung(a).mit_zweck(V::Anschlussfinanzierung),
        Z::Kapitalbeschaffung(k) => kapitalbeschaffung(k).mit_zweck(V::Kapitalbeschaffung),
    }
}

impl Bedarf {
    fn mit_zweck(self, zweck: v2::VorhabenVerwendungszweck) -> Self {
        Self {
            verwendungszweck: Some(zweck),
            ..self
        }
    }
}

fn kauf(k: &spec::Kauf) -> Bedarf {
    let kosten = ModernisierungsKosten::of(&k.modernisierungskosten_erfassung, &k.modernisierung);
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            kaufpreis: k.kaufpreis.clone(),
            ..kosten.finanzbedarf(weitere_kosten(
                &k.weitere_kosten,
                nebenkosten(&k.nebenkosten, k.kaufpreis.as_ref()),
            ))
        },
        eigenleistung: kosten.eigenleistung.clone(),
        modernisierung: kosten.energie(),
        ..Bedarf::default()
    }
}

fn kauf_vom_bautraeger(k: &spec::KaufNeubauVomBautraeger) -> Bedarf {
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            kaufpreis: k.kaufpreis.clone(),
            anzahl_teilzahlungen: k.anzahl_teilzahlungen,
            ..weitere_kosten(
                &k.weitere_kosten,
                nebenkosten(&k.nebenkosten, k.kaufpreis.as_ref()),
            )
        },
        eigenleistung: eigenleistung(&k.eigenleistung_erfassung, &k.eigenleistung),
        ..Bedarf::default()
    }
}

fn neubau(n: &spec::Neubau) -> Bedarf {
    let grundstueck = n.grundstueckskosten.as_ref();
    let grundstueckspreis = grundstueck.and_then(|g| g.grundstueckkaufpreis.as_ref());
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            anzahl_teilzahlungen: n.anzahl_teilzahlungen,
            aussen_anlagen: n.aussenanlagen.clone(),
            bau_nebenkosten: n.baunebenkosten.clone(),
            herstellung: n.herstellungskosten_inklusive_eigenleistungen.clone(),
            grundstuecks_kaufpreis: grundstueckspreis.cloned(),
            grundstueck_bereits_bezahlt: grundstueck.and_then(|g| g.grundstueck_bereits_bezahlt),
            erschliessung: grundstueck.and_then(|g| g.erschliessungskosten.clone()),
            // Purchase costs of a new build arise from buying the plot.
            ..weitere_kosten(
                &n.weitere_kosten,
                nebenkosten(&n.nebenkosten, grundstueckspreis),
            )
        },
        eigenleistung: eigenleistung(&n.eigenleistung_erfassung, &n.eigenleistung),
        ..Bedarf::default()
    }
}

fn modernisierung_umbau_anbau(m: &spec::ModernisierungUmbauAnbau) -> Bedarf {
    let kosten = ModernisierungsKosten::of(&None, &m.modernisierung);
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            anzahl_teilzahlungen: m.anzahl_teilzahlungen,
            ..kapital(
                &m.zu_beschaffendes_kapital_erfassung,
                &m.zu_beschaffendes_kapital,
                kosten.finanzbedarf(weitere_kosten(
                    &m.weitere_kosten,
                    v2::Finanzbedarf::default(),
                )),
            )
        },
        eigenleistung: kosten.eigenleistung.clone(),
        modernisierung: kosten.energie(),
        marktwert: m.marktwert_finanzierungsobjekt.clone(),
        ..Bedarf::default()
    }
}

fn anschlussfinanzierung(a: &spec::Anschlussfinanzierung) -> Bedarf {
    let kosten = ModernisierungsKosten::of(&a.modernisierungskosten_erfassung, &a.modernisierung);
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            bereits_beglichen: a.bereits_beglichene_kosten.clone(),
            ..kapital(
                &a.zu_beschaffendes_kapital_erfassung,
                &a.zu_beschaffendes_kapital,
                kosten.finanzbedarf(v2::Finanzbedarf::default()),
            )
        },
        eigenleistung: kosten.eigenleistung.clone(),
        modernisierung: kosten.energie(),
        marktwert: a.marktwert_finanzierungsobjekt.clone(),
        ..Bedarf::default()
    }
}

fn kapitalbeschaffung(k: &spec::Kapitalbeschaffung) -> Bedarf {
    let betrag = k
        .zu_beschaffendes_kapital
        .as_ref()
        .and_then(|z| z.betrag.clone());
    Bedarf {
        finanzbedarf: v2::Finanzbedarf {
            kapital_wird_beschafft: Some(true),
            kapital_beschaffung: betrag,
            ..Default::default()
        },
        marktwert: k.marktwert_finanzierungsobjekt.clone(),
        ..Bedarf::default()
    }
}

/// Purchase costs given in euros or in percent of `basis` (the price they arise from).
fn nebenkosten(
    nebenkosten: &Option<spec::Nebenkosten>,
    basis: Option<&Number>,
) -> v2::Finanzbedarf {
    let Some(n) = nebenkosten else {
        return v2::Finanzbedarf::default();
    };
    let euro = |wert: &Option<spec::WertInEuroOderProzent>| -> Option<Number> {
        let wert = wert.as_ref()?;
        match wert.einheit.as_str() {
            "PROZENT" => prozent_von(&wert.wert, basis?),
            _ => Some(wert.wert.clone()),
        }
    };
    v2::Finanzbedarf {
        grunderwerbsteuer: euro(&n.grunderwerbsteuer),
        maklergebuehr: euro(&n.maklergebuehr),
        notargebuehr: euro(&n.notargebuehr),
        ..Default::default()
    }
}

fn weitere_kosten(
    weitere: &Option<spec::WeitereKosten>,
    bedarf: v2::Finanzbedarf,
) -> v2::Finanzbedarf {
    let Some(w) = weitere else { return bedarf };
    v2::Finanzbedarf {
        bereits_beglichen: w.beglichene_kosten.clone(),
        mobiliar: w.mobiliarkosten.clone(),
        sonstige_kosten: w.sonstige_kosten.as_ref().and_then(|s| s.betrag.clone()),
        ..bedarf
    }
}

/// Additional capital raised along with a follow-up financing or a modernisation.
fn kapital(
    erfassung: &Option<spec::ZuBeschaffendesKapitalErfassung>,
    veraltet: &Option<spec::KommentierterBetrag>,
    bedarf: v2::Finanzbedarf,
) -> v2::Finanzbedarf {
    use spec::ZuBeschaffendesKapitalErfassung as K;
    let betrag = match erfassung {
        Some(K::VorhandenesZuBeschaffendesKapital(v)) => v.zu_beschaffendes_kapital.as_ref(),
        Some(K::KeinZuBeschaffendesKapital(_)) => {
            return v2::Finanzbedarf {
                kapital_wird_beschafft: Some(false),
                ..bedarf
            };
        }
        None => veraltet.as_ref(),
    };
    let Some(betrag) = betrag.and_then(|b| b.betrag.clone()) else {
        return bedarf;
    };
    v2::Finanzbedarf {
        kapital_wird_beschafft: Some(true),
        zusaetzliches_kapital: Some(betrag),
        ..bedarf
    }
}

fn eigenleistung(
    erfassung: &Option<spec::EigenleistungErfassung>,
    veraltet: &Option<Number>,
) -> Option<Number> {
    match erfassung {
        Some(spec::EigenleistungErfassung::VorhandeneEigenleistung(v)) => v.eigenleistung.clone(),
        Some(spec::EigenleistungErfassung::KeineEigenleistung(_)) => None,
        None => veraltet.clone(),
    }
}

/// Modernisation costs, from `modernisierungskostenErfassung` or the deprecated
/// `modernisierung` (same fields).
#[derive(Debug, Default)]
struct ModernisierungsKosten {
    /// `Some(false)`: explicitly no modernisation.
    modernisieren: Option<bool>,
    kosten: Option<Number>,
    renovierung: Option<Number>,
    eigenleistung: Option<Number>,
    end_energie_geplant: Option<Number>,
    co2_wert_geplant: Option<Number>,
}

impl ModernisierungsKosten {
    fn of(
        erfassung: &Option<spec::ModernisierungskostenErfassung>,
        veraltet: &Option<spec::Modernisierungskosten>,
    ) -> Self {
        use spec::ModernisierungskostenErfassung as E;
        match erfassung {
            Some(E::VorhandeneModernisierungskosten(v)) => Self {
                modernisieren: Some(true),
                kosten: v.modernisierungskosten_inkl_eigenleistungen.clone(),
                renovierung: v.renovierungskosten.clone(),
                eigenleistung: eigenleistung(&v.eigenleistung_erfassung, &None),
                end_energie_geplant: v.end_energie_geplant.clone(),
                co2_wert_geplant: v.co2_wert_geplant.clone(),
            },
            Some(E::KeineModernisierungskosten(_)) => Self {
                modernisieren: Some(false),
                ..Self::default()
            },
            None => match veraltet {
                Some(m) => Self {
                    modernisieren: Some(true),
                    kosten: m.modernisierungskosten_inkl_eigenleistungen.clone(),
                    renovierung: m.renovierungskosten.clone(),
                    eigenleistung: eigenleistung(&m.eigenleistung_erfassung, &m.eigenleistung),
                    end_energie_geplant: m.end_energie_geplant.clone(),
                    co2_wert_geplant: m.co2_wert_geplant.clone(),
                },
                None => Self::default(),
            },
        }
    }

    fn finanzbedarf(&self, bedarf: v2::Finanzbedarf) -> v2::Finanzbedarf {
        v2::Finanzbedarf {
            modernisieren: self.modernisieren,
            modernisierung: self.kosten.clone(),
            renovierung: self.renovierung.clone(),
            ..bedarf
        }
    }

    fn energie(&self) -> Modernisierung {
        Modernisierung {
            end_energie_geplant: self.end_energie_geplant.clone(),
            co2_wert_geplant: self.co2_wert_geplant.clone(),
        }
    }
}
