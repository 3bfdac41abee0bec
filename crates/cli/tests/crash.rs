//! An acknowledged write survives `kill -9` of the server: write, kill, restart, read.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};

use serde_json::json;
use vorgaenge_client::Client;

const BIN: &str = env!("CARGO_BIN_EXE_vorgaenge");

/// Starts `vorgaenge serve --demo` on `database` and returns it with its URL.
#[expect(
    clippy::zombie_processes,
    reason = "the caller kills and waits for the child"
)]
fn serve(database: &str) -> (Child, String, BufReader<ChildStderr>) {
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
        ])
        .env("VORGAENGE_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(at) = line.find("listening on ") {
            let url = line[at + "listening on ".len()..].trim().to_owned();
            return (child, url, stderr);
        }
        line.clear();
    }
    panic!("the server stopped before listening");
}

async fn sales_organisation(url: &str) -> Client {
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.role == "sales-organisation")
        .unwrap();
    Client::new(url)
        .authenticated(demo.client_id, demo.client_secret)
        .await
        .unwrap()
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/crash.sqlite", dir.path().display());

    let (mut child, url, _stderr) = serve(&database);
    let client = sales_organisation(&url).await;
    let page = client
        .vorgaenge(&vorgaenge_client::ListRequest {
            limit: Some(20),
            ..Default::default()
        })
        .await
        .unwrap();
    let numbers: Vec<String> = page
        .vorgaenge
        .unwrap()
        .into_iter()
        .map(|v| v.vorgangs_nummer.unwrap())
        .collect();
    assert_eq!(numbers.len(), 20);
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

    let (mut child, url, _stderr) = serve(&database);
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
