//! The generated files are exactly what their generators produce from the upstream contract:
//! `src/generated/mod.rs` (`tools/gen-model.py`) and the case model of our OpenAPI document,
//! `crates/server/openapi/model.json` (`tools/gen-openapi-schemas.py`).

mod common;

use std::process::Command;

#[test]
fn generated_code_is_up_to_date() {
    check("tools/gen-model.py", "rustfmt");
}

#[test]
fn openapi_schemas_are_up_to_date() {
    check("tools/gen-openapi-schemas.py", "PyYAML");
}

/// Runs `script --check` on the contract; exit code 3 means the generator lacks `needs`.
fn check(script: &str, needs: &str) {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let root = common::workspace_root();
    let script = root.join(script);
    if !script.is_file() {
        println!("skipped: {} not found", script.display());
        return;
    }
    let output = match Command::new("python3")
        .arg(&script)
        .arg(dir.join("openapi-v2.json"))
        .arg("--check")
        .current_dir(&root)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            println!("skipped: cannot run python3 ({e})");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {}
        Some(3) => println!("skipped: the generator needs {needs}: {stderr}"),
        _ => panic!(
            "{} is out of date or failed ({}):\n{stderr}{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}
