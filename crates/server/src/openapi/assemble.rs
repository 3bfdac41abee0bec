//! Merging the parts into one document: paths and components side by side, each name once.

use std::fmt;

use serde_norway::{Mapping, Value};

use super::versions;

/// What is wrong with a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyError {
    pub part: String,
    pub problem: String,
}

impl fmt::Display for AssemblyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.part, self.problem)
    }
}

impl std::error::Error for AssemblyError {}

pub(super) fn assemble(
    parts: &[(&str, &str)],
    vorgaenge: (&str, &str),
) -> Result<Value, AssemblyError> {
    let ((root_name, root_text), rest) = parts.split_first().expect("the frame comes first");
    let mut document = parse(root_name, root_text)?;
    for (name, text) in rest {
        let part = parse(name, text)?;
        merge(&mut document, name, part)?;
    }
    let (name, text) = vorgaenge;
    let placed = versions::place(parse(name, text)?).map_err(|problem| error(name, problem))?;
    merge(&mut document, name, placed)?;
    Ok(document)
}

fn parse(name: &str, text: &str) -> Result<Value, AssemblyError> {
    // YAML is a superset of JSON: the generated model.json parses the same way, and keeps
    // its order (the served document lists schemas as the upstream contract does).
    serde_norway::from_str(text).map_err(|e| error(name, e.to_string()))
}

fn error(part: &str, problem: impl Into<String>) -> AssemblyError {
    AssemblyError {
        part: part.to_owned(),
        problem: problem.into(),
    }
}

/// Adds the part's paths and components to the document; a path or component that is
/// there already is an error, not an override.
fn merge(document: &mut Value, name: &str, part: Value) -> Result<(), AssemblyError> {
    let Value::Mapping(part) = part else {
        return Err(error(name, "not a mapping"));
    };
    for (key, value) in part {
        let key = key
            .as_str()
            .ok_or_else(|| error(name, "a key that is not a string"))?;
        match key {
            "paths" => add_all(section(document, &["paths"]), value, name, "path")?,
            "components" => {
                let Value::Mapping(kinds) = value else {
                    return Err(error(name, "components is not a mapping"));
                };
                for (kind, entries) in kinds {
                    let kind = kind
                        .as_str()
                        .ok_or_else(|| error(name, "a component kind that is not a string"))?;
                    let target = section(document, &["components", kind]);
                    add_all(target, entries, name, kind)?;
                }
            }
            // Notes of a part about itself (where the generated schemas come from).
            k if k.starts_with("x-") => {}
            other => return Err(error(name, format!("unexpected top-level key {other:?}"))),
        }
    }
    Ok(())
}

fn add_all(
    target: &mut Mapping,
    entries: Value,
    part: &str,
    what: &str,
) -> Result<(), AssemblyError> {
    let Value::Mapping(entries) = entries else {
        return Err(error(part, format!("{what} entries are not a mapping")));
    };
    for (key, value) in entries {
        if target.contains_key(&key) {
            let key = key.as_str().unwrap_or("?");
            return Err(error(part, format!("{what} {key:?} is defined twice")));
        }
        target.insert(key, value);
    }
    Ok(())
}

/// The mapping at `path` in the document, created where missing.
fn section<'d>(document: &'d mut Value, path: &[&str]) -> &'d mut Mapping {
    let mut node = document;
    for key in path {
        let map = match node {
            Value::Mapping(map) => map,
            other => {
                *other = Value::Mapping(Mapping::new());
                other.as_mapping_mut().expect("just made a mapping")
            }
        };
        node = map
            .entry(Value::String((*key).to_owned()))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
    }
    if !node.is_mapping() {
        *node = Value::Mapping(Mapping::new());
    }
    node.as_mapping_mut().expect("a mapping")
}
