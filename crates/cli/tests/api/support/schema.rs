//! Validation of real responses and events against the upstream contracts' schemas, with the
//! upstream validator (`tools/validate.py` of the spec, JSON Schema 2020-12 with format
//! checks, in strict mode so that invented property names are caught too).

use std::process::{Command, Output};

use serde_json::Value;

use super::spec::{skip, spec_dir};

/// Validates each `(schema name, document)` pair against the Vorgänge API (`openapi-v2.json`)
/// in one python process. Returns `false` (after saying why) when the validator is not
/// available, and panics listing every violation.
pub fn validate_all(documents: &[(&str, Value)]) -> bool {
    let Some(output) = run("openapi-v2.json", documents) else {
        return false;
    };
    assert!(
        output.status.success(),
        "schema violations:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

/// Validates events against the `Ereignis` schema of the upstream events API
/// (`ereignisse-openapi.yaml`). Skips (saying why) when python or the spec is missing.
pub fn validate_events(events: &[Value]) {
    assert!(!events.is_empty(), "nothing to validate");
    let documents: Vec<(&str, Value)> = events.iter().map(|e| ("Ereignis", e.clone())).collect();
    let Some(output) = run("ereignisse-openapi.yaml", &documents) else {
        return;
    };
    assert!(
        output.status.success(),
        "events violate the Ereignis schema:\n{}{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        serde_json::to_string_pretty(events).unwrap()
    );
}

/// Runs the validator on `documents` against `spec_file` of the spec; `None` (after saying
/// why) when the spec or python is not available.
fn run(spec_file: &str, documents: &[(&str, Value)]) -> Option<Output> {
    let Some(dir) = spec_dir() else {
        skip("upstream spec not found (set VORGAENGE_SPEC_DIR)");
        return None;
    };
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
spec = v.load_spec(sys.argv[1] + "/" + sys.argv[3])
bad = 0
for i, (schema, doc) in enumerate(json.load(open(sys.argv[2], encoding="utf-8"))):
    for e in v.validate(spec, schema, doc, strict=True):
        bad += 1
        print("%d %s /%s: %s" % (i, schema, "/".join(map(str, e.absolute_path)), e.message[:300]))
print("checked %d documents" % (i + 1))
sys.exit(1 if bad else 0)
"#;
    let output = match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .arg(input.path())
        .arg(spec_file)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            skip(&format!("python3 not runnable: {e}"));
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        skip(&stderr);
        return None;
    }
    Some(output)
}
