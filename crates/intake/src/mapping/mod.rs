//! Mapping of a validated import request onto the members of a v2 `Vorgang`.
//!
//! The output is built from the typed v2 model (`vorgaenge_model`), so every member name and
//! enum value is one the contract defines. One module (file) per part:
//!
//! | request | v2 `Vorgang` | module |
//! |---|---|---|
//! | `importMetadaten` | `datenKontext`, `externeVorgangsNummer`, `importQuelle`, `prioritaet`, `leadTracking`, `tippGeber.partnerId` | `metadaten.rs` |
//! | `haushalte[]` | `haushalte[]` (household extras of DSL/ING/Santander included) | `haushalt.rs`, `obligo.rs` |
//! | `haushalte[].kunden[]` | `haushalte[].antragsteller[]` | `antragsteller.rs`, `beschaeftigung.rs`, `laender.rs` |
//! | `…finanzielleSituation` | `haushalte[].positionen`, `haushalte[].bestehendeImmobilien` | `positionen.rs`, `bestehende_immobilien.rs`, `bundesland.rs` |
//! | `haushalte[].kinderErfassung` | `haushalte[].kinder`, `haushalte[].positionen.kindergeld` | `haushalt.rs`, `kindergeld.rs` |
//! | Bauspar company / lender codes | `produktAnbieter` | `produktanbieter.rs` |
//! | `finanzierungsobjekt` | `finanzierungsObjekt` | `finanzierungsobjekt.rs`, `immobilie.rs`, `bestehende_darlehen.rs` |
//! | `finanzierungsbedarf` | `vorhaben` | `vorhaben.rs`, `finanzbedarf.rs`, `finanzierungswunsch.rs`, `foerderdarlehen.rs`, `bauspar.rs`, `absicherung.rs` |
//! | `finanzierungsbedarf.praeferenzen` | `praeferenzen` | `vorhaben.rs` |
//! | `bankverbindung` | `bankverbindung` | `bankverbindung.rs` |
//!
//! Rules taken over from the request contract: references by `referenzId` become applicant
//! ids (`kunden.rs`); a deprecated field is read only when its `…Erfassung` successor is
//! absent; postcodes that are not five digits are dropped; energy efficiency classes are
//! computed from the final energy demand instead of taken as sent; a customer's share of
//! private health insurance is used only if the shares add up to the household's total;
//! ING property extras are used only if their kind matches the property's.
//!
//! Additions upstream makes, taken over so that a case equals upstream's for the same request
//! (the spec's upstream pair is the reference, tested end to end): country codes gain their
//! German name (`laender.rs`); `titel` also gives the deprecated `titelDoktor` and
//! `titelProfessor`, both set whenever `titel` is given; an employer in Germany gives
//! `arbeitgeberLand` DE; properties gain their `bundesland` from the postcode
//! (`bundesland.rs`); a property let in full has its whole area as `vermieteteFlaeche`;
//! the positions carry upstream's constant `zahlungsTyp` (bank balances and securities
//! EINNAHME; Bauspar contracts, insurances and savings plans AUSGABE), Bauspar contracts
//! `typ` BAUSPARVERTRAG, and a bank balance `maximalAufzuloesenderWert` 0 unless a
//! liquidation says otherwise; children drawing Kindergeld give a `kindergeld` position at
//! the amount per child in force on the day of the import (`kindergeld.rs`); a known
//! provider becomes its full `ProduktAnbieter` record (`produktanbieter.rs`); `praeferenzen`
//! is kept as an empty object when nothing is preferred; a lender known by neither a known
//! code nor a name leaves no `darlehensGeber`.
//!
//! Choices the pair does not show, after the contracts: the financed property gains its
//! `bundesland` like the existing ones; an unknown country code keeps its code without a
//! name; the directory of providers holds only records upstream has shown (others keep
//! their code alone); Kindergeld before 2023 (when the amount depended on the child's rank)
//! is not computed, and after the last year known its amount stays in force.
//!
//! Not produced, because the server owns them: `vorgangsNummer`, `kundenBetreuer`,
//! `vorgangsBearbeiter`, `status`, `letzteAenderung`/`letztesEreignis`, `erstelltAm`,
//! `antraege`, `_links`.
//!
//! Deliberately not mapped (no v2 field to hold it, unless said otherwise):
//! * `betreuung` and `zusaetzlicherEreignistext`: for the server (kundenBetreuer,
//!   vorgangsBearbeiter, event text), see the accessors of [`crate::Kundenangaben`];
//!   `tippgeber.tippgeberprovisionswunsch`.
//! * `sicherungsgeberHaushalte`: v2 only knows applicant households; listing collateral
//!   providers there would make them applicants. References to them are valid but dropped.
//! * Customer: `referenzId` (not stored upstream either), `kontakt.validierungEmail` /
//!   `validierungTelefonnummer`, `arbeitgeber.inDeutschlandKommentar`; lender extras
//!   `beschaeftigungImOeffentlichenDienst` (DSL), `berufsgruppe` and `branche` (ING), `branche`
//!   (MHB), whose value lists differ from v2's.
//! * Children: `kundenreferenzIdRiesterzuordnung`; `unterhaltWirdBezogen` only suppresses the
//!   amount when `false`.
//! * Household: `summeEinkuenfteAusKapitalvermoegen` (v2 has no income item for it; its
//!   `dividendenJaehrlich` is per securities item and yearly), all `kommentar` texts,
//!   `Verbindlichkeit.id`, Santander `bemerkungen`, `BestehendeImmobilie.kommentar`.
//! * Property: per-element modernisation grades (`zusatzangaben.modernisierung`, a different
//!   scale than v2's), Genopace valuation details, ING `ausstattung` (different scale),
//!   `kuerzlicheProlongation` and its detailed modernisation grades.
//! * Need: the preferences other than Girokonto and Tilgungssatzwechsel, the link of a paid
//!   off loan to the financing component that replaces it (`referenzIdFinanzierungsbaustein`),
//!   of external Bauspar offers `abschlussGebuehrenVerrechnung`, `gesamtLaufzeitInJahren` and
//!   `vertragsPartnerIds` (upstream-internal ids), KfW standard `STANDARD_40_EEK_ONLY`.
//!
//! Interpretations where the contracts do not say: costs in percent are converted to euros of
//! the purchase price (new build: of the plot price); a `Konstantdarlehen` becomes an annuity
//! loan with a fixed rate paid off in full; Bauspar `verwendung` `ABTRETEN`/`FREI_BESPAREN`
//! become `TILGUNGS_AUSGESETZT`/`ZINS_ABSICHERUNG`; a tariff of `tarifListe` becomes a
//! `bausparTarif` with that `id`; Bauspar companies and lenders become a `ProduktAnbieter`
//! with that `produktAnbieterId` (and the lender's name as `firmierung`); capital raised
//! along with another purpose is `zusaetzlichesKapital`, with purpose Kapitalbeschaffung
//! `kapitalBeschaffung`.

mod absicherung;
mod antragsteller;
mod bankverbindung;
mod bauspar;
mod beschaeftigung;
mod bestehende_darlehen;
mod bestehende_immobilien;
mod bundesland;
mod finanzbedarf;
mod finanzierungsobjekt;
mod finanzierungswunsch;
mod foerderdarlehen;
mod haushalt;
mod immobilie;
pub mod kindergeld;
mod kunden;
mod laender;
mod metadaten;
mod obligo;
mod positionen;
mod produktanbieter;
mod tilgung;
mod vorhaben;
mod werte;

use serde_json::{Map, Value};
use vorgaenge_model as v2;

use crate::Kundenangaben;

/// The members of the v2 `Vorgang` that the import determines, as JSON. `stichtag` is the
/// day of the import (the case's `erstelltAm`, or the day its data is replaced): amounts in
/// force on that day (Kindergeld) are used.
///
/// Never contains `vorgangsNummer`, `kundenBetreuer`, `vorgangsBearbeiter`, `status`,
/// `letzteAenderung`, `erstelltAm` or other server-owned members; the server adds them.
/// Members without content are omitted, except `praeferenzen` (upstream keeps it empty).
pub fn vorgang_members(k: &Kundenangaben, stichtag: &v2::Date) -> Map<String, Value> {
    let vorgang = vorgang(k, stichtag);
    match serde_json::to_value(&vorgang) {
        Ok(Value::Object(members)) => members,
        // A struct of optional fields always serialises to an object.
        _ => Map::new(),
    }
}

/// The same as a typed (partial) `Vorgang`.
pub fn vorgang(k: &Kundenangaben, stichtag: &v2::Date) -> v2::Vorgang {
    let angaben = k.angaben();
    let kunden = kunden::Kundenverzeichnis::new(angaben);
    let bedarf = angaben.finanzierungsbedarf.as_ref();
    let zweck = bedarf.and_then(|b| b.finanzierungszweck.as_ref());
    let marktwert = zweck.map(finanzbedarf::bedarf).and_then(|b| b.marktwert);
    let (finanzierungs_objekt, nachfinanzierung) = match &angaben.finanzierungsobjekt {
        Some(objekt) => finanzierungsobjekt::finanzierungsobjekt(objekt, zweck, marktwert),
        None => (None, None),
    };
    v2::Vorgang {
        haushalte: werte::non_empty(
            angaben
                .haushalte
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, h)| haushalt::haushalt(h, i, stichtag))
                .collect(),
        ),
        bankverbindung: angaben
            .bankverbindung
            .as_ref()
            .and_then(|b| bankverbindung::bankverbindung(b, &kunden)),
        finanzierungs_objekt,
        vorhaben: bedarf.and_then(|b| vorhaben::vorhaben(b, nachfinanzierung, &kunden)),
        praeferenzen: Some(
            bedarf
                .and_then(|b| b.praeferenzen.as_ref())
                .and_then(vorhaben::praeferenzen)
                .unwrap_or_default(),
        ),
        ..metadaten::metadaten(k)
    }
}
