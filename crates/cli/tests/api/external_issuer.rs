//! Tokens of a configured external issuer: its keys come from a JWKS URL (served here by the
//! test, over HTTP and over HTTPS with a CA of the test's own), its claims are mapped by
//! configured names, and the same access rules apply.

use axum::Router;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use vorgaenge_server::auth::ExternalIssuer;

use vorgaenge_server::serve::{ConnectionLimits, ReloadingCert};

use crate::support::certs::TestCa;
use crate::support::error_body::assert_error;
use crate::support::{TestApp, demo_case, spawn_demo_with};

const ISSUER: &str = "https://idp.example.org";
const AUDIENCE: &str = "vorgaenge-api";
const KID: &str = "idp-key-1";

/// The issuer's key pair (fixed: this is a test key).
fn issuer_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[9u8; 32])
}

/// Serves `{"keys": [...]}` on port 0; returns its URL.
async fn serve_jwks() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/jwks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, jwks_app()).await });
    url
}

/// The same over HTTPS (through the server's own TLS serving), with a certificate of a new
/// CA whose certificate is written to `dir`; returns the URL and the CA file.
async fn serve_jwks_tls(dir: &std::path::Path) -> (String, std::path::PathBuf) {
    let ca = TestCa::new("Interne CA des IdP");
    let cert = ReloadingCert::load(ca.server_cert("idp.intern", 1).write(dir)).unwrap();
    let ca_file = dir.join("idp-ca.pem");
    std::fs::write(&ca_file, &ca.pem).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/jwks", listener.local_addr().unwrap());
    tokio::spawn(vorgaenge_server::serve::serve_tls_with(
        listener,
        jwks_app(),
        ConnectionLimits::default(),
        cert,
        std::future::pending(),
    ));
    (url, ca_file)
}

fn jwks_app() -> Router {
    let x = URL_SAFE_NO_PAD.encode(issuer_key().verifying_key().to_bytes());
    let jwks = json!({"keys": [
        {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": KID, "alg": "EdDSA", "use": "sig"},
        // A symmetric key in the set must never be used.
        {"kty": "oct", "k": URL_SAFE_NO_PAD.encode(b"shared"), "kid": "hmac", "alg": "HS256"},
    ]});
    let body = jwks.to_string();
    Router::new().route(
        "/jwks",
        get(move || async move { ([("content-type", "application/json")], body) }),
    )
}

fn issuer(jwks_url: String, ca_file: Option<std::path::PathBuf>) -> ExternalIssuer {
    ExternalIssuer {
        issuer: ISSUER.into(),
        jwks_url,
        audience: AUDIENCE.into(),
        partner_claim: "partner_id".into(),
        scope_claim: "scp".into(),
        client_claim: "azp".into(),
        ca_file,
    }
}

/// GET of a case the external partner BER11 may read, with `token`.
async fn read_case(app: &TestApp, token: &str) -> vorgaenge_client::RawResponse {
    let case = demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT" && c.kunden_betreuer == "BER11" && c.status == "AKTIV"
    });
    let path = format!("/v2/vorgaenge/{}", case.vorgangs_nummer);
    app.anonymous
        .with_token(token)
        .raw(reqwest::Method::GET, &path, &[])
        .await
        .unwrap()
}

#[tokio::test]
async fn keys_over_https_are_fetched_through_the_configured_ca_and_refused_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (jwks_url, ca_file) = serve_jwks_tls(dir.path()).await;
    let token = sign(&claims("BER11"), KID);

    let trusting =
        spawn_demo_with(|c| c.external = Some(issuer(jwks_url.clone(), Some(ca_file)))).await;
    let ok = read_case(&trusting, &token).await;
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));

    // Without the CA the issuer's certificate is not trusted: no keys, so the token is
    // refused like one of an unknown key, and the server goes on answering.
    let untrusting = spawn_demo_with(|c| c.external = Some(issuer(jwks_url, None))).await;
    assert_error(&read_case(&untrusting, &token).await, 401, "");
    let own = untrusting.get("/v2/vorgaenge?limit=1").await;
    assert_eq!(own.status, 200);
}

fn claims(partner: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": "user-4711", "azp": "crm-sync",
        "partner_id": partner,
        "scp": ["baufinanzierung:vorgang:lesen", "baufinanzierung:echtgeschaeft", "other:scope"],
        "iat": now, "exp": now + 600,
    })
}

fn sign(claims: &Value, kid: &str) -> String {
    let der = issuer_key().to_pkcs8_der().unwrap();
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.into());
    encode(&header, claims, &EncodingKey::from_ed_der(der.as_bytes())).unwrap()
}

#[tokio::test]
async fn external_tokens_are_verified_mapped_and_held_to_the_same_rules() {
    let jwks_url = serve_jwks().await;
    let app = spawn_demo_with(|c| c.external = Some(issuer(jwks_url, None))).await;
    let case = demo_case(|c| {
        c.daten_kontext == "ECHT_GESCHAEFT" && c.kunden_betreuer == "BER11" && c.status == "AKTIV"
    });
    let path = format!("/v2/vorgaenge/{}", case.vorgangs_nummer);
    let call = |token: String| {
        let client = app.anonymous.with_token(&token);
        let path = path.clone();
        async move { client.raw(reqwest::Method::GET, &path, &[]).await.unwrap() }
    };

    let ok = call(sign(&claims("BER11"), KID)).await;
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    assert!(ok.header("ratelimit-remaining").is_some());

    // Another partner of the same issuer does not cover the case.
    assert_error(
        &call(sign(&claims("HAM21"), KID)).await,
        404,
        "nicht gefunden",
    );

    // Scopes come from the configured claim, unknown names are ignored.
    let mut no_read = claims("BER11");
    no_read["scp"] = json!(["baufinanzierung:echtgeschaeft"]);
    assert_error(
        &call(sign(&no_read, KID)).await,
        403,
        "baufinanzierung:vorgang:lesen",
    );
    let mut as_text = claims("BER11");
    as_text["scp"] = json!("baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft");
    assert_eq!(call(sign(&as_text, KID)).await.status, 200);

    let refusals: Vec<(&str, Value, &str)> = vec![
        (
            "wrong audience",
            {
                let mut c = claims("BER11");
                c["aud"] = json!("other-api");
                c
            },
            "aud",
        ),
        (
            "wrong issuer",
            {
                let mut c = claims("BER11");
                c["iss"] = json!("https://evil.example");
                c
            },
            "iss",
        ),
        ("unknown partner", claims("ZZZ99"), "unbekannt"),
        (
            "no partner claim",
            {
                let mut c = claims("BER11");
                c.as_object_mut().unwrap().remove("partner_id");
                c
            },
            "partner_id",
        ),
        (
            "no client claim",
            {
                let mut c = claims("BER11");
                c.as_object_mut().unwrap().remove("azp");
                c
            },
            "azp",
        ),
        (
            "expired",
            {
                let mut c = claims("BER11");
                c["exp"] = json!(chrono::Utc::now().timestamp() - 3600);
                c
            },
            "abgelaufen",
        ),
    ];
    for (name, claims, contains) in refusals {
        let response = call(sign(&claims, KID)).await;
        assert_eq!(response.status, 401, "{name}");
        assert_error(&response, 401, contains);
    }
    // A key id the JWKS does not list, and the JWKS's symmetric key, are refused.
    assert_error(
        &call(sign(&claims("BER11"), "idp-key-2")).await,
        401,
        "unbekannten Schlüssel",
    );
    let hmac = {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("hmac".into());
        encode(
            &header,
            &claims("BER11"),
            &EncodingKey::from_secret(b"shared"),
        )
        .unwrap()
    };
    assert_error(&call(hmac).await, 401, "");
}
