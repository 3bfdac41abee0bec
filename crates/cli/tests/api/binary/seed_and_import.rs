//! `vorgaenge seed` and `vorgaenge import` as a user runs them: their reports and exit
//! codes.

use std::process::Command;

use crate::support::binary::BIN;

#[test]
fn seed_and_import_report_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/seed.sqlite", dir.path().display());
    let seed = Command::new(BIN)
        .args([
            "seed",
            "--cases",
            "60",
            "--seed",
            "3",
            "--database",
            &database,
        ])
        .output()
        .unwrap();
    assert!(
        seed.status.success(),
        "{}",
        String::from_utf8_lossy(&seed.stderr)
    );
    let out = String::from_utf8_lossy(&seed.stdout);
    assert!(
        out.contains(&format!("{} cases", vorgaenge_demo::DEMO_CASES + 60)),
        "{out}"
    );

    let file = dir.path().join("bad.jsonl");
    let good = vorgaenge_demo::CaseGenerator::new(5).case(777_777).vorgang;
    let mut bad = good.clone();
    bad["datenKontext"] = serde_json::json!("PRODUKTION");
    std::fs::write(&file, format!("{good}\n{bad}\n")).unwrap();
    let import = Command::new(BIN)
        .args(["import", "--database", &database])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        import.status.code(),
        Some(2),
        "non-zero when anything was rejected"
    );
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(
        stderr.contains(&format!("{}: line 2: $.datenKontext:", file.display())),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&import.stdout).contains("imported 1 cases, rejected 1"));

    let missing = Command::new(BIN)
        .args(["import", "--database", &database, "/nonexistent.json"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}
