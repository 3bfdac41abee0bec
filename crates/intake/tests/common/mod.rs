//! Helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use vorgaenge_intake::{Kundenangaben, Violation};

/// A request payload of `tests/fixtures`.
pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("fixture is JSON")
}

pub fn parse_value(document: &Value) -> Result<Kundenangaben, Vec<Violation>> {
    vorgaenge_intake::parse(&serde_json::to_vec(document).unwrap())
}

/// Parses a document that must be valid.
pub fn parse_ok(document: &Value) -> Kundenangaben {
    parse_value(document).unwrap_or_else(|v| panic!("unexpected violations: {v:#?}"))
}

/// The violations of a document that must be invalid.
pub fn violations(document: &Value) -> Vec<Violation> {
    match parse_value(document) {
        Ok(_) => panic!("document unexpectedly valid: {document}"),
        Err(v) => v,
    }
}

/// Sets the value at a JSON pointer, creating objects on the way.
pub fn set(document: &mut Value, pointer: &str, value: Value) {
    let (parent, name) = pointer.rsplit_once('/').expect("pointer with a parent");
    let mut target = document;
    for part in parent.split('/').skip(1) {
        target = match part.parse::<usize>() {
            Ok(i) if target.is_array() => &mut target[i],
            _ => {
                if target.get(part).is_none() {
                    target[part] = serde_json::json!({});
                }
                &mut target[part]
            }
        };
    }
    match (name.parse::<usize>(), target.as_array_mut()) {
        (Ok(i), Some(array)) if i == array.len() => array.push(value),
        (Ok(i), Some(array)) => array[i] = value,
        _ => target[name] = value,
    }
}

pub fn remove(document: &mut Value, pointer: &str) {
    let (parent, name) = pointer.rsplit_once('/').expect("pointer with a parent");
    if let Some(Value::Object(object)) = document.pointer_mut(parent) {
        object.remove(name);
    }
}

/// The upstream spec directory: `VORGAENGE_SPEC_DIR`, else `../shared/spec` next to the
/// workspace. `None` (after saying so) when it is missing; with `VORGAENGE_REQUIRE_SPEC` set
/// that is a failure instead.
pub fn spec_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("VORGAENGE_SPEC_DIR").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec")),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("kundenangaben-openapi.yaml").is_file());
    if found.is_none() {
        skip("upstream spec not found (set VORGAENGE_SPEC_DIR)");
    }
    found
}

/// The Kundenangaben contract as JSON, if the spec directory is available.
pub fn kundenangaben_spec() -> Option<Value> {
    let path = spec_dir()?.join("kundenangaben-openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(serde_norway::from_str(&text).expect("spec is YAML"))
}

/// Validates each `(schema name, document)` against `openapi-v2.json` with the upstream
/// validator in strict mode (invented property names fail too). Returns `false` (after
/// saying why) when the validator is not available; panics listing every violation.
pub fn validate_v2(documents: &[(&str, Value)]) -> bool {
    let Some(dir) = spec_dir() else {
        return false;
    };
    if !dir.join("tools/validate.py").is_file() {
        skip("tools/validate.py missing in the spec directory");
        return false;
    }
    let input = tempfile::NamedTempFile::new().unwrap();
    let pairs: Vec<_> = documents
        .iter()
        .map(|(schema, doc)| serde_json::json!([schema, doc]))
        .collect();
    std::fs::write(input.path(), serde_json::to_vec(&pairs).unwrap()).unwrap();
    let script = r#"
import json, sys
sys.path.insert(0, sys.argv[1] + "/tools")
import validate as v
spec = v.load_spec(sys.argv[1] + "/openapi-v2.json")
bad = 0
for i, (schema, doc) in enumerate(json.load(open(sys.argv[2], encoding="utf-8"))):
    for e in v.validate(spec, schema, doc, strict=True):
        bad += 1
        print("%d %s /%s: %s" % (i, schema, "/".join(map(str, e.absolute_path)), e.message[:300]))
sys.exit(1 if bad else 0)
"#;
    let output = match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .arg(input.path())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            skip(&format!("python3 not runnable: {e}"));
            return false;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        skip(&stderr);
        return false;
    }
    assert!(
        output.status.success(),
        "schema violations:\n{}{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
    true
}

/// Says why a check was skipped; `VORGAENGE_REQUIRE_SPEC=1` turns that into a failure.
pub fn skip(why: &str) {
    if std::env::var_os("VORGAENGE_REQUIRE_SPEC").is_some_and(|v| v != "0") {
        panic!("spec-based check required but unavailable: {why}");
    }
    // Straight to the process's stderr: the test harness would capture `eprintln!`.
    let _ = std::io::Write::write_fmt(
        &mut std::io::stderr(),
        format_args!("skipped spec-based check: {why}\n"),
    );
}

/// The day the tests' imports are mapped as made on.
pub fn stichtag() -> vorgaenge_model::Date {
    vorgaenge_model::Date::parse("2025-11-11").unwrap()
}

/// A mapped case as the server would store it: the import's members plus the server's.
pub fn as_stored_vorgang(k: &Kundenangaben) -> Value {
    let mut members = vorgaenge_intake::vorgang_members(k, &stichtag());
    members.insert("vorgangsNummer".into(), "AB12CD".into());
    Value::Object(members)
}
