//! Failed client authentications throttled per client id and per address, and token
//! requests counted against the client's rate limit.

use vorgaenge_client::RawResponse;

use super::{FORM, basic, post};
use crate::support::error_body::assert_oauth_error;
use crate::support::{TestApp, demo_client, spawn_demo_with};

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
    let app = spawn_demo_with(|config| config.failed_logins_per_client = 5).await;
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
    let app = spawn_demo_with(|config| config.failed_logins_per_address = 8).await;
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
    let app = spawn_demo_with(|config| config.rate_limit_per_minute = 3).await;
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
