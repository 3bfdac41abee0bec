//! Product providers (lenders, Bauspar companies) by their platform code, e.g. `WUESTENROT`.
//! Upstream expands a provider it knows into its full `ProduktAnbieter` record: the
//! provider's partner on the platform, company name, contact data and sales organisation.
//! The directory holds the providers whose records upstream has shown; any other code
//! becomes a record with the code alone.

use vorgaenge_model as v2;

/// A provider's public record, as upstream gives it.
struct Eintrag {
    code: &'static str,
    id: &'static str,
    partner_id: &'static str,
    firmierung: &'static str,
    email: &'static str,
    telefonnummer: &'static str,
    anschrift: Anschrift,
    vertrieb_name: &'static str,
    vertrieb_firma: &'static str,
}

struct Anschrift {
    strasse: &'static str,
    hausnummer: &'static str,
    postleitzahl: &'static str,
    ort: &'static str,
}

const VERZEICHNIS: &[Eintrag] = &[Eintrag {
    code: "WUESTENROT",
    id: "4e68a1e6fb2673309212aa47",
    partner_id: "NOE61",
    firmierung: "Wüstenrot Bausparkasse AG",
    email: "kundenservice@wuestenrot.ww-ag.epost.de",
    telefonnummer: "07141 / 16 - 0",
    anschrift: Anschrift {
        strasse: "Wüstenrotstraße",
        hausnummer: "1",
        postleitzahl: "71638",
        ort: "Ludwigsburg",
    },
    vertrieb_name: "Bausparkasse Wüstenrot AG",
    vertrieb_firma: "Wüstenrot Bausparkasse AG",
}];

/// The provider with this platform code: its full record if the directory knows it.
pub(super) fn produkt_anbieter(code: &str) -> v2::ProduktAnbieter {
    let Some(e) = VERZEICHNIS.iter().find(|e| e.code == code) else {
        return v2::ProduktAnbieter {
            produkt_anbieter_id: Some(code.to_owned()),
            ..Default::default()
        };
    };
    v2::ProduktAnbieter {
        id: Some(e.id.to_owned()),
        partner_id: Some(e.partner_id.to_owned()),
        firmierung: Some(e.firmierung.to_owned()),
        email: Some(e.email.to_owned()),
        telefonnummer: Some(e.telefonnummer.to_owned()),
        anschrift: Some(v2::Postadresse {
            strasse: Some(e.anschrift.strasse.to_owned()),
            hausnummer: Some(e.anschrift.hausnummer.to_owned()),
            postleitzahl: Some(e.anschrift.postleitzahl.to_owned()),
            ort: Some(e.anschrift.ort.to_owned()),
        }),
        vertriebs_organisation: Some(v2::VertriebsOrganisation {
            name: Some(e.vertrieb_name.to_owned()),
            firma: Some(e.vertrieb_firma.to_owned()),
            vertriebs_organisations_id: Some(e.code.to_owned()),
        }),
        kreditsachbearbeiter: Some(false),
        produkt_anbieter_id: Some(e.code.to_owned()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::produkt_anbieter;

    #[test]
    fn a_known_provider_gets_its_record() {
        let p = produkt_anbieter("WUESTENROT");
        assert_eq!(p.produkt_anbieter_id.as_deref(), Some("WUESTENROT"));
        assert_eq!(p.partner_id.as_deref(), Some("NOE61"));
        assert_eq!(p.firmierung.as_deref(), Some("Wüstenrot Bausparkasse AG"));
        assert_eq!(
            p.anschrift.and_then(|a| a.ort).as_deref(),
            Some("Ludwigsburg")
        );
    }

    #[test]
    fn another_provider_keeps_its_code_alone() {
        let p = produkt_anbieter("BHW");
        assert_eq!(p.produkt_anbieter_id.as_deref(), Some("BHW"));
        assert_eq!(
            p,
            vorgaenge_model::ProduktAnbieter {
                produkt_anbieter_id: Some("BHW".into()),
                ..Default::default()
            }
        );
    }
}
