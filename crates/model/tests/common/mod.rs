//! Helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The directory with `openapi-v2.json` and `examples/`: `$VORGAENGE_SPEC_DIR`, else
/// `/work/shared/spec`, else `<workspace>/../shared/spec`. `None` (and a "skipped" line on
/// stdout) when none of them exists.
pub fn spec_dir() -> Option<PathBuf> {
    let candidates = std::env::var_os("VORGAENGE_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from("/work/shared/spec"),
            workspace_root().join("../shared/spec"),
        ]);
    for dir in candidates {
        if dir.join("openapi-v2.json").is_file() {
            return Some(dir);
        }
    }
    println!("skipped: upstream spec not found");
    None
}

/// The parsed upstream contract, if available.
pub fn spec() -> Option<serde_json::Value> {
    let path = spec_dir()?.join("openapi-v2.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(serde_json::from_slice(&bytes).expect("spec is JSON"))
}
