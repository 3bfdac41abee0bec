//! `vorgaenge admin …` and `vorgaenge demo-credentials`: the library functions on a temporary
//! SQLite database, and the real binary as an operator runs it.

mod clients;
mod demo;
mod grants;
mod import_partners;
mod keys;
mod partners;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;

use serde_json::Value;
use vorgaenge_cli::admin::partners::{NewPartner, add_partner};
use vorgaenge_cli::admin::profile::ProfileFields;
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

use crate::support::binary::BIN;

/// A fresh database in its own directory.
struct Db {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("admin.sqlite");
        Db { dir, path }
    }

    /// A new connection (also sees what the binary wrote).
    fn store(&self) -> Arc<dyn Store> {
        Arc::new(SqliteStore::open(&self.path, SqliteOptions::default()).unwrap())
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.path.display())
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// `vorgaenge admin ARGS --database <this>`.
    fn admin(&self, args: &[&str]) -> Output {
        let url = self.url();
        let mut all = vec!["admin"];
        all.extend_from_slice(args);
        all.extend(["--database", &url]);
        run(&all)
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("VORGAENGE_LOG", "warn")
        .env_remove("VORGAENGE_DATABASE_URL")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[track_caller]
fn ok(o: Output) -> String {
    assert!(o.status.success(), "{o:?}\n{}", stderr(&o));
    stdout(&o)
}

#[track_caller]
fn fails(o: Output, code: i32, message: &str) -> String {
    assert_eq!(o.status.code(), Some(code), "{o:?}");
    let err = stderr(&o);
    assert!(err.contains(message), "{message:?} not in {err}");
    err
}

fn profile(p: &vorgaenge_store::PartnerRecord) -> Value {
    serde_json::from_slice(&p.profile).unwrap()
}

fn organisation(id: &str, parent: Option<&str>) -> NewPartner {
    NewPartner {
        id: id.into(),
        typ: "ORGANISATION".into(),
        parent: parent.map(Into::into),
        echtgeschaeft: true,
        profile: ProfileFields {
            firmierung: Some(format!("Firma {id}")),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A root `ORG00` with the organisation `ORG10` below it.
async fn small_tree(store: &dyn Store) {
    add_partner(store, organisation("ORG00", None))
        .await
        .unwrap();
    add_partner(store, organisation("ORG10", Some("ORG00")))
        .await
        .unwrap();
}

fn is_base64url(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
