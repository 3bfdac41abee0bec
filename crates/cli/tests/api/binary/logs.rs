//! `vorgaenge serve --log-format json`: one access log line per request, as JSON, naming the
//! route's template and who called, and no token or secret in any line at any level.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::binary::BIN;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_is_logged_once_without_tokens_or_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/demo.sqlite", dir.path().display());
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &database,
        ])
        .args(["--log-format", "json"])
        // Every level: a token or secret must not appear even in a debug line.
        .env("VORGAENGE_LOG", "debug")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let url = listening_url(&mut stderr);

    let demo = vorgaenge_demo::clients();
    let mut tokens = Vec::new();
    for client in &demo {
        let c = vorgaenge_client::Client::new(&url)
            .authenticated(client.client_id, client.client_secret)
            .await
            .unwrap();
        tokens.push(c.token().unwrap().to_owned());
        let list = c
            .raw(
                reqwest::Method::GET,
                "/v2/vorgaenge?limit=1&datenKontext=TEST_MODUS",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(list.status, 200);
    }
    let advisor = &demo[0];
    let http = reqwest::Client::new();
    // A secret sent in the form, a wrong one, and a token that is no token.
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        advisor.client_id, advisor.client_secret
    );
    let issued = http
        .post(format!("{url}/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(issued.status(), 200);
    let wrong = http
        .post(format!("{url}/auth/token"))
        .basic_auth(advisor.client_id, Some("geheim-und-falsch"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let forged = http
        .get(format!("{url}/v2/vorgaenge/ABC123"))
        .bearer_auth("eyJhbGciOiJub25lIn0.eyJzdWIiOiJCRVIxMSJ9.gefaelscht")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let case = http
        .get(format!("{url}/v3/vorgaenge/ZZ9999"))
        .bearer_auth(&tokens[0])
        .header("X-TraceId", "log-test-trace")
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), 404);

    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert!(child.wait().unwrap().success());

    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let access: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "vorgaenge::access")
        .collect();
    // Per demo client a token and a list; then the form token, the wrong secret, the forged
    // token and the missing case.
    assert_eq!(access.len(), 2 * demo.len() + 4, "{log}");
    let line = |trace: &str| access.iter().find(|l| l["trace_id"] == trace).copied();
    let missing = line("log-test-trace").expect("the caller's trace id names the line");
    assert_eq!(missing["method"], "GET");
    assert_eq!(missing["route"], "/v3/vorgaenge/{vorgangsNummer}");
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["client_id"], advisor.client_id);
    assert_eq!(missing["partner"], advisor.partner_id);
    assert!(missing["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(missing["timestamp"].is_string() && missing["level"] == "INFO");
    let tokens_issued = access
        .iter()
        .filter(|l| l["route"] == "/auth/token" && l["status"] == 200)
        .count();
    assert_eq!(tokens_issued, demo.len() + 1);

    let mut secrets: Vec<&str> = demo.iter().map(|c| c.client_secret).collect();
    secrets.push("geheim-und-falsch");
    secrets.push("gefaelscht");
    secrets.extend(tokens.iter().map(String::as_str));
    for secret in secrets {
        assert!(
            !log.contains(secret),
            "a secret or token in the log: {secret}"
        );
    }
    assert!(!log.to_ascii_lowercase().contains("bearer "), "{log}");
    assert!(!log.contains("Basic "), "{log}");
}

/// Reads the log until the server says where it listens.
fn listening_url(stderr: &mut std::process::ChildStderr) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while std::time::Instant::now() < deadline && stderr.read(&mut byte).unwrap() == 1 {
        seen.push(byte[0]);
        if byte[0] == b'\n' {
            let text = String::from_utf8_lossy(&seen);
            if let Some(line) = text.lines().last()
                && let Some(at) = line.find("listening on ")
            {
                let rest = &line[at + "listening on ".len()..];
                return rest.split('"').next().unwrap().trim().to_owned();
            }
        }
    }
    panic!(
        "the server did not log its URL: {}",
        String::from_utf8_lossy(&seen)
    );
}
