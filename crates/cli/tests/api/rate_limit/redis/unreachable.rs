//! An unreachable Redis: the failure policy decides (open: the local fallback limits;
//! closed: refused).

use std::sync::Arc;

use vorgaenge_client::Client;
use vorgaenge_server::auth::{RedisFailurePolicy, RedisRateLimiter};

use super::{assert_refused, closed_port, demo_database, start};
use crate::rate_limit::{get, header};

#[tokio::test]
async fn unreachable_redis_open_lets_requests_through_locally() {
    let url = format!("redis://127.0.0.1:{}", closed_port());
    let limiter = Arc::new(RedisRateLimiter::new(&url, 5, RedisFailurePolicy::Open).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let instance = start(&db, 5, limiter.clone()).await;
    let advisor = instance.client_for("demo-advisor").await;
    // The token request was the fallback's first.
    for expected in (0..4).rev() {
        let response = get(&advisor).await;
        assert_eq!(response.status, 404);
        assert_eq!(header(&response, "ratelimit-remaining"), expected);
    }
    assert!(limiter.failures() >= 5, "{}", limiter.failures());
    // The local fallback still limits.
    assert_refused(&get(&advisor).await, 5);
    assert!(limiter.failures() >= 6);
}

#[tokio::test]
async fn unreachable_redis_closed_refuses() {
    let url = format!("redis://127.0.0.1:{}", closed_port());
    let limiter = Arc::new(RedisRateLimiter::new(&url, 5, RedisFailurePolicy::Closed).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let instance = start(&db, 5, limiter.clone()).await;
    // Token requests count against the client's budget, so the closed limiter refuses them
    // too (requests with a token while Redis is down: the recovery test below).
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.client_id == "demo-advisor")
        .unwrap();
    for _ in 0..3 {
        let refused = Client::new(&instance.base)
            .request_token(demo.client_id, demo.client_secret, &[])
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            (refused.status, refused.error.as_str()),
            (429, "temporarily_unavailable")
        );
    }
    assert!(limiter.failures() >= 3);
}

/// Readiness reports Redis; only under `closed`, where nothing is served without it, does an
/// unreachable Redis make the instance unready.
#[tokio::test]
async fn readiness_reports_redis_and_fails_only_under_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let url = format!("redis://127.0.0.1:{}", closed_port());
    for (policy, status) in [
        (RedisFailurePolicy::Open, 200),
        (RedisFailurePolicy::Closed, 503),
    ] {
        let limiter = Arc::new(RedisRateLimiter::new(&url, 5, policy).unwrap());
        let instance = start(&db, 5, limiter).await;
        let ready = Client::new(&instance.base)
            .raw(reqwest::Method::GET, "/health/ready", &[])
            .await
            .unwrap();
        let body = ready.json();
        assert_eq!(ready.status, status, "{policy:?}: {body}");
        assert_eq!(body["checks"]["redis"]["status"], "DOWN", "{body}");
        assert!(body["checks"]["redis"]["error"].is_string(), "{body}");
        assert_eq!(body["checks"]["database"]["status"], "UP", "{body}");
    }
}
