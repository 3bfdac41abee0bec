//! `Kunde` → `Antragsteller`: person, contact, address, nationality and residence status,
//! identity document. Employment and income are in [`super::beschaeftigung`].

use vorgaenge_model as v2;

use super::beschaeftigung;
use super::werte::{postadresse, same, set, staat};
use crate::spec;

/// One applicant. `pkv_anteil_gilt`: whether the customer's own share of private health
/// insurance may be used (upstream ignores the shares unless they add up to the household's
/// total, which only the household knows).
pub(super) fn antragsteller(
    kunde: &spec::Kunde,
    id: String,
    pkv_anteil_gilt: bool,
) -> v2::Antragsteller {
    let finanzielles = kunde.finanzielles.as_ref();
    let riester = finanzielles.and_then(|f| f.riesterangaben.as_ref());
    let zusatz = Zusatzangaben::of(kunde);
    v2::Antragsteller {
        id: Some(id),
        externe_antragsteller_id: kunde.externe_kunden_id.clone(),
        beschaeftigung: finanzielles
            .and_then(|f| beschaeftigung::beschaeftigung(f, kunde.zusatzangaben.as_ref())),
        steuer_id: finanzielles.and_then(|f| f.steuer_id.clone()),
        brutto_jahres_einkommen_erwartet: riester
            .and_then(|r| r.bruttojahreseinkommen_erwartet.clone()),
        brutto_vorjahres_einkommen: riester
            .and_then(|r| r.bruttovorjahreseinkommen.clone())
            .or_else(|| {
                zusatz
                    .dsl
                    .and_then(|d| d.brutto_vorjahres_einkommen.clone())
            }),
        sozialversicherungsnummer: riester.and_then(|r| r.sozialversicherungsnummer.clone()),
        legitimations_daten: kunde
            .zusatzangaben
            .as_ref()
            .and_then(|z| z.legitimationsdaten.as_ref())
            .and_then(legitimationsdaten),
        private_krankenversicherung_monatliche_ausgaben: zusatz
            .ing
            .and_then(|i| i.private_krankenversicherung_monatliche_ausgaben.clone())
            .filter(|_| pkv_anteil_gilt),
        geburtsland: zusatz.ing.and_then(|i| i.geburtsland.as_deref()).map(staat),
        ..weitere_staatsangehoerigkeiten(zusatz.ing)
    }
    .with_kontakt(kunde.kontakt.as_ref())
    .with_personendaten(kunde.personendaten.as_ref())
    .with_wohnsituation(kunde.wohnsituation.as_ref())
}

/// The parts of an `Antragsteller` that come from one sub-object of `Kunde` each.
trait AntragstellerTeile: Sized {
    fn with_kontakt(self, kontakt: Option<&spec::Kontakt>) -> Self;
    fn with_personendaten(self, daten: Option<&spec::Personendaten>) -> Self;
    fn with_wohnsituation(self, wohnsituation: Option<&spec::Wohnsituation>) -> Self;
}

impl AntragstellerTeile for v2::Antragsteller {
    fn with_kontakt(self, kontakt: Option<&spec::Kontakt>) -> Self {
        let Some(kontakt) = kontakt else { return self };
        let telefon = kontakt.telefonnummer.as_ref();
        Self {
            email: kontakt.email.clone(),
            telefonnummer: telefon.and_then(|t| t.nummer.clone()),
            telefonnummer_vorwahl: telefon.and_then(|t| t.vorwahl.clone()),
            weitere_kontakt_moeglichkeiten: kontakt.weitere_kontaktmoeglichkeiten.clone(),
            ..self
        }
    }

    fn with_personendaten(self, daten: Option<&spec::Personendaten>) -> Self {
        let Some(daten) = daten else { return self };
        let person = daten.person.as_ref();
        let aufenthalt = daten.nicht_eu_buerger.as_ref();
        let titel = aufenthalt.and_then(|a| a.aufenthaltstitel.as_ref());
        let (arbeitserlaubnis, arbeitserlaubnis_befristet_bis) =
            titel.map(arbeitserlaubnis).unwrap_or_default();
        Self {
            anrede: person.and_then(|p| same(&p.anrede)),
            vorname: person.and_then(|p| p.vorname.clone()),
            nachname: person.and_then(|p| p.nachname.clone()),
            titel: person.and_then(|p| p.titel.as_ref()).and_then(titel_liste),
            titel_doktor: person
                .and_then(|p| p.titel.as_ref())
                .map(|t| t.dr == Some(true)),
            titel_professor: person
                .and_then(|p| p.titel.as_ref())
                .map(|t| t.prof == Some(true)),
            geburtsdatum: daten.geburtsdatum.clone(),
            geburtsort: daten.geburtsort.clone(),
            staatsangehoerigkeit: daten.staatsangehoerigkeit.as_deref().map(staat),
            familienstand: daten.familienstand.as_ref().map(familienstand),
            guetertrennung_vereinbart_wenn_verheiratet: daten
                .familienstand
                .as_ref()
                .and_then(guetertrennung),
            in_deutschland_seit: aufenthalt.and_then(|a| a.in_deutschland_seit.clone()),
            aufenthalts_titel: titel.map(aufenthaltstitel),
            aufenthalts_titel_befristet_bis: titel.and_then(befristet_bis),
            arbeitserlaubnis,
            arbeitserlaubnis_befristet_bis,
            ..self
        }
    }

    fn with_wohnsituation(self, wohnsituation: Option<&spec::Wohnsituation>) -> Self {
        let Some(w) = wohnsituation else { return self };
        Self {
            anschrift: w.anschrift.as_ref().and_then(postadresse),
            vor_anschrift: w.voranschrift.as_ref().and_then(postadresse),
            wohnhaft_seit: w.wohnhaft_seit.clone(),
            ..self
        }
    }
}

/// The lender-specific extras of a customer that carry v2 fields.
struct Zusatzangaben<'a> {
    dsl: Option<&'a spec::ZusatzangabenKundeDsl>,
    ing: Option<&'a spec::ZusatzangabenKundeIng>,
}

impl<'a> Zusatzangaben<'a> {
    fn of(kunde: &'a spec::Kunde) -> Self {
        let mut out = Self {
            dsl: None,
            ing: None,
        };
        let entries = kunde
            .zusatzangaben
            .as_ref()
            .and_then(|z| z.zusatzangaben_pro_produktanbieter.as_ref());
        for entry in entries.into_iter().flatten() {
            match entry {
                spec::ZusatzangabenKundeFuerProduktanbieter::ZusatzangabenKundeDsl(dsl) => {
                    out.dsl = Some(dsl)
                }
                spec::ZusatzangabenKundeFuerProduktanbieter::ZusatzangabenKundeIng(ing) => {
                    out.ing = Some(ing)
                }
                spec::ZusatzangabenKundeFuerProduktanbieter::ZusatzangabenKundeMhb(_) => {}
            }
        }
        out
    }
}

fn titel_liste(titel: &spec::Titel) -> Option<Vec<v2::Titel>> {
    let mut out = Vec::new();
    if titel.dr == Some(true) {
        out.push(v2::Titel::Doktor);
    }
    if titel.prof == Some(true) {
        out.push(v2::Titel::Professor);
    }
    (!out.is_empty()).then_some(out)
}

fn familienstand(stand: &spec::Familienstand) -> v2::Familienstand {
    use spec::Familienstand as F;
    match stand {
        F::Geschieden(_) => v2::Familienstand::Geschieden,
        F::GetrenntLebend(_) => v2::Familienstand::GetrenntLebend,
        F::Lebenspartnerschaft(_) => v2::Familienstand::Lebenspartnerschaft,
        F::Ledig(_) => v2::Familienstand::Ledig,
        F::Verheiratet(_) => v2::Familienstand::Verheiratet,
        F::Verwitwet(_) => v2::Familienstand::Verwitwet,
    }
}

fn guetertrennung(stand: &spec::Familienstand) -> Option<bool> {
    use spec::Familienstand as F;
    match stand {
        F::Verheiratet(v) => v.guetertrennung_vereinbart,
        F::GetrenntLebend(g) => g.guetertrennung_vereinbart,
        F::Lebenspartnerschaft(l) => l.guetertrennung_vereinbart,
        F::Geschieden(_) | F::Ledig(_) | F::Verwitwet(_) => None,
    }
}

fn aufenthaltstitel(titel: &spec::Aufenthaltstitel) -> v2::AufenthaltsTitel {
    use spec::Aufenthaltstitel as A;
    match titel {
        A::Aufenthaltserlaubnis(_) => v2::AufenthaltsTitel::AufenthaltsErlaubnis,
        A::BlaueKarteEu(_) => v2::AufenthaltsTitel::BlaueKarteEu,
        A::DaueraufenthaltEu(_) => v2::AufenthaltsTitel::DaueraufenthaltEu,
        A::Niederlassungserlaubnis(_) => v2::AufenthaltsTitel::NiederlassungsErlaubnis,
        A::Visum(_) => v2::AufenthaltsTitel::Visum,
    }
}

fn befristet_bis(titel: &spec::Aufenthaltstitel) -> Option<v2::Date> {
    use spec::Aufenthaltstitel as A;
    match titel {
        A::Aufenthaltserlaubnis(a) => a.befristet_bis.clone(),
        A::BlaueKarteEu(b) => b.befristet_bis.clone(),
        A::Visum(v) => v.befristet_bis.clone(),
        A::DaueraufenthaltEu(_) | A::Niederlassungserlaubnis(_) => None,
    }
}

/// Whether the residence title comes with a work permit, and until when.
fn arbeitserlaubnis(titel: &spec::Aufenthaltstitel) -> (Option<bool>, Option<v2::Date>) {
    use spec::Aufenthaltstitel as A;
    let erlaubnis = match titel {
        A::Aufenthaltserlaubnis(a) => a.arbeitserlaubnis.as_ref(),
        A::Visum(v) => v.arbeitserlaubnis.as_ref(),
        A::BlaueKarteEu(_) | A::DaueraufenthaltEu(_) | A::Niederlassungserlaubnis(_) => None,
    };
    match erlaubnis {
        Some(spec::Arbeitserlaubnis::ArbeitserlaubnisVorhanden(v)) => {
            (Some(true), v.befristet_bis.clone())
        }
        Some(spec::Arbeitserlaubnis::KeineArbeitserlaubnis(_)) => (Some(false), None),
        None => (None, None),
    }
}

fn legitimationsdaten(daten: &spec::Legitimationsdaten) -> Option<v2::LegitimationsDaten> {
    use spec::Ausweisart as A;
    let (ausweis_art, andere) = match &daten.ausweisart {
        Some(A::Personalausweis(_)) => (Some(v2::AusweisArt::Personalausweis), None),
        Some(A::Reisepass(_)) => (Some(v2::AusweisArt::Reisepass), None),
        Some(A::AndereAusweisart(a)) => (Some(v2::AusweisArt::Andere), a.typ.clone()),
        None => (None, None),
    };
    set(v2::LegitimationsDaten {
        ausstellende_behoerde: daten.ausstellende_behoerde.clone(),
        ausstellungsdatum: daten.ausstellungsdatum.clone(),
        ausweis_art,
        ausweis_art_bei_anderer_ausweis: andere,
        ausweis_nummer: daten.ausweisnummer.clone(),
    })
}

/// v2 has room for a second and a third nationality. The deprecated list is used only when
/// `weitereStaatsangehoerigkeitenErfassung` is absent, as upstream does.
fn weitere_staatsangehoerigkeiten(ing: Option<&spec::ZusatzangabenKundeIng>) -> v2::Antragsteller {
    let Some(ing) = ing else {
        return v2::Antragsteller::default();
    };
    let liste = match &ing.weitere_staatsangehoerigkeiten_erfassung {
        Some(
            spec::WeitereStaatsangehoerigkeitenErfassung::VorhandeneWeitereStaatsangehoerigkeiten(
                v,
            ),
        ) => v.weitere_staatsangehoerigkeiten.clone().unwrap_or_default(),
        Some(spec::WeitereStaatsangehoerigkeitenErfassung::KeineWeitereStaatsangehoerigkeiten(
            _,
        )) => Vec::new(),
        None => ing
            .weitere_staatsangehoerigkeiten
            .clone()
            .unwrap_or_default(),
    };
    v2::Antragsteller {
        zweite_staatsangehoerigkeit: liste.first().map(|c| staat(c)),
        dritte_staatsangehoerigkeit: liste.get(1).map(|c| staat(c)),
        ..Default::default()
    }
}
