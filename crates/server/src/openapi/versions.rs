//! The case operations under both API versions. They are the same operations (v3 drops the
//! saved offers and the `apiVersion` of the proposal list), so the part describes them once,
//! relative to the version's prefix; this places a copy under `/v2` and one under `/v3`, with
//! the tag of its version and, under v3, operationIds ending in `V3` (they must be unique).

use serde_norway::{Mapping, Value};

use crate::links::ApiVersion;

/// Marks a path item or parameter that exists only under v2.
const ONLY_V2: &str = "x-nur-v2";

const METHODS: &[&str] = &["get", "put", "post", "patch", "delete"];

pub(super) fn place(part: Value) -> Result<Value, String> {
    let Value::Mapping(mut part) = part else {
        return Err("not a mapping".into());
    };
    let Some(Value::Mapping(paths)) = part.remove("paths") else {
        return Err("no paths".into());
    };
    let mut placed = Mapping::new();
    for version in [ApiVersion::V2, ApiVersion::V3] {
        for (path, item) in &paths {
            let path = path.as_str().ok_or("a path that is not a string")?;
            let Value::Mapping(item) = item else {
                return Err(format!("path {path} is not a mapping"));
            };
            let mut item = item.clone();
            if take_marker(&mut item) && version == ApiVersion::V3 {
                continue;
            }
            for_version(&mut item, version)?;
            placed.insert(
                Value::String(format!("/{}{path}", version.path())),
                Value::Mapping(item),
            );
        }
    }
    part.insert("paths".into(), Value::Mapping(placed));
    Ok(Value::Mapping(part))
}

fn for_version(item: &mut Mapping, version: ApiVersion) -> Result<(), String> {
    let tag = format!("Vorgänge {}", version.path());
    let suffix = match version {
        ApiVersion::V2 => "",
        ApiVersion::V3 => "V3",
    };
    parameters_for(item, version);
    for method in METHODS {
        let Some(Value::Mapping(operation)) = item.get_mut(*method) else {
            continue;
        };
        operation.insert("tags".into(), Value::Sequence(vec![tag.clone().into()]));
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{method} without an operationId"))?;
        let id = format!("{id}{suffix}");
        operation.insert("operationId".into(), id.into());
        parameters_for(operation, version);
        rename_links(operation, suffix);
    }
    Ok(())
}

/// Drops the v2-only parameters under v3, and the marker under v2.
fn parameters_for(owner: &mut Mapping, version: ApiVersion) {
    let Some(Value::Sequence(parameters)) = owner.get_mut("parameters") else {
        return;
    };
    parameters.retain_mut(|parameter| match parameter {
        Value::Mapping(p) => !(take_marker(p) && version == ApiVersion::V3),
        _ => true,
    });
}

/// Response links name operations by id; under v3 they name the v3 ones.
fn rename_links(operation: &mut Mapping, suffix: &str) {
    let Some(Value::Mapping(responses)) = operation.get_mut("responses") else {
        return;
    };
    for (_, response) in responses.iter_mut() {
        let Some(Value::Mapping(links)) = response.get_mut("links") else {
            continue;
        };
        for (_, link) in links.iter_mut() {
            if let Some(Value::String(id)) = link.get_mut("operationId") {
                id.push_str(suffix);
            }
        }
    }
}

/// Removes the v2-only marker, saying whether it was set.
fn take_marker(map: &mut Mapping) -> bool {
    map.remove(ONLY_V2)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
