//! `POST /auth/token`: client authentication, scopes, impersonation, every RFC 6749 error,
//! the token's content, the metadata documents and key rotation.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{TestApp, assert_oauth_error, demo_client, spawn_demo};
use serde_json::Value;
use vorgaenge_client::{RawResponse, TokenError};

/// A raw POST to the token endpoint.
async fn post(app: &TestApp, path: &str, headers: &[(&str, &str)], body: &str) -> RawResponse {
    let client = reqwest::Client::new();
    let mut request = client
        .post(format!("{}{path}", app.base))
        .body(body.to_owned());
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    RawResponse {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap(),
    }
}

/// client, form, status, `error`, part of `error_description`
type RefusedRequest<'a> = (&'a str, &'a [(&'a str, &'a str)], u16, &'a str, &'a str);
/// headers, body, status, `error`, part of `error_description`
type RefusedPost<'a> = (Vec<(&'a str, &'a str)>, &'a str, u16, &'a str, &'a str);

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

fn basic(client_id: &str, secret: &str) -> String {
    let raw = format!("{client_id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

async fn request(
    app: &TestApp,
    client_id: &str,
    form: &[(&str, &str)],
) -> Result<vorgaenge_client::TokenResponse, TokenError> {
    let demo = demo_client(client_id);
    app.anonymous
        .request_token(demo.client_id, demo.client_secret, form)
        .await
        .unwrap()
}

fn claims_of(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut decode =
        || serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap()).unwrap();
    let header = decode();
    let claims = decode();
    (header, claims)
}

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
async fn impersonation_needs_the_scope_and_a_subject_below_the_actor() {
    let app = spawn_demo().await;
    let ok = request(
        &app,
        "demo-sales-organisation",
        &[("subject", "BER12"), ("actor", "NOR00")],
    )
    .await
    .unwrap();
    let (_, claims) = claims_of(&ok.access_token);
    assert_eq!(claims["sub"], "BER12");
    assert_eq!(claims["act"]["sub"], "NOR00");
    assert!(ok.scope.contains("impersonieren"));

    let cases: &[RefusedRequest] = &[
        (
            "demo-advisor",
            &[("subject", "BER12")],
            400,
            "invalid_scope",
            "impersonieren",
        ),
        (
            "demo-sales-organisation",
            &[
                ("subject", "BER12"),
                ("scope", "baufinanzierung:vorgang:lesen"),
            ],
            400,
            "invalid_scope",
            "impersonieren",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "SUE31")],
            400,
            "unauthorized_client",
            "not below",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "NOR00")],
            400,
            "unauthorized_client",
            "not below",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "ZZZ99")],
            400,
            "unauthorized_client",
            "Subject not found",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "ber12")],
            400,
            "invalid_request",
            "partner id",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "BER12"), ("actor", "SUE00")],
            400,
            "unauthorized_client",
            "Actor not found",
        ),
        (
            "demo-sales-organisation",
            &[("actor", "NOR00")],
            400,
            "invalid_request",
            "subject",
        ),
    ];
    for (client, form, status, error, contains) in cases {
        let e = request(&app, client, form).await.unwrap_err();
        assert_eq!(
            (e.status, e.error.as_str()),
            (*status, *error),
            "{client} {form:?}: {e}"
        );
        assert!(
            e.error_description.contains(contains),
            "{client} {form:?}: {e}"
        );
    }
}

#[tokio::test]
async fn malformed_requests_and_bad_clients_get_rfc_6749_errors() {
    let app = spawn_demo().await;
    let demo = demo_client("demo-advisor");
    let auth = basic(demo.client_id, demo.client_secret);
    let wrong_secret = basic("demo-advisor", "wrong");
    let unknown_client = basic("nobody", "x");
    let cases: Vec<RefusedPost> = vec![
        (
            vec![FORM, ("authorization", &auth)],
            "",
            400,
            "invalid_request",
            r#"Missing "grant_type" parameter"#,
        ),
        (
            vec![FORM, ("authorization", &auth)],
            "grant_type=code",
            400,
            "unsupported_grant_type",
            "code",
        ),
        (
            vec![FORM, ("authorization", &auth)],
            "grant_type=password",
            400,
            "unsupported_grant_type",
            "password",
        ),
        (
            vec![
                ("content-type", "application/json"),
                ("authorization", &auth),
            ],
            r#"{"grant_type":"client_credentials"}"#,
            400,
            "invalid_request",
            "Content-Type",
        ),
        (
            vec![FORM, ("authorization", &auth)],
            "grant_type=client_credentials&grant_type=client_credentials",
            400,
            "invalid_request",
            "more than once",
        ),
        (
            vec![FORM, ("authorization", &auth)],
            "grant_type=client_credentials&client_id=demo-advisor&client_secret=x",
            400,
            "invalid_request",
            "both",
        ),
        (
            vec![FORM],
            "grant_type=client_credentials",
            401,
            "invalid_client",
            "no client credentials",
        ),
        (
            vec![FORM, ("authorization", &wrong_secret)],
            "grant_type=client_credentials",
            401,
            "invalid_client",
            "Client authentication failed",
        ),
        (
            vec![FORM, ("authorization", &unknown_client)],
            "grant_type=client_credentials",
            401,
            "invalid_client",
            "Client authentication failed",
        ),
        (
            vec![FORM, ("authorization", "Basic %%%")],
            "grant_type=client_credentials",
            401,
            "invalid_client",
            "malformed",
        ),
        (
            vec![FORM, ("authorization", "Bearer abc")],
            "grant_type=client_credentials",
            401,
            "invalid_client",
            "Basic",
        ),
    ];
    for (headers, body, status, error, contains) in cases {
        let response = post(&app, "/auth/token", &headers, body).await;
        assert_oauth_error(&response, status, error, contains);
        if status == 401 {
            assert_eq!(
                response.header("www-authenticate"),
                Some(r#"Basic realm="Vorgaenge API""#)
            );
        }
    }
}

#[tokio::test]
async fn disabled_clients_and_locked_partners_get_no_token_and_lose_their_tokens() {
    let app = spawn_demo().await;
    let advisor = app.client_for("demo-advisor").await;
    let editor = app.client_for("demo-editor").await;
    assert_eq!(
        advisor
            .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
            .await
            .unwrap()
            .status,
        200
    );

    // Disable the advisor's client.
    let mut client = app.store.client("demo-advisor").await.unwrap().unwrap();
    client.disabled = true;
    app.store.put_client(client).await.unwrap();
    let refused = request(&app, "demo-advisor", &[]).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.error.as_str()),
        (401, "invalid_client")
    );
    app.refresh().await;
    let response = advisor
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    common::assert_error(&response, 401, "deaktiviert");

    // Lock the Berlin team: its editor is locked with it.
    let mut team = app.store.partner("NBE10").await.unwrap().unwrap();
    team.gesperrt = true;
    app.store.put_partners(vec![team], vec![]).await.unwrap();
    let refused = request(&app, "demo-editor", &[]).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.error.as_str()),
        (400, "unauthorized_client")
    );
    assert!(refused.error_description.contains("locked"));
    app.refresh().await;
    let response = editor
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    common::assert_error(&response, 401, "gesperrt");
    // The organisation above is not locked.
    assert!(request(&app, "demo-sales-organisation", &[]).await.is_ok());
}

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

/// A token request of `client_id` with `secret`, by HTTP Basic.
async fn with_secret(app: &TestApp, client_id: &str, secret: &str) -> RawResponse {
    let authorization = basic(client_id, secret);
    post(
        app,
        "/auth/token",
        &[FORM, ("authorization", &authorization)],
        "grant_type=client_credentials",
    )
    .await
}

fn retry_after(response: &RawResponse) -> u64 {
    response
        .header("retry-after")
        .expect("429 carries Retry-After")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn failed_client_authentications_are_throttled_per_client_id() {
    let app = common::spawn_demo_with(|config| config.failed_logins_per_client = 5).await;
    let demo = demo_client("demo-advisor");
    // Five failures are answered as failures...
    for _ in 0..6 {
        let wrong = with_secret(&app, demo.client_id, "guess").await;
        assert_oauth_error(
            &wrong,
            401,
            "invalid_client",
            "Client authentication failed",
        );
    }
    // ...then the client id waits, even with the right secret: guessing gets nowhere.
    let right = with_secret(&app, demo.client_id, demo.client_secret).await;
    assert_oauth_error(
        &right,
        429,
        "temporarily_unavailable",
        "Too many failed client authentications for this client id",
    );
    assert!((1..=60).contains(&retry_after(&right)));
    let wrong = with_secret(&app, demo.client_id, "guess").await;
    assert_eq!(wrong.status, 429);
    // Another client from the same address is not affected.
    let other = demo_client("demo-editor");
    let fine = with_secret(&app, other.client_id, other.client_secret).await;
    assert_eq!(fine.status, 200, "{:?}", fine.body);
    // Nor are the tokens the throttled client already holds.
    let listed = app
        .client_for("demo-editor")
        .await
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    assert_eq!(listed.status, 200);
}

#[tokio::test]
async fn failed_client_authentications_are_throttled_per_address() {
    let app = common::spawn_demo_with(|config| config.failed_logins_per_address = 8).await;
    // Guessing client ids: each id fails once, the address keeps count.
    for i in 0..9 {
        let wrong = with_secret(&app, &format!("guessed-{i}"), "guess").await;
        assert_eq!(wrong.status, 401, "{:?}", wrong.body);
    }
    let demo = demo_client("demo-advisor");
    let right = with_secret(&app, demo.client_id, demo.client_secret).await;
    assert_oauth_error(
        &right,
        429,
        "temporarily_unavailable",
        "Too many failed client authentications for this address",
    );
    assert!(retry_after(&right) >= 1);
}

#[tokio::test]
async fn token_requests_count_against_the_clients_rate_limit() {
    let app = common::spawn_demo_with(|config| config.rate_limit_per_minute = 3).await;
    let demo = demo_client("demo-advisor");
    // One budget for the client's token requests and API requests: a token and two reads...
    let advisor = app.client_for("demo-advisor").await;
    for _ in 0..2 {
        let read = advisor
            .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
            .await
            .unwrap();
        assert_eq!(read.status, 200);
    }
    // ...spend it: the next token request waits like the next read.
    let limited = with_secret(&app, demo.client_id, demo.client_secret).await;
    assert_oauth_error(
        &limited,
        429,
        "temporarily_unavailable",
        "Rate limit of client",
    );
    assert!(retry_after(&limited) >= 1);
    let read = advisor
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    assert_eq!(read.status, 429);
    // Other clients have budgets of their own.
    let other = demo_client("demo-editor");
    assert_eq!(
        with_secret(&app, other.client_id, other.client_secret)
            .await
            .status,
        200
    );
}
