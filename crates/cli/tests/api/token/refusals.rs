//! Malformed token requests and bad clients: RFC 6749 errors.

use super::{FORM, basic, post};
use crate::support::error_body::assert_oauth_error;
use crate::support::{demo_client, spawn_demo};

/// headers, body, status, `error`, part of `error_description`
type RefusedPost<'a> = (Vec<(&'a str, &'a str)>, &'a str, u16, &'a str, &'a str);

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
