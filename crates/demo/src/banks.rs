//! Lenders (Produktanbieter), account banks and IBANs.
//!
//! The lenders are institutions that actually do German mortgage business; their
//! conditions in the demo are invented. `spread` shifts a lender's rates against the
//! market level so that offers of different banks for the same case differ plausibly.

use crate::dice::Dice;
use crate::json::obj;
use serde_json::Value;

#[derive(Debug)]
pub(crate) struct Lender {
    pub id: &'static str,
    pub firmierung: &'static str,
    pub webseite: &'static str,
    /// Three letters used for the partner ids of the lender's credit officers.
    pub kuerzel: &'static str,
    /// Interest markup against the market level in percentage points.
    pub spread: f64,
}

pub(crate) const BANKEN: &[Lender] = &[
    Lender {
        id: "DKB",
        firmierung: "Deutsche Kreditbank AG",
        webseite: "https://www.dkb.de",
        kuerzel: "DKB",
        spread: 0.02,
    },
    Lender {
        id: "INGDIBA",
        firmierung: "ING-DiBa AG",
        webseite: "https://www.ing.de",
        kuerzel: "ING",
        spread: 0.0,
    },
    Lender {
        id: "COMMERZBANK",
        firmierung: "Commerzbank AG",
        webseite: "https://www.commerzbank.de",
        kuerzel: "CBK",
        spread: 0.08,
    },
    Lender {
        id: "HASPA",
        firmierung: "Hamburger Sparkasse AG",
        webseite: "https://www.haspa.de",
        kuerzel: "HSP",
        spread: 0.12,
    },
    Lender {
        id: "BERLINERVOLKSBANK",
        firmierung: "Berliner Volksbank eG",
        webseite: "https://www.berliner-volksbank.de",
        kuerzel: "BVB",
        spread: 0.1,
    },
    Lender {
        id: "MHB",
        firmierung: "Münchener Hypothekenbank eG",
        webseite: "https://www.mhb.de",
        kuerzel: "MHB",
        spread: 0.04,
    },
    Lender {
        id: "SPARDABERLIN",
        firmierung: "Sparda-Bank Berlin eG",
        webseite: "https://www.sparda-b.de",
        kuerzel: "SPB",
        spread: 0.06,
    },
    Lender {
        id: "DSL",
        firmierung: "DSL Bank – ein Geschäftsbereich der Deutsche Bank AG",
        webseite: "https://www.dslbank.de",
        kuerzel: "DSL",
        spread: 0.05,
    },
    Lender {
        id: "ALLIANZLEBEN",
        firmierung: "Allianz Lebensversicherungs-AG",
        webseite: "https://www.allianz.de",
        kuerzel: "ALZ",
        spread: -0.03,
    },
    Lender {
        id: "PSDNORD",
        firmierung: "PSD Bank Nord eG",
        webseite: "https://www.psd-nord.de",
        kuerzel: "PSD",
        spread: 0.03,
    },
    Lender {
        id: "HYPOVEREINSBANK",
        firmierung: "UniCredit Bank GmbH",
        webseite: "https://www.hypovereinsbank.de",
        kuerzel: "HVB",
        spread: 0.09,
    },
    Lender {
        id: "SPARKASSEKOELNBONN",
        firmierung: "Sparkasse KölnBonn",
        webseite: "https://www.sparkasse-koelnbonn.de",
        kuerzel: "SKB",
        spread: 0.11,
    },
];

pub(crate) const BAUSPARKASSEN: &[Lender] = &[
    Lender {
        id: "BSH",
        firmierung: "Bausparkasse Schwäbisch Hall AG",
        webseite: "https://www.schwaebisch-hall.de",
        kuerzel: "BSH",
        spread: 0.0,
    },
    Lender {
        id: "WUESTENROT",
        firmierung: "Wüstenrot Bausparkasse AG",
        webseite: "https://www.wuestenrot.de",
        kuerzel: "WBS",
        spread: 0.05,
    },
    Lender {
        id: "BHW",
        firmierung: "BHW Bausparkasse AG",
        webseite: "https://www.bhw.de",
        kuerzel: "BHW",
        spread: 0.03,
    },
    Lender {
        id: "LBSNORD",
        firmierung: "LBS Norddeutsche Landesbausparkasse Berlin-Hannover",
        webseite: "https://www.lbs-nord.de",
        kuerzel: "LBS",
        spread: 0.04,
    },
];

pub(crate) const KFW: Lender = Lender {
    id: "KFW",
    firmierung: "KfW Bankengruppe",
    webseite: "https://www.kfw.de",
    kuerzel: "KFW",
    spread: 0.0,
};

/// Regional development banks: (programme enum value, Bundesland it serves, lender).
pub(crate) const FOERDERBANKEN: &[(&str, &str, Lender)] = &[
    (
        "NRW_BANK_WOHNEIGENTUM",
        "NORDRHEIN_WESTFALEN",
        Lender {
            id: "NRWBANK",
            firmierung: "NRW.BANK",
            webseite: "https://www.nrwbank.de",
            kuerzel: "NRW",
            spread: 0.0,
        },
    ),
    (
        "L_BANK_WOHNEN_MIT_KIND",
        "BADEN_WUERTTEMBERG",
        Lender {
            id: "LBANK",
            firmierung: "L-Bank Staatsbank für Baden-Württemberg",
            webseite: "https://www.l-bank.de",
            kuerzel: "LBW",
            spread: 0.0,
        },
    ),
    (
        "IBSH_IMMOEIGENTUM",
        "SCHLESWIG_HOLSTEIN",
        Lender {
            id: "IBSH",
            firmierung: "Investitionsbank Schleswig-Holstein",
            webseite: "https://www.ib-sh.de",
            kuerzel: "IBS",
            spread: 0.0,
        },
    ),
];

/// Short form used inside offers, loans and bank references.
pub(crate) fn anbieter_kurz(l: &Lender) -> Value {
    obj! { "produktAnbieterId" => l.id, "firmierung" => l.firmierung }
}

/// Form with web site used for the Produktanbieter of an application.
pub(crate) fn anbieter_voll(l: &Lender) -> Value {
    obj! { "produktAnbieterId" => l.id, "firmierung" => l.firmierung, "webseite" => l.webseite }
}

/// Account-holding banks: (Bankleitzahl, BIC, name).
pub(crate) const KONTOBANKEN: &[(&str, &str, &str)] = &[
    ("12030000", "BYLADEM1001", "Deutsche Kreditbank AG"),
    ("10050000", "BELADEBEXXX", "Berliner Sparkasse"),
    ("20050550", "HASPDEHHXXX", "Hamburger Sparkasse"),
    ("50010517", "INGDDEFFXXX", "ING-DiBa"),
    ("10040000", "COBADEBBXXX", "Commerzbank"),
    ("70150000", "SSKMDEMMXXX", "Stadtsparkasse München"),
    ("37050198", "COLSDE33XXX", "Sparkasse KölnBonn"),
    ("20070024", "DEUTDEDBHAM", "Deutsche Bank"),
    ("10090000", "BEVODEBBXXX", "Berliner Volksbank"),
    ("43060967", "GENODEM1GLS", "GLS Gemeinschaftsbank"),
];

/// A German IBAN with correct ISO 7064 mod-97 check digits.
pub(crate) fn iban(blz: &str, konto: &str) -> String {
    let bban = format!("{blz}{konto:0>10}");
    // "DE" = 13 14, followed by "00" as placeholder check digits.
    let mut rem: u64 = 0;
    for b in bban.bytes().chain(*b"131400") {
        rem = (rem * 10 + u64::from(b - b'0')) % 97;
    }
    format!("DE{:02}{bban}", 98 - rem)
}

/// A plausible (invented) account number.
pub(crate) fn kontonummer(d: &mut Dice) -> String {
    format!("{}{}", d.int(1, 9), d.digits(9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits() {
        // The well-known sample account of the German IBAN documentation.
        assert_eq!(iban("37040044", "0532013000"), "DE89370400440532013000");
    }
}
