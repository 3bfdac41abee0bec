//! The server's log line per change, naming its author.

use std::io::BufRead;

use serde_json::json;
use vorgaenge_client::Client;

use super::{SALES, ber12_case};
use crate::support::binary::serve;
use crate::support::demo_client;
use crate::support::requests::{assert_status, patch_with, replace};

#[tokio::test]
async fn the_server_logs_each_change_with_its_author() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("log.sqlite").display());
    let (mut child, url, log) = serve(&["--database", &database]);
    let demo = demo_client(SALES);
    let as_ber12 = Client::new(&url).with_token(
        &Client::new(&url)
            .request_token(demo.client_id, demo.client_secret, &[("subject", "BER12")])
            .await
            .unwrap()
            .unwrap()
            .access_token,
    );
    let nr = &ber12_case().vorgangs_nummer;
    let patched = patch_with(
        &as_ber12,
        nr,
        &json!([replace("/externeVorgangsNummer", json!("CRM-LOG"))]),
        &[("X-TraceId", "log-trace-1")],
    )
    .await;
    assert_status(&patched, 200);

    // The log is written apart from the answer: read it on a thread of its own, and give up
    // after a while rather than wait for a line that never comes.
    let (lines, logged) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in log.lines() {
            let Ok(line) = line else { break };
            if line.contains("case changed") && lines.send(line).is_err() {
                break;
            }
        }
    });
    let logged = logged.recv_timeout(std::time::Duration::from_secs(20));
    child.kill().unwrap();
    child.wait().unwrap();
    let logged = without_colours(&logged.expect("the change is logged"));
    for part in [
        &format!("vorgangs_nummer={nr}"),
        "partner=BER12",
        "actor=NOR00",
        "client_id=demo-sales-organisation",
        "trace_id=log-trace-1",
        "EXTERNE_VORGANGSNUMMER_GESETZT",
    ] {
        assert!(logged.contains(part), "{part} in {logged}");
    }
}

/// A log line without its terminal colour sequences (`ESC [ … m`).
fn without_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}
