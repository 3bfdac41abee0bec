//! A fresh PostgreSQL schema per test, on `VORGAENGE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`). If the database cannot be reached, the suite is
//! skipped (said on stderr) unless `VORGAENGE_REQUIRE_POSTGRES=1`, which makes that a failure.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use vorgaenge_store::{CaseMeta, DatenKontext, NewCase, Timestamp};
use vorgaenge_store_postgres::{PostgresOptions, PostgresStore};

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn url() -> String {
    std::env::var("VORGAENGE_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// A live case of production data with `document`, its advisor `betreuer`, stamped by the store.
#[allow(dead_code, reason = "the contract suite brings cases of its own")]
pub fn case(nr: &str, betreuer: &str, document: String) -> NewCase {
    NewCase {
        meta: CaseMeta {
            vorgangs_nummer: nr.to_owned(),
            daten_kontext: DatenKontext::EchtGeschaeft,
            status: Some("AKTIV".to_owned()),
            letzte_aenderung: Timestamp(0),
            letztes_ereignis: None,
            externe_vorgangs_nummer: None,
            kunden_betreuer: Some(betreuer.to_owned()),
            vorgangs_bearbeiter: None,
        },
        document: Bytes::from(document),
        letzte_aenderung: None,
        finanzierungsvorschlaege: None,
        gemerkte_angebote: None,
    }
}

/// PostgreSQL is unreachable: fail if it is required, else skip the whole suite.
///
/// The contract macro runs every check on whatever `fresh` returns, so a skip cannot return
/// early from a test; it ends the test process successfully instead, after saying why on
/// the real stderr (test output capture would swallow `eprintln!`).
fn unavailable(why: &str) -> ! {
    if std::env::var("VORGAENGE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("PostgreSQL required (VORGAENGE_REQUIRE_POSTGRES=1) but unavailable: {why}");
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "skipped PostgreSQL suite: {why}");
    let _ = stderr.flush();
    std::process::exit(0);
}

/// A schema of its own for one test, dropped when the test ends (best effort).
pub struct Schema {
    pub url: String,
    pub name: String,
}

impl Schema {
    /// A new unique schema name (created by the first store connecting to it).
    pub fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        Self {
            url: url(),
            name: format!(
                "t_{}_{}_{nanos}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ),
        }
    }

    /// A store on this schema; skips or fails the suite if PostgreSQL is unreachable.
    pub async fn connect(&self, pool_size: usize) -> PostgresStore {
        self.connect_sharing(pool_size, PostgresOptions::default().shared_readers)
            .await
    }

    /// [`Schema::connect`] with `shared_readers` connections shared by the reads.
    pub async fn connect_sharing(&self, pool_size: usize, shared_readers: usize) -> PostgresStore {
        let options = PostgresOptions {
            pool_size,
            schema: Some(self.name.clone()),
            shared_readers,
        };
        match tokio::time::timeout(
            Duration::from_secs(10),
            PostgresStore::connect(&self.url, options),
        )
        .await
        {
            Ok(Ok(store)) => store,
            Ok(Err(e)) => unavailable(&format!("{}: {e}", self.url)),
            Err(_) => unavailable(&format!("{}: no connection within 10 s", self.url)),
        }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let url = self.url.clone();
        let sql = format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name);
        // The test's runtime may be the one dropping us: use a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                    .await
                    .ok()?;
                let driver = tokio::spawn(connection);
                let done = client.batch_execute(&sql).await.ok();
                drop(client);
                let _ = driver.await;
                done
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("could not drop test schema {}", self.name);
        }
    }
}
