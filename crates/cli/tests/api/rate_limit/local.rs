//! The per-client rate limit of one instance: RateLimit-* headers on every answer, 429 with
//! Retry-After and the Error body over the limit, and no effect of one client's burst on
//! another client.

use futures::StreamExt;
use vorgaenge_client::{Client, RawResponse};

use crate::rate_limit::{get, header};
use crate::support::error_body::assert_error;
use crate::support::{TestApp, spawn_demo, spawn_demo_with};

async fn assert_refused(response: &RawResponse, limit: u64) {
    assert_error(response, 429, "Zu viele Anfragen");
    assert!(header(response, "retry-after") >= 1);
    assert_eq!(header(response, "ratelimit-limit"), limit);
    assert_eq!(header(response, "ratelimit-remaining"), 0);
    assert!(header(response, "ratelimit-reset") >= 1);
}

async fn clients(app: &TestApp) -> (Client, Client) {
    (
        app.client_for("demo-advisor").await,
        app.client_for("demo-editor").await,
    )
}

#[tokio::test]
async fn a_small_limit_counts_down_refuses_and_spares_other_clients() {
    // 20 per minute: one request earned back every 3 s, far longer than this test's burst.
    let app = spawn_demo_with(|c| c.rate_limit_per_minute = 20).await;
    let (a, b) = clients(&app).await;
    // Each client's token request took the first unit of its budget.
    for expected in (0..19).rev() {
        let response = get(&a).await;
        assert_eq!(response.status, 404);
        assert_eq!(header(&response, "ratelimit-limit"), 20);
        assert_eq!(header(&response, "ratelimit-remaining"), expected);
    }
    assert_refused(&get(&a).await, 20).await;
    // The other client has its own budget.
    let other = get(&b).await;
    assert_eq!(other.status, 404);
    assert_eq!(header(&other, "ratelimit-remaining"), 18);
}

#[tokio::test]
async fn the_default_limit_is_2000_per_minute() {
    let app = spawn_demo().await;
    let (a, b) = clients(&app).await;
    let started = std::time::Instant::now();
    // 1999 requests after the token request, 16 at a time: none refused.
    let statuses: Vec<u16> = futures::stream::iter(0..1999)
        .map(|_| {
            let a = a.clone();
            async move { get(&a).await.status }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    assert!(
        statuses.iter().all(|s| *s == 404),
        "none of the first 2000 (the token request and 1999 reads) is refused"
    );
    // GCRA earns one request back every 30 ms, so a burst that took a while may pass a few
    // more; the first refusal comes no later than that allows.
    let mut extra = 0u128;
    loop {
        let response = get(&a).await;
        if response.status == 429 {
            assert_refused(&response, 2000).await;
            break;
        }
        extra += 1;
        let earned = started.elapsed().as_millis() / 30 + 1;
        assert!(
            extra <= earned,
            "{extra} requests beyond 2000 after {:?}",
            started.elapsed()
        );
    }
    let other = get(&b).await;
    assert_eq!(other.status, 404, "another client is not slowed");
    assert_eq!(header(&other, "ratelimit-remaining"), 1999);
}
