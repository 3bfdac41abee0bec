//! The fixed partner hierarchy of the demo world and its Übernahmerechte.
//!
//! Two independent roots: the sales organisation "Finanzvermittlung Nord GmbH" with a
//! Berlin and a Hamburg team, and the cooperation partner "Baugeld Süd AG". The shape is
//! chosen so that every visibility rule has a witness: advisors see their own cases,
//! editors their team's, the organisation everything below it, a trainee works in test
//! mode only, and two grants cross team and organisation borders.

use crate::json::put;
use serde_json::{Value, json};
pub use vorgaenge_domain::directory::PartnerTyp;

/// What a partner does in the demo world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Root of a sales hierarchy (Vertriebsorganisation).
    SalesOrganisation,
    /// A regional team below the sales organisation.
    Team,
    /// Kundenbetreuer: owns customer relationships and cases.
    Advisor,
    /// Vorgangsbearbeiter: processes the cases of the team's advisors.
    Editor,
    /// Advisor in training, restricted to test mode.
    Trainee,
    /// An independent cooperation partner with its own hierarchy.
    PartnerOrganisation,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::SalesOrganisation => "SALES_ORGANISATION",
            Role::Team => "TEAM",
            Role::Advisor => "ADVISOR",
            Role::Editor => "EDITOR",
            Role::Trainee => "TRAINEE",
            Role::PartnerOrganisation => "PARTNER_ORGANISATION",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::SalesOrganisation => "Vertriebsorganisation (root of the sales hierarchy)",
            Role::Team => "Team (organisational unit below the Vertriebsorganisation)",
            Role::Advisor => "Kundenbetreuer (advisor owning customer cases)",
            Role::Editor => "Vorgangsbearbeiter (processes the team's cases)",
            Role::Trainee => "Kundenbetreuer in Ausbildung (test mode only)",
            Role::PartnerOrganisation => "Kooperationspartner (independent partner organisation)",
        }
    }
}

/// One partner of the demo world.
#[derive(Debug, Clone)]
pub struct DemoPartner {
    /// Platform partner id, `^[A-Z]{3}[0-9]{2}$`.
    pub id: &'static str,
    pub typ: PartnerTyp,
    pub parent: Option<&'static str>,
    pub role: Role,
    /// May work with production data (`ECHT_GESCHAEFT`).
    pub echtgeschaeft: bool,
    /// The `Partner` schema object (without `_links`).
    pub profile: Value,
}

/// An Übernahmerecht: `holder` may take over cases of `target` (and, if `target` is an
/// organisation, of everyone below it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub holder: &'static str,
    pub target: &'static str,
}

struct Org {
    id: &'static str,
    name: &'static str,
    firma: &'static str,
    domain: &'static str,
}

const NORD: Org = Org {
    id: "NOR00",
    name: "Finanzvermittlung Nord",
    firma: "Finanzvermittlung Nord GmbH",
    domain: "finanzvermittlung-nord.de",
};

const SUED: Org = Org {
    id: "SUE00",
    name: "Baugeld Süd",
    firma: "Baugeld Süd AG",
    domain: "baugeld-sued.de",
};

struct Office {
    strasse: &'static str,
    hausnummer: &'static str,
    postleitzahl: &'static str,
    ort: &'static str,
    /// Landline prefix of the office, e.g. "+49 30 2589".
    phone: &'static str,
}

const HQ_HAMBURG: Office = Office {
    strasse: "Ballindamm",
    hausnummer: "27",
    postleitzahl: "20095",
    ort: "Hamburg",
    phone: "+49 40 3290",
};
const OFFICE_BERLIN: Office = Office {
    strasse: "Charlottenstraße",
    hausnummer: "57",
    postleitzahl: "10117",
    ort: "Berlin",
    phone: "+49 30 2589",
};
const HQ_MUENCHEN: Office = Office {
    strasse: "Leopoldstraße",
    hausnummer: "144",
    postleitzahl: "80804",
    ort: "München",
    phone: "+49 89 4161",
};

fn anschrift(o: &Office) -> Value {
    json!({
        "strasse": o.strasse,
        "hausnummer": o.hausnummer,
        "postleitzahl": o.postleitzahl,
        "ort": o.ort,
    })
}

fn vertriebs_organisation(org: &Org) -> Value {
    json!({
        "vertriebsOrganisationsId": org.id,
        "name": org.name,
        "firma": org.firma,
    })
}

fn organisation_profile(
    id: &str,
    org: &Org,
    zusatz: Option<&str>,
    office: &Office,
    mailbox: &str,
    extension: &str,
) -> Value {
    let mut p = json!({
        "partnerId": id,
        "firmierung": org.firma,
        "email": format!("{mailbox}@{}", org.domain),
        "telefonnummer": format!("{} {extension}", office.phone),
        "fax": format!("{} {extension}9", office.phone),
        "anschrift": anschrift(office),
        "vertriebsOrganisation": vertriebs_organisation(org),
        "webseite": format!("https://www.{}", org.domain),
        "kreditsachbearbeiter": false,
    });
    if let Some(z) = zusatz {
        put(&mut p, "firmenNameZusatz", json!(z));
    }
    p
}

struct Person {
    anrede: &'static str,
    vorname: &'static str,
    nachname: &'static str,
    /// Local part of the e-mail address (ASCII).
    mail: &'static str,
    extension: &'static str,
    mobil: &'static str,
}

fn person_profile(id: &str, org: &Org, office: &Office, p: &Person) -> Value {
    json!({
        "partnerId": id,
        "anrede": p.anrede,
        "vorname": p.vorname,
        "nachname": p.nachname,
        "firmierung": org.firma,
        "email": format!("{}@{}", p.mail, org.domain),
        "telefonnummer": format!("{} {}", office.phone, p.extension),
        "mobilTelefon": p.mobil,
        "anschrift": anschrift(office),
        "vertriebsOrganisation": vertriebs_organisation(org),
        "webseite": format!("https://www.{}", org.domain),
        "kreditsachbearbeiter": false,
    })
}

/// All partners of the demo world, parents before children.
pub fn partners() -> Vec<DemoPartner> {
    let org = |id, parent, role, profile| DemoPartner {
        id,
        typ: PartnerTyp::Organisation,
        parent,
        role,
        echtgeschaeft: true,
        profile,
    };
    let person = |id, parent, role, org: &Org, office: &Office, p: Person| DemoPartner {
        id,
        typ: PartnerTyp::Person,
        parent: Some(parent),
        role,
        echtgeschaeft: role != Role::Trainee,
        profile: person_profile(id, org, office, &p),
    };

    vec![
        org(
            "NOR00",
            None,
            Role::SalesOrganisation,
            organisation_profile("NOR00", &NORD, None, &HQ_HAMBURG, "info", "1700"),
        ),
        org(
            "NBE10",
            Some("NOR00"),
            Role::Team,
            organisation_profile(
                "NBE10",
                &NORD,
                Some("Team Berlin"),
                &OFFICE_BERLIN,
                "berlin",
                "300",
            ),
        ),
        person(
            "BER11",
            "NBE10",
            Role::Advisor,
            &NORD,
            &OFFICE_BERLIN,
            Person {
                anrede: "FRAU",
                vorname: "Katharina",
                nachname: "Albrecht",
                mail: "katharina.albrecht",
                extension: "311",
                mobil: "+49 170 4418203",
            },
        ),
        person(
            "BER12",
            "NBE10",
            Role::Advisor,
            &NORD,
            &OFFICE_BERLIN,
            Person {
                anrede: "HERR",
                vorname: "Sebastian",
                nachname: "Krüger",
                mail: "sebastian.krueger",
                extension: "312",
                mobil: "+49 151 22937610",
            },
        ),
        person(
            "BER15",
            "NBE10",
            Role::Editor,
            &NORD,
            &OFFICE_BERLIN,
            Person {
                anrede: "FRAU",
                vorname: "Anja",
                nachname: "Lehmann",
                mail: "anja.lehmann",
                extension: "315",
                mobil: "+49 160 9127734",
            },
        ),
        org(
            "NHH20",
            Some("NOR00"),
            Role::Team,
            organisation_profile(
                "NHH20",
                &NORD,
                Some("Team Hamburg"),
                &HQ_HAMBURG,
                "hamburg",
                "200",
            ),
        ),
        person(
            "HAM21",
            "NHH20",
            Role::Advisor,
            &NORD,
            &HQ_HAMBURG,
            Person {
                anrede: "HERR",
                vorname: "Henrik",
                nachname: "Johannsen",
                mail: "henrik.johannsen",
                extension: "221",
                mobil: "+49 171 6603158",
            },
        ),
        person(
            "HAM22",
            "NHH20",
            Role::Advisor,
            &NORD,
            &HQ_HAMBURG,
            Person {
                anrede: "FRAU",
                vorname: "Merle",
                nachname: "Claußen",
                mail: "merle.claussen",
                extension: "222",
                mobil: "+49 152 54419087",
            },
        ),
        person(
            "HAM25",
            "NHH20",
            Role::Editor,
            &NORD,
            &HQ_HAMBURG,
            Person {
                anrede: "FRAU",
                vorname: "Birte",
                nachname: "Hansen",
                mail: "birte.hansen",
                extension: "225",
                mobil: "+49 176 31842256",
            },
        ),
        person(
            "HAM29",
            "NHH20",
            Role::Trainee,
            &NORD,
            &HQ_HAMBURG,
            Person {
                anrede: "HERR",
                vorname: "Lukas",
                nachname: "Brandt",
                mail: "lukas.brandt",
                extension: "229",
                mobil: "+49 157 70253318",
            },
        ),
        org(
            "SUE00",
            None,
            Role::PartnerOrganisation,
            organisation_profile("SUE00", &SUED, None, &HQ_MUENCHEN, "kontakt", "500"),
        ),
        person(
            "SUE31",
            "SUE00",
            Role::Advisor,
            &SUED,
            &HQ_MUENCHEN,
            Person {
                anrede: "HERR",
                vorname: "Maximilian",
                nachname: "Huber",
                mail: "maximilian.huber",
                extension: "531",
                mobil: "+49 173 2086645",
            },
        ),
    ]
}

/// The Übernahmerechte of the demo world.
pub fn grants() -> Vec<Grant> {
    vec![
        // Holiday substitute: Merle Claußen (Hamburg) may take over Sebastian Krüger's cases.
        Grant {
            holder: "HAM22",
            target: "BER12",
        },
        // Cooperation: Baugeld Süd's advisor covers the whole Berlin team.
        Grant {
            holder: "SUE31",
            target: "NBE10",
        },
    ]
}
