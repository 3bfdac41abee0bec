//! Moving a database with `vorgaenge export` and `vorgaenge import`: a seeded SQLite
//! database, changed through the API (events, members added to documents, partners
//! replaced), moves to PostgreSQL with two commands, and everything comes out the same: the
//! target's export equals the source's byte for byte, and both servers answer every case,
//! its events and the lists identically. A damaged file changes nothing.
//!
//! The PostgreSQL part runs against `VORGAENGE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) in a schema of its own; without a reachable
//! PostgreSQL it says so and passes, unless `VORGAENGE_REQUIRE_POSTGRES=1`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};
use vorgaenge_client::Client;

use crate::support::backend::postgres_url;
use crate::support::binary::{BIN, first_numbers, sales_organisation, serve};

/// The public URL both servers write into `_links`, so their answers can be compared.
const PUBLIC_URL: &str = "https://vorgaenge.example";

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("VORGAENGE_LOG", "warn")
        .output()
        .unwrap()
}

fn run_ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "vorgaenge {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn sqlite(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// The case lines' numbers, in file order.
fn case_numbers(export: &[u8]) -> Vec<String> {
    std::str::from_utf8(export)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|l| {
            l["case"]["vorgang"]["vorgangsNummer"]
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

/// Changes some cases through the API, so that the database holds events, documents whose
/// members were added by an edit, and replaced partners.
async fn change_cases(client: &Client) -> Vec<String> {
    let numbers = first_numbers(client, 6).await;
    for (i, nr) in numbers.iter().enumerate() {
        let ops = json!([
            {"op": "add", "path": "/externeVorgangsNummer", "value": format!("CRM-{i}")},
            {"op": "replace", "path": "/status", "value": if i % 2 == 0 { "AKTIV" } else { "ARCHIVIERT" }}
        ]);
        client.patch_vorgang(nr, &ops, None).await.unwrap();
        client
            .add_nachricht(nr, &format!("Rückruf vereinbart ({i}) – „Grüße“"))
            .await
            .unwrap();
    }
    client
        .set_vorgangs_bearbeiter(&numbers[0], "BER11", None)
        .await
        .unwrap();
    numbers
}

/// GETs `path` from a server: its status, body and ETag.
async fn get(client: &Client, path: &str) -> (u16, String, Option<String>) {
    let r = client.raw(reqwest::Method::GET, path, &[]).await.unwrap();
    (
        r.status,
        String::from_utf8(r.body.to_vec()).unwrap(),
        r.header("etag").map(str::to_owned),
    )
}

/// GETs `path` from both servers; compares status and ETag, and the bodies of a 200 (an
/// error body carries its own trace id). Returns whether it was a 200.
async fn same(a: &Client, b: &Client, path: &str) -> bool {
    let (status_a, body_a, etag_a) = get(a, path).await;
    let (status_b, body_b, etag_b) = get(b, path).await;
    assert_eq!(status_a, status_b, "{path}: status");
    assert_eq!(etag_a, etag_b, "{path}: ETag");
    if status_a == 200 {
        assert!(body_a == body_b, "{path} differs:\n{body_a}\n{body_b}");
    }
    status_a == 200
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_moves_to_postgresql_byte_for_byte() {
    let pg = postgres_url();
    match tokio_postgres::connect(&pg, tokio_postgres::NoTls).await {
        Ok(_) => {}
        Err(e) if std::env::var("VORGAENGE_REQUIRE_POSTGRES").as_deref() != Ok("1") => {
            // Straight to the process's stderr: the test harness would capture `eprintln!`.
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("skipped SQLite → PostgreSQL transfer test: {pg}: {e}\n"),
            );
            return;
        }
        Err(e) => panic!("PostgreSQL required, but {pg}: {e}"),
    }
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(&dir.path().join("source.sqlite"));
    run_ok(&["seed", "--database", &source, "--cases", "40"]);

    // Change cases through the API of the source.
    let (mut server, url, _log) = serve(&["--database", &source, "--public-url", PUBLIC_URL]);
    let organisation = sales_organisation(&url).await;
    let changed = change_cases(&organisation).await;
    // A case created through the Kundenangaben API keeps its customer data when it moves.
    let intake = json!({
        "importMetadaten": { "datenkontext": "TEST_MODUS" },
        "kundenangaben": { "haushalte": [{ "kunden": [{
            "referenzId": "k1",
            "personendaten": { "person": { "vorname": "Jörg", "nachname": "Umzug" } }
        }] }] }
    });
    let with_kundenangaben = organisation.import_kundenangaben(&intake).await.unwrap();
    server.kill().unwrap();
    server.wait().unwrap();

    let first = dir.path().join("source.jsonl");
    let summary = run_ok(&[
        "export",
        "--database",
        &source,
        "-o",
        first.to_str().unwrap(),
    ]);
    // 6 external numbers, 6 messages, 1 editor, and the status changes.
    let events: u64 = summary
        .split(" with ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(events >= 13, "{summary}");

    let schema = format!("transfer_{}", std::process::id());
    let target_args = [
        "--database",
        pg.as_str(),
        "--database-schema",
        schema.as_str(),
    ];
    let imported = run_ok(&[&["import"][..], &target_args, &[first.to_str().unwrap()]].concat());
    let exported = std::fs::read(&first).unwrap();
    // Only that case's line carries Kundenangaben, as they were sent.
    let carrying: Vec<(String, Value)> = std::str::from_utf8(&exported)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|l| {
            let k = l["case"].get("kundenangaben")?.clone();
            Some((
                l["case"]["vorgang"]["vorgangsNummer"].as_str()?.to_owned(),
                k,
            ))
        })
        .collect();
    assert_eq!(
        carrying,
        vec![(with_kundenangaben.clone(), intake["kundenangaben"].clone())]
    );
    // The changed cases carry their audit records (two per case, three for the first), and
    // the byte-for-byte comparison below shows the target keeps them.
    let audited: Vec<(String, usize)> = std::str::from_utf8(&exported)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|l| {
            let nr = l["case"]["vorgang"]["vorgangsNummer"].as_str()?;
            let records = l["case"].get("audit")?.as_array()?;
            assert!(
                records
                    .iter()
                    .all(|r| r["clientId"] == "demo-sales-organisation")
            );
            Some((nr.to_owned(), records.len()))
        })
        .filter(|(nr, _)| changed.contains(nr))
        .collect();
    assert_eq!(audited.len(), changed.len(), "{audited:?}");
    assert_eq!(
        audited.iter().map(|(_, n)| n).sum::<usize>(),
        2 * changed.len() + 1
    );
    let numbers = case_numbers(&exported);
    assert!(
        imported.contains(&format!("imported {} cases, rejected 0", numbers.len())),
        "{imported}"
    );

    let second = dir.path().join("target.jsonl");
    run_ok(
        &[
            &["export"][..],
            &target_args,
            &["-o", second.to_str().unwrap()],
        ]
        .concat(),
    );
    let again = std::fs::read(&second).unwrap();
    assert!(
        exported == again,
        "the target's export differs from the source's"
    );

    // Both servers answer alike: every case, the changed cases' events, the lists. The demo
    // clients' secrets were moved as hashes: the sales organisation still gets its token.
    let (mut a_server, a_url, _a_log) = serve(&["--database", &source, "--public-url", PUBLIC_URL]);
    let (mut b_server, b_url, _b_log) =
        serve(&[&target_args[..], &["--public-url", PUBLIC_URL]].concat());
    let a = sales_organisation(&a_url).await;
    let b = sales_organisation(&b_url).await;
    // The sales organisation sees its own tree's cases; the others answer 404 on both.
    let mut seen = 0;
    for nr in &numbers {
        seen += usize::from(same(&a, &b, &format!("/v2/vorgaenge/{nr}")).await);
    }
    assert!(
        seen * 2 > numbers.len(),
        "{seen} of {} cases seen",
        numbers.len()
    );
    for nr in &changed {
        assert!(same(&a, &b, &format!("/v2/ereignisse/{nr}")).await);
        let (_, events, _) = get(&b, &format!("/v2/ereignisse/{nr}")).await;
        let events: Vec<Value> = serde_json::from_str(&events).unwrap();
        assert!(events.len() >= 2, "{events:?}");
    }
    assert!(same(&a, &b, &format!("/kundenangaben/{with_kundenangaben}")).await);
    for query in [
        "/v2/vorgaenge?limit=50",
        "/v2/vorgaenge?limit=50&datenkontext=TEST_MODUS",
        "/v2/vorgaenge?limit=7&page=3&sortierung=ASC",
    ] {
        assert!(same(&a, &b, query).await, "{query}");
    }

    // The target goes on from there: a new change sorts after everything moved.
    let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": "NACH-UMZUG"}]);
    b.patch_vorgang(&changed[0], &ops, None).await.unwrap();
    // A case's ETag is its letzteAenderung, quoted.
    let (_, _, etag) = get(&b, &format!("/v2/vorgaenge/{}", changed[0])).await;
    let newest = std::str::from_utf8(&exported)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|l| l["case"]["letzteAenderung"].as_str().map(str::to_owned))
        .max()
        .unwrap();
    let after = etag.unwrap().trim_matches('"').to_owned();
    assert!(
        chrono::DateTime::parse_from_rfc3339(&after).unwrap()
            > chrono::DateTime::parse_from_rfc3339(&newest).unwrap(),
        "{after} after {newest}"
    );

    for server in [&mut a_server, &mut b_server] {
        server.kill().unwrap();
        server.wait().unwrap();
    }
    let (admin, connection) = tokio_postgres::connect(&pg, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    admin
        .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_damaged_file_changes_nothing_and_a_good_one_moves_everything() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(&dir.path().join("source.sqlite"));
    run_ok(&["seed", "--database", &source, "--cases", "5"]);
    let file = dir.path().join("export.jsonl");
    run_ok(&[
        "export",
        "--database",
        &source,
        "-o",
        file.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&file).unwrap();

    // One broken line among good ones: the import names it and writes nothing.
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.len();
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[last - 1] = broken[last - 1].replacen(
        "\"letzteAenderung\":\"",
        "\"letzteAenderung\":\"gestern ",
        1,
    );
    broken[2] = broken[2].replacen("\"partner\"", "\"partnr\"", 1);
    let damaged = dir.path().join("damaged.jsonl");
    std::fs::write(&damaged, broken.join("\n") + "\n").unwrap();
    let target = sqlite(&dir.path().join("target.sqlite"));
    let output = run(&["import", "--database", &target, damaged.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3: $: not a line of an export"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("line {last}: $.case.letzteAenderung: \"gestern ")),
        "{stderr}"
    );
    let empty = run_ok(&["export", "--database", &target]);
    assert!(
        empty.contains("exported 0 partners, 0 grants, 0 clients, 0 cases"),
        "{empty}"
    );

    // A file without the header is taken for Vorgang documents, not half-read as an export.
    let headless = dir.path().join("headless.jsonl");
    std::fs::write(&headless, lines[1..].join("\n")).unwrap();
    let output = run(&["import", "--database", &target, headless.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));

    // The intact file moves everything, SQLite to SQLite, and again changes nothing.
    for _ in 0..2 {
        let imported = run_ok(&["import", "--database", &target, file.to_str().unwrap()]);
        assert!(imported.contains("rejected 0"), "{imported}");
        let copy = dir.path().join("copy.jsonl");
        run_ok(&[
            "export",
            "--database",
            &target,
            "-o",
            copy.to_str().unwrap(),
        ]);
        assert!(std::fs::read(&copy).unwrap() == text.as_bytes());
    }
}
