//! `vorgaenge admin audit`: who changed a case, as a table and as JSON lines.

use std::process::{Command, Output};

use serde_json::{Value, json};

use super::{SALES, ber12_case, sales_organisation_writes};
use crate::support::binary::BIN;
use crate::support::{TestApp, spawn_demo};

/// `vorgaenge admin audit ARGS` on the app's database.
fn admin_audit(app: &TestApp, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["admin", "audit"])
        .args(args)
        .args(app.database_args())
        .env("VORGAENGE_LOG", "warn")
        .env_remove("VORGAENGE_DATABASE_URL")
        .env_remove("VORGAENGE_DATABASE_SCHEMA")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn admin_audit_shows_who_changed_a_case() {
    let app = spawn_demo().await;
    let nr = ber12_case().vorgangs_nummer.as_str();
    let traces = sales_organisation_writes(&app, nr).await;

    // The table: a header, then one line per change, newest last.
    let table = admin_audit(&app, &[nr]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    for header in ["zeit", "partner", "actor", "client", "trace id", "aktion"] {
        assert!(lines[0].contains(header), "{header} in {}", lines[0]);
    }
    for (line, trace) in lines[1..].iter().zip(traces) {
        assert!(line.contains(trace), "{trace} in {line}");
        assert!(line.contains(SALES), "{line}");
    }
    let impersonated = lines[4];
    for part in [
        "BER12",
        "NOR00",
        "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer",
        "KUNDENBETREUER_GEAENDERT",
    ] {
        assert!(impersonated.contains(part), "{part} in {impersonated}");
    }
    assert!(
        !lines[3].contains("BER12"),
        "NOR00's own change: {}",
        lines[3]
    );

    // JSON lines: the records as the store holds them.
    let json = admin_audit(&app, &[nr, "--json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let printed: Vec<Value> = text(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stored = app.store.audit(nr).await.unwrap();
    assert_eq!(printed.len(), stored.len());
    assert_eq!(
        printed[3],
        json!({
            "zeit": stored[3].zeit.to_rfc3339(),
            "vorgangsNummer": nr,
            "partner": "BER12",
            "actor": "NOR00",
            "clientId": SALES,
            "traceId": "audit-betreuer",
            "aktion": "PUT /v2/vorgaenge/{vorgangsNummer}/kundenBetreuer",
            "ereignisse": [{"typ": stored[3].ereignisse[0].typ, "aktivitaet": "KUNDENBETREUER_GEAENDERT"}],
        })
    );
    assert_eq!(printed[2]["actor"], Value::Null);

    // A malformed number is refused; an unknown one is not found.
    let malformed = admin_audit(&app, &["ab12"]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        text(&malformed.stderr).contains("\"ab12\" is not a Vorgangsnummer"),
        "{}",
        text(&malformed.stderr)
    );
    let unknown = admin_audit(&app, &["ZZZZZ9"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no case ZZZZZ9"));
}
