//! Cross references by `referenzId`: customers, existing loans of the financed property and
//! financing components are declared once with a `referenzId` (unique within the request)
//! and referred to from elsewhere. A reference to an id that is not declared is a violation.

use std::collections::HashMap;

use serde_json::Value;

use super::messages as msg;
use super::path::Path;
use super::tree::{for_each_object, select};
use crate::Violation;
use crate::spec::rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Kunde,
    DarlehenDesFinanzierungsobjektes,
    Finanzierungsbaustein,
}

impl Target {
    fn described(self) -> &'static str {
        match self {
            Self::Kunde => "einen Kunden",
            Self::DarlehenDesFinanzierungsobjektes => {
                "ein bestehendes Darlehen des Finanzierungsobjektes"
            }
            Self::Finanzierungsbaustein => "einen Finanzierungsbaustein",
        }
    }
}

/// Where ids are declared. Customers of Sicherungsgeber households count too: the contract
/// gives all customers one namespace.
const DECLARATIONS: &[(Target, &[&str])] = &[
    (
        Target::Kunde,
        &[
            "kundenangaben",
            "haushalte",
            "*",
            "kunden",
            "*",
            "referenzId",
        ],
    ),
    (
        Target::Kunde,
        &[
            "kundenangaben",
            "sicherungsgeberHaushalte",
            "*",
            "kunden",
            "*",
            "referenzId",
        ],
    ),
    (
        Target::DarlehenDesFinanzierungsobjektes,
        &[
            "kundenangaben",
            "finanzierungsobjekt",
            "darlehenslisteErfassung",
            "darlehensliste",
            "*",
            "referenzId",
        ],
    ),
    (
        Target::Finanzierungsbaustein,
        &[
            "kundenangaben",
            "finanzierungsbedarf",
            "finanzierungsbausteine",
            "*",
            "referenzId",
        ],
    ),
];

/// The deprecated loan list, read only when `darlehenslisteErfassung` is absent (upstream
/// copies it over in exactly that case), so that sending both is not a duplicate.
const DEPRECATED_LOANS: &[&str] = &[
    "kundenangaben",
    "finanzierungsobjekt",
    "darlehensliste",
    "*",
    "referenzId",
];
const LOANS_CAPTURE: &[&str] = &[
    "kundenangaben",
    "finanzierungsobjekt",
    "darlehenslisteErfassung",
];

/// Properties that refer to a declared id, wherever they occur: a string, or a list of them.
/// An empty string means "no reference" (the contract says so for `Kind`).
const REFERENCES: &[(&str, Target)] = &[
    ("kundenreferenzIdsDerKontoinhaber", Target::Kunde),
    ("kundenreferenzIdsDerVertragspartner", Target::Kunde),
    ("kundenreferenzIdRiesterzuordnung", Target::Kunde),
    (
        "kundenreferenzIdDerRiesterGefoerdertenPerson",
        Target::Kunde,
    ),
    ("kundenreferenzIdDerVersichertenPerson", Target::Kunde),
    (
        "referenzIdAbzuloesendesDarlehen",
        Target::DarlehenDesFinanzierungsobjektes,
    ),
    (
        "referenzIdBestehendesDarlehen",
        Target::DarlehenDesFinanzierungsobjektes,
    ),
    (
        "referenzIdFinanzierungsbaustein",
        Target::Finanzierungsbaustein,
    ),
];

pub(crate) fn check(document: &Value, out: &mut Vec<Violation>) {
    let declared = declarations(document, out);
    for_each_object(document, rules::ROOT, &mut |object, path| {
        for (name, target) in REFERENCES {
            let Some(value) = object.get(*name) else {
                continue;
            };
            for (at, id) in referenced_ids(value, &path.field(name)) {
                if !id.is_empty() && !declared.contains_key(&(*target, id)) {
                    out.push(Violation::new(
                        at.into_string(),
                        msg::unknown_reference(target.described(), id),
                    ));
                }
            }
        }
    });
}

/// Every declared id with the path of its first declaration; repeated ids are violations.
fn declarations<'a>(
    document: &'a Value,
    out: &mut Vec<Violation>,
) -> HashMap<(Target, &'a str), Path> {
    let mut sources: Vec<(Target, &[&str])> = DECLARATIONS.to_vec();
    if select(document, LOANS_CAPTURE).is_empty() {
        sources.push((Target::DarlehenDesFinanzierungsobjektes, DEPRECATED_LOANS));
    }
    let mut declared: HashMap<(Target, &str), Path> = HashMap::new();
    for (target, pattern) in sources {
        for (path, value) in select(document, pattern) {
            let Some(id) = value.as_str().filter(|id| !id.is_empty()) else {
                continue;
            };
            match declared.get(&(target, id)) {
                Some(first) => out.push(Violation::new(
                    path.into_string(),
                    msg::duplicate_reference_id(&first.to_string()),
                )),
                None => {
                    declared.insert((target, id), path);
                }
            }
        }
    }
    declared
}

fn referenced_ids<'a>(value: &'a Value, path: &Path) -> Vec<(Path, &'a str)> {
    match value {
        Value::String(id) => vec![(path.clone(), id.as_str())],
        Value::Array(ids) => ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| Some((path.index(i), id.as_str()?)))
            .collect(),
        _ => Vec::new(),
    }
}
