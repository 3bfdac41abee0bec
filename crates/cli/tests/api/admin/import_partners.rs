//! `vorgaenge admin import-partners`: a partner tree from JSON or YAML, idempotent, and a bad
//! file rejected whole with every problem located; the library function and the binary.

use std::path::Path;

use serde_json::json;
use vorgaenge_cli::admin::AdminError;
use vorgaenge_cli::admin::import_partners::{ImportReport, import_file};
use vorgaenge_store::{GrantRecord, Store};

use super::{Db, fails, ok, profile, small_tree};

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
