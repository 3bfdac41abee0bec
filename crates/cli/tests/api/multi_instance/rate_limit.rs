//! One client's rate limit is one budget across instances (through Redis), unlike that of an
//! instance counting alone.

use std::sync::Arc;

use vorgaenge_client::{Client, RawResponse};
use vorgaenge_server::auth::{LocalRateLimiter, RedisFailurePolicy, RedisRateLimiter};

use super::{clean_up, names, services, store};
use crate::support::instance::Instance;

/// An unknown case: a cheap request (404) that still counts against the budget.
const UNKNOWN_CASE: &str = "/v2/vorgaenge/ZZZZZZ";

async fn get_unknown(client: &Client) -> RawResponse {
    client
        .raw(reqwest::Method::GET, UNKNOWN_CASE, &[])
        .await
        .unwrap()
}

fn number_header(response: &RawResponse, name: &str) -> u64 {
    response
        .header(name)
        .unwrap_or_else(|| panic!("{name} on every answer"))
        .parse()
        .unwrap()
}

/// A request that passed the limiter (404: the case is unknown) with `remaining` left.
fn assert_admitted(response: &RawResponse, limit: u64, remaining: u64, what: &str) {
    assert_eq!(
        response.status,
        404,
        "{what}: {}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(number_header(response, "ratelimit-limit"), limit, "{what}");
    assert_eq!(
        number_header(response, "ratelimit-remaining"),
        remaining,
        "{what}"
    );
}

/// 429 with Retry-After, the RateLimit-* headers, the Error body and its trace id in
/// `X-TraceId`; returns Retry-After.
fn assert_refused(response: &RawResponse, limit: u64, what: &str) -> u64 {
    assert_eq!(
        response.status,
        429,
        "{what}: {}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(
        response.header("content-type"),
        Some("application/json"),
        "{what}"
    );
    let body = response.json();
    assert_eq!(body["statusCode"], 429, "{what}: {body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Zu viele Anfragen"),
        "{what}: {body}"
    );
    for field in ["statusMessage", "timestamp"] {
        assert!(body.get(field).is_some(), "{what}: {field} in {body}");
    }
    let trace = response
        .header("x-traceid")
        .unwrap_or_else(|| panic!("{what}: X-TraceId on the refusal"));
    assert!(!trace.is_empty(), "{what}");
    assert_eq!(
        body["traceId"], trace,
        "{what}: the body's traceId is the header's"
    );
    assert_eq!(number_header(response, "ratelimit-limit"), limit, "{what}");
    assert_eq!(number_header(response, "ratelimit-remaining"), 0, "{what}");
    assert!(number_header(response, "ratelimit-reset") >= 1, "{what}");
    let retry_after = number_header(response, "retry-after");
    assert!(retry_after >= 1, "{what}: Retry-After {retry_after}");
    retry_after
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_limit_is_global_across_instances_on_postgresql() {
    let Some((admin, pg_url, redis_url)) = services().await else {
        return;
    };
    let (schema, prefix) = names("rate_limit");
    vorgaenge_cli::seed::add_missing_demo_access(&*store(&pg_url, &schema, 2).await)
        .await
        .unwrap();
    // 30 per minute: one request earned back every 2 s, far longer than the burst below.
    const LIMIT: u32 = 30;
    let mut instances = Vec::new();
    let mut limiters = Vec::new();
    for _ in 0..3 {
        let limiter = Arc::new(
            RedisRateLimiter::new(&redis_url, LIMIT, RedisFailurePolicy::Closed)
                .unwrap()
                .with_key_prefix(&prefix),
        );
        instances
            .push(Instance::start(store(&pg_url, &schema, 4).await, LIMIT, limiter.clone()).await);
        limiters.push(limiter);
    }
    let mut advisors = Vec::new();
    for instance in &instances {
        advisors.push(instance.client_for("demo-advisor").await);
    }

    // One client round-robin over the three instances: one budget, counting down across them.
    // Its three token requests, one per instance, took the first three units.
    for (i, remaining) in (0..u64::from(LIMIT) - 3).rev().enumerate() {
        let response = get_unknown(&advisors[i % 3]).await;
        assert_admitted(
            &response,
            LIMIT.into(),
            remaining,
            &format!("request {i} through instance {}", i % 3),
        );
    }
    // The next one is refused, whichever instance answers.
    for (i, advisor) in advisors.iter().enumerate() {
        let retry_after = assert_refused(
            &get_unknown(advisor).await,
            LIMIT.into(),
            &format!("over the budget through instance {i}"),
        );
        assert!(
            (1..=2).contains(&retry_after),
            "one request every 2 s: {retry_after}"
        );
    }
    // Another client has its whole budget, on any instance.
    let editor = instances[2].client_for("demo-editor").await;
    assert_admitted(
        &get_unknown(&editor).await,
        LIMIT.into(),
        u64::from(LIMIT) - 2,
        "another client (its token request and this one)",
    );
    assert!(
        limiters.iter().all(|l| l.failures() == 0),
        "Redis decided every check: {limiters:?}"
    );
    let mut redis = redis::Client::open(redis_url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}*"))
        .query(&mut redis)
        .unwrap();
    assert_eq!(keys.len(), 2, "one budget per client in Redis: {keys:?}");

    // The control: an instance counting on its own gives the same client a whole budget of
    // its own, so the refusals above came from the shared budget, not a per-instance one.
    let alone = Instance::start(
        store(&pg_url, &schema, 2).await,
        LIMIT,
        Arc::new(LocalRateLimiter::per_minute(LIMIT)),
    )
    .await;
    let advisor_alone = alone.client_for("demo-advisor").await;
    for (i, remaining) in (0..u64::from(LIMIT) - 1).rev().enumerate() {
        assert_admitted(
            &get_unknown(&advisor_alone).await,
            LIMIT.into(),
            remaining,
            &format!("request {i} through the instance limiting alone"),
        );
    }
    assert_refused(
        &get_unknown(&advisor_alone).await,
        LIMIT.into(),
        "over the budget of the instance limiting alone",
    );

    drop(alone);
    drop(instances);
    clean_up(&admin, &schema, &redis_url, &prefix).await;
}
