//! `vorgaenge admin client …`: a secret shown once and stored as a hash, its rotation, and
//! disabled clients; the library functions and the binary.

use serde_json::Value;
use vorgaenge_cli::admin::clients;
use vorgaenge_server::auth::secrets::{hash_secret, secret_matches};

use super::{Db, fails, is_base64url, ok, small_tree, stderr};

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
