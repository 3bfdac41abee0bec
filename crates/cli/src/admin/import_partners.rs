//! `admin import-partners FILE`: a whole partner tree with its Übernahmerechte in one go.
//!
//! The file is JSON (`.json`) or YAML (`.yaml`, `.yml`) of this shape:
//!
//! ```json
//! {
//!   "partners": [
//!     {"id": "ABC12", "typ": "ORGANISATION", "parent": null, "gesperrt": false,
//!      "echtgeschaeft": true, "kreditsachbearbeiter": false,
//!      "profile": {"firmierung": "Beispiel GmbH", "email": "info@example.org"}},
//!     {"id": "XYZ34", "typ": "PERSON", "parent": "ABC12", "echtgeschaeft": true,
//!      "profile": {"anrede": "FRAU", "vorname": "Erika", "nachname": "Muster"}}
//!   ],
//!   "grants": [{"holder": "ABC12", "target": "XYZ34"}]
//! }
//! ```
//!
//! * `id` (`^[A-Z]{3}[0-9]{2}$`) and `typ` (`PERSON` or `ORGANISATION`) are required; `parent`
//!   may be missing or `null` (a root) and may name a partner of the file (in any order) or
//!   of the database; `gesperrt`, `echtgeschaeft` and `kreditsachbearbeiter` default to
//!   `false` (`kreditsachbearbeiter` to the profile's value, if it has one).
//! * `profile` is the contract's `Partner` object without `_links` (default `{}`); its
//!   `partnerId` is set from the entry's `id` and its `kreditsachbearbeiter` (if present, or
//!   if the entry's is `true`) from the entry's (a different value given there is an error);
//!   `null` members are dropped, fields the schema does not have are errors.
//! * Partners are upserted by id (replaced as a whole); grants are added (a set: one given
//!   twice or already stored counts once and changes nothing). Importing the same file
//!   twice leaves the database as after the first run.
//! * Everything is checked before anything is written; on any problem nothing is written
//!   and every problem is reported with its location, e.g.
//!   `partners[3].parent: unknown partner ABC99`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use bytes::Bytes;
use serde_json::{Map, Value};
use vorgaenge_domain::numbers::is_exact_partner_id;
use vorgaenge_store::{GrantRecord, PartnerRecord, Store};

use super::partners::{TYPES, sync_kreditsachbearbeiter};
use super::profile::{cycle_through, describe_cycle, profile_problems, strip_nulls};
use super::{AdminError, AdminResult};

const ENTRY_FIELDS: &[&str] = &[
    "id",
    "typ",
    "parent",
    "gesperrt",
    "echtgeschaeft",
    "kreditsachbearbeiter",
    "profile",
];

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub partners: usize,
    /// Distinct grants of the file.
    pub grants: usize,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} partners and {} grants",
            self.partners, self.grants
        )
    }
}

/// Reads `path` (JSON or YAML by its extension) and imports it; see the module docs.
pub async fn import_file(store: &dyn Store, path: &Path) -> AdminResult<ImportReport> {
    let document = read_file(path)?;
    import_document(store, document).await
}

/// Parses a partner file: JSON for `.json`, YAML for `.yaml`/`.yml`.
pub fn read_file(path: &Path) -> AdminResult<Value> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let yaml = match extension.as_deref() {
        Some("json") => false,
        Some("yaml" | "yml") => true,
        _ => {
            return Err(AdminError::rejected(format!(
                "{}: expected a .json, .yaml or .yml file",
                path.display()
            )));
        }
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| AdminError::NotFound(format!("cannot read {}: {e}", path.display())))?;
    let parsed = if yaml {
        serde_norway::from_str::<Value>(&text).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<Value>(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        let kind = if yaml { "YAML" } else { "JSON" };
        AdminError::rejected(format!("{}: invalid {kind}: {e}", path.display()))
    })
}

/// Checks a parsed partner file against itself and the database, then writes it in one
/// transaction; on any problem writes nothing and returns every problem.
pub async fn import_document(store: &dyn Store, document: Value) -> AdminResult<ImportReport> {
    let mut problems = Vec::new();
    let Value::Object(mut root) = document else {
        return Err(AdminError::rejected(
            "the file must hold an object with \"partners\" and \"grants\"",
        ));
    };
    for key in root.keys() {
        if key != "partners" && key != "grants" {
            problems.push(format!(
                "{key}: unknown field (expected partners and grants)"
            ));
        }
    }
    let partner_values = array(root.remove("partners"), "partners", &mut problems);
    let grant_values = array(root.remove("grants"), "grants", &mut problems);

    let mut partners: Vec<(usize, PartnerRecord)> = Vec::new();
    let mut first_index: HashMap<String, usize> = HashMap::new();
    // Ids of every entry, also of those with problems (so that a reference to one is not
    // reported as unknown on top of the entry's own problem).
    let mut mentioned: Vec<String> = Vec::new();
    for (i, value) in partner_values.into_iter().enumerate() {
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            if let Some(first) = first_index.get(id) {
                problems.push(format!(
                    "partners[{i}].id: {id} appears already as partners[{first}]"
                ));
            } else {
                first_index.insert(id.to_owned(), i);
                mentioned.push(id.to_owned());
            }
        }
        if let Some(record) = partner_entry(i, value, &mut problems)
            && first_index.get(&record.id) == Some(&i)
        {
            partners.push((i, record));
        }
    }

    // The tree as it will be: the database's, with the file's partners laid over it.
    let mut parents: HashMap<String, Option<String>> = store
        .partners()
        .await?
        .into_iter()
        .map(|p| (p.id, p.parent))
        .collect();
    for id in mentioned {
        parents.entry(id).or_insert(None);
    }
    for (_, p) in &partners {
        parents.insert(p.id.clone(), p.parent.clone());
    }
    for (i, p) in &partners {
        let Some(parent) = &p.parent else { continue };
        if !parents.contains_key(parent) {
            problems.push(format!("partners[{i}].parent: unknown partner {parent}"));
        } else if let Some(chain) = cycle_through(&p.id, parent, &parents) {
            problems.push(format!(
                "partners[{i}].parent: cycle {}",
                describe_cycle(&p.id, &chain)
            ));
        }
    }

    let mut grants = BTreeSet::new();
    for (j, value) in grant_values.into_iter().enumerate() {
        if let Some(grant) = grant_entry(j, &value, &parents, &mut problems) {
            grants.insert(grant);
        }
    }

    if !problems.is_empty() {
        problems.sort_by_key(|p| location_order(p));
        return Err(AdminError::Rejected(problems));
    }
    let report = ImportReport {
        partners: partners.len(),
        grants: grants.len(),
    };
    store
        .put_partners(
            partners.into_iter().map(|(_, p)| p).collect(),
            grants.into_iter().collect(),
        )
        .await?;
    Ok(report)
}

/// Orders problems by where they are: the file's top level, then `partners[i]`, then
/// `grants[j]` (stable, so an entry's problems keep their order).
fn location_order(problem: &str) -> (u8, usize) {
    let index = |rest: &str| {
        rest.split(']')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    if let Some(rest) = problem.strip_prefix("partners[") {
        (1, index(rest))
    } else if let Some(rest) = problem.strip_prefix("grants[") {
        (2, index(rest))
    } else {
        (0, 0)
    }
}

fn array(value: Option<Value>, key: &str, problems: &mut Vec<String>) -> Vec<Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(format!("{key}: must be an array"));
            Vec::new()
        }
    }
}

/// One entry of `partners` as a record, or `None` with its problems recorded.
fn partner_entry(i: usize, value: Value, problems: &mut Vec<String>) -> Option<PartnerRecord> {
    let at = format!("partners[{i}]");
    let Value::Object(mut entry) = value else {
        problems.push(format!("{at}: must be an object"));
        return None;
    };
    let before = problems.len();
    for key in entry.keys() {
        if !ENTRY_FIELDS.contains(&key.as_str()) {
            problems.push(format!("{at}.{key}: unknown field"));
        }
    }
    let id = match entry.remove("id") {
        Some(Value::String(id)) if is_exact_partner_id(&id) => id,
        Some(Value::String(id)) => {
            problems.push(format!(
                "{at}.id: {id:?} must be three capital letters and two digits"
            ));
            id
        }
        Some(_) => {
            problems.push(format!("{at}.id: must be a string"));
            String::new()
        }
        None => {
            problems.push(format!("{at}.id: missing"));
            String::new()
        }
    };
    let typ = match entry.remove("typ") {
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => t,
        None => {
            problems.push(format!("{at}.typ: missing (PERSON or ORGANISATION)"));
            String::new()
        }
        Some(other) => {
            problems.push(format!("{at}.typ: {other} must be PERSON or ORGANISATION"));
            String::new()
        }
    };
    let parent = match entry.remove("parent") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if p == id => {
            problems.push(format!("{at}.parent: a partner cannot be its own parent"));
            None
        }
        Some(Value::String(p)) => Some(p),
        Some(_) => {
            problems.push(format!("{at}.parent: must be a partner id or null"));
            None
        }
    };
    let mut flag = |key: &str| match entry.remove(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(b),
        Some(_) => {
            problems.push(format!("{at}.{key}: must be true or false"));
            None
        }
    };
    let gesperrt = flag("gesperrt").unwrap_or(false);
    let echtgeschaeft = flag("echtgeschaeft").unwrap_or(false);
    let kreditsachbearbeiter = flag("kreditsachbearbeiter");
    let mut profile = entry
        .remove("profile")
        .unwrap_or_else(|| Value::Object(Map::new()));
    strip_nulls(&mut profile);
    let kreditsachbearbeiter =
        profile_fields(&at, &id, kreditsachbearbeiter, &mut profile, problems);
    if problems.len() > before {
        return None;
    }
    Some(PartnerRecord {
        id,
        typ,
        parent,
        gesperrt,
        echtgeschaeft,
        kreditsachbearbeiter,
        profile: Bytes::from(serde_json::to_vec(&profile).expect("JSON serialises")),
    })
}

/// Checks the profile and makes its `partnerId` and `kreditsachbearbeiter` agree with the
/// entry; returns the entry's `kreditsachbearbeiter`.
fn profile_fields(
    at: &str,
    id: &str,
    kreditsachbearbeiter: Option<bool>,
    profile: &mut Value,
    problems: &mut Vec<String>,
) -> bool {
    let problems_before = problems.len();
    problems.extend(profile_problems(profile, &format!("{at}.profile")));
    let Value::Object(map) = profile else {
        return false;
    };
    if let Some(given) = map.get("partnerId").and_then(Value::as_str)
        && given != id
    {
        problems.push(format!(
            "{at}.profile.partnerId: {given} differs from the entry's id {id}"
        ));
    }
    let in_profile = map.get("kreditsachbearbeiter").and_then(Value::as_bool);
    let value = match (kreditsachbearbeiter, in_profile) {
        (Some(a), Some(b)) if a != b && problems.len() == problems_before => {
            problems.push(format!(
                "{at}.profile.kreditsachbearbeiter: {b} differs from the entry's {a}"
            ));
            a
        }
        (Some(a), _) => a,
        (None, b) => b.unwrap_or(false),
    };
    map.insert("partnerId".into(), Value::String(id.to_owned()));
    sync_kreditsachbearbeiter(map, value);
    value
}

fn grant_entry(
    j: usize,
    value: &Value,
    partners: &HashMap<String, Option<String>>,
    problems: &mut Vec<String>,
) -> Option<GrantRecord> {
    let at = format!("grants[{j}]");
    let Value::Object(entry) = value else {
        problems.push(format!("{at}: must be an object with holder and target"));
        return None;
    };
    let before = problems.len();
    for key in entry.keys() {
        if key != "holder" && key != "target" {
            problems.push(format!("{at}.{key}: unknown field"));
        }
    }
    let mut side = |key: &str| match entry.get(key) {
        Some(Value::String(id)) if partners.contains_key(id) => id.clone(),
        Some(Value::String(id)) => {
            problems.push(format!("{at}.{key}: unknown partner {id}"));
            String::new()
        }
        Some(_) => {
            problems.push(format!("{at}.{key}: must be a partner id"));
            String::new()
        }
        None => {
            problems.push(format!("{at}.{key}: missing"));
            String::new()
        }
    };
    let holder = side("holder");
    let target = side("target");
    if problems.len() > before {
        return None;
    }
    if holder == target {
        problems.push(format!(
            "{at}: holder and target are both {holder}; a partner needs no grant on itself"
        ));
        return None;
    }
    Some(GrantRecord { holder, target })
}
