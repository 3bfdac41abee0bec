//! `vorgaenge demo-credentials`, and the demo access `serve --demo` adds to an older database
//! without undoing admin changes.

use serde_json::Value;
use vorgaenge_cli::admin::clients::demo_credentials;

use super::{Db, ok, run};

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
