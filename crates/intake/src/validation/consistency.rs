//! Rules the contract states in prose rather than in the schema, where breaking them makes
//! the request contradictory (not merely implausible).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::path::Path;
use super::tree::for_each_object;
use crate::Violation;
use crate::spec::rules;

pub(crate) fn check(document: &Value, out: &mut Vec<Violation>) {
    let mut insured: HashMap<&str, Path> = HashMap::new();
    for_each_object(document, rules::ROOT, &mut |object, path| {
        one_wish_per_kind(object, path, out);
        volltilger_required(object, path, out);
        suspended_repayment_needs_assignment(object, path, out);
        one_insurance_per_customer(object, path, &mut insured, out);
    });
}

/// `Bauspardarlehen.wunschparameter`: at most one entry of each kind.
fn one_wish_per_kind(object: &Map<String, Value>, path: &Path, out: &mut Vec<Violation>) {
    let Some(wishes) = object.get("wunschparameter").and_then(Value::as_array) else {
        return;
    };
    let mut seen = Vec::new();
    for (i, wish) in wishes.iter().enumerate() {
        let Some(kind) = wish.get("@type").and_then(Value::as_str) else {
            continue;
        };
        if seen.contains(&kind) {
            out.push(Violation::new(
                path.field("wunschparameter")
                    .index(i)
                    .field("@type")
                    .into_string(),
                format!(
                    "ist mehrfach angegeben (je Art ist nur ein Wunschparameter erlaubt): {kind}"
                ),
            ));
        } else {
            seen.push(kind);
        }
    }
}

/// `IbshImmokonstant.volltilgerWennAnnuitaetenOderForward` must be true.
fn volltilger_required(object: &Map<String, Value>, path: &Path, out: &mut Vec<Violation>) {
    if object.get("@type").and_then(Value::as_str) == Some("IBSH_IMMOKONSTANT")
        && object.get("volltilgerWennAnnuitaetenOderForward") == Some(&Value::Bool(false))
    {
        out.push(Violation::new(
            path.field("volltilgerWennAnnuitaetenOderForward")
                .into_string(),
            "muss true sein",
        ));
    }
}

/// With `TilgungAusgesetzt` the Bauspar contract replaces repayment, so it must be assigned
/// (`ABTRETEN`) to the lender.
fn suspended_repayment_needs_assignment(
    object: &Map<String, Value>,
    path: &Path,
    out: &mut Vec<Violation>,
) {
    if object.get("@type").and_then(Value::as_str) != Some("TILGUNG_AUSGESETZT") {
        return;
    }
    let verwendung = object
        .get("bausparwunsch")
        .and_then(|wish| wish.get("verwendung"))
        .and_then(Value::as_str);
    if verwendung.is_some_and(|v| v != "ABTRETEN") {
        out.push(Violation::new(
            path.field("bausparwunsch")
                .field("verwendung")
                .into_string(),
            "muss ABTRETEN sein, wenn die Tilgung ausgesetzt ist",
        ));
    }
}

/// `Finanzierungsbedarf.ratenschutzbausteine`: at most one per customer. A `Ratenschutz` is
/// the only object with `kundenreferenzIdDerVersichertenPerson`.
fn one_insurance_per_customer<'a>(
    object: &'a Map<String, Value>,
    path: &Path,
    insured: &mut HashMap<&'a str, Path>,
    out: &mut Vec<Violation>,
) {
    let Some(id) = object
        .get("kundenreferenzIdDerVersichertenPerson")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
    else {
        return;
    };
    let at = path.field("kundenreferenzIdDerVersichertenPerson");
    match insured.get(id) {
        Some(first) => out.push(Violation::new(
            at.into_string(),
            format!("für diesen Kunden gibt es bereits einen Ratenschutzbaustein ({first})"),
        )),
        None => {
            insured.insert(id, at);
        }
    }
}
