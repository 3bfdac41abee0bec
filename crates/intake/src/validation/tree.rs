//! Generic navigation of a JSON document for the checks that span several places.

use serde_json::{Map, Value};

use super::path::Path;
use super::schema::{Schema, Ty};

/// Calls `visit` for every object of the request that the contract describes, depth first.
/// Properties the contract does not name are not entered: whatever an unknown property
/// holds can never cause a violation.
pub(crate) fn for_each_object<'a>(
    value: &'a Value,
    schema: &'static Schema,
    visit: &mut impl FnMut(&'a Map<String, Value>, &Path),
) {
    visit_value(value, &Ty::Object(schema), &Path::root(), visit);
}

fn visit_value<'a>(
    value: &'a Value,
    ty: &Ty,
    path: &Path,
    visit: &mut impl FnMut(&'a Map<String, Value>, &Path),
) {
    let schema = match (ty, value) {
        (Ty::Object(schema), Value::Object(_)) => *schema,
        (Ty::Union(union), Value::Object(object)) => {
            match object
                .get("@type")
                .and_then(Value::as_str)
                .and_then(|t| union.variant(t))
            {
                Some(schema) => schema,
                None => return,
            }
        }
        (Ty::Array { items, .. }, Value::Array(elements)) => {
            for (i, element) in elements.iter().enumerate() {
                visit_value(element, items, &path.index(i), visit);
            }
            return;
        }
        _ => return,
    };
    let Value::Object(object) = value else {
        return;
    };
    visit(object, path);
    for prop in schema.props {
        if let Some(child) = object.get(prop.name) {
            visit_value(child, &prop.ty, &path.field(prop.name), visit);
        }
    }
}

/// The values at `pattern` below `value`: property names, `*` for every array element.
/// Anything of the wrong shape on the way is skipped (the schema check reports it).
pub(crate) fn select<'a>(value: &'a Value, pattern: &[&str]) -> Vec<(Path, &'a Value)> {
    let mut found = Vec::new();
    select_into(value, Path::root(), pattern, &mut found);
    found
}

fn select_into<'a>(
    value: &'a Value,
    path: Path,
    pattern: &[&str],
    found: &mut Vec<(Path, &'a Value)>,
) {
    let Some((first, rest)) = pattern.split_first() else {
        found.push((path, value));
        return;
    };
    if *first == "*" {
        for (i, element) in value.as_array().into_iter().flatten().enumerate() {
            select_into(element, path.index(i), rest, found);
        }
    } else if let Some(child) = value.get(first).filter(|child| !child.is_null()) {
        select_into(child, path.field(first), rest, found);
    }
}
