//! `src/generated/types.rs` and `src/generated/rules.rs` are exactly what `tools/gen-kundenangaben.py`
//! produces from the upstream contract.

mod common;

use std::path::PathBuf;
use std::process::Command;

#[test]
fn generated_code_is_up_to_date() {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tools/gen-kundenangaben.py");
    let output = match Command::new("python3")
        .arg(&script)
        .arg(dir.join("kundenangaben-openapi.yaml"))
        .arg("--check")
        .current_dir(&root)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            common::skip(&format!("cannot run python3 ({e})"));
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {}
        Some(3) => common::skip(&format!("generator needs rustfmt: {stderr}")),
        _ if stderr.contains("No module named 'yaml'") => common::skip(&stderr),
        _ => panic!(
            "generated code is out of date or the generator failed ({}):\n{stderr}",
            output.status
        ),
    }
}
