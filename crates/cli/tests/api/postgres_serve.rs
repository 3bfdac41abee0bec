//! `vorgaenge serve` and `vorgaenge migrate` on PostgreSQL: the backend is chosen by the
//! database URL, and the same demo world answers byte for byte as on SQLite.
//!
//! Runs against `VORGAENGE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`)
//! in a schema of its own. Without a reachable PostgreSQL it prints why and passes, unless
//! `VORGAENGE_REQUIRE_POSTGRES=1` (as `.ci/run` sets).

use std::process::Command;

use vorgaenge_client::Client;

use crate::support::backend::postgres_url;
use crate::support::binary::{BIN, first_numbers, sales_organisation, serve};

/// A client of the test database, or `None` (after saying why) when it cannot be reached
/// and PostgreSQL is not required.
async fn admin_client() -> Option<tokio_postgres::Client> {
    match tokio_postgres::connect(&postgres_url(), tokio_postgres::NoTls).await {
        Ok((client, connection)) => {
            tokio::spawn(connection);
            Some(client)
        }
        Err(e) if std::env::var("VORGAENGE_REQUIRE_POSTGRES").as_deref() != Ok("1") => {
            // Straight to the process's stderr: the test harness would capture `eprintln!`.
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("skipped PostgreSQL suite: {}: {e}\n", postgres_url()),
            );
            None
        }
        Err(e) => panic!("PostgreSQL is required but {} fails: {e}", postgres_url()),
    }
}

/// GET `path` as raw bytes with the server's own base URL taken out, so that two servers'
/// answers compare.
async fn body(client: &Client, path: &str) -> String {
    let response = client.raw(reqwest::Method::GET, path, &[]).await.unwrap();
    assert_eq!(response.status, 200, "{path}");
    String::from_utf8(response.body.to_vec())
        .unwrap()
        .replace(client.base_url(), "<base>")
}

#[tokio::test]
async fn postgres_serves_the_demo_world_like_sqlite() {
    let Some(admin) = admin_client().await else {
        return;
    };
    let schema = format!(
        "serve_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let url = postgres_url();

    let migrate = Command::new(BIN)
        .args(["migrate", "--database", &url, "--database-schema", &schema])
        .output()
        .unwrap();
    assert!(migrate.status.success(), "{migrate:?}");
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("up to date (0 cases)"));

    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}/demo.sqlite", dir.path().display());
    let (mut pg_child, pg_url, _pg_err) = serve(&[
        "--database",
        &url,
        "--database-schema",
        &schema,
        "--database-pool-size",
        "4",
    ]);
    let (mut lite_child, lite_url, _lite_err) = serve(&["--database", &sqlite]);
    let pg = sales_organisation(&pg_url).await;
    let lite = sales_organisation(&lite_url).await;

    // The same demo world: the same list, and every case of its first page byte for byte.
    let path = "/v2/vorgaenge?limit=20&sort=aufsteigend";
    assert_eq!(body(&pg, path).await, body(&lite, path).await);
    let numbers = first_numbers(&pg, 20).await;
    for nr in &numbers {
        let case = format!("/v2/vorgaenge/{nr}");
        assert_eq!(body(&pg, &case).await, body(&lite, &case).await, "{nr}");
    }

    // Writes go to PostgreSQL and come back with their event.
    let ops =
        serde_json::json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": "pg-1"}]);
    let (vorgang, written) = pg.patch_vorgang(&numbers[0], &ops, None).await.unwrap();
    assert_eq!(vorgang.externe_vorgangs_nummer.as_deref(), Some("pg-1"));
    assert!(written.etag.is_some());
    let events = pg.ereignisse(&numbers[0]).await.unwrap();
    assert_eq!(
        events.last().unwrap().aktivitaet.as_deref(),
        Some("EXTERNE_VORGANGSNUMMER_GESETZT")
    );

    for child in [&mut pg_child, &mut lite_child] {
        let _ = child.kill();
        child.wait().unwrap();
    }
    admin
        .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .unwrap();
}
