//! Checks a JSON document against the generated rule table, collecting every violation.
//!
//! Tolerant Reader: properties the contract does not name are ignored, and `null` counts as
//! "not given" (an error only where the property is required).

use serde_json::{Map, Value};

use super::messages as msg;
use super::path::Path;
use super::schema::{Schema, Ty, Union};
use crate::Violation;

pub(crate) fn check_object(value: &Value, schema: &Schema, path: &Path, out: &mut Vec<Violation>) {
    match value.as_object() {
        Some(object) => check_props(object, schema, path, out),
        None => out.push(Violation::new(path.to_string(), msg::NOT_OBJECT)),
    }
}

fn check_props(
    object: &Map<String, Value>,
    schema: &Schema,
    path: &Path,
    out: &mut Vec<Violation>,
) {
    for prop in schema.props {
        match object.get(prop.name) {
            None | Some(Value::Null) => {
                if prop.required {
                    out.push(Violation::new(
                        path.field(prop.name).into_string(),
                        msg::REQUIRED,
                    ));
                }
            }
            Some(value) => check_value(value, &prop.ty, &path.field(prop.name), out),
        }
    }
}

fn check_value(value: &Value, ty: &Ty, path: &Path, out: &mut Vec<Violation>) {
    let mut fail = |message: String| out.push(Violation::new(path.to_string(), message));
    match *ty {
        Ty::Text { min_len, max_len } => match value.as_str() {
            None => fail(msg::NOT_TEXT.into()),
            Some(text) => {
                let len = text.chars().count();
                if len < min_len {
                    fail(if min_len == 1 {
                        msg::REQUIRED.into()
                    } else {
                        msg::too_short(min_len)
                    });
                } else if max_len.is_some_and(|max| len > max) {
                    fail(msg::too_long(max_len.unwrap_or_default()));
                }
            }
        },
        Ty::Date => match value.as_str() {
            None => fail(msg::NOT_TEXT.into()),
            Some(text) => {
                if vorgaenge_model::Date::parse(text).is_err() {
                    fail(msg::NOT_DATE.into());
                }
            }
        },
        Ty::Enum(allowed) => match value.as_str() {
            None => fail(msg::NOT_TEXT.into()),
            Some(text) => {
                if !allowed.contains(&text) {
                    fail(msg::not_allowed(allowed));
                }
            }
        },
        Ty::Int { min, max } => match value {
            Value::Number(n) => match n.as_i64() {
                // `3.0` is a number but not an int32 on the wire this contract describes.
                None if n.is_f64() => fail(msg::NOT_INTEGER.into()),
                Some(v) if i32::try_from(v).is_ok() => {
                    if let Some(min) = min.filter(|min| v < *min) {
                        fail(msg::below_minimum(min));
                    } else if let Some(max) = max.filter(|max| v > *max) {
                        fail(msg::above_maximum(max));
                    }
                }
                _ => fail(msg::not_int32()),
            },
            _ => fail(msg::NOT_INTEGER.into()),
        },
        Ty::Num { min, max } => match value.as_f64() {
            None => fail(msg::NOT_NUMBER.into()),
            Some(v) => {
                if let Some(min) = min.filter(|min| v < *min) {
                    fail(msg::below_minimum(min));
                } else if let Some(max) = max.filter(|max| v > *max) {
                    fail(msg::above_maximum(max));
                }
            }
        },
        Ty::Bool => {
            if !value.is_boolean() {
                fail(msg::NOT_BOOLEAN.into());
            }
        }
        Ty::Object(schema) => check_object(value, schema, path, out),
        Ty::Union(union) => check_union(value, union, path, out),
        Ty::Array { items, max_items } => match value.as_array() {
            None => fail(msg::NOT_ARRAY.into()),
            Some(elements) => {
                if max_items.is_some_and(|max| elements.len() > max) {
                    fail(msg::too_many_items(max_items.unwrap_or_default()));
                }
                for (i, element) in elements.iter().enumerate() {
                    check_value(element, items, &path.index(i), out);
                }
            }
        },
    }
}

fn check_union(value: &Value, union: &Union, path: &Path, out: &mut Vec<Violation>) {
    let Some(object) = value.as_object() else {
        out.push(Violation::new(path.to_string(), msg::NOT_OBJECT));
        return;
    };
    let type_path = path.field("@type");
    match object.get("@type") {
        None | Some(Value::Null) => {
            out.push(Violation::new(type_path.into_string(), msg::REQUIRED))
        }
        Some(Value::String(name)) => match union.variant(name) {
            Some(schema) => check_props(object, schema, path, out),
            None => {
                let names = union.type_names().collect::<Vec<_>>();
                out.push(Violation::new(
                    type_path.into_string(),
                    msg::not_allowed(&names),
                ));
            }
        },
        Some(_) => out.push(Violation::new(type_path.into_string(), msg::NOT_TEXT)),
    }
}
