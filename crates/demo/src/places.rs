//! Places: cities with postcodes, federal state, land-registry courts and price levels.
//!
//! Prices per square metre are rough 2025 market levels for existing homes; they make
//! purchase prices, loan sizes and incomes of a case fit together. The advisor's team
//! region decides where most of its customers live and buy.

use crate::dice::Dice;
use crate::json::obj;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    Berlin,
    Nord,
    Sued,
    West,
}

#[derive(Debug)]
pub(crate) struct City {
    pub ort: &'static str,
    pub region: Region,
    /// `Bundesland` enum value.
    pub bundesland: &'static str,
    /// Postcodes actually used in the city (a few per city).
    pub plz: &'static [&'static str],
    /// Phone area code without the leading zero.
    pub vorwahl: &'static str,
    /// Price level of existing flats in EUR per m².
    pub preis_qm: f64,
    /// Land-registry courts (Grundbuchamt) responsible for the city.
    pub amtsgerichte: &'static [&'static str],
    /// Authority issuing identity cards.
    pub behoerde: &'static str,
}

pub(crate) const CITIES: &[City] = &[
    City {
        ort: "Berlin",
        region: Region::Berlin,
        bundesland: "BERLIN",
        plz: &[
            "10115", "10247", "10437", "10827", "12047", "12157", "12681", "13156", "13467",
            "14055", "14195",
        ],
        vorwahl: "30",
        preis_qm: 5200.0,
        amtsgerichte: &[
            "Pankow",
            "Charlottenburg",
            "Schöneberg",
            "Lichtenberg",
            "Köpenick",
            "Spandau",
            "Neukölln",
            "Mitte",
        ],
        behoerde: "Bürgeramt",
    },
    City {
        ort: "Potsdam",
        region: Region::Berlin,
        bundesland: "BRANDENBURG",
        plz: &["14467", "14469", "14480", "14482"],
        vorwahl: "331",
        preis_qm: 4700.0,
        amtsgerichte: &["Potsdam"],
        behoerde: "Landeshauptstadt Potsdam",
    },
    City {
        ort: "Falkensee",
        region: Region::Berlin,
        bundesland: "BRANDENBURG",
        plz: &["14612"],
        vorwahl: "3322",
        preis_qm: 3900.0,
        amtsgerichte: &["Nauen"],
        behoerde: "Stadt Falkensee",
    },
    City {
        ort: "Leipzig",
        region: Region::Berlin,
        bundesland: "SACHSEN",
        plz: &["04103", "04229", "04277", "04315"],
        vorwahl: "341",
        preis_qm: 3000.0,
        amtsgerichte: &["Leipzig"],
        behoerde: "Stadt Leipzig",
    },
    City {
        ort: "Dresden",
        region: Region::Berlin,
        bundesland: "SACHSEN",
        plz: &["01067", "01099", "01219", "01309"],
        vorwahl: "351",
        preis_qm: 3100.0,
        amtsgerichte: &["Dresden"],
        behoerde: "Landeshauptstadt Dresden",
    },
    City {
        ort: "Magdeburg",
        region: Region::Berlin,
        bundesland: "SACHSEN_ANHALT",
        plz: &["39104", "39108", "39112"],
        vorwahl: "391",
        preis_qm: 2300.0,
        amtsgerichte: &["Magdeburg"],
        behoerde: "Landeshauptstadt Magdeburg",
    },
    City {
        ort: "Erfurt",
        region: Region::Berlin,
        bundesland: "THUERINGEN",
        plz: &["99084", "99089", "99096"],
        vorwahl: "361",
        preis_qm: 2700.0,
        amtsgerichte: &["Erfurt"],
        behoerde: "Landeshauptstadt Erfurt",
    },
    City {
        ort: "Hamburg",
        region: Region::Nord,
        bundesland: "HAMBURG",
        plz: &[
            "20249", "20259", "21029", "21073", "22085", "22299", "22453", "22525", "22587",
            "22765",
        ],
        vorwahl: "40",
        preis_qm: 5600.0,
        amtsgerichte: &[
            "Hamburg-Barmbek",
            "Hamburg-Blankenese",
            "Hamburg-Wandsbek",
            "Hamburg-Bergedorf",
            "Hamburg-Harburg",
            "Hamburg-Altona",
        ],
        behoerde: "Freie und Hansestadt Hamburg",
    },
    City {
        ort: "Norderstedt",
        region: Region::Nord,
        bundesland: "SCHLESWIG_HOLSTEIN",
        plz: &["22844", "22846", "22850"],
        vorwahl: "40",
        preis_qm: 4100.0,
        amtsgerichte: &["Norderstedt"],
        behoerde: "Stadt Norderstedt",
    },
    City {
        ort: "Pinneberg",
        region: Region::Nord,
        bundesland: "SCHLESWIG_HOLSTEIN",
        plz: &["25421"],
        vorwahl: "4101",
        preis_qm: 3800.0,
        amtsgerichte: &["Pinneberg"],
        behoerde: "Stadt Pinneberg",
    },
    City {
        ort: "Lüneburg",
        region: Region::Nord,
        bundesland: "NIEDERSACHSEN",
        plz: &["21335", "21337", "21339"],
        vorwahl: "4131",
        preis_qm: 3900.0,
        amtsgerichte: &["Lüneburg"],
        behoerde: "Hansestadt Lüneburg",
    },
    City {
        ort: "Lübeck",
        region: Region::Nord,
        bundesland: "SCHLESWIG_HOLSTEIN",
        plz: &["23552", "23562", "23566", "23568"],
        vorwahl: "451",
        preis_qm: 3500.0,
        amtsgerichte: &["Lübeck"],
        behoerde: "Hansestadt Lübeck",
    },
    City {
        ort: "Kiel",
        region: Region::Nord,
        bundesland: "SCHLESWIG_HOLSTEIN",
        plz: &["24103", "24105", "24116", "24149"],
        vorwahl: "431",
        preis_qm: 3300.0,
        amtsgerichte: &["Kiel"],
        behoerde: "Landeshauptstadt Kiel",
    },
    City {
        ort: "Bremen",
        region: Region::Nord,
        bundesland: "BREMEN",
        plz: &["28195", "28203", "28209", "28359"],
        vorwahl: "421",
        preis_qm: 3000.0,
        amtsgerichte: &["Bremen"],
        behoerde: "Bürgeramt Bremen",
    },
    City {
        ort: "Hannover",
        region: Region::Nord,
        bundesland: "NIEDERSACHSEN",
        plz: &["30159", "30163", "30173", "30655"],
        vorwahl: "511",
        preis_qm: 3500.0,
        amtsgerichte: &["Hannover"],
        behoerde: "Landeshauptstadt Hannover",
    },
    City {
        ort: "Rostock",
        region: Region::Nord,
        bundesland: "MECKLENBURG_VORPOMMERN",
        plz: &["18055", "18057", "18119"],
        vorwahl: "381",
        preis_qm: 3300.0,
        amtsgerichte: &["Rostock"],
        behoerde: "Hanse- und Universitätsstadt Rostock",
    },
    City {
        ort: "München",
        region: Region::Sued,
        bundesland: "BAYERN",
        plz: &[
            "80331", "80469", "80637", "80804", "81369", "81541", "81677",
        ],
        vorwahl: "89",
        preis_qm: 8900.0,
        amtsgerichte: &["München"],
        behoerde: "Landeshauptstadt München",
    },
    City {
        ort: "Augsburg",
        region: Region::Sued,
        bundesland: "BAYERN",
        plz: &["86150", "86159", "86163"],
        vorwahl: "821",
        preis_qm: 4500.0,
        amtsgerichte: &["Augsburg"],
        behoerde: "Stadt Augsburg",
    },
    City {
        ort: "Nürnberg",
        region: Region::Sued,
        bundesland: "BAYERN",
        plz: &["90402", "90429", "90461", "90491"],
        vorwahl: "911",
        preis_qm: 4200.0,
        amtsgerichte: &["Nürnberg"],
        behoerde: "Stadt Nürnberg",
    },
    City {
        ort: "Regensburg",
        region: Region::Sued,
        bundesland: "BAYERN",
        plz: &["93047", "93049", "93053"],
        vorwahl: "941",
        preis_qm: 4800.0,
        amtsgerichte: &["Regensburg"],
        behoerde: "Stadt Regensburg",
    },
    City {
        ort: "Rosenheim",
        region: Region::Sued,
        bundesland: "BAYERN",
        plz: &["83022", "83024", "83026"],
        vorwahl: "8031",
        preis_qm: 5100.0,
        amtsgerichte: &["Rosenheim"],
        behoerde: "Stadt Rosenheim",
    },
    City {
        ort: "Stuttgart",
        region: Region::Sued,
        bundesland: "BADEN_WUERTTEMBERG",
        plz: &["70173", "70176", "70190", "70597"],
        vorwahl: "711",
        preis_qm: 5700.0,
        amtsgerichte: &["Böblingen"],
        behoerde: "Landeshauptstadt Stuttgart",
    },
    City {
        ort: "Freiburg im Breisgau",
        region: Region::Sued,
        bundesland: "BADEN_WUERTTEMBERG",
        plz: &["79098", "79102", "79110"],
        vorwahl: "761",
        preis_qm: 5600.0,
        amtsgerichte: &["Emmendingen"],
        behoerde: "Stadt Freiburg im Breisgau",
    },
    City {
        ort: "Karlsruhe",
        region: Region::Sued,
        bundesland: "BADEN_WUERTTEMBERG",
        plz: &["76131", "76133", "76185"],
        vorwahl: "721",
        preis_qm: 4300.0,
        amtsgerichte: &["Maulbronn"],
        behoerde: "Stadt Karlsruhe",
    },
    City {
        ort: "Köln",
        region: Region::West,
        bundesland: "NORDRHEIN_WESTFALEN",
        plz: &["50667", "50733", "50825", "50937", "51103"],
        vorwahl: "221",
        preis_qm: 4600.0,
        amtsgerichte: &["Köln"],
        behoerde: "Stadt Köln",
    },
    City {
        ort: "Düsseldorf",
        region: Region::West,
        bundesland: "NORDRHEIN_WESTFALEN",
        plz: &["40210", "40477", "40545", "40591"],
        vorwahl: "211",
        preis_qm: 4900.0,
        amtsgerichte: &["Düsseldorf"],
        behoerde: "Landeshauptstadt Düsseldorf",
    },
    City {
        ort: "Münster",
        region: Region::West,
        bundesland: "NORDRHEIN_WESTFALEN",
        plz: &["48143", "48147", "48155"],
        vorwahl: "251",
        preis_qm: 4400.0,
        amtsgerichte: &["Münster"],
        behoerde: "Stadt Münster",
    },
    City {
        ort: "Frankfurt am Main",
        region: Region::West,
        bundesland: "HESSEN",
        plz: &["60311", "60318", "60385", "60486", "60598"],
        vorwahl: "69",
        preis_qm: 6100.0,
        amtsgerichte: &["Frankfurt am Main"],
        behoerde: "Stadt Frankfurt am Main",
    },
    City {
        ort: "Wiesbaden",
        region: Region::West,
        bundesland: "HESSEN",
        plz: &["65183", "65187", "65197"],
        vorwahl: "611",
        preis_qm: 4600.0,
        amtsgerichte: &["Wiesbaden"],
        behoerde: "Landeshauptstadt Wiesbaden",
    },
    City {
        ort: "Mainz",
        region: Region::West,
        bundesland: "RHEINLAND_PFALZ",
        plz: &["55116", "55118", "55122"],
        vorwahl: "6131",
        preis_qm: 4700.0,
        amtsgerichte: &["Mainz"],
        behoerde: "Landeshauptstadt Mainz",
    },
    City {
        ort: "Saarbrücken",
        region: Region::West,
        bundesland: "SAARLAND",
        plz: &["66111", "66113", "66121"],
        vorwahl: "681",
        preis_qm: 2500.0,
        amtsgerichte: &["Saarbrücken"],
        behoerde: "Landeshauptstadt Saarbrücken",
    },
];

/// Street names that exist in many German towns.
pub(crate) const STRASSEN: &[&str] = &[
    "Hauptstraße",
    "Schulstraße",
    "Gartenstraße",
    "Bahnhofstraße",
    "Dorfstraße",
    "Bergstraße",
    "Birkenweg",
    "Lindenstraße",
    "Kirchstraße",
    "Waldstraße",
    "Ringstraße",
    "Schillerstraße",
    "Goethestraße",
    "Amselweg",
    "Rosenweg",
    "Mühlenweg",
    "Am Sportplatz",
    "Wiesenweg",
    "Friedrichstraße",
    "Parkstraße",
    "Eichenallee",
    "Ahornweg",
    "Fliederweg",
    "Uhlandstraße",
    "Mozartstraße",
    "Lessingstraße",
    "Am Mühlenteich",
    "Buchenring",
    "Kastanienallee",
    "Sonnenhang",
    "Feldstraße",
    "Heideweg",
    "Brunnenstraße",
    "Marktplatz",
    "Tulpenweg",
];

/// Grunderwerbsteuer rate of a federal state in percent (2025).
pub(crate) fn grunderwerbsteuer_satz(bundesland: &str) -> f64 {
    match bundesland {
        "BAYERN" => 3.5,
        "HAMBURG" | "SACHSEN" => 5.5,
        "BERLIN" | "HESSEN" | "MECKLENBURG_VORPOMMERN" => 6.0,
        "BRANDENBURG" | "NORDRHEIN_WESTFALEN" | "SAARLAND" | "SCHLESWIG_HOLSTEIN" => 6.5,
        // BW, HB, NI, RP, ST, TH
        _ => 5.0,
    }
}

/// A city, mostly from the preferred region (customers usually live near their advisor).
pub(crate) fn pick_city(d: &mut Dice, region: Region, local_share: f64) -> &'static City {
    if d.chance(local_share) {
        let count = CITIES.iter().filter(|c| c.region == region).count() as u64;
        let nth = d.below(count) as usize;
        CITIES
            .iter()
            .filter(|c| c.region == region)
            .nth(nth)
            .expect("every region has cities")
    } else {
        d.pick(CITIES)
    }
}

/// A postal address in the city.
pub(crate) fn address(d: &mut Dice, city: &City) -> Value {
    let mut nr = d.int(1, 148).to_string();
    if d.chance(0.12) {
        nr.push(char::from(b'a' + d.below(3) as u8));
    }
    obj! {
        "strasse" => *d.pick(STRASSEN),
        "hausnummer" => nr,
        "postleitzahl" => *d.pick(city.plz),
        "ort" => city.ort,
    }
}
