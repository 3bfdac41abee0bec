//! An acknowledged write survives `kill -9` of the server: write, kill, restart, read.

use std::process::Command;

use serde_json::json;

use crate::support::binary::{first_numbers, sales_organisation, serve};

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/crash.sqlite", dir.path().display());

    let (mut child, url, _stderr) = serve(&["--database", &database]);
    let client = sales_organisation(&url).await;
    let numbers = first_numbers(&client, 20).await;
    // Writes as fast as they are acknowledged, then the kill right after the last answer:
    // nothing gets time to settle.
    let mut expected = Vec::new();
    for (i, nr) in numbers.iter().enumerate() {
        let value = format!("crash-{i}");
        let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": value}]);
        let (_, written) = client.patch_vorgang(nr, &ops, None).await.unwrap();
        assert_eq!(written.status, 200);
        client
            .add_nachricht(nr, &format!("vor dem Absturz {i}"))
            .await
            .unwrap();
        expected.push((nr.clone(), value));
    }
    let killed = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait().unwrap();

    let (mut child, url, _stderr) = serve(&["--database", &database]);
    let client = sales_organisation(&url).await;
    for (i, (nr, value)) in expected.iter().enumerate() {
        let vorgang = client.vorgang(nr).await.unwrap();
        assert_eq!(
            vorgang.externe_vorgangs_nummer.as_deref(),
            Some(value.as_str())
        );
        let events = client.ereignisse(nr).await.unwrap();
        let texts: Vec<_> = events.iter().filter_map(|e| e.meldung.as_deref()).collect();
        assert!(
            texts.contains(&format!("vor dem Absturz {i}").as_str()),
            "{nr}: {texts:?}"
        );
    }
    let _ = child.kill();
    child.wait().unwrap();
}
