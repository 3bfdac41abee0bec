//! `vorgaenge admin …` and `vorgaenge demo-credentials`: the library functions on a temporary
//! SQLite database, and the real binary as an operator runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use serde_json::{Value, json};
use vorgaenge_cli::admin::clients::{self, demo_credentials};
use vorgaenge_cli::admin::import_partners::{ImportReport, import_file};
use vorgaenge_cli::admin::partners::{self, NewPartner, PartnerChanges};
use vorgaenge_cli::admin::profile::ProfileFields;
use vorgaenge_cli::admin::{AdminError, grants, keys};
use vorgaenge_server::auth::secrets::{hash_secret, secret_matches};
use vorgaenge_store::{GrantRecord, Store};
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

const BIN: &str = env!("CARGO_BIN_EXE_vorgaenge");

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
    partners::add_partner(store, organisation("ORG00", None))
        .await
        .unwrap();
    partners::add_partner(store, organisation("ORG10", Some("ORG00")))
        .await
        .unwrap();
}

fn is_base64url(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// ---------------------------------------------------------------- partners

#[tokio::test]
async fn partner_add_update_lock_list_show() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    let person = NewPartner {
        id: "PER11".into(),
        typ: "PERSON".into(),
        parent: Some("ORG10".into()),
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: ProfileFields {
            anrede: Some("FRAU".into()),
            vorname: Some("Erika".into()),
            nachname: Some("Muster".into()),
            geburtsdatum: Some("1980-04-01".into()),
            ort: Some("Berlin".into()),
            ..Default::default()
        },
    };
    partners::add_partner(&*store, person.clone())
        .await
        .unwrap();
    let stored = store.partner("PER11").await.unwrap().unwrap();
    assert_eq!(stored.parent.as_deref(), Some("ORG10"));
    assert!(stored.echtgeschaeft && !stored.gesperrt);
    // Only the given fields, never null, and the id.
    assert_eq!(
        profile(&stored),
        json!({"partnerId": "PER11", "anrede": "FRAU", "vorname": "Erika",
               "nachname": "Muster", "geburtsdatum": "1980-04-01",
               "anschrift": {"ort": "Berlin"}})
    );

    // Adding again is refused.
    let e = partners::add_partner(&*store, person).await.unwrap_err();
    assert!(matches!(e, AdminError::Conflict(_)), "{e:?}");
    assert_eq!(e.to_string(), "partner PER11 exists; use update");
    assert_eq!(e.exit_code(), 1);

    // Bad input.
    let mut bad = organisation("abc12", None);
    bad.typ = "VEREIN".into();
    bad.profile.geburtsdatum = Some("1980-02-30".into());
    let AdminError::Rejected(problems) = partners::add_partner(&*store, bad).await.unwrap_err()
    else {
        panic!("rejected expected")
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[2].starts_with("profile.geburtsdatum:"),
        "{problems:?}"
    );
    let e = partners::add_partner(&*store, organisation("NEW00", Some("XXX99")))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown partner XXX99");
    assert!(store.partner("NEW00").await.unwrap().is_none());

    // Update changes only what is given.
    let changes = PartnerChanges {
        echtgeschaeft: Some(false),
        kreditsachbearbeiter: Some(true),
        profile: ProfileFields {
            vorname: Some("Erika Maria".into()),
            strasse: Some("Hauptstraße".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    partners::update_partner(&*store, "PER11", changes)
        .await
        .unwrap();
    let stored = store.partner("PER11").await.unwrap().unwrap();
    assert!(!stored.echtgeschaeft && stored.kreditsachbearbeiter);
    assert_eq!(stored.parent.as_deref(), Some("ORG10"));
    assert_eq!(
        profile(&stored),
        json!({"partnerId": "PER11", "anrede": "FRAU", "vorname": "Erika Maria",
               "nachname": "Muster", "geburtsdatum": "1980-04-01", "kreditsachbearbeiter": true,
               "anschrift": {"ort": "Berlin", "strasse": "Hauptstraße"}})
    );
    let nothing = partners::update_partner(&*store, "PER11", PartnerChanges::default()).await;
    assert_eq!(nothing.unwrap_err().exit_code(), 2);
    let moved = PartnerChanges {
        parent: Some(Some("ORG00".into())),
        ..Default::default()
    };
    partners::update_partner(&*store, "PER11", moved)
        .await
        .unwrap();
    assert_eq!(
        store
            .partner("PER11")
            .await
            .unwrap()
            .unwrap()
            .parent
            .as_deref(),
        Some("ORG00")
    );

    // Lock and unlock.
    partners::set_locked(&*store, "PER11", true).await.unwrap();
    assert!(store.partner("PER11").await.unwrap().unwrap().gesperrt);
    partners::set_locked(&*store, "PER11", false).await.unwrap();
    assert!(!store.partner("PER11").await.unwrap().unwrap().gesperrt);

    // Unknown ids.
    for e in [
        partners::set_locked(&*store, "NOP00", true)
            .await
            .unwrap_err(),
        partners::show_partner(&*store, "NOP00").await.unwrap_err(),
        partners::update_partner(&*store, "NOP00", PartnerChanges::default())
            .await
            .unwrap_err(),
    ] {
        assert_eq!(e.to_string(), "unknown partner NOP00");
        assert_eq!(e.exit_code(), 1);
    }

    // List and show.
    let table = partners::partner_table(&partners::list_partners(&*store).await.unwrap());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        lines[0].starts_with("id") && lines[0].ends_with("name"),
        "{table}"
    );
    assert!(lines[1].starts_with("ORG00") && lines[1].contains("Firma ORG00"));
    assert!(lines[3].starts_with("PER11") && lines[3].contains("Erika Maria Muster"));
    grants::grant(&*store, "ORG00", "PER11").await.unwrap();
    let issued = clients::add_client(&*store, "PER11", "openid")
        .await
        .unwrap();
    let shown = partners::show_partner(&*store, "PER11").await.unwrap();
    assert_eq!(shown["typ"], "PERSON");
    assert_eq!(shown["parent"], "ORG00");
    assert_eq!(shown["profile"]["nachname"], "Muster");
    assert_eq!(shown["grants_received"], json!(["ORG00"]));
    assert_eq!(shown["grants_held"], json!([]));
    assert_eq!(shown["clients"][0]["client_id"], issued.client_id.as_str());
    assert!(!shown.to_string().contains(&issued.client_secret));
    let org = partners::show_partner(&*store, "ORG00").await.unwrap();
    assert_eq!(org["children"], json!(["ORG10", "PER11"]));
    assert_eq!(org["grants_held"], json!(["PER11"]));
}

#[tokio::test]
async fn parent_changes_that_close_a_cycle_are_refused() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    partners::add_partner(&*store, organisation("ORG20", Some("ORG10")))
        .await
        .unwrap();
    let before = store.partners().await.unwrap();
    let to = |parent: &str| PartnerChanges {
        parent: Some(Some(parent.into())),
        ..Default::default()
    };
    let e = partners::update_partner(&*store, "ORG00", to("ORG20"))
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string().contains("ORG00 -> ORG20 -> ORG10 -> ORG00"),
        "{e}"
    );
    let e = partners::update_partner(&*store, "ORG10", to("ORG10"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("cannot be its own parent"), "{e}");
    let mut own = organisation("ORG30", Some("ORG30"));
    own.parent = Some("ORG30".into());
    assert_eq!(
        partners::add_partner(&*store, own)
            .await
            .unwrap_err()
            .exit_code(),
        2
    );
    assert_eq!(store.partners().await.unwrap(), before);
    // Moving up (not into the own subtree) is fine, also to the root.
    partners::update_partner(&*store, "ORG20", to("ORG00"))
        .await
        .unwrap();
    let root = PartnerChanges {
        parent: Some(None),
        ..Default::default()
    };
    partners::update_partner(&*store, "ORG10", root)
        .await
        .unwrap();
    assert_eq!(store.partner("ORG10").await.unwrap().unwrap().parent, None);
}

// ---------------------------------------------------------------- grants

#[tokio::test]
async fn grant_and_revoke() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    partners::add_partner(&*store, organisation("OTH00", None))
        .await
        .unwrap();
    assert!(grants::grant(&*store, "OTH00", "ORG10").await.unwrap());
    assert!(!grants::grant(&*store, "OTH00", "ORG10").await.unwrap());
    let expected = GrantRecord {
        holder: "OTH00".into(),
        target: "ORG10".into(),
    };
    assert_eq!(store.grants().await.unwrap(), vec![expected]);

    let e = grants::grant(&*store, "OTH00", "OTH00").await.unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let e = grants::grant(&*store, "OTH00", "NOP00").await.unwrap_err();
    assert_eq!(e.to_string(), "unknown partner NOP00");
    let e = grants::revoke(&*store, "NOP00", "ORG10").await.unwrap_err();
    assert_eq!(e.to_string(), "unknown partner NOP00");

    grants::revoke(&*store, "OTH00", "ORG10").await.unwrap();
    assert!(store.grants().await.unwrap().is_empty());
    let e = grants::revoke(&*store, "OTH00", "ORG10").await.unwrap_err();
    assert!(matches!(e, AdminError::NotFound(_)), "{e:?}");
    assert_eq!(e.to_string(), "OTH00 holds no Übernahmerecht on ORG10");
}

// ---------------------------------------------------------------- clients

#[tokio::test]
async fn client_secrets_are_shown_once_and_stored_as_hash() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    let scopes = "baufinanzierung:vorgang:lesen openid baufinanzierung:vorgang:lesen";
    let issued = clients::add_client(&*store, "ORG10", scopes).await.unwrap();
    assert!(issued.client_secret.len() >= 43 && is_base64url(&issued.client_secret));
    assert_eq!(
        issued.scopes,
        vec!["baufinanzierung:vorgang:lesen", "openid"]
    );
    let stored = store.client(&issued.client_id).await.unwrap().unwrap();
    assert_eq!(stored.partner_id, "ORG10");
    assert_ne!(stored.secret_hash.as_ref(), issued.client_secret.as_bytes());
    assert_eq!(stored.secret_hash, hash_secret(&issued.client_secret));
    assert!(!stored.disabled);
    let json = issued.to_json();
    assert_eq!(json["scopes"], "baufinanzierung:vorgang:lesen openid");
    assert_eq!(json["client_secret"], issued.client_secret.as_str());

    // The list never shows a secret or its hash.
    let table = clients::client_table(&clients::list_clients(&*store).await.unwrap());
    assert!(
        table.contains(&issued.client_id) && table.contains("ORG10"),
        "{table}"
    );
    assert!(!table.contains(&issued.client_secret), "{table}");
    let hex: String = stored
        .secret_hash
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(!table.contains(&hex));

    // Rotation: a new secret, the old one stops matching.
    let rotated = clients::rotate_secret(&*store, &issued.client_id)
        .await
        .unwrap();
    assert_ne!(rotated.client_secret, issued.client_secret);
    let after = store.client(&issued.client_id).await.unwrap().unwrap();
    assert_ne!(after.secret_hash, stored.secret_hash);
    assert!(secret_matches(&rotated.client_secret, &after.secret_hash));
    assert!(!secret_matches(&issued.client_secret, &after.secret_hash));
    assert_eq!(after.scopes, stored.scopes);

    // Disable and enable.
    clients::set_disabled(&*store, &issued.client_id, true)
        .await
        .unwrap();
    assert!(
        store
            .client(&issued.client_id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    clients::set_disabled(&*store, &issued.client_id, false)
        .await
        .unwrap();
    assert!(
        !store
            .client(&issued.client_id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );

    // Refusals.
    let e = clients::add_client(&*store, "ORG10", "openid nonsense:scope")
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("nonsense:scope"), "{e}");
    let e = clients::add_client(&*store, "ORG10", "  ")
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let e = clients::add_client(&*store, "NOP00", "openid")
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown partner NOP00");
    let e = clients::rotate_secret(&*store, "vc-none")
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown client vc-none");
    assert_eq!(store.clients().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------- import-partners

/// The documented format of `admin import-partners`, as JSON.
const TREE_JSON: &str = r#"{
  "partners": [
    {"id": "XYZ34", "typ": "PERSON", "parent": "ABC12", "echtgeschaeft": true,
     "profile": {"anrede": "FRAU", "vorname": "Erika", "nachname": "Muster",
                 "email": null, "anschrift": {"ort": "Köln"}}},
    {"id": "ABC12", "typ": "ORGANISATION", "parent": null, "gesperrt": false,
     "echtgeschaeft": true, "kreditsachbearbeiter": false,
     "profile": {"firmierung": "Beispiel GmbH",
                 "vertriebsOrganisation": {"vertriebsOrganisationsId": "V1", "name": "Nord"}}},
    {"id": "DEF56", "typ": "ORGANISATION", "kreditsachbearbeiter": true,
     "profile": {"partnerId": "DEF56", "firmierung": "Andere AG"}}
  ],
  "grants": [
    {"holder": "DEF56", "target": "ABC12"},
    {"holder": "DEF56", "target": "ABC12"},
    {"holder": "ABC12", "target": "XYZ34"}
  ]
}"#;

/// The same tree as YAML.
const TREE_YAML: &str = r#"
partners:
  - id: XYZ34
    typ: PERSON
    parent: ABC12
    echtgeschaeft: true
    profile:
      anrede: FRAU
      vorname: Erika
      nachname: Muster
      email: ~
      anschrift: {ort: Köln}
  - id: ABC12
    typ: ORGANISATION
    parent: null
    gesperrt: false
    echtgeschaeft: true
    kreditsachbearbeiter: false
    profile:
      firmierung: Beispiel GmbH
      vertriebsOrganisation: {vertriebsOrganisationsId: V1, name: Nord}
  - id: DEF56
    typ: ORGANISATION
    kreditsachbearbeiter: true
    profile: {partnerId: DEF56, firmierung: Andere AG}
grants:
  - {holder: DEF56, target: ABC12}
  - {holder: DEF56, target: ABC12}
  - {holder: ABC12, target: XYZ34}
"#;

async fn snapshot(store: &dyn Store) -> (Vec<vorgaenge_store::PartnerRecord>, Vec<GrantRecord>) {
    (
        store.partners().await.unwrap(),
        store.grants().await.unwrap(),
    )
}

async fn import_twice(
    db: &Db,
    file: &Path,
) -> (Vec<vorgaenge_store::PartnerRecord>, Vec<GrantRecord>) {
    let store = db.store();
    let expected = ImportReport {
        partners: 3,
        grants: 2,
    };
    let report = import_file(&*store, file).await.unwrap();
    assert_eq!(report, expected);
    assert_eq!(report.to_string(), "imported 3 partners and 2 grants");
    let first = snapshot(&*store).await;
    assert_eq!(import_file(&*store, file).await.unwrap(), expected);
    assert_eq!(
        snapshot(&*store).await,
        first,
        "a second run changes nothing"
    );
    first
}

#[tokio::test]
async fn import_partners_from_json_and_yaml_is_idempotent() {
    let json_db = Db::new();
    let json_file = json_db.file("tree.json", TREE_JSON);
    let (partners, grants) = import_twice(&json_db, &json_file).await;

    assert_eq!(partners.len(), 3);
    let by_id = |id: &str| partners.iter().find(|p| p.id == id).unwrap();
    assert_eq!(by_id("XYZ34").parent.as_deref(), Some("ABC12"));
    assert_eq!(by_id("XYZ34").typ, "PERSON");
    assert!(by_id("DEF56").kreditsachbearbeiter && !by_id("DEF56").echtgeschaeft);
    assert_eq!(
        profile(by_id("XYZ34")),
        json!({"partnerId": "XYZ34", "anrede": "FRAU", "vorname": "Erika",
               "nachname": "Muster", "anschrift": {"ort": "Köln"}})
    );
    assert_eq!(
        profile(by_id("DEF56")),
        json!({"partnerId": "DEF56", "firmierung": "Andere AG", "kreditsachbearbeiter": true})
    );
    let pairs: Vec<(&str, &str)> = grants
        .iter()
        .map(|g| (g.holder.as_str(), g.target.as_str()))
        .collect();
    assert_eq!(pairs, vec![("ABC12", "XYZ34"), ("DEF56", "ABC12")]);

    let yaml_db = Db::new();
    for name in ["tree.yaml", "tree.yml"] {
        let yaml_file = yaml_db.file(name, TREE_YAML);
        assert_eq!(
            import_twice(&yaml_db, &yaml_file).await,
            (partners.clone(), grants.clone())
        );
    }
}

#[tokio::test]
async fn a_bad_partner_file_is_rejected_whole_with_located_problems() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    let before = snapshot(&*store).await;
    let file = db.file(
        "bad.json",
        r#"{
          "partners": [
            {"id": "GOO01", "typ": "ORGANISATION", "parent": "ORG10"},
            {"id": "abc", "typ": "PERSON"},
            {"id": "GOO02", "typ": "VEREIN", "parent": "ABC99"},
            {"id": "GOO03", "typ": "PERSON", "parent": "ABC99"},
            {"id": "GOO04", "typ": "PERSON", "profile": "Erika"},
            {"id": "GOO05", "typ": "PERSON", "profile": {"anrede": "DIVERS", "hobby": "x",
                                                           "partnerId": "GOO06"}},
            {"id": "ORG00", "typ": "ORGANISATION", "parent": "GOO01"},
            {"id": "GOO01", "typ": "PERSON", "extra": 1}
          ],
          "grants": [
            {"holder": "GOO01", "target": "NOP00"},
            {"holder": "GOO01", "target": "GOO01"},
            {"holder": "abc", "target": "GOO01"}
          ]
        }"#,
    );
    let AdminError::Rejected(problems) = import_file(&*store, &file).await.unwrap_err() else {
        panic!("rejected expected");
    };
    let expect = [
        "partners[1].id: \"abc\" must be three capital letters and two digits",
        "partners[2].typ: \"VEREIN\" must be PERSON or ORGANISATION",
        "partners[3].parent: unknown partner ABC99",
        "partners[4].profile: must be a JSON object",
        "partners[5].profile.hobby: unknown field",
        "partners[5].profile.anrede: unknown value `DIVERS`",
        "partners[5].profile.partnerId: GOO06 differs from the entry's id GOO05",
        "partners[6].parent: cycle ORG00 -> GOO01 -> ORG10 -> ORG00",
        "partners[7].extra: unknown field",
        "partners[7].id: GOO01 appears already as partners[0]",
        "grants[0].target: unknown partner NOP00",
        "grants[1]: holder and target are both GOO01",
    ];
    for e in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(e)),
            "{e:?} missing in {problems:#?}"
        );
    }
    let order = |p: &String| {
        let (section, rest) = p.split_once('[').unwrap();
        let index: usize = rest.split(']').next().unwrap().parse().unwrap();
        (section == "grants", index)
    };
    let mut sorted = problems.clone();
    sorted.sort_by_key(order);
    assert_eq!(problems, sorted, "problems are in file order");
    // `abc` is reported once, at its entry, not again as an unknown grant holder.
    assert!(
        !problems.iter().any(|p| p.starts_with("grants[2]")),
        "{problems:#?}"
    );
    assert_eq!(snapshot(&*store).await, before, "nothing written");

    for (name, content, message) in [
        ("broken.json", "{\"partners\": [", "invalid JSON"),
        ("broken.yaml", "partners: [\n", "invalid YAML"),
        (
            "tree.txt",
            TREE_JSON,
            "expected a .json, .yaml or .yml file",
        ),
        ("list.json", "[]", "must hold an object"),
    ] {
        let path = db.file(name, content);
        let e = import_file(&*store, &path).await.unwrap_err();
        assert_eq!(e.exit_code(), 2, "{name}");
        assert!(e.to_string().contains(message), "{name}: {e}");
    }
    assert_eq!(snapshot(&*store).await, before, "nothing written");
}

// ---------------------------------------------------------------- keys and demo

#[tokio::test]
async fn key_rotation_retires_the_old_key() {
    let db = Db::new();
    let store = db.store();
    vorgaenge_server::auth::prepare_signing_keys(&*store, std::time::Duration::from_secs(600))
        .await
        .unwrap();
    let before = keys::list(&*store).await.unwrap();
    assert_eq!(before.len(), 1);
    assert!(before[0].retired_at.is_none());
    let kid = keys::rotate(&*store).await.unwrap();
    let after = keys::list(&*store).await.unwrap();
    assert_eq!(after.len(), 2);
    let new = after.iter().find(|k| k.kid == kid).unwrap();
    let old = after.iter().find(|k| k.kid == before[0].kid).unwrap();
    assert!(new.retired_at.is_none());
    assert!(old.retired_at.is_some());
    let table = keys::key_table(&after);
    assert!(table.contains(&kid) && table.contains(&old.kid), "{table}");
}

const DEMO_ROLES: [&str; 6] = [
    "advisor",
    "editor",
    "sales-organisation",
    "test-only",
    "uebernahmerecht-holder",
    "trainee",
];

fn check_demo_credentials(value: &Value) {
    let entries = value.as_array().unwrap();
    assert_eq!(entries.len(), 6);
    let roles: Vec<&str> = entries
        .iter()
        .map(|e| e["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, DEMO_ROLES);
    for e in entries {
        for key in ["client_id", "client_secret", "partner_id", "scopes"] {
            assert!(
                e[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {e}"
            );
        }
        vorgaenge_domain::scopes::ScopeSet::parse(e["scopes"].as_str().unwrap()).unwrap();
    }
}

#[test]
fn demo_credentials_list_every_demo_client() {
    check_demo_credentials(&demo_credentials());
}

// ---------------------------------------------------------------- the binary

#[tokio::test]
async fn binary_partner_and_grant_commands() {
    let db = Db::new();
    ok(db.admin(&[
        "partner",
        "add",
        "ORG00",
        "--typ",
        "ORGANISATION",
        "--firmierung",
        "Zentrale",
        "--echtgeschaeft",
    ]));
    let out = ok(db.admin(&[
        "partner",
        "add",
        "PER11",
        "--typ",
        "PERSON",
        "--parent",
        "ORG00",
        "--anrede",
        "HERR",
        "--vorname",
        "Max",
        "--nachname",
        "Muster",
        "--geburtsdatum",
        "1970-01-31",
        "--strasse",
        "Weg",
        "--hausnummer",
        "1",
        "--postleitzahl",
        "10115",
        "--ort",
        "Berlin",
        "--vertriebs-organisation-id",
        "V1",
        "--kreditsachbearbeiter",
    ]));
    assert_eq!(out.trim(), "added partner PER11 (PERSON)");
    fails(
        db.admin(&["partner", "add", "PER11", "--typ", "PERSON"]),
        1,
        "error: partner PER11 exists; use update",
    );
    fails(
        db.admin(&["partner", "add", "X1", "--typ", "PERSON"]),
        2,
        "must be three capital letters and two digits",
    );
    fails(
        db.admin(&[
            "partner", "add", "NEW00", "--typ", "PERSON", "--parent", "NOP00",
        ]),
        1,
        "error: unknown partner NOP00",
    );

    ok(db.admin(&[
        "partner",
        "update",
        "PER11",
        "--echtgeschaeft",
        "true",
        "--vorname",
        "Moritz",
        "--kreditsachbearbeiter",
        "false",
    ]));
    ok(db.admin(&["partner", "lock", "PER11"]));
    let store = db.store();
    let p = store.partner("PER11").await.unwrap().unwrap();
    assert!(p.gesperrt && p.echtgeschaeft && !p.kreditsachbearbeiter);
    assert_eq!(
        profile(&p),
        json!({"partnerId": "PER11", "anrede": "HERR", "vorname": "Moritz", "nachname": "Muster",
               "geburtsdatum": "1970-01-31", "kreditsachbearbeiter": false,
               "anschrift": {"strasse": "Weg", "hausnummer": "1", "postleitzahl": "10115", "ort": "Berlin"},
               "vertriebsOrganisation": {"vertriebsOrganisationsId": "V1"}})
    );
    ok(db.admin(&["partner", "unlock", "PER11"]));
    assert!(!db.store().partner("PER11").await.unwrap().unwrap().gesperrt);

    fails(
        db.admin(&["partner", "update", "ORG00", "--parent", "PER11"]),
        2,
        "ORG00 -> PER11 -> ORG00",
    );
    fails(
        db.admin(&["partner", "lock", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );
    fails(
        db.admin(&["partner", "show", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );

    let list = ok(db.admin(&["partner", "list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    for header in ["id", "typ", "parent", "locked", "echtgeschaeft", "name"] {
        assert!(lines[0].contains(header), "{list}");
    }
    assert!(
        lines[1].starts_with("ORG00") && lines[1].ends_with("Zentrale"),
        "{list}"
    );
    assert!(
        lines[2].starts_with("PER11") && lines[2].contains("ORG00"),
        "{list}"
    );
    assert!(lines[2].ends_with("Moritz Muster"), "{list}");

    ok(db.admin(&["partner", "add", "OTH00", "--typ", "ORGANISATION"]));
    let out = ok(db.admin(&["grant", "OTH00", "ORG00"]));
    assert!(
        out.contains("OTH00 now holds an Übernahmerecht on ORG00"),
        "{out}"
    );
    fails(
        db.admin(&["grant", "OTH00", "OTH00"]),
        2,
        "error: holder and target",
    );
    fails(
        db.admin(&["grant", "OTH00", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );
    let shown: Value = serde_json::from_str(&ok(db.admin(&["partner", "show", "ORG00"]))).unwrap();
    assert_eq!(shown["grants_received"], json!(["OTH00"]));
    assert_eq!(shown["children"], json!(["PER11"]));
    assert_eq!(shown["profile"]["firmierung"], "Zentrale");
    ok(db.admin(&["revoke", "OTH00", "ORG00"]));
    assert!(db.store().grants().await.unwrap().is_empty());
    fails(
        db.admin(&["revoke", "OTH00", "ORG00"]),
        1,
        "error: OTH00 holds no Übernahmerecht on ORG00",
    );
}

#[tokio::test]
async fn binary_client_commands() {
    let db = Db::new();
    ok(db.admin(&["partner", "add", "ORG00", "--typ", "ORGANISATION"]));
    let out = db.admin(&[
        "client",
        "add",
        "--partner",
        "ORG00",
        "--scopes",
        "baufinanzierung:vorgang:lesen openid",
    ]);
    assert!(
        stderr(&out).contains("cannot be shown again"),
        "{}",
        stderr(&out)
    );
    let issued: Value = serde_json::from_str(&ok(out)).unwrap();
    let id = issued["client_id"].as_str().unwrap();
    let secret = issued["client_secret"].as_str().unwrap();
    assert!(secret.len() >= 43 && is_base64url(secret), "{secret}");
    assert_eq!(issued["partner_id"], "ORG00");
    assert_eq!(issued["scopes"], "baufinanzierung:vorgang:lesen openid");
    let stored = db.store().client(id).await.unwrap().unwrap();
    assert_ne!(stored.secret_hash.as_ref(), secret.as_bytes());
    assert_eq!(stored.secret_hash, hash_secret(secret));

    let list = ok(db.admin(&["client", "list"]));
    assert!(list.contains(id) && list.contains("ORG00"), "{list}");
    assert!(!list.contains(secret), "{list}");
    for header in ["client_id", "partner", "scopes", "disabled", "created"] {
        assert!(list.lines().next().unwrap().contains(header), "{list}");
    }

    let rotated: Value =
        serde_json::from_str(&ok(db.admin(&["client", "rotate-secret", id]))).unwrap();
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    let after = db.store().client(id).await.unwrap().unwrap();
    assert_ne!(after.secret_hash, stored.secret_hash);
    assert!(secret_matches(new_secret, &after.secret_hash));

    ok(db.admin(&["client", "disable", id]));
    assert!(db.store().client(id).await.unwrap().unwrap().disabled);
    ok(db.admin(&["client", "enable", id]));
    assert!(!db.store().client(id).await.unwrap().unwrap().disabled);

    fails(
        db.admin(&["client", "add", "--partner", "ORG00", "--scopes", "lesen"]),
        2,
        "error: unknown scope \"lesen\"",
    );
    fails(
        db.admin(&["client", "add", "--partner", "NOP00", "--scopes", "openid"]),
        1,
        "unknown partner NOP00",
    );
    fails(
        db.admin(&["client", "disable", "vc-none"]),
        1,
        "error: unknown client vc-none",
    );
    assert_eq!(db.store().clients().await.unwrap().len(), 1);
}

#[tokio::test]
async fn binary_import_partners() {
    let db = Db::new();
    let json_file = db.file("tree.json", TREE_JSON);
    let yaml_file = db.file("tree.yaml", TREE_YAML);
    let out = ok(db.admin(&["import-partners", json_file.to_str().unwrap()]));
    assert_eq!(out.trim(), "imported 3 partners and 2 grants");
    let first = snapshot(&*db.store()).await;
    ok(db.admin(&["import-partners", yaml_file.to_str().unwrap()]));
    assert_eq!(snapshot(&*db.store()).await, first);

    let bad = db.file(
        "bad.yml",
        "partners:\n  - {id: NEW01, typ: PERSON, parent: ABC99}\n  - {id: NEW02, typ: ROBOT}\n",
    );
    let err = fails(
        db.admin(&["import-partners", bad.to_str().unwrap()]),
        2,
        "error: partners[0].parent: unknown partner ABC99",
    );
    assert!(err.contains("error: partners[1].typ:"), "{err}");
    assert!(err.contains("2 problems; nothing was written"), "{err}");
    assert_eq!(snapshot(&*db.store()).await, first);
}

#[tokio::test]
async fn binary_keys() {
    let db = Db::new();
    let first = ok(db.admin(&["keys", "rotate"])).trim().to_owned();
    let second = ok(db.admin(&["keys", "rotate"])).trim().to_owned();
    assert_ne!(first, second);
    let keys = db.store().signing_keys().await.unwrap();
    let old = keys.iter().find(|k| k.kid == first).unwrap();
    let new = keys.iter().find(|k| k.kid == second).unwrap();
    assert!(old.retired_at.is_some() && new.retired_at.is_none());
    let list = ok(db.admin(&["keys", "list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].contains("kid") && lines[0].contains("created") && lines[0].contains("retired")
    );
    assert!(
        lines[1].starts_with(&second) && lines[1].contains("in use"),
        "{list}"
    );
    assert!(lines[2].starts_with(&first), "{list}");
}

#[test]
fn binary_demo_credentials() {
    let out = ok(run(&["demo-credentials"]));
    check_demo_credentials(&serde_json::from_str(&out).unwrap());
}

#[tokio::test]
async fn serve_demo_adds_missing_demo_access_and_keeps_admin_changes() {
    let db = Db::new();
    let store = db.store();
    // A database from before clients existed: partners only, one of them locked since.
    let (mut partners, grants) = vorgaenge_cli::seed::demo_partners();
    partners.retain(|p| p.id != "HAM29");
    partners
        .iter_mut()
        .find(|p| p.id == "BER12")
        .unwrap()
        .gesperrt = true;
    store.put_partners(partners, grants).await.unwrap();

    let added = vorgaenge_cli::seed::add_missing_demo_access(&*store)
        .await
        .unwrap();
    assert_eq!(added, 1 + vorgaenge_demo::clients().len());
    assert!(store.partner("HAM29").await.unwrap().is_some());
    assert!(
        store.partner("BER12").await.unwrap().unwrap().gesperrt,
        "admin change kept"
    );
    assert_eq!(
        store.clients().await.unwrap().len(),
        vorgaenge_demo::clients().len()
    );
    let again = vorgaenge_cli::seed::add_missing_demo_access(&*store)
        .await
        .unwrap();
    assert_eq!(again, 0);
}
