//! Validation of real responses against the upstream contract's schemas, with the upstream
//! validator (`tools/validate.py` of the spec, JSON Schema 2020-12 with format checks, in
//! strict mode so that invented property names are caught too).

use std::path::PathBuf;
use std::process::Command;

/// The upstream spec directory: `VORGAENGE_SPEC_DIR`, else the shared checkout next to ours.
pub fn spec_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("VORGAENGE_SPEC_DIR").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec")),
        Some(PathBuf::from("/work/shared/spec")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("tools/validate.py").is_file())
}

/// Validates each `(schema name, document)` pair in one python process. Returns `false` (after
/// saying why) when the validator is not available, and panics listing every violation.
pub fn validate_all(documents: &[(&str, serde_json::Value)]) -> bool {
    let Some(dir) = spec_dir() else {
        skip("upstream spec not found (set VORGAENGE_SPEC_DIR)");
        return false;
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
spec = v.load_spec(sys.argv[1] + "/openapi-v2.json")
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

/// Says why a spec-based check was skipped; CI sets `VORGAENGE_REQUIRE_SPEC` so that it fails
/// instead.
pub fn skip(why: &str) {
    if std::env::var_os("VORGAENGE_REQUIRE_SPEC").is_some() {
        panic!("schema validation required but unavailable: {why}");
    }
    // Straight to the process's stderr: the test harness would capture `eprintln!`.
    let _ = std::io::Write::write_fmt(
        &mut std::io::stderr(),
        format_args!("skipped schema validation: {why}\n"),
    );
}
