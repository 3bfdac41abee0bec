//! `Immobilie` → the property fields that v2's `FinanzierungsObjekt` and
//! `BestehendeImmobilie` share ([`ObjektTeile`]).
//!
//! Deprecated fields (`erbbaurecht`, `grundbuchangabe`, `stellplaetze`,
//! `Gebaeude.modernisierung`, `Nutzung.gewerbe`, `Stellplatz.mieteMonatlich`) are read only
//! when their `…Erfassung` successor is absent, as upstream does.

use serde_json::Number;
use vorgaenge_model as v2;

use super::werte::{each, effizienzklasse, postadresse, same, set};
use crate::spec;

/// What an `Immobilie` determines of a v2 property.
#[derive(Debug, Default)]
pub(super) struct ObjektTeile {
    pub id: Option<String>,
    pub adresse: Option<v2::Postadresse>,
    pub objekt_art: Option<v2::ObjektArt>,
    pub gebaeude: Option<v2::Gebaeude>,
    pub grundstueck: Option<v2::Grundstueck>,
    pub erbbaurecht: Option<v2::Erbbaurecht>,
    pub grundbuch_angabe: Option<v2::GrundbuchAngabe>,
    pub autostellplaetze: Option<Vec<v2::Autostellplatz>>,
    pub boden_richtwert: Option<Number>,
    pub kein_bauland_flaeche_in_qm: Option<Number>,
    pub marktueblicher_kaufpreis_pro_qm: Option<Number>,
    pub vergleichsmiete_fuer_gewerbeflaeche_pro_qm: Option<Number>,
    pub vergleichsmiete_fuer_wohnflaeche_pro_qm: Option<Number>,
    pub wohnlage: Option<v2::Wohnlage>,
    pub effektiv_zins_erhoehende_kosten: Option<v2::EffektivZinsErhoehendeKosten>,
    pub bewirtschaftungs_kosten_jaehrlich: Option<Number>,
    pub vorlaeufiger_verkehrswert: Option<Number>,
    /// DSL: refinancing of an existing DSL loan (a `Vorhaben` field in v2).
    pub nachfinanzierung: Option<bool>,
}

pub(super) fn objekt_teile(immobilie: &spec::Immobilie) -> ObjektTeile {
    let zusatz = immobilie.zusatzangaben.as_ref();
    let beleihung = zusatz.and_then(|z| z.beleihungswertangaben.as_ref());
    let anbieter = Anbieterangaben::of(immobilie);
    let typ = immobilie
        .typ
        .as_ref()
        .map(TypAngaben::of)
        .unwrap_or_default();
    ObjektTeile {
        id: immobilie.id.clone(),
        adresse: immobilie.adresse.as_ref().and_then(postadresse),
        objekt_art: typ.objekt_art,
        gebaeude: gebaeude(&typ, beleihung, anbieter.ing),
        grundstueck: set(v2::Grundstueck {
            groesse: typ.grundstuecksgroesse.cloned(),
            grundstuecks_art: same(&typ.grundstuecksart.cloned()),
        }),
        erbbaurecht: erbbaurecht(immobilie),
        grundbuch_angabe: grundbuch_angabe(immobilie),
        autostellplaetze: autostellplaetze(immobilie),
        boden_richtwert: beleihung.and_then(|b| b.bodenrichtwert.clone()),
        kein_bauland_flaeche_in_qm: beleihung.and_then(|b| b.kein_bauland_flaeche.clone()),
        marktueblicher_kaufpreis_pro_qm: beleihung
            .and_then(|b| b.marktueblicher_kaufpreis_pro_qm.clone()),
        vergleichsmiete_fuer_gewerbeflaeche_pro_qm: beleihung
            .and_then(|b| b.vergleichsmiete_fuer_gewerbeflaeche_pro_qm.clone()),
        vergleichsmiete_fuer_wohnflaeche_pro_qm: beleihung
            .and_then(|b| b.vergleichsmiete_fuer_wohnflaeche_pro_qm.clone()),
        wohnlage: beleihung.and_then(|b| same(&b.wohnlage)),
        effektiv_zins_erhoehende_kosten: zusatz
            .and_then(|z| z.effektivzins_erhoehende_kosten.as_ref())
            .and_then(effektivzins_kosten),
        bewirtschaftungs_kosten_jaehrlich: anbieter
            .dsl
            .and_then(|d| d.bewirtschaftungskosten_jaehrlich.clone()),
        vorlaeufiger_verkehrswert: anbieter
            .santander
            .and_then(|s| s.vorlaeufiger_verkehrswert.clone()),
        nachfinanzierung: anbieter.dsl.and_then(|d| d.nachfinanzierung),
    }
}

/// The fields of the property kinds (`Immobilie.typ`), which differ per kind.
#[derive(Debug, Default)]
struct TypAngaben<'a> {
    objekt_art: Option<v2::ObjektArt>,
    haus_typ: Option<v2::HausTyp>,
    gebaeude: Option<&'a spec::Gebaeude>,
    nutzflaechen: Option<&'a spec::Nutzflaechen>,
    grundstuecksgroesse: Option<&'a Number>,
    grundstuecksart: Option<&'a String>,
    einliegerwohnung_vorhanden: Option<bool>,
    fertighaus: Option<bool>,
    haus_anordnung: Option<&'a String>,
    anzahl_gewerbeeinheiten: Option<i32>,
    anzahl_wohneinheiten: Option<i32>,
    bezeichnung_wohneinheit: Option<&'a String>,
    miteigentumsanteil: Option<&'a spec::Miteigentumsanteil>,
}

impl<'a> TypAngaben<'a> {
    fn of(typ: &'a spec::Immobilientyp) -> Self {
        use spec::Immobilientyp as T;
        use v2::HausTyp as H;
        let haus = |haus_typ| Self {
            objekt_art: Some(v2::ObjektArt::Haus),
            haus_typ: Some(haus_typ),
            ..Self::default()
        };
        match typ {
            T::Baugrundstueck(b) => Self {
                objekt_art: Some(v2::ObjektArt::Grundstueck),
                grundstuecksgroesse: b.grundstuecksgroesse.as_ref(),
                grundstuecksart: b.grundstuecksart.as_ref(),
                ..Self::default()
            },
            T::Einfamilienhaus(e) => Self {
                gebaeude: e.gebaeude.as_ref(),
                nutzflaechen: e.nutzflaechen.as_ref(),
                grundstuecksgroesse: e.grundstuecksgroesse.as_ref(),
                einliegerwohnung_vorhanden: e.einliegerwohnung_vorhanden,
                fertighaus: e.fertighaus,
                ..haus(H::Einfamilienhaus)
            },
            T::Doppelhaushaelfte(d) => Self {
                gebaeude: d.gebaeude.as_ref(),
                nutzflaechen: d.nutzflaechen.as_ref(),
                grundstuecksgroesse: d.grundstuecksgroesse.as_ref(),
                einliegerwohnung_vorhanden: d.einliegerwohnung_vorhanden,
                fertighaus: d.fertighaus,
                ..haus(H::Doppelhaushaelfte)
            },
            T::Reihenhaus(r) => Self {
                gebaeude: r.gebaeude.as_ref(),
                nutzflaechen: r.nutzflaechen.as_ref(),
                grundstuecksgroesse: r.grundstuecksgroesse.as_ref(),
                einliegerwohnung_vorhanden: r.einliegerwohnung_vorhanden,
                haus_anordnung: r.haustyp.as_ref(),
                ..haus(H::Reihenhaus)
            },
            T::Zweifamilienhaus(z) => Self {
                gebaeude: z.gebaeude.as_ref(),
                nutzflaechen: z.nutzflaechen.as_ref(),
                grundstuecksgroesse: z.grundstuecksgroesse.as_ref(),
                fertighaus: z.fertighaus,
                haus_anordnung: z.haustyp.as_ref(),
                ..haus(H::Zweifamilienhaus)
            },
            T::Mehrfamilienhaus(m) => Self {
                gebaeude: m.gebaeude.as_ref(),
                nutzflaechen: m.nutzflaechen.as_ref(),
                grundstuecksgroesse: m.grundstuecksgroesse.as_ref(),
                haus_anordnung: m.haustyp.as_ref(),
                anzahl_gewerbeeinheiten: m.anzahl_der_gewerbeeinheiten,
                anzahl_wohneinheiten: m.anzahl_der_wohneinheiten,
                ..haus(H::Mehrfamilienhaus)
            },
            T::Eigentumswohnung(e) => Self {
                objekt_art: Some(v2::ObjektArt::Eigentumswohnung),
                gebaeude: e.gebaeude.as_ref(),
                grundstuecksgroesse: e.grundstuecksgroesse.as_ref(),
                anzahl_gewerbeeinheiten: e.anzahl_der_gewerbeeinheiten_im_objekt,
                anzahl_wohneinheiten: e.anzahl_der_wohneinheiten_im_objekt,
                bezeichnung_wohneinheit: e.bezeichnung_wohneinheit.as_ref(),
                miteigentumsanteil: e.miteigentumsanteil.as_ref(),
                ..Self::default()
            },
            T::ImmobilieOhneTyp(o) => Self {
                gebaeude: o.gebaeude.as_ref(),
                grundstuecksgroesse: o.grundstuecksgroesse.as_ref(),
                ..Self::default()
            },
        }
    }
}

fn gebaeude(
    typ: &TypAngaben<'_>,
    beleihung: Option<&spec::Beleihungswertangaben>,
    ing: Option<IngObjekt<'_>>,
) -> Option<v2::Gebaeude> {
    let g = typ.gebaeude;
    let nutzung = g.and_then(|g| g.nutzung.as_ref());
    let unterkellerung: Option<v2::Unterkellerung> =
        typ.nutzflaechen.and_then(|n| same(&n.unterkellerung));
    let ing_gebaeude = ing.and_then(|i| i.gebaeude);
    set(v2::Gebaeude {
        haus_typ: typ.haus_typ,
        haus_anordnung: same(&typ.haus_anordnung.cloned()),
        einliegerwohnung_vorhanden: typ.einliegerwohnung_vorhanden,
        ist_fertighaus: typ.fertighaus,
        anzahl_der_gewerbeeinheiten: typ.anzahl_gewerbeeinheiten,
        anzahl_der_wohneinheiten_im_gebaeude: typ.anzahl_wohneinheiten,
        bezeichnung_wohneinheit: typ.bezeichnung_wohneinheit.cloned(),
        miteigentums_anteil: typ.miteigentumsanteil.and_then(miteigentumsanteil),
        dachgeschoss_ausbau: typ.nutzflaechen.and_then(|n| same(&n.dachgeschoss)),
        unterkellerung,
        anzahl_vollgeschosse: g.and_then(|g| g.anzahl_geschosse),
        ausstattung: g.and_then(|g| same(&g.ausstattung)),
        baujahr: g.and_then(|g| g.baujahr),
        bauweise: g.and_then(|g| same(&g.bauweise)),
        denkmalschutz: g.and_then(|g| g.denkmalschutz),
        zustand: g.and_then(|g| same(&g.zustand)),
        energie_effizienz_ausweis: g
            .and_then(|g| g.energie_effizienz_ausweis.as_ref())
            .and_then(energieausweis),
        modernisierungs_angaben: modernisierung(g, ing_gebaeude),
        wohnflaeche: nutzung.and_then(|n| n.wohnen.as_ref()).and_then(flaeche),
        gewerbeflaeche: nutzung.and_then(gewerbe).and_then(flaeche),
        kubatur: beleihung.and_then(|b| b.kubatur.clone()),
        aufbau_finanzierung: ing_gebaeude.and_then(|i| i.aufbaufinanzierung),
        aufzug_vorhanden: ing_gebaeude.and_then(|i| i.aufzug_vorhanden),
        // Upstream ignores it for properties without a cellar.
        kellerausbau: ing_gebaeude
            .and_then(|i| same(&i.kellerausbau))
            .filter(|_| unterkellerung != Some(v2::Unterkellerung::NichtUnterkellert)),
        geschoss_lage: ing.and_then(|i| same(&i.geschosslage.cloned())),
    })
}

fn miteigentumsanteil(anteil: &spec::Miteigentumsanteil) -> Option<v2::MiteigentumsAnteil> {
    set(v2::MiteigentumsAnteil {
        anteil: anteil.anteil.clone(),
        gesamt: anteil.gesamt,
    })
}

fn energieausweis(ausweis: &spec::EnergieEffizienzAusweis) -> Option<v2::EnergieEffizienzAusweis> {
    set(v2::EnergieEffizienzAusweis {
        ausweis_typ: same(&ausweis.ausweistyp),
        co2_emissionen: ausweis.co2_emissionen.map(Number::from),
        end_energie: ausweis.end_energie.map(Number::from),
        effizienzklasse: ausweis.end_energie.map(|e| effizienzklasse(f64::from(e))),
        primaer_energie_traeger: same(&ausweis.primaer_energie_traeger),
    })
}

/// Whether and when the building was modernised; ING's per-element flags say what.
fn modernisierung(
    gebaeude: Option<&spec::Gebaeude>,
    ing: Option<&spec::IngGebaeude>,
) -> Option<v2::ModernisierungsAngaben> {
    let (wurde_modernisiert, grad, jahr) = match gebaeude
        .and_then(|g| g.modernisierung_erfassung.as_ref())
    {
        Some(spec::ModernisierungErfassung::VorhandeneModernisierung(m)) => {
            (Some(true), m.grad.clone(), m.jahr)
        }
        Some(spec::ModernisierungErfassung::KeineModernisierung(_)) => (Some(false), None, None),
        None => match gebaeude.and_then(|g| g.modernisierung.as_ref()) {
            Some(m) => (Some(true), m.grad.clone(), m.jahr),
            None => (None, None, None),
        },
    };
    let elemente = ing.map(ing_elemente).unwrap_or_default();
    set(v2::ModernisierungsAngaben {
        wurde_modernisiert,
        modernisierungs_grad: same(&grad),
        modernisierungs_jahr: jahr,
        ..elemente
    })
}

/// ING's flags of modernised building parts: `modernisierungsangaben`, else the
/// `modernisiert` flags of the detailed `modernisierung`.
fn ing_elemente(ing: &spec::IngGebaeude) -> v2::ModernisierungsAngaben {
    if let Some(a) = &ing.modernisierungsangaben {
        return v2::ModernisierungsAngaben {
            bad_wc: a.bad_wc,
            boden_wand_treppe: a.boden_wand_treppe,
            dach: a.dach,
            fenster: a.fenster,
            heizung_zentral: a.heizung_zentral,
            raumaufteilung: a.raumaufteilung,
            strom_abwasser_heizkoerper: a.strom_abwasser_heizkoerper,
            waermedaemmung: a.waermedaemmung,
            ..Default::default()
        };
    }
    let Some(m) = &ing.modernisierung else {
        return v2::ModernisierungsAngaben::default();
    };
    let flag = |e: &Option<spec::IngModernisierungElement>| e.as_ref().and_then(|e| e.modernisiert);
    v2::ModernisierungsAngaben {
        bad_wc: flag(&m.bad_wc),
        boden_wand_treppe: flag(&m.boden_wand_treppe),
        dach: flag(&m.dach),
        fenster: flag(&m.fenster),
        heizung_zentral: flag(&m.heizung_zentral),
        raumaufteilung: flag(&m.raumaufteilung),
        strom_abwasser_heizkoerper: flag(&m.strom_abwasser_heizkoerper),
        waermedaemmung: flag(&m.waermedaemmung),
        ..Default::default()
    }
}

fn gewerbe(nutzung: &spec::Nutzung) -> Option<&spec::Flaechennutzung> {
    match &nutzung.gewerbe_erfassung {
        Some(spec::GewerbeErfassung::VorhandenesGewerbe(v)) => v.gewerbe.as_ref(),
        Some(spec::GewerbeErfassung::KeinGewerbe(_)) => None,
        None => nutzung.gewerbe.as_ref(),
    }
}

fn flaeche(nutzung: &spec::Flaechennutzung) -> Option<v2::GebaeudeFlaeche> {
    use spec::Nutzungsart as N;
    let vermietung = nutzung.nutzungsart.as_ref().map(|art| match art {
        N::Eigengenutzt(_) => v2::VermietungsInformationen {
            nutzungs_art: Some(v2::NutzungsArt::Eigengenutzt),
            ..Default::default()
        },
        N::Teilvermietet(t) => v2::VermietungsInformationen {
            nutzungs_art: Some(v2::NutzungsArt::TeilVermietet),
            mieteinnahmen_netto_kalt_monatlich: t.mieteinnahmen_netto_kalt_monatlich.clone(),
            vermietete_flaeche: t.vermietete_flaeche.clone(),
        },
        // Let in full: the rented area is the whole area, as upstream records it.
        N::Vermietet(v) => v2::VermietungsInformationen {
            nutzungs_art: Some(v2::NutzungsArt::Vermietet),
            mieteinnahmen_netto_kalt_monatlich: v.mieteinnahmen_netto_kalt_monatlich.clone(),
            vermietete_flaeche: nutzung.gesamtflaeche.clone(),
        },
    });
    set(v2::GebaeudeFlaeche {
        gesamt_groesse: nutzung.gesamtflaeche.clone(),
        vermietungs_informationen: vermietung,
    })
}

fn erbbaurecht(immobilie: &spec::Immobilie) -> Option<v2::Erbbaurecht> {
    let (zins, eigentuemer, laufzeit) = match &immobilie.erbbaurecht_erfassung {
        Some(spec::ErbbaurechtErfassung::VorhandenesErbbaurecht(e)) => (
            &e.erbbauzins_jaehrlich,
            &e.grundstueckseigentuemer,
            e.laufzeit_bis,
        ),
        Some(spec::ErbbaurechtErfassung::KeinErbbaurecht(_)) => {
            return Some(v2::Erbbaurecht {
                erbbaurecht: Some(false),
                ..Default::default()
            });
        }
        None => {
            let e = immobilie.erbbaurecht.as_ref()?;
            (
                &e.erbbauzins_jaehrlich,
                &e.grundstueckseigentuemer,
                e.laufzeit_bis,
            )
        }
    };
    Some(v2::Erbbaurecht {
        erbbaurecht: Some(true),
        erbbauzins_jaehrlich: zins.clone(),
        grundstuecks_eigentuemer: same(eigentuemer),
        laufzeit_bis_jahr: laufzeit,
    })
}

fn grundbuch_angabe(immobilie: &spec::Immobilie) -> Option<v2::GrundbuchAngabe> {
    match &immobilie.grundbuchangabe_erfassung {
        Some(spec::GrundbuchangabeErfassung::VorhandeneGrundbuchangabe(g)) => {
            let rechte = match &g.rechte_in_abteilung2 {
                Some(spec::RechteAbteilung2Erfassung::VorhandeneRechteAbteilung2(r)) => {
                    Some(v2::RechteAbteilung2 {
                        vorhanden: Some(true),
                        beschreibung: r.beschreibung.clone(),
                        betrag: r.betrag.clone(),
                    })
                }
                Some(spec::RechteAbteilung2Erfassung::KeineRechteAbteilung2(_)) => {
                    Some(v2::RechteAbteilung2 {
                        vorhanden: Some(false),
                        ..Default::default()
                    })
                }
                None => None,
            };
            set(v2::GrundbuchAngabe {
                amtsgericht: g.amtsgericht.clone(),
                anmerkungen: g.anmerkungen.clone(),
                band_und_blatt: g.blatt.clone(),
                flurstuecke: each(&g.flurstuecke, flurstueck),
                ort: g.ort.clone(),
                rechte_in_abteilung2: rechte,
            })
        }
        Some(spec::GrundbuchangabeErfassung::KeineGrundbuchangabe(_)) => None,
        None => {
            let g = immobilie.grundbuchangabe.as_ref()?;
            set(v2::GrundbuchAngabe {
                amtsgericht: g.amtsgericht.clone(),
                anmerkungen: g.anmerkungen.clone(),
                band_und_blatt: g.blatt.clone(),
                flurstuecke: each(&g.flurstuecke, flurstueck),
                ort: g.ort.clone(),
                rechte_in_abteilung2: g.rechte_in_abteilung2.as_ref().map(|r| {
                    v2::RechteAbteilung2 {
                        vorhanden: Some(true),
                        beschreibung: r.beschreibung.clone(),
                        betrag: r.betrag.clone(),
                    }
                }),
            })
        }
    }
}

fn flurstueck(f: &spec::Flurstueck) -> v2::Flurstueck {
    v2::Flurstueck {
        anteil: f.anteil.as_ref().and_then(miteigentumsanteil),
        flur: f.flur.clone(),
        flurstuecks_nummer: f.flurstueck.clone(),
        groesse: f.groesse.clone(),
    }
}

fn autostellplaetze(immobilie: &spec::Immobilie) -> Option<Vec<v2::Autostellplatz>> {
    let liste = match &immobilie.stellplaetze_erfassung {
        Some(spec::StellplaetzeErfassung::VorhandeneStellplaetze(v)) => &v.stellplaetze,
        Some(spec::StellplaetzeErfassung::KeineStellplaetze(_)) => return None,
        None => &immobilie.stellplaetze,
    };
    each(liste, |s| {
        let (vermietet, miete) = match &s.vermietung_erfassung {
            Some(spec::StellplatzVermietungErfassung::VorhandeneStellplatzVermietung(v)) => {
                (Some(true), v.miete_monatlich.clone())
            }
            Some(spec::StellplatzVermietungErfassung::KeineStellplatzVermietung(_)) => {
                (Some(false), None)
            }
            None => (
                s.miete_monatlich.as_ref().map(|_| true),
                s.miete_monatlich.clone(),
            ),
        };
        v2::Autostellplatz {
            typ: s.typ.parse().ok(),
            vermietet,
            mieteinnahmen_monatlich: miete,
        }
    })
}

fn effektivzins_kosten(
    k: &spec::EffektivzinsErhoehendeKosten,
) -> Option<v2::EffektivZinsErhoehendeKosten> {
    let sonstige = k.sonstige_kosten.as_ref();
    set(v2::EffektivZinsErhoehendeKosten {
        grundbuch_eintragungs_kosten_einmalig: k.grundbucheintragungskosten_einmalig.clone(),
        sonstige_kosten_einmalig: sonstige.and_then(|s| s.betrag_einmalig.clone()),
        sonstige_kosten_bezeichnung: sonstige.and_then(|s| s.bezeichnung.clone()),
        wohn_gebaeude_versicherungs_kosten_jaehrlich: k
            .wohngebaeudeversicherungskosten_jaehrlich
            .clone(),
        ..Default::default()
    })
}

/// ING's description of the property, if its kind matches the property's kind (upstream
/// ignores it otherwise).
#[derive(Debug, Clone, Copy)]
struct IngObjekt<'a> {
    gebaeude: Option<&'a spec::IngGebaeude>,
    geschosslage: Option<&'a String>,
}

/// The lender-specific extras of a property that carry v2 fields.
#[derive(Debug, Default)]
struct Anbieterangaben<'a> {
    dsl: Option<&'a spec::ZusatzangabenImmobilieDsl>,
    santander: Option<&'a spec::ZusatzangabenImmobilieSantander>,
    ing: Option<IngObjekt<'a>>,
}

impl<'a> Anbieterangaben<'a> {
    fn of(immobilie: &'a spec::Immobilie) -> Self {
        use spec::ZusatzangabenImmobilieFuerProduktanbieter as Z;
        let mut out = Self::default();
        let entries = immobilie
            .zusatzangaben
            .as_ref()
            .and_then(|z| z.zusatzangaben_pro_produktanbieter.as_ref());
        for entry in entries.into_iter().flatten() {
            match entry {
                Z::ZusatzangabenImmobilieDsl(dsl) => out.dsl = Some(dsl),
                Z::ZusatzangabenImmobilieSantander(s) => out.santander = Some(s),
                Z::ZusatzangabenImmobilieIng(ing) => {
                    out.ing = ing_objekt(ing, immobilie.typ.as_ref())
                }
                Z::ZusatzangabenImmobilieGenopace(_) => {}
            }
        }
        out
    }
}

fn ing_objekt<'a>(
    ing: &'a spec::ZusatzangabenImmobilieIng,
    typ: Option<&spec::Immobilientyp>,
) -> Option<IngObjekt<'a>> {
    use spec::Immobilientyp as T;
    match (ing.beleihungsobjekt.as_ref()?, typ?) {
        (
            spec::IngBeleihungsobjekt::IngHaus(h),
            T::Einfamilienhaus(_)
            | T::Doppelhaushaelfte(_)
            | T::Reihenhaus(_)
            | T::Zweifamilienhaus(_)
            | T::Mehrfamilienhaus(_),
        ) => Some(IngObjekt {
            gebaeude: h.gebaude.as_ref(),
            geschosslage: None,
        }),
        (spec::IngBeleihungsobjekt::IngEigentumswohnung(e), T::Eigentumswohnung(_)) => {
            Some(IngObjekt {
                gebaeude: e.gebaude.as_ref(),
                geschosslage: e.geschosslage.as_ref(),
            })
        }
        _ => None,
    }
}
