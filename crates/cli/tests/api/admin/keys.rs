//! `vorgaenge admin keys …`: rotating the signing key retires the old one.

use vorgaenge_cli::admin::keys;

use super::{Db, ok};

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
