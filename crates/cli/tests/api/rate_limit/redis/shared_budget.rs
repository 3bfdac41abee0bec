//! Several instances draw on one Redis budget per client, and the GCRA script decides like
//! the local limiter.

use vorgaenge_server::auth::RateLimiter;

use super::{
    Prefix, assert_refused, demo_database, redis_available, redis_command, redis_limiter, start,
};
use crate::rate_limit::{get, header};

#[tokio::test]
async fn three_instances_share_one_budget_per_client() {
    if !redis_available() {
        return;
    }
    let prefix = Prefix::new("instances");
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    // 30 per minute: one request earned back every 2 s, far longer than this burst.
    let mut instances = Vec::new();
    let mut limiters = Vec::new();
    for _ in 0..3 {
        let limiter = redis_limiter(30, &prefix);
        instances.push(start(&db, 30, limiter.clone()).await);
        limiters.push(limiter);
    }
    // A reachable Redis is part of each instance's readiness.
    let ready = vorgaenge_client::Client::new(&instances[0].base)
        .raw(reqwest::Method::GET, "/health/ready", &[])
        .await
        .unwrap();
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["checks"]["redis"]["status"], "UP");
    let mut advisors = Vec::new();
    for instance in &instances {
        advisors.push(instance.client_for("demo-advisor").await);
    }
    // The three token requests, one per instance, took the first three units.
    for (i, expected) in (0..27).rev().enumerate() {
        let response = get(&advisors[i % 3]).await;
        assert_eq!(response.status, 404, "request {i}");
        assert_eq!(header(&response, "ratelimit-limit"), 30);
        assert_eq!(
            header(&response, "ratelimit-remaining"),
            expected,
            "request {i} through instance {}",
            i % 3
        );
    }
    // The 31st is refused, through whichever instance.
    for advisor in &advisors {
        let retry_after = assert_refused(&get(advisor).await, 30);
        assert!((1..=2).contains(&retry_after), "{retry_after}");
    }
    // Another client has its own budget.
    let editor = instances[1].client_for("demo-editor").await;
    let other = get(&editor).await;
    assert_eq!(other.status, 404);
    assert_eq!(header(&other, "ratelimit-remaining"), 28);
    assert!(
        limiters.iter().all(|l| l.failures() == 0),
        "Redis answered every check"
    );
    assert_eq!(prefix.keys_left(), 2, "one key per client");
}

#[tokio::test]
async fn the_script_decides_like_the_local_limiter() {
    if !redis_available() {
        return;
    }
    let prefix = Prefix::new("script");
    let limiter = redis_limiter(6, &prefix); // one request every 10 s
    for expected in (0..6).rev() {
        let d = limiter.check("a").await;
        assert!(d.allowed, "{d:?}");
        assert_eq!((d.limit, d.remaining), (6, expected));
        assert_eq!(d.reset_secs, 10 * u64::from(6 - expected));
        assert_eq!(d.retry_after_secs, 0);
    }
    let refused = limiter.check("a").await;
    assert!(!refused.allowed);
    assert_eq!((refused.remaining, refused.reset_secs), (0, 60));
    assert!(
        (9..=10).contains(&refused.retry_after_secs),
        "about 60 s / 6: {refused:?}"
    );
    // The key expires when the budget is full again (within a minute).
    let ttl: i64 = redis_command(&["PTTL", &format!("{}a", prefix.0)])
        .unwrap()
        .trim_start_matches(':')
        .parse()
        .unwrap();
    assert!((50_000..=60_000).contains(&ttl), "PTTL {ttl}");
    // Redis forgot the script (a restart, a failover): it is loaded again.
    assert_eq!(redis_command(&["SCRIPT", "FLUSH"]).unwrap(), "OK");
    let b = limiter.check("b").await;
    assert!(b.allowed);
    assert_eq!(b.remaining, 5);
    // Another instance (another limiter, same prefix) sees the same budgets.
    let other = redis_limiter(6, &prefix);
    assert!(!other.check("a").await.allowed);
    assert_eq!(other.check("b").await.remaining, 4);
    assert_eq!(limiter.failures() + other.failures(), 0);
}
