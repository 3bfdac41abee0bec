//! German names of countries by ISO 3166-1 alpha-2 code: upstream adds the name to every
//! `Staat` it is given a code for (`DE` → `Deutschland`). The table holds the EU and EEA
//! states, Switzerland and the countries customers of German mortgage lenders most often
//! come from; a code not listed keeps its code alone, as before.

/// Code → name, in the short form of the German official country list.
const NAMEN: &[(&str, &str)] = &[
    // EU
    ("BE", "Belgien"),
    ("BG", "Bulgarien"),
    ("CY", "Zypern"),
    ("CZ", "Tschechien"),
    ("DE", "Deutschland"),
    ("DK", "Dänemark"),
    ("EE", "Estland"),
    ("ES", "Spanien"),
    ("FI", "Finnland"),
    ("FR", "Frankreich"),
    ("GR", "Griechenland"),
    ("HR", "Kroatien"),
    ("HU", "Ungarn"),
    ("IE", "Irland"),
    ("IT", "Italien"),
    ("LT", "Litauen"),
    ("LU", "Luxemburg"),
    ("LV", "Lettland"),
    ("MT", "Malta"),
    ("NL", "Niederlande"),
    ("AT", "Österreich"),
    ("PL", "Polen"),
    ("PT", "Portugal"),
    ("RO", "Rumänien"),
    ("SE", "Schweden"),
    ("SI", "Slowenien"),
    ("SK", "Slowakei"),
    // EEA and Switzerland
    ("IS", "Island"),
    ("LI", "Liechtenstein"),
    ("NO", "Norwegen"),
    ("CH", "Schweiz"),
    // Elsewhere in Europe
    ("AD", "Andorra"),
    ("AL", "Albanien"),
    ("BA", "Bosnien und Herzegowina"),
    ("BY", "Belarus"),
    ("GB", "Vereinigtes Königreich"),
    ("MC", "Monaco"),
    ("MD", "Moldau"),
    ("ME", "Montenegro"),
    ("MK", "Nordmazedonien"),
    ("RS", "Serbien"),
    ("RU", "Russische Föderation"),
    ("SM", "San Marino"),
    ("TR", "Türkei"),
    ("UA", "Ukraine"),
    ("XK", "Kosovo"),
    // Further afield
    ("AE", "Vereinigte Arabische Emirate"),
    ("AF", "Afghanistan"),
    ("AM", "Armenien"),
    ("AU", "Australien"),
    ("AZ", "Aserbaidschan"),
    ("BR", "Brasilien"),
    ("CA", "Kanada"),
    ("CN", "China"),
    ("EG", "Ägypten"),
    ("GE", "Georgien"),
    ("IL", "Israel"),
    ("IN", "Indien"),
    ("IQ", "Irak"),
    ("IR", "Iran"),
    ("JP", "Japan"),
    ("KR", "Korea, Republik"),
    ("KZ", "Kasachstan"),
    ("LB", "Libanon"),
    ("MA", "Marokko"),
    ("MX", "Mexiko"),
    ("NG", "Nigeria"),
    ("PH", "Philippinen"),
    ("PK", "Pakistan"),
    ("SY", "Syrien"),
    ("TH", "Thailand"),
    ("TN", "Tunesien"),
    ("US", "Vereinigte Staaten"),
    ("VN", "Vietnam"),
    ("ZA", "Südafrika"),
];

/// The German name of the country with this code (case-insensitive), if listed.
pub(super) fn name(iso_code: &str) -> Option<&'static str> {
    NAMEN
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(iso_code))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::{NAMEN, name};

    #[test]
    fn names_by_code() {
        assert_eq!(name("DE"), Some("Deutschland"));
        assert_eq!(name("at"), Some("Österreich"));
        assert_eq!(name("NL"), Some("Niederlande"));
        assert_eq!(name("TR"), Some("Türkei"));
        assert_eq!(name("XX"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn every_eu_and_eea_state_is_listed_once() {
        let eu_eea = [
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS",
            "LI", "NO",
        ];
        for code in eu_eea {
            assert!(name(code).is_some(), "{code}");
        }
        let mut codes: Vec<&str> = NAMEN.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), NAMEN.len(), "a code listed twice");
    }
}
