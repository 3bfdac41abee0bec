//! Names of people, employers and jobs, plus the transliteration used for e-mail addresses.
//!
//! The lists mirror the German population loosely: mostly common German names, plus a
//! share of applicants with other nationalities (with names to match), because residence
//! titles and work permits are part of the schema and should appear in the data.

pub(crate) const VORNAMEN_F: &[&str] = &[
    "Anna",
    "Julia",
    "Laura",
    "Lena",
    "Sarah",
    "Katrin",
    "Sabine",
    "Stefanie",
    "Christina",
    "Nicole",
    "Melanie",
    "Jana",
    "Franziska",
    "Miriam",
    "Hannah",
    "Lea",
    "Johanna",
    "Sophie",
    "Marie",
    "Charlotte",
    "Friederike",
    "Ines",
    "Maren",
    "Silke",
    "Anke",
    "Kerstin",
    "Susanne",
    "Claudia",
    "Carolin",
    "Vanessa",
    "Theresa",
    "Judith",
    "Nadine",
    "Svenja",
    "Wiebke",
    "Tanja",
    "Petra",
    "Andrea",
    "Dörte",
    "Jördis",
];

pub(crate) const VORNAMEN_M: &[&str] = &[
    "Alexander",
    "Andreas",
    "Christian",
    "Daniel",
    "David",
    "Dennis",
    "Felix",
    "Florian",
    "Jan",
    "Jens",
    "Johannes",
    "Jonas",
    "Kai",
    "Lars",
    "Lukas",
    "Markus",
    "Martin",
    "Matthias",
    "Michael",
    "Moritz",
    "Niklas",
    "Oliver",
    "Patrick",
    "Paul",
    "Philipp",
    "Ralf",
    "Sascha",
    "Simon",
    "Stefan",
    "Sven",
    "Thomas",
    "Tim",
    "Tobias",
    "Torben",
    "Ulrich",
    "Jörg",
    "Björn",
    "Malte",
    "Hauke",
    "Frank",
];

pub(crate) const NACHNAMEN: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomsen",
    "Jensen",
    "Petersen",
    "Carstensen",
    "Ehlers",
    "Lüdtke",
    "Wendt",
];

/// A nationality other than German, with names typical for it.
#[derive(Debug)]
pub(crate) struct Herkunft {
    pub iso: &'static str,
    /// Country name in German (as used in `Staat.name`).
    pub land: &'static str,
    pub eu: bool,
    pub geburtsorte: &'static [&'static str],
    pub vornamen_f: &'static [&'static str],
    pub vornamen_m: &'static [&'static str],
    pub nachnamen: &'static [&'static str],
}

pub(crate) const HERKUNFT: &[Herkunft] = &[
    Herkunft {
        iso: "PL",
        land: "Polen",
        eu: true,
        geburtsorte: &["Stettin", "Posen", "Breslau", "Danzig"],
        vornamen_f: &["Katarzyna", "Agnieszka", "Magdalena", "Joanna"],
        vornamen_m: &["Piotr", "Tomasz", "Paweł", "Marek"],
        nachnamen: &[
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Zieliński",
            "Lewandowski",
        ],
    },
    Herkunft {
        iso: "TR",
        land: "Türkei",
        eu: false,
        geburtsorte: &["Istanbul", "Izmir", "Ankara", "Trabzon"],
        vornamen_f: &["Elif", "Zeynep", "Ayse", "Merve"],
        vornamen_m: &["Emre", "Murat", "Can", "Burak"],
        nachnamen: &["Yilmaz", "Kaya", "Demir", "Aydin", "Öztürk", "Arslan"],
    },
    Herkunft {
        iso: "IT",
        land: "Italien",
        eu: true,
        geburtsorte: &["Mailand", "Neapel", "Turin", "Bologna"],
        vornamen_f: &["Giulia", "Francesca", "Chiara", "Martina"],
        vornamen_m: &["Luca", "Marco", "Alessandro", "Matteo"],
        nachnamen: &["Rossi", "Romano", "Bianchi", "Esposito", "Ricci"],
    },
    Herkunft {
        iso: "GR",
        land: "Griechenland",
        eu: true,
        geburtsorte: &["Thessaloniki", "Athen", "Patras"],
        vornamen_f: &["Eleni", "Maria", "Sofia"],
        vornamen_m: &["Nikolaos", "Giorgos", "Dimitrios"],
        nachnamen: &["Papadopoulos", "Georgiou", "Nikolaidis"],
    },
    Herkunft {
        iso: "ES",
        land: "Spanien",
        eu: true,
        geburtsorte: &["Madrid", "Valencia", "Sevilla"],
        vornamen_f: &["Lucía", "Carmen", "Elena"],
        vornamen_m: &["Javier", "Sergio", "Pablo"],
        nachnamen: &["García", "Fernández", "López", "Martínez"],
    },
    Herkunft {
        iso: "IN",
        land: "Indien",
        eu: false,
        geburtsorte: &["Bengaluru", "Pune", "Hyderabad", "Chennai"],
        vornamen_f: &["Priya", "Ananya", "Kavya"],
        vornamen_m: &["Arjun", "Rahul", "Vikram"],
        nachnamen: &["Sharma", "Patel", "Iyer", "Reddy", "Nair"],
    },
    Herkunft {
        iso: "UA",
        land: "Ukraine",
        eu: false,
        geburtsorte: &["Kiew", "Charkiw", "Lwiw", "Odessa"],
        vornamen_f: &["Olena", "Iryna", "Oksana"],
        vornamen_m: &["Andrii", "Oleksandr", "Dmytro"],
        nachnamen: &["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk"],
    },
    Herkunft {
        iso: "AT",
        land: "Österreich",
        eu: true,
        geburtsorte: &["Wien", "Graz", "Linz", "Salzburg"],
        vornamen_f: &["Theresa", "Magdalena", "Katharina"],
        vornamen_m: &["Florian", "Lukas", "Maximilian"],
        nachnamen: &["Gruber", "Huber", "Pichler", "Steiner", "Moser"],
    },
];

pub(crate) const KINDER_F: &[&str] = &[
    "Emilia", "Mia", "Sophia", "Hanna", "Emma", "Lina", "Mila", "Ella", "Clara", "Leni", "Ida",
    "Frieda", "Luisa", "Greta", "Nele",
];

pub(crate) const KINDER_M: &[&str] = &[
    "Noah", "Matteo", "Elias", "Leon", "Paul", "Finn", "Ben", "Emil", "Henry", "Theo", "Luis",
    "Anton", "Jakob", "Oskar", "Mats",
];

/// A job held as employee, with gendered job titles and the industry it belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Beruf {
    pub m: &'static str,
    pub f: &'static str,
    pub branche: &'static str,
    /// Typical net monthly salary of a full-time position in EUR.
    pub netto: f64,
}

pub(crate) const ANGESTELLTEN_BERUFE: &[Beruf] = &[
    Beruf {
        m: "Softwareentwickler",
        f: "Softwareentwicklerin",
        branche: "INFORMATION_KOMMUNIKATION",
        netto: 3600.0,
    },
    Beruf {
        m: "IT-Projektleiter",
        f: "IT-Projektleiterin",
        branche: "INFORMATION_KOMMUNIKATION",
        netto: 4300.0,
    },
    Beruf {
        m: "Bankkaufmann",
        f: "Bankkauffrau",
        branche: "FINANZ_UND_VERSICHERUNGSDIENSTLEISTUNGEN",
        netto: 2900.0,
    },
    Beruf {
        m: "Versicherungskaufmann",
        f: "Versicherungskauffrau",
        branche: "FINANZ_UND_VERSICHERUNGSDIENSTLEISTUNGEN",
        netto: 2800.0,
    },
    Beruf {
        m: "Gesundheits- und Krankenpfleger",
        f: "Gesundheits- und Krankenpflegerin",
        branche: "GESUNDHEIT_UND_SOZIALWESEN",
        netto: 2600.0,
    },
    Beruf {
        m: "Oberarzt",
        f: "Oberärztin",
        branche: "GESUNDHEIT_UND_SOZIALWESEN",
        netto: 6100.0,
    },
    Beruf {
        m: "Maschinenbauingenieur",
        f: "Maschinenbauingenieurin",
        branche: "VERARBEITENDES_GEWERBE",
        netto: 3900.0,
    },
    Beruf {
        m: "Industriemechaniker",
        f: "Industriemechanikerin",
        branche: "VERARBEITENDES_GEWERBE",
        netto: 2500.0,
    },
    Beruf {
        m: "Vertriebsleiter",
        f: "Vertriebsleiterin",
        branche: "HANDEL_INSTANDHALTUNG_VON_KRAFTFAHRZEUGEN",
        netto: 4500.0,
    },
    Beruf {
        m: "Einzelhandelskaufmann",
        f: "Einzelhandelskauffrau",
        branche: "HANDEL_INSTANDHALTUNG_VON_KRAFTFAHRZEUGEN",
        netto: 2100.0,
    },
    Beruf {
        m: "Speditionskaufmann",
        f: "Speditionskauffrau",
        branche: "VERKEHR_LOGISTIK",
        netto: 2400.0,
    },
    Beruf {
        m: "Disponent",
        f: "Disponentin",
        branche: "VERKEHR_LOGISTIK",
        netto: 2500.0,
    },
    Beruf {
        m: "Bauleiter",
        f: "Bauleiterin",
        branche: "BAUGEWERBE",
        netto: 3500.0,
    },
    Beruf {
        m: "Elektroniker",
        f: "Elektronikerin",
        branche: "ENERGIEVERSORGUNG",
        netto: 2600.0,
    },
    Beruf {
        m: "Erzieher",
        f: "Erzieherin",
        branche: "ERZIEHUNG_UNTERRICHT",
        netto: 2300.0,
    },
    Beruf {
        m: "Controller",
        f: "Controllerin",
        branche: "FREIBERUFLICHE_WISSENSCHAFTLICHE_UND_TECHNISCHE_DIENSTLEISTUNGEN",
        netto: 3500.0,
    },
    Beruf {
        m: "Personalreferent",
        f: "Personalreferentin",
        branche: "SONSTIGE_WIRTSCHAFTLICHE_DIENSTLEISTUNGEN",
        netto: 3000.0,
    },
    Beruf {
        m: "Immobilienkaufmann",
        f: "Immobilienkauffrau",
        branche: "GRUNDSTÜCKS_UND_WOHNUNGSWESEN",
        netto: 2700.0,
    },
    Beruf {
        m: "Hotelfachmann",
        f: "Hotelfachfrau",
        branche: "GASTGEWERBE",
        netto: 1950.0,
    },
    Beruf {
        m: "Redakteur",
        f: "Redakteurin",
        branche: "INFORMATION_KOMMUNIKATION",
        netto: 3000.0,
    },
];

pub(crate) const BEAMTEN_BERUFE: &[Beruf] = &[
    Beruf {
        m: "Studienrat",
        f: "Studienrätin",
        branche: "ERZIEHUNG_UNTERRICHT",
        netto: 3700.0,
    },
    Beruf {
        m: "Polizeikommissar",
        f: "Polizeikommissarin",
        branche: "OEFFENTLICHE_VERWALTUNG_VERTEIDIGUNG_SOZIALVERSICHERUNG",
        netto: 2900.0,
    },
    Beruf {
        m: "Regierungsinspektor",
        f: "Regierungsinspektorin",
        branche: "OEFFENTLICHE_VERWALTUNG_VERTEIDIGUNG_SOZIALVERSICHERUNG",
        netto: 2700.0,
    },
    Beruf {
        m: "Steueramtsrat",
        f: "Steueramtsrätin",
        branche: "OEFFENTLICHE_VERWALTUNG_VERTEIDIGUNG_SOZIALVERSICHERUNG",
        netto: 3400.0,
    },
    Beruf {
        m: "Grundschullehrer",
        f: "Grundschullehrerin",
        branche: "ERZIEHUNG_UNTERRICHT",
        netto: 3300.0,
    },
];

/// Self-employed or freelance activity: job title, `taetigkeit` enum value, industry,
/// and the word used in the firm's name.
pub(crate) const SELBSTSTAENDIGE: &[(&str, &str, &str, &str)] = &[
    (
        "Steuerberater",
        "STEUERBERATER",
        "FREIBERUFLICHE_WISSENSCHAFTLICHE_UND_TECHNISCHE_DIENSTLEISTUNGEN",
        "Steuerkanzlei",
    ),
    (
        "Rechtsanwalt",
        "ANWALT",
        "FREIBERUFLICHE_WISSENSCHAFTLICHE_UND_TECHNISCHE_DIENSTLEISTUNGEN",
        "Kanzlei",
    ),
    (
        "Architekt",
        "ARCHITEKT",
        "FREIBERUFLICHE_WISSENSCHAFTLICHE_UND_TECHNISCHE_DIENSTLEISTUNGEN",
        "Architekturbüro",
    ),
    (
        "Zahnarzt",
        "ZAHNARZT",
        "GESUNDHEIT_UND_SOZIALWESEN",
        "Zahnarztpraxis",
    ),
    (
        "Physiotherapeut",
        "PHYSIOTHERAPEUT",
        "GESUNDHEIT_UND_SOZIALWESEN",
        "Physiotherapie",
    ),
    (
        "IT-Berater",
        "EDV_BERATER",
        "INFORMATION_KOMMUNIKATION",
        "IT-Beratung",
    ),
    (
        "Grafikdesigner",
        "GRAFIKDESIGNER",
        "KUNST_UNTERHALTUNG_ERHOLUNG",
        "Designstudio",
    ),
    (
        "Unternehmensberater",
        "UNTERNEHMENSBERATER",
        "SONSTIGE_WIRTSCHAFTLICHE_DIENSTLEISTUNGEN",
        "Unternehmensberatung",
    ),
    (
        "Fotograf",
        "FOTOGRAF",
        "KUNST_UNTERHALTUNG_ERHOLUNG",
        "Fotostudio",
    ),
    ("Tischlermeister", "SONSTIGES", "BAUGEWERBE", "Tischlerei"),
];

/// Birthplaces of German applicants (besides the cities in `places`).
pub(crate) const GEBURTSORTE: &[&str] = &[
    "Bremen",
    "Hannover",
    "Rostock",
    "Schwerin",
    "Cottbus",
    "Kassel",
    "Bielefeld",
    "Osnabrück",
    "Oldenburg",
    "Flensburg",
    "Göttingen",
    "Würzburg",
    "Ulm",
    "Bamberg",
    "Gera",
    "Halle (Saale)",
    "Zwickau",
    "Chemnitz",
    "Essen",
    "Dortmund",
    "Hildesheim",
    "Husum",
    "Stralsund",
    "Wolfsburg",
    "Berlin",
    "Hamburg",
    "München",
    "Leipzig",
    "Köln",
    "Kiel",
    "Lübeck",
    "Potsdam",
];

/// Employers (invented names) with the industry they belong to.
pub(crate) const ARBEITGEBER: &[(&str, &str)] = &[
    ("Hanse Softwarehaus GmbH", "INFORMATION_KOMMUNIKATION"),
    ("Rheinische Datenwerke AG", "INFORMATION_KOMMUNIKATION"),
    ("Spreeufer Medien GmbH", "INFORMATION_KOMMUNIKATION"),
    (
        "Kontor Versicherungsgruppe AG",
        "FINANZ_UND_VERSICHERUNGSDIENSTLEISTUNGEN",
    ),
    (
        "Nordbank Service GmbH",
        "FINANZ_UND_VERSICHERUNGSDIENSTLEISTUNGEN",
    ),
    ("Elbtal Kliniken gGmbH", "GESUNDHEIT_UND_SOZIALWESEN"),
    ("Lindenhof Pflege gGmbH", "GESUNDHEIT_UND_SOZIALWESEN"),
    ("Spreewerk Maschinenbau GmbH", "VERARBEITENDES_GEWERBE"),
    ("Isartal Systemtechnik GmbH", "VERARBEITENDES_GEWERBE"),
    (
        "Alstertal Handels GmbH & Co. KG",
        "HANDEL_INSTANDHALTUNG_VON_KRAFTFAHRZEUGEN",
    ),
    (
        "Autohaus Brenner GmbH",
        "HANDEL_INSTANDHALTUNG_VON_KRAFTFAHRZEUGEN",
    ),
    ("Nordlicht Logistik GmbH", "VERKEHR_LOGISTIK"),
    ("Kranich Spedition GmbH", "VERKEHR_LOGISTIK"),
    ("Brückner Bau GmbH", "BAUGEWERBE"),
    ("Havelland Energie AG", "ENERGIEVERSORGUNG"),
    ("Stadtwerke Nordheide GmbH", "ENERGIEVERSORGUNG"),
    ("Kita-Verbund Sonnenschein e. V.", "ERZIEHUNG_UNTERRICHT"),
    (
        "Fjordline Consulting GmbH",
        "FREIBERUFLICHE_WISSENSCHAFTLICHE_UND_TECHNISCHE_DIENSTLEISTUNGEN",
    ),
    (
        "Personalwerk Nord GmbH",
        "SONSTIGE_WIRTSCHAFTLICHE_DIENSTLEISTUNGEN",
    ),
    (
        "Weserblick Immobilienverwaltung GmbH",
        "GRUNDSTÜCKS_UND_WOHNUNGSWESEN",
    ),
    ("Hotel Seeblick GmbH", "GASTGEWERBE"),
];

pub(crate) const BEAMTEN_DIENSTHERREN: &[&str] = &[
    "Land Berlin",
    "Freie und Hansestadt Hamburg",
    "Freistaat Bayern",
    "Land Schleswig-Holstein",
    "Land Niedersachsen",
    "Bundesrepublik Deutschland",
];

/// Lowercase ASCII form of a name for e-mail addresses ("Jördis Claußen" → "joerdis.claussen").
pub(crate) fn mail_local(vorname: &str, nachname: &str) -> String {
    let mut out = String::with_capacity(vorname.len() + nachname.len() + 2);
    push_ascii(&mut out, vorname);
    out.push('.');
    push_ascii(&mut out, nachname);
    out
}

fn push_ascii(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'á' | 'à' | 'â' => out.push('a'),
            'é' | 'è' | 'ê' => out.push('e'),
            'í' | 'ì' | 'ı' => out.push('i'),
            'ó' | 'ò' => out.push('o'),
            'ú' | 'ù' => out.push('u'),
            'ñ' | 'ń' => out.push('n'),
            'ç' => out.push('c'),
            'ł' => out.push('l'),
            'ś' | 'ş' => out.push('s'),
            'ż' | 'ź' => out.push('z'),
            'ğ' => out.push('g'),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_for_mail() {
        assert_eq!(mail_local("Jördis", "Claußen"), "joerdis.claussen");
        assert_eq!(mail_local("Lucía", "Fernández"), "lucia.fernandez");
        assert_eq!(mail_local("Paweł", "Wiśniewski"), "pawel.wisniewski");
        assert_eq!(mail_local("Anna-Lena", "Öztürk"), "anna-lena.oeztuerk");
    }
}
