//! `src/generated/mod.rs` is exactly what `tools/gen-model.py` produces from the upstream contract.

mod common;

use std::process::Command;

#[test]
fn generated_code_is_up_to_date() {
    let Some(dir) = common::spec_dir() else {
        return;
    };
    let root = common::workspace_root();
    let script = root.join("tools/gen-model.py");
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
        Some(3) => println!("skipped: generator needs rustfmt: {stderr}"),
        _ => panic!(
            "generated code is out of date or the generator failed ({}):\n{stderr}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}
