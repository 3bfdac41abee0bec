//! GET /.well-known/oauth-authorization-server: the metadata names the endpoints.

use crate::support::spawn_demo;

#[tokio::test]
async fn metadata_names_the_endpoints() {
    let app = spawn_demo().await;
    let meta = app
        .get("/.well-known/oauth-authorization-server")
        .await
        .json();
    assert_eq!(meta["issuer"], app.base);
    assert_eq!(meta["token_endpoint"], format!("{}/auth/token", app.base));
    assert_eq!(
        meta["jwks_uri"],
        format!("{}/.well-known/jwks.json", app.base)
    );
    assert_eq!(
        meta["grant_types_supported"],
        serde_json::json!(["client_credentials"])
    );
    let scopes: Vec<&str> = meta["scopes_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(scopes.contains(&"baufinanzierung:vorgang:lesen") && scopes.contains(&"impersonieren"));
}
