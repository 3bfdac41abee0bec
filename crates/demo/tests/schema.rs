//! Strict validation of generated documents against the upstream OpenAPI schemas.
//!
//! Uses the project's `validate.py` (JSON Schema 2020-12, format checks, and `--strict`
//! rejection of undeclared properties). All documents go into one temp file and python
//! runs once. Without the spec or python3/jsonschema the test prints "skipped" and passes.

mod common;

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use vorgaenge_demo::{CaseGenerator, GeneratedCase, partners};

const SNIPPET: &str = r##"
import importlib.util, json, sys
spec_dir, docs_path = sys.argv[1], sys.argv[2]
mod_spec = importlib.util.spec_from_file_location("validate", spec_dir + "/tools/validate.py")
validate = importlib.util.module_from_spec(mod_spec)
mod_spec.loader.exec_module(validate)
spec = validate.load_spec(spec_dir + "/openapi-v2.json")
validators = {}
items = json.load(open(docs_path, encoding="utf-8"))
errors = 0
for item in items:
    name = item["schema"]
    if name not in validators:
        validators[name] = validate.validator_for(spec, {"$ref": "#/components/schemas/" + name}, strict=True)
    for e in sorted(validators[name].iter_errors(item["doc"]), key=lambda e: list(map(str, e.absolute_path))):
        errors += 1
        if errors <= 200:
            print("ERROR %s (%s) at /%s: %s" % (item["label"], name, "/".join(map(str, e.absolute_path)), e.message[:300]))
print("checked %d documents, %d errors" % (len(items), errors))
"##;

fn spec_dir() -> PathBuf {
    std::env::var_os("VORGAENGE_SPEC_DIR")
        .map_or_else(|| PathBuf::from("/work/shared/spec"), PathBuf::from)
}

fn push_case(docs: &mut Vec<Value>, label: &str, c: &GeneratedCase) {
    let nr = &c.vorgangs_nummer;
    docs.push(
        json!({ "label": format!("{label} {nr} vorgang"), "schema": "Vorgang", "doc": c.vorgang }),
    );
    for (i, fv) in c.finanzierungsvorschlaege.iter().enumerate() {
        docs.push(json!({ "label": format!("{label} {nr} vorschlag[{i}]"), "schema": "Finanzierungsvorschlag", "doc": fv }));
    }
    for g in &c.gemerkte_angebote {
        let n = g.nummer_am_vorgang;
        docs.push(json!({ "label": format!("{label} {nr} angebot {n}"), "schema": "Angebot", "doc": g.angebot }));
        for (i, plan) in g.zahlungsplaene.iter().enumerate() {
            docs.push(json!({ "label": format!("{label} {nr} angebot {n} plan[{i}]"), "schema": "Zahlungsplan", "doc": plan }));
        }
    }
}

#[test]
fn generated_documents_validate_strictly() {
    let dir = spec_dir();
    if !dir.join("openapi-v2.json").is_file() || !dir.join("tools/validate.py").is_file() {
        println!("skipped: spec not found in {}", dir.display());
        return;
    }
    let has_jsonschema = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_jsonschema {
        println!("skipped: python3 with jsonschema not available");
        return;
    }

    let mut docs = Vec::new();
    for (i, c) in common::demo_cases().iter().enumerate() {
        push_case(&mut docs, &format!("demo#{i}"), c);
    }
    let seven = CaseGenerator::new(7);
    for i in 0..60u64 {
        push_case(
            &mut docs,
            &format!("seed7#{i}"),
            &seven.case(vorgaenge_demo::DEMO_CASES + i),
        );
    }
    for p in partners() {
        docs.push(
            json!({ "label": format!("partner {}", p.id), "schema": "Partner", "doc": p.profile }),
        );
    }
    // A canary with an undeclared property proves that strict mode is really active.
    docs.push(json!({
        "label": "canary",
        "schema": "Partner",
        "doc": { "partnerId": "ABC12", "erfunden": true },
    }));

    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    serde_json::to_writer(&mut file, &docs).expect("write documents");
    let out = Command::new("python3")
        .arg("-c")
        .arg(SNIPPET)
        .arg(&dir)
        .arg(file.path())
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains("checked"),
        "validator did not run:\n{stdout}\n{stderr}"
    );
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("ERROR ")).collect();
    assert!(
        errors.iter().any(|l| l.starts_with("ERROR canary")),
        "strict mode did not reject the canary:\n{stdout}"
    );
    let real: Vec<&str> = errors
        .into_iter()
        .filter(|l| !l.starts_with("ERROR canary"))
        .collect();
    assert!(
        real.is_empty(),
        "{} schema errors:\n{}",
        real.len(),
        real.join("\n")
    );
}
