//! Checks a JSON document against the generated rule table, collecting every violation.
//!
//! Tolerant Reader: properties the contract does not name are ignored, and `null` counts as
//! "not given" (an error only where the property is required). A value outside an enum's
//! list is treated like an unknown property too: it is removed from the document and its
//! path recorded in [`Findings::ignored`]. Only where the property is required does it stay
//! a violation, since dropping it would leave the request without that property.

use serde_json::{Map, Value};

use super::messages as msg;
use super::path::Path;
use super::schema::{Schema, Ty, Union};
use crate::Violation;

/// What the walk found: the violations, and the values it removed as unknown.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub violations: Vec<Violation>,
    pub ignored: Vec<Path>,
}

/// Whether a checked value stays in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    /// A string outside the enum's value list.
    Unknown,
}

pub(crate) fn check_object(value: &mut Value, schema: &Schema, path: &Path, out: &mut Findings) {
    match value.as_object_mut() {
        Some(object) => check_props(object, schema, path, out),
        None => out.violation(path.to_string(), msg::NOT_OBJECT),
    }
}

impl Findings {
    fn violation(&mut self, field: String, message: impl Into<String>) {
        self.violations.push(Violation::new(field, message));
    }
}

fn check_props(object: &mut Map<String, Value>, schema: &Schema, path: &Path, out: &mut Findings) {
    for prop in schema.props {
        let at = path.field(prop.name);
        let fate = match object.get_mut(prop.name) {
            None | Some(Value::Null) => {
                if prop.required {
                    out.violation(at.into_string(), msg::REQUIRED);
                }
                continue;
            }
            Some(value) => check_value(value, &prop.ty, &at, out),
        };
        match (fate, prop.ty) {
            (Fate::Keep, _) => {}
            (Fate::Unknown, Ty::Enum(allowed)) if prop.required => {
                out.violation(at.into_string(), msg::not_allowed(allowed));
            }
            (Fate::Unknown, _) => {
                object.remove(prop.name);
                out.ignored.push(at);
            }
        }
    }
}

fn check_value(value: &mut Value, ty: &Ty, path: &Path, out: &mut Findings) -> Fate {
    let problem = match *ty {
        Ty::Enum(allowed) => match value.as_str() {
            None => Some(msg::NOT_TEXT.into()),
            Some(text) if !allowed.contains(&text) => return Fate::Unknown,
            Some(_) => None,
        },
        Ty::Object(schema) => {
            check_object(value, schema, path, out);
            None
        }
        Ty::Union(union) => {
            check_union(value, union, path, out);
            None
        }
        Ty::Array { items, max_items } => match value.as_array_mut() {
            None => Some(msg::NOT_ARRAY.into()),
            Some(elements) => {
                if max_items.is_some_and(|max| elements.len() > max) {
                    out.violation(
                        path.to_string(),
                        msg::too_many_items(max_items.unwrap_or_default()),
                    );
                }
                check_elements(elements, items, path, out);
                None
            }
        },
        _ => scalar_problem(value, ty),
    };
    if let Some(message) = problem {
        out.violation(path.to_string(), message);
    }
    Fate::Keep
}

/// Checks the elements of a list; unknown enum values are removed from it (their paths keep
/// the index they were sent with).
fn check_elements(elements: &mut Vec<Value>, items: &Ty, path: &Path, out: &mut Findings) {
    let mut index = 0;
    elements.retain_mut(|element| {
        let at = path.index(index);
        index += 1;
        match check_value(element, items, &at, out) {
            Fate::Keep => true,
            Fate::Unknown => {
                out.ignored.push(at);
                false
            }
        }
    });
}

/// What is wrong with a text, date, number or boolean, if anything.
fn scalar_problem(value: &Value, ty: &Ty) -> Option<String> {
    match *ty {
        Ty::Text { min_len, max_len } => {
            let Some(text) = value.as_str() else {
                return Some(msg::NOT_TEXT.into());
            };
            let len = text.chars().count();
            if len < min_len {
                Some(if min_len == 1 {
                    msg::REQUIRED.into()
                } else {
                    msg::too_short(min_len)
                })
            } else {
                max_len.filter(|max| len > *max).map(msg::too_long)
            }
        }
        Ty::Date => match value.as_str() {
            None => Some(msg::NOT_TEXT.into()),
            Some(text) => vorgaenge_model::Date::parse(text)
                .is_err()
                .then(|| msg::NOT_DATE.into()),
        },
        Ty::Int { min, max } => match value {
            Value::Number(n) => match n.as_i64() {
                // `3.0` is a number but not an int32 on the wire this contract describes.
                None if n.is_f64() => Some(msg::NOT_INTEGER.into()),
                Some(v) if i32::try_from(v).is_ok() => {
                    if let Some(min) = min.filter(|min| v < *min) {
                        Some(msg::below_minimum(min))
                    } else {
                        max.filter(|max| v > *max).map(msg::above_maximum)
                    }
                }
                _ => Some(msg::not_int32()),
            },
            _ => Some(msg::NOT_INTEGER.into()),
        },
        Ty::Num { min, max } => match value.as_f64() {
            None => Some(msg::NOT_NUMBER.into()),
            Some(v) => {
                if let Some(min) = min.filter(|min| v < *min) {
                    Some(msg::below_minimum(min))
                } else {
                    max.filter(|max| v > *max).map(msg::above_maximum)
                }
            }
        },
        Ty::Bool => (!value.is_boolean()).then(|| msg::NOT_BOOLEAN.into()),
        // Enums, objects, unions and lists are checked by `check_value`.
        Ty::Enum(_) | Ty::Object(_) | Ty::Union(_) | Ty::Array { .. } => None,
    }
}

/// A polymorphic object. An unknown `@type` stays a violation: it selects the schema, so
/// without it nothing of the object could be read (dropping the whole object would lose
/// data silently rather than ignore one value).
fn check_union(value: &mut Value, union: &Union, path: &Path, out: &mut Findings) {
    let Some(object) = value.as_object_mut() else {
        out.violation(path.to_string(), msg::NOT_OBJECT);
        return;
    };
    let type_path = path.field("@type");
    match object.get("@type") {
        None | Some(Value::Null) => out.violation(type_path.into_string(), msg::REQUIRED),
        Some(Value::String(name)) => match union.variant(name) {
            Some(schema) => check_props(object, schema, path, out),
            None => {
                let names = union.type_names().collect::<Vec<_>>();
                out.violation(type_path.into_string(), msg::not_allowed(&names));
            }
        },
        Some(_) => out.violation(type_path.into_string(), msg::NOT_TEXT),
    }
}
