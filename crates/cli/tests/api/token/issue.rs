//! A token as issued: signed, with the registered scopes, and a requested `scope` narrowing
//! them.

use super::{FORM, basic, claims_of, post, request};
use crate::support::{demo_client, spawn_demo};

#[tokio::test]
async fn issues_a_signed_token_with_the_registered_scopes() {
    let app = spawn_demo().await;
    let demo = demo_client("demo-advisor");
    let body = "grant_type=client_credentials";
    let response = post(
        &app,
        "/auth/token",
        &[
            FORM,
            ("authorization", &basic(demo.client_id, demo.client_secret)),
        ],
        body,
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let token = response.json();
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["expires_in"], 3600);
    let mut granted: Vec<&str> = token["scope"].as_str().unwrap().split(' ').collect();
    let mut registered = demo.scopes.clone();
    granted.sort_unstable();
    registered.sort_unstable();
    assert_eq!(granted, registered);

    let (header, claims) = claims_of(token["access_token"].as_str().unwrap());
    assert_eq!(header["alg"], "EdDSA");
    let kid = header["kid"].as_str().unwrap();
    let jwks = app.get("/.well-known/jwks.json").await.json();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .expect("the signing key is published");
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(claims["iss"], app.base);
    assert_eq!(claims["aud"], app.base);
    assert_eq!(claims["sub"], "BER11");
    assert_eq!(claims["client_id"], "demo-advisor");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    assert!(claims.get("act").is_none());

    // client_secret_post and the alias path work as well
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        demo.client_id, demo.client_secret
    );
    let alias = post(&app, "/auth/access-token", &[FORM], &form).await;
    assert_eq!(alias.status, 200, "{:?}", alias.body);
}

#[tokio::test]
async fn scope_narrows_and_must_be_known_and_partly_granted() {
    let app = spawn_demo().await;
    let narrow = request(
        &app,
        "demo-advisor",
        &[("scope", "baufinanzierung:vorgang:lesen")],
    )
    .await
    .unwrap();
    assert_eq!(narrow.scope, "baufinanzierung:vorgang:lesen");

    let unknown = request(&app, "demo-advisor", &[("scope", "no-access")])
        .await
        .unwrap_err();
    assert_eq!(
        (unknown.status, unknown.error.as_str()),
        (400, "invalid_scope")
    );
    assert!(unknown.error_description.contains("no-access"));

    let not_registered = request(
        &app,
        "demo-test-only",
        &[("scope", "baufinanzierung:echtgeschaeft")],
    )
    .await
    .unwrap_err();
    assert_eq!(
        (not_registered.status, not_registered.error.as_str()),
        (400, "invalid_scope")
    );
    assert!(
        not_registered
            .error_description
            .contains("baufinanzierung:echtgeschaeft")
    );

    // The trainee's client is registered for production data, but the partner has no right
    // to it: the scope is left out, and asking for it is refused.
    // Scopes the platform knows but this client does not hold are left out, not refused
    // (RFC 6749 §3.3): the answer says what was granted.
    let partly = request(
        &app,
        "demo-advisor",
        &[(
            "scope",
            "unterlagen:dokument:lesen baufinanzierung:vorgang:lesen impersonieren",
        )],
    )
    .await
    .unwrap();
    assert_eq!(partly.scope, "baufinanzierung:vorgang:lesen");
    let (_, claims) = claims_of(&partly.access_token);
    assert_eq!(claims["scope"], "baufinanzierung:vorgang:lesen");
    let test_only = request(
        &app,
        "demo-test-only",
        &[(
            "scope",
            "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft",
        )],
    )
    .await
    .unwrap();
    assert_eq!(test_only.scope, "baufinanzierung:vorgang:lesen");
    // A known name next to an unknown one is still refused: the unknown one may be a typo.
    let typo = request(
        &app,
        "demo-advisor",
        &[(
            "scope",
            "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:lessen",
        )],
    )
    .await
    .unwrap_err();
    assert_eq!((typo.status, typo.error.as_str()), (400, "invalid_scope"));
    assert!(typo.error_description.contains("lessen"));

    let trainee = request(&app, "demo-trainee", &[]).await.unwrap();
    assert!(
        !trainee.scope.contains("baufinanzierung:echtgeschaeft"),
        "{}",
        trainee.scope
    );
    let asked = request(
        &app,
        "demo-trainee",
        &[("scope", "baufinanzierung:echtgeschaeft")],
    )
    .await
    .unwrap_err();
    assert_eq!(asked.error, "invalid_scope");
}

#[tokio::test]
async fn unknown_parameters_are_ignored_even_when_repeated() {
    // RFC 6749 §3.1: parameters the server does not know are ignored; only its own must not
    // repeat (§3.2). Schemathesis found the repeated unknown one refused.
    let app = spawn_demo().await;
    let demo = demo_client("demo-advisor");
    let response = post(
        &app,
        "/auth/token",
        &[
            FORM,
            ("authorization", &basic(demo.client_id, demo.client_secret)),
        ],
        "extra=1&grant_type=client_credentials&extra=2&%C3%A4=&%C3%A4=x",
    )
    .await;
    assert_eq!(response.status, 200, "{:?}", response.json());
    assert_eq!(response.json()["token_type"], "Bearer");
}
