//! Key rotation: tokens signed with the old key keep verifying, and the JWKS lists both keys.

use serde_json::Value;

use super::claims_of;
use crate::support::spawn_demo;

#[tokio::test]
async fn rotated_keys_keep_verifying_their_tokens() {
    let app = spawn_demo().await;
    let before = app.client_for("demo-advisor").await;
    let (old_header, _) = claims_of(before.token().unwrap());

    let new_kid = vorgaenge_server::auth::rotate_signing_key(&*app.store)
        .await
        .unwrap();
    app.refresh().await;
    let after = app.client_for("demo-advisor").await;
    let (new_header, _) = claims_of(after.token().unwrap());
    assert_eq!(new_header["kid"], new_kid);
    assert_ne!(new_header["kid"], old_header["kid"]);

    let jwks = app.get("/.well-known/jwks.json").await.json();
    let kids: Vec<&Value> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["kid"])
        .collect();
    assert!(kids.contains(&&old_header["kid"]) && kids.contains(&&new_header["kid"]));
    for client in [&before, &after] {
        let response = client
            .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
            .await
            .unwrap();
        assert_eq!(response.status, 200);
    }
}
