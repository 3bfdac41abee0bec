//! `admin partner add|update|lock|unlock|list|show`.

use std::collections::HashMap;

use bytes::Bytes;
use serde_json::{Map, Value, json};
use vorgaenge_domain::numbers::is_exact_partner_id;
use vorgaenge_store::{PartnerRecord, Store};

use super::profile::{ProfileFields, cycle_through, describe_cycle, profile_problems};
use super::{AdminError, AdminResult, table};

/// The partner types of the tree.
pub const TYPES: &[&str] = &["PERSON", "ORGANISATION"];

/// A partner to add.
#[derive(Debug, Clone, Default)]
pub struct NewPartner {
    pub id: String,
    /// `PERSON` or `ORGANISATION`.
    pub typ: String,
    pub parent: Option<String>,
    pub echtgeschaeft: bool,
    pub kreditsachbearbeiter: bool,
    pub profile: ProfileFields,
}

/// Changes to a partner; `None` keeps what is stored.
#[derive(Debug, Clone, Default)]
pub struct PartnerChanges {
    pub typ: Option<String>,
    /// `Some(None)` makes the partner a root.
    pub parent: Option<Option<String>>,
    pub echtgeschaeft: Option<bool>,
    pub kreditsachbearbeiter: Option<bool>,
    pub profile: ProfileFields,
}

/// The stored partner, or `NotFound`.
pub async fn require_partner(store: &dyn Store, id: &str) -> AdminResult<PartnerRecord> {
    store
        .partner(id)
        .await?
        .ok_or_else(|| AdminError::NotFound(format!("unknown partner {id}")))
}

/// Adds a partner; refuses an id that exists.
pub async fn add_partner(store: &dyn Store, new: NewPartner) -> AdminResult<PartnerRecord> {
    let mut problems = Vec::new();
    if !is_exact_partner_id(&new.id) {
        problems.push(format!(
            "partner id {:?} must be three capital letters and two digits, e.g. ABC12",
            new.id
        ));
    }
    check_typ(&new.typ, &mut problems);
    if new.parent.as_deref() == Some(new.id.as_str()) {
        problems.push(format!("partner {} cannot be its own parent", new.id));
    }
    let mut profile = Map::new();
    new.profile.apply(&mut profile);
    let record = PartnerRecord {
        id: new.id,
        typ: new.typ,
        parent: new.parent,
        gesperrt: false,
        echtgeschaeft: new.echtgeschaeft,
        kreditsachbearbeiter: new.kreditsachbearbeiter,
        profile: Bytes::new(),
    };
    let record = finish_profile(record, profile, &mut problems);
    if !problems.is_empty() {
        return Err(AdminError::Rejected(problems));
    }
    if store.partner(&record.id).await?.is_some() {
        return Err(AdminError::Conflict(format!(
            "partner {} exists; use update",
            record.id
        )));
    }
    if let Some(parent) = &record.parent {
        require_partner(store, parent).await?;
    }
    store.put_partners(vec![record.clone()], Vec::new()).await?;
    Ok(record)
}

/// Changes the given fields of a partner and keeps the others.
pub async fn update_partner(
    store: &dyn Store,
    id: &str,
    changes: PartnerChanges,
) -> AdminResult<PartnerRecord> {
    let mut record = require_partner(store, id).await?;
    let nothing = changes.typ.is_none()
        && changes.parent.is_none()
        && changes.echtgeschaeft.is_none()
        && changes.kreditsachbearbeiter.is_none()
        && changes.profile.is_empty();
    if nothing {
        return Err(AdminError::rejected(format!(
            "nothing to change for partner {id}: give at least one field"
        )));
    }
    let mut problems = Vec::new();
    if let Some(typ) = changes.typ {
        check_typ(&typ, &mut problems);
        record.typ = typ;
    }
    if let Some(parent) = changes.parent {
        if let Some(parent) = &parent {
            if parent == id {
                return Err(AdminError::rejected(format!(
                    "partner {id} cannot be its own parent"
                )));
            }
            require_partner(store, parent).await?;
            let parents: HashMap<String, Option<String>> = store
                .partners()
                .await?
                .into_iter()
                .map(|p| (p.id, p.parent))
                .collect();
            if let Some(chain) = cycle_through(id, parent, &parents) {
                problems.push(format!(
                    "partner {id} cannot become a child of {parent}: that would close the cycle {}",
                    describe_cycle(id, &chain)
                ));
            }
        }
        record.parent = parent;
    }
    if let Some(echtgeschaeft) = changes.echtgeschaeft {
        record.echtgeschaeft = echtgeschaeft;
    }
    if let Some(kreditsachbearbeiter) = changes.kreditsachbearbeiter {
        record.kreditsachbearbeiter = kreditsachbearbeiter;
    }
    let mut profile = match serde_json::from_slice(&record.profile) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    changes.profile.apply(&mut profile);
    let record = finish_profile(record, profile, &mut problems);
    if !problems.is_empty() {
        return Err(AdminError::Rejected(problems));
    }
    store.put_partners(vec![record.clone()], Vec::new()).await?;
    Ok(record)
}

/// Locks (`gesperrt`) or unlocks a partner.
pub async fn set_locked(store: &dyn Store, id: &str, locked: bool) -> AdminResult<PartnerRecord> {
    let mut record = require_partner(store, id).await?;
    record.gesperrt = locked;
    store.put_partners(vec![record.clone()], Vec::new()).await?;
    Ok(record)
}

/// Every partner, ordered by id.
pub async fn list_partners(store: &dyn Store) -> AdminResult<Vec<PartnerRecord>> {
    Ok(store.partners().await?)
}

/// The table `admin partner list` prints.
pub fn partner_table(partners: &[PartnerRecord]) -> String {
    let rows: Vec<Vec<String>> = partners
        .iter()
        .map(|p| {
            vec![
                p.id.clone(),
                p.typ.clone(),
                p.parent.clone().unwrap_or_else(|| "-".into()),
                yes_no(p.gesperrt),
                yes_no(p.echtgeschaeft),
                display_name(p),
            ]
        })
        .collect();
    table(
        &["id", "typ", "parent", "locked", "echtgeschaeft", "name"],
        &rows,
    )
}

/// What `admin partner show` prints: the record with its profile, its children, the grants
/// it holds and receives, and its clients (never a secret or its hash).
pub async fn show_partner(store: &dyn Store, id: &str) -> AdminResult<Value> {
    let record = require_partner(store, id).await?;
    let children: Vec<String> = store
        .partners()
        .await?
        .into_iter()
        .filter(|p| p.parent.as_deref() == Some(id))
        .map(|p| p.id)
        .collect();
    let grants = store.grants().await?;
    let held: Vec<&str> = grants
        .iter()
        .filter(|g| g.holder == id)
        .map(|g| g.target.as_str())
        .collect();
    let received: Vec<&str> = grants
        .iter()
        .filter(|g| g.target == id)
        .map(|g| g.holder.as_str())
        .collect();
    let clients: Vec<Value> = store
        .clients()
        .await?
        .into_iter()
        .filter(|c| c.partner_id == id)
        .map(|c| {
            json!({
                "client_id": c.client_id,
                "scopes": c.scopes.join(" "),
                "disabled": c.disabled,
                "created_at": c.created_at.to_rfc3339(),
            })
        })
        .collect();
    let profile: Value =
        serde_json::from_slice(&record.profile).unwrap_or_else(|_| Value::Object(Map::new()));
    Ok(json!({
        "id": record.id,
        "typ": record.typ,
        "parent": record.parent,
        "gesperrt": record.gesperrt,
        "echtgeschaeft": record.echtgeschaeft,
        "kreditsachbearbeiter": record.kreditsachbearbeiter,
        "profile": profile,
        "children": children,
        "grants_held": held,
        "grants_received": received,
        "clients": clients,
    }))
}

/// The partner's name for lists: `vorname nachname` of a person, else the `firmierung`.
pub fn display_name(partner: &PartnerRecord) -> String {
    let profile: Value = serde_json::from_slice(&partner.profile).unwrap_or(Value::Null);
    let field = |k: &str| profile.get(k).and_then(Value::as_str).unwrap_or("");
    let person = format!("{} {}", field("vorname"), field("nachname"));
    let person = person.trim();
    if person.is_empty() {
        field("firmierung").to_owned()
    } else {
        person.to_owned()
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn check_typ(typ: &str, problems: &mut Vec<String>) {
    if !TYPES.contains(&typ) {
        problems.push(format!("typ {typ:?} must be PERSON or ORGANISATION"));
    }
}

/// Makes the profile's `kreditsachbearbeiter` agree with the record's: set when it is `true`
/// or the profile has the field already, else left out (absent reads as `false`).
pub(crate) fn sync_kreditsachbearbeiter(profile: &mut Map<String, Value>, value: bool) {
    if value || profile.contains_key("kreditsachbearbeiter") {
        profile.insert("kreditsachbearbeiter".into(), Value::Bool(value));
    }
}

/// Puts the record's id and `kreditsachbearbeiter` into the profile (the columns are what
/// access decisions use; the profile must agree), checks it and stores it on the record.
fn finish_profile(
    mut record: PartnerRecord,
    mut profile: Map<String, Value>,
    problems: &mut Vec<String>,
) -> PartnerRecord {
    profile.insert("partnerId".into(), Value::String(record.id.clone()));
    sync_kreditsachbearbeiter(&mut profile, record.kreditsachbearbeiter);
    let profile = Value::Object(profile);
    problems.extend(profile_problems(&profile, "profile"));
    record.profile = Bytes::from(serde_json::to_vec(&profile).expect("JSON serialises"));
    record
}
