//! The operator's routes (`/health/live`, `/health/ready`, `/metrics`): every caller, with a
//! valid, broken or no token, gets the same 200, and none of them draws on a rate limit.

use super::callers::callers;
use super::send;
use crate::support::spawn_demo;

#[tokio::test]
async fn operational_routes_answer_every_caller_alike_without_a_token() {
    let app = spawn_demo().await;
    let http = reqwest::Client::new();
    for caller in callers(&app).await {
        for path in ["/health/live", "/health/ready", "/metrics"] {
            let response = send(
                &http,
                &app.base,
                reqwest::Method::GET,
                path,
                caller.authorization.as_deref(),
                None,
            )
            .await;
            assert_eq!(response.status, 200, "{} GET {path}", caller.name);
            assert!(
                response.headers.get("ratelimit-limit").is_none(),
                "{} GET {path} is not rate limited",
                caller.name
            );
            assert!(
                response.headers.get("www-authenticate").is_none(),
                "{} GET {path}",
                caller.name
            );
        }
    }
}
