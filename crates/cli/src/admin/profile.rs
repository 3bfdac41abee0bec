//! The partner profile: the contract's `Partner` object (without `_links`) as stored in
//! [`PartnerRecord::profile`](vorgaenge_store::PartnerRecord), built from command-line
//! fields and checked before it is written.

use std::collections::HashMap;

use serde_json::{Map, Value};
use vorgaenge_model::Partner;

const ANSCHRIFT_FIELDS: &[&str] = &["hausnummer", "ort", "postleitzahl", "strasse"];
const VERTRIEBS_ORGANISATION_FIELDS: &[&str] = &["firma", "name", "vertriebsOrganisationsId"];

/// The optional profile fields of `admin partner add` and `update`. Only the fields given
/// are set; nothing is ever written as `null`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProfileFields {
    /// Salutation of a person.
    #[arg(long, value_parser = ["FRAU", "HERR"])]
    pub anrede: Option<String>,
    #[arg(long)]
    pub vorname: Option<String>,
    #[arg(long)]
    pub nachname: Option<String>,
    /// Company name.
    #[arg(long)]
    pub firmierung: Option<String>,
    #[arg(long)]
    pub firmen_name_zusatz: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub telefonnummer: Option<String>,
    #[arg(long)]
    pub mobil_telefon: Option<String>,
    #[arg(long)]
    pub fax: Option<String>,
    #[arg(long)]
    pub webseite: Option<String>,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    pub geburtsdatum: Option<String>,
    #[arg(long)]
    pub externe_partner_id: Option<String>,
    #[arg(long)]
    pub externer_kredit_sachbearbeiter_id: Option<String>,
    /// Street of the address (`anschrift`).
    #[arg(long)]
    pub strasse: Option<String>,
    #[arg(long)]
    pub hausnummer: Option<String>,
    #[arg(long)]
    pub postleitzahl: Option<String>,
    #[arg(long)]
    pub ort: Option<String>,
    /// Id of the sales organisation (`vertriebsOrganisation`).
    #[arg(long)]
    pub vertriebs_organisation_id: Option<String>,
    #[arg(long)]
    pub vertriebs_organisation_name: Option<String>,
    #[arg(long)]
    pub vertriebs_organisation_firma: Option<String>,
}

impl ProfileFields {
    fn top_level(&self) -> [(&'static str, &Option<String>); 13] {
        [
            ("anrede", &self.anrede),
            ("vorname", &self.vorname),
            ("nachname", &self.nachname),
            ("firmierung", &self.firmierung),
            ("firmenNameZusatz", &self.firmen_name_zusatz),
            ("email", &self.email),
            ("telefonnummer", &self.telefonnummer),
            ("mobilTelefon", &self.mobil_telefon),
            ("fax", &self.fax),
            ("webseite", &self.webseite),
            ("geburtsdatum", &self.geburtsdatum),
            ("externePartnerId", &self.externe_partner_id),
            (
                "externerKreditSachbearbeiterId",
                &self.externer_kredit_sachbearbeiter_id,
            ),
        ]
    }

    fn anschrift(&self) -> [(&'static str, &Option<String>); 4] {
        [
            ("strasse", &self.strasse),
            ("hausnummer", &self.hausnummer),
            ("postleitzahl", &self.postleitzahl),
            ("ort", &self.ort),
        ]
    }

    fn vertriebs_organisation(&self) -> [(&'static str, &Option<String>); 3] {
        [
            ("vertriebsOrganisationsId", &self.vertriebs_organisation_id),
            ("name", &self.vertriebs_organisation_name),
            ("firma", &self.vertriebs_organisation_firma),
        ]
    }

    /// Whether no field is given.
    pub fn is_empty(&self) -> bool {
        self.top_level().iter().all(|(_, v)| v.is_none())
            && self.anschrift().iter().all(|(_, v)| v.is_none())
            && self
                .vertriebs_organisation()
                .iter()
                .all(|(_, v)| v.is_none())
    }

    /// Sets the given fields on `profile`, keeping the others (also inside `anschrift` and
    /// `vertriebsOrganisation`).
    pub fn apply(&self, profile: &mut Map<String, Value>) {
        set_all(profile, &self.top_level());
        for (key, fields) in [
            ("anschrift", &self.anschrift()[..]),
            ("vertriebsOrganisation", &self.vertriebs_organisation()[..]),
        ] {
            if fields.iter().all(|(_, v)| v.is_none()) {
                continue;
            }
            let nested = profile
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            if !nested.is_object() {
                *nested = Value::Object(Map::new());
            }
            if let Value::Object(nested) = nested {
                set_all(nested, fields);
            }
        }
    }
}

fn set_all(map: &mut Map<String, Value>, fields: &[(&'static str, &Option<String>)]) {
    for (key, value) in fields {
        if let Some(value) = value {
            map.insert((*key).to_owned(), Value::String(value.clone()));
        }
    }
}

/// Removes `null` members, at every depth (a stored profile never holds `null`).
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Every problem of `profile` as a stored profile, each prefixed with `location` (e.g.
/// `partners[2].profile`): not an object, a field the `Partner` schema does not have, or a
/// value of the wrong type or format (an unknown `anrede`, a date that is no date, …).
pub fn profile_problems(profile: &Value, location: &str) -> Vec<String> {
    let Value::Object(map) = profile else {
        return vec![format!(
            "{location}: must be a JSON object (the Partner schema)"
        )];
    };
    // A stored profile holds the `Partner` object without `_links` (the server adds them).
    let fields: Vec<&str> = vorgaenge_model::partner_fields()
        .iter()
        .copied()
        .filter(|f| *f != "_links")
        .collect();
    let mut problems = unknown_fields(map, &fields, location);
    for (key, allowed) in [
        ("anschrift", ANSCHRIFT_FIELDS),
        ("vertriebsOrganisation", VERTRIEBS_ORGANISATION_FIELDS),
    ] {
        if let Some(Value::Object(nested)) = map.get(key) {
            problems.extend(unknown_fields(
                nested,
                allowed,
                &format!("{location}.{key}"),
            ));
        }
    }
    if let Err(e) = vorgaenge_model::from_value_with_path::<Partner>(profile.clone()) {
        let path = e.path.strip_prefix('$').unwrap_or(&e.path);
        problems.push(format!("{location}{path}: {}", e.reason));
    }
    problems
}

fn unknown_fields(map: &Map<String, Value>, allowed: &[&str], location: &str) -> Vec<String> {
    map.keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .map(|k| format!("{location}.{k}: unknown field of the Partner schema"))
        .collect()
}

/// Whether making `parent` the parent of `id` closes a cycle, given every other partner's
/// parent: the chain from `parent` upwards, ending in `id` if it does (e.g.
/// `["B", "C", "A"]` when `A`'s new parent `B` is below `A`).
pub fn cycle_through(
    id: &str,
    parent: &str,
    parents: &HashMap<String, Option<String>>,
) -> Option<Vec<String>> {
    let mut chain = vec![parent.to_owned()];
    let mut current = parent;
    // A chain longer than the number of partners is a cycle not through `id` (stored
    // inconsistently already); stop rather than loop.
    while chain.len() <= parents.len() + 1 {
        if current == id {
            return Some(chain);
        }
        match parents.get(current) {
            Some(Some(next)) => {
                chain.push(next.clone());
                current = next;
            }
            _ => return None,
        }
    }
    None
}

/// `A -> B -> A` for a cycle found by [`cycle_through`] starting at `id`.
pub fn describe_cycle(id: &str, chain: &[String]) -> String {
    std::iter::once(id)
        .chain(chain.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" -> ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn apply_sets_only_given_fields_and_merges_nested() {
        let mut profile = json!({"partnerId": "ABC12", "anschrift": {"ort": "Berlin"}})
            .as_object()
            .cloned()
            .unwrap();
        let fields = ProfileFields {
            vorname: Some("Ada".into()),
            strasse: Some("Weg".into()),
            ..Default::default()
        };
        fields.apply(&mut profile);
        assert_eq!(
            Value::Object(profile),
            json!({"partnerId": "ABC12", "vorname": "Ada",
                   "anschrift": {"ort": "Berlin", "strasse": "Weg"}})
        );
        assert!(ProfileFields::default().is_empty());
        assert!(!fields.is_empty());
    }

    #[test]
    fn problems_are_located() {
        let p = json!({"partnerId": "ABC12", "anrede": "DIVERS", "foo": 1,
                       "anschrift": {"land": "DE"}});
        let problems = profile_problems(&p, "partners[0].profile");
        assert!(
            problems.contains(
                &"partners[0].profile.foo: unknown field of the Partner schema".to_owned()
            ),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("partners[0].profile.anschrift.land:")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("partners[0].profile.anrede:")),
            "{problems:?}"
        );
        assert!(
            profile_problems(&json!({"geburtsdatum": "1990-02-30"}), "p")[0]
                .starts_with("p.geburtsdatum:")
        );
        assert!(profile_problems(&json!([]), "p")[0].contains("object"));
        assert!(
            profile_problems(
                &json!({"partnerId": "ABC12", "geburtsdatum": "1990-02-28"}),
                "p"
            )
            .is_empty()
        );
    }

    #[test]
    fn cycles_are_found() {
        let parents: HashMap<String, Option<String>> =
            [("A", None), ("B", Some("A")), ("C", Some("B"))]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.map(str::to_owned)))
                .collect();
        let chain = cycle_through("A", "C", &parents).unwrap();
        assert_eq!(describe_cycle("A", &chain), "A -> C -> B -> A");
        assert!(cycle_through("C", "A", &parents).is_none());
        assert!(cycle_through("A", "A", &parents).is_some());
    }
}
