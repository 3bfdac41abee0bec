//! The upstream spec checkout: where it is, its example bodies, and what a test does when it
//! is missing (skip, unless `VORGAENGE_REQUIRE_SPEC`).

use std::path::PathBuf;

use serde_json::Value;

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

/// The contract's example body `name`, read from the upstream spec.
pub fn example(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/spec/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let candidates = [
        PathBuf::from(&path),
        spec_dir()
            .map(|d| d.join("examples").join(name))
            .unwrap_or_default(),
    ];
    let file = candidates
        .iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("example {name} not found at {path}"));
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}
