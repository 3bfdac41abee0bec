//! `vorgaenge import`: formats, validation with locations, upserts, nothing half-written.

use std::path::PathBuf;

use serde_json::{Value, json};
use vorgaenge_cli::import::import_files;
use vorgaenge_demo::CaseGenerator;

use crate::support::spec::spec_dir;
use crate::support::{AUDITOR, demo_case, spawn_app, spawn_demo};

fn cases(n: u64) -> Vec<Value> {
    let generator = CaseGenerator::new(9);
    (900_000..900_000 + n)
        .map(|i| generator.case(i).vorgang)
        .collect()
}

fn write(dir: &tempfile::TempDir, name: &str, content: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[tokio::test]
async fn imports_single_documents_arrays_and_json_lines() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let docs = cases(7);
    let single = write(
        &dir,
        "one.json",
        &serde_json::to_string_pretty(&docs[0]).unwrap(),
    );
    let array = write(
        &dir,
        "many.json",
        &serde_json::to_string_pretty(&docs[1..4]).unwrap(),
    );
    let lines = docs[4..]
        .iter()
        .map(|d| serde_json::to_string(d).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let jsonl = write(&dir, "lines.jsonl", &format!("{lines}\n\n"));

    let report = import_files(app.store.clone(), &[single, array, jsonl], false)
        .await
        .unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.imported, 7);
    for doc in &docs {
        let nr = doc["vorgangsNummer"].as_str().unwrap();
        let mut served = app.get(&format!("/v2/vorgaenge/{nr}")).await.json();
        let served = served.as_object_mut().unwrap();
        served.remove("_links");
        for antrag in served["antraege"].as_array_mut().unwrap() {
            antrag.as_object_mut().unwrap().remove("_links");
        }
        assert_eq!(
            &Value::Object(served.clone()),
            doc,
            "{nr} served as imported"
        );
    }
    // Imported cases are changes: they appear in the list, newest first.
    let list = app.client.vorgaenge(&Default::default()).await.unwrap();
    assert!(!list.vorgaenge.unwrap().is_empty());
}

#[tokio::test]
async fn rejects_invalid_documents_with_location_path_and_reason() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let good = cases(2);
    let mut bad = Vec::new();
    let mut broken = |f: &dyn Fn(&mut Value)| {
        let mut doc = good[0].clone();
        doc["vorgangsNummer"] = json!(format!("BAD{:03}", bad.len()));
        f(&mut doc);
        bad.push(doc);
    };
    broken(&|d| d["erstelltAm"] = json!(5));
    broken(&|d| d["datenKontext"] = json!("PRODUKTION"));
    broken(&|d| d["erstelltAm"] = json!("2020-02-30"));
    broken(&|d| d["letztesEreignis"] = json!("2020-07-10T13:00"));
    broken(&|d| {
        d.as_object_mut().unwrap().remove("vorgangsNummer");
    });
    broken(&|d| d["antraege"][0]["status"]["antragsteller"] = json!("VIELLEICHT"));
    broken(&|d| {
        d["haushalte"][0]["kinder"] = json!([{"unterhaltsEinnahmenBetragMonatlich": "viel"}])
    });
    broken(&|d| d["antraege"][0]["zeitpunktDerAnnahme"] = json!("gestern"));
    broken(&|d| d["vorgangsNummer"] = json!("ab1234"));
    let expected_paths = [
        "$.erstelltAm",
        "$.datenKontext",
        "$.erstelltAm",
        "$.letztesEreignis",
        "$.vorgangsNummer",
        "$.antraege[0].status.antragsteller",
        "$.haushalte[0].kinder[0].unterhaltsEinnahmenBetragMonatlich",
        "$.antraege[0].zeitpunktDerAnnahme",
        "$.vorgangsNummer",
    ];
    let mut lines: Vec<String> = vec![serde_json::to_string(&good[0]).unwrap()];
    lines.extend(bad.iter().map(|d| serde_json::to_string(d).unwrap()));
    lines.push("{kaputt".into());
    lines.push(serde_json::to_string(&good[1]).unwrap());
    let file = write(&dir, "mixed.jsonl", &lines.join("\n"));

    let report = import_files(app.store.clone(), std::slice::from_ref(&file), false)
        .await
        .unwrap();
    assert_eq!(report.imported, 2, "the valid documents still import");
    assert_eq!(report.rejected.len(), bad.len() + 1);
    for (i, rejection) in report.rejected.iter().take(bad.len()).enumerate() {
        assert_eq!(rejection.file, file.display().to_string());
        assert_eq!(rejection.location, format!("line {}", i + 2));
        assert_eq!(rejection.path, expected_paths[i], "{rejection}");
        assert!(!rejection.reason.is_empty());
    }
    assert!(
        report.rejected[1].reason.contains("PRODUKTION"),
        "{}",
        report.rejected[1]
    );
    let syntax = report.rejected.last().unwrap();
    assert_eq!(syntax.location, format!("line {}", bad.len() + 2));
    // Nothing of a rejected document was written.
    assert_eq!(app.store.case_count().await.unwrap(), 2);
    for i in 0..bad.len() {
        assert_eq!(
            app.store.case_meta(&format!("BAD{i:03}")).await.unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn a_broken_array_or_document_is_reported_once() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let array = write(
        &dir,
        "broken.json",
        "[{\"vorgangsNummer\": \"AB1234\"},\n  {oops}]",
    );
    let pretty = write(
        &dir,
        "pretty.json",
        "{\n  \"vorgangsNummer\": \"AB1234\",\n  oops\n}",
    );
    let report = import_files(app.store.clone(), &[array, pretty], false)
        .await
        .unwrap();
    assert_eq!(report.imported, 0);
    assert_eq!(report.rejected.len(), 2, "{:?}", report.rejected);
    assert!(
        report.rejected[0].reason.contains("line 2"),
        "{}",
        report.rejected[0]
    );
    assert!(
        report.rejected[1].reason.contains("line 3"),
        "{}",
        report.rejected[1]
    );
}

#[tokio::test]
async fn upserts_by_number_and_keeps_sub_resources() {
    let app = spawn_demo().await;
    let case = demo_case(|c| !c.finanzierungsvorschlaege.is_empty());
    let nr = &case.vorgangs_nummer;
    let before = app.store.case_meta(nr).await.unwrap().unwrap();
    let count = app.store.case_count().await.unwrap();

    let mut changed = case.vorgang.clone();
    changed["externeVorgangsNummer"] = json!("CRM-NEU-1");
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "one.json", &changed.to_string());
    let report = import_files(app.store.clone(), &[file], false)
        .await
        .unwrap();
    assert_eq!(report.imported, 1);

    assert_eq!(
        app.store.case_count().await.unwrap(),
        count,
        "replaced, not added"
    );
    let after = app.store.case_meta(nr).await.unwrap().unwrap();
    assert_eq!(after.externe_vorgangs_nummer.as_deref(), Some("CRM-NEU-1"));
    assert!(
        after.letzte_aenderung > before.letzte_aenderung,
        "an import is a change"
    );
    let served = app.get(&format!("/v2/vorgaenge/{nr}")).await.json();
    assert_eq!(served["externeVorgangsNummer"], "CRM-NEU-1");
    assert_eq!(
        app.store.finanzierungsvorschlaege(nr).await.unwrap().len(),
        case.finanzierungsvorschlaege.len(),
        "a Vorgang document does not carry proposals, so they stay"
    );
    // The newest change leads the list.
    let list = app
        .get(&format!(
            "/v2/vorgaenge?datenKontext={}",
            case.daten_kontext
        ))
        .await
        .json();
    assert_eq!(list["vorgaenge"][0]["vorgangsNummer"], nr.as_str());
}

#[tokio::test]
async fn upstream_example_case_imports_and_serves() {
    let Some(dir) = spec_dir() else {
        eprintln!("skipped: upstream spec not found");
        return;
    };
    let app = spawn_app().await;
    let report = import_files(
        app.store.clone(),
        &[dir.join("examples/vorgang.json")],
        false,
    )
    .await
    .unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let example: Value =
        serde_json::from_slice(&std::fs::read(dir.join("examples/vorgang.json")).unwrap()).unwrap();
    let nr = example["vorgangsNummer"].as_str().unwrap();
    // The example's advisor becomes a partner the auditor covers, so the case is readable.
    let advisor = example["kundenBetreuer"]["partnerId"].as_str().unwrap();
    let record = vorgaenge_store::PartnerRecord {
        id: advisor.into(),
        typ: "PERSON".into(),
        parent: Some(AUDITOR.into()),
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: {
            let mut profile = example["kundenBetreuer"].clone();
            profile.as_object_mut().unwrap().remove("_links");
            bytes::Bytes::from(profile.to_string())
        },
    };
    app.store.put_partners(vec![record], vec![]).await.unwrap();
    app.refresh().await;
    let served = app.get(&format!("/v2/vorgaenge/{nr}")).await.json();
    assert_eq!(served["haushalte"], example["haushalte"]);
    assert_eq!(
        served["antraege"][0]["angebot"],
        example["antraege"][0]["angebot"]
    );
}
