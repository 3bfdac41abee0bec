//! Three stateless instances on one PostgreSQL database (one schema) and one Redis: writes
//! through different instances to one case lose nothing, `If-Match` conflicts are caught
//! across instances, a client following the change feed on one instance misses nothing
//! written through the others, and a client's rate limit is one budget across instances.
//!
//! Needs PostgreSQL (`VORGAENGE_TEST_POSTGRES_URL`) and Redis (`VORGAENGE_TEST_REDIS_URL`);
//! without them it says so and passes, unless `VORGAENGE_REQUIRE_POSTGRES=1` /
//! `VORGAENGE_REQUIRE_REDIS=1` (as `.ci/run` sets).

mod instance_support;

use std::collections::BTreeMap;
use std::sync::Arc;

use instance_support::Instance;
use serde_json::{Value, json};
use vorgaenge_client::{Client, RawResponse};
use vorgaenge_server::auth::{LocalRateLimiter, RedisFailurePolicy, RedisRateLimiter};
use vorgaenge_store::Store;
use vorgaenge_store_postgres::{PostgresOptions, PostgresStore};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn required(name: &str) -> bool {
    std::env::var(name).as_deref() == Ok("1")
}

/// The database and Redis of the test, or `None` after saying what is missing.
async fn services() -> Option<(tokio_postgres::Client, String, String)> {
    let pg_url = env_or(
        "VORGAENGE_TEST_POSTGRES_URL",
        "postgres://postgres@127.0.0.1:5432/test",
    );
    let redis_url = env_or("VORGAENGE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    let admin = match tokio_postgres::connect(&pg_url, tokio_postgres::NoTls).await {
        Ok((client, connection)) => {
            tokio::spawn(connection);
            client
        }
        Err(e) if !required("VORGAENGE_REQUIRE_POSTGRES") => {
            // Straight to the process's stderr: the test harness would capture `eprintln!`.
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("skipped multi-instance suite: PostgreSQL {pg_url}: {e}\n"),
            );
            return None;
        }
        Err(e) => panic!("PostgreSQL required, but {pg_url}: {e}"),
    };
    let ping = redis::Client::open(redis_url.as_str())
        .and_then(|c| c.get_connection_with_timeout(std::time::Duration::from_secs(1)))
        .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c));
    match ping {
        Ok(_) => Some((admin, pg_url, redis_url)),
        Err(e) if !required("VORGAENGE_REQUIRE_REDIS") => {
            // Straight to the process's stderr: the test harness would capture `eprintln!`.
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("skipped multi-instance suite: Redis {redis_url}: {e}\n"),
            );
            None
        }
        Err(e) => panic!("Redis required, but {redis_url}: {e}"),
    }
}

/// A schema name and a Redis key prefix of one test run, unique to it.
fn names(test: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let pid = std::process::id();
    (
        format!("multi_{test}_{pid}_{nanos}"),
        format!("vorgaenge-test:multi:{test}:{pid}:{nanos}:"),
    )
}

/// A store over the test's schema (created by the first connection).
async fn store(pg_url: &str, schema: &str, pool_size: usize) -> Arc<dyn Store> {
    Arc::new(
        PostgresStore::connect(
            pg_url,
            PostgresOptions {
                pool_size,
                schema: Some(schema.to_owned()),
                ..PostgresOptions::default()
            },
        )
        .await
        .unwrap(),
    )
}

/// Drops the test's schema and deletes its Redis keys.
async fn clean_up(admin: &tokio_postgres::Client, schema: &str, redis_url: &str, prefix: &str) {
    admin
        .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .unwrap();
    if let Ok(mut redis) = redis::Client::open(redis_url).and_then(|c| c.get_connection()) {
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}*"))
            .query(&mut redis)
            .unwrap_or_default();
        for key in keys {
            let _: redis::RedisResult<()> = redis::cmd("DEL").arg(key).query(&mut redis);
        }
    }
}

/// A client of `instance` with the demo client `client_id`'s credentials.
async fn client_for(instance: &Instance, client_id: &str) -> Client {
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.client_id == client_id)
        .unwrap();
    Client::new(&instance.base)
        .authenticated(demo.client_id, demo.client_secret)
        .await
        .unwrap()
}

/// A client of an instance over the test's schema, with a token of the sales organisation.
async fn instance(pg_url: &str, schema: &str, redis_url: &str, prefix: &str) -> (Instance, Client) {
    let store = store(pg_url, schema, 8).await;
    // Thousands of requests of one client: far beyond a CRM's budget.
    let per_minute = 1_000_000;
    let limiter = Arc::new(
        RedisRateLimiter::new(redis_url, per_minute, RedisFailurePolicy::Closed)
            .unwrap()
            .with_key_prefix(prefix),
    );
    let instance = Instance::start(store, per_minute, limiter).await;
    let client = client_for(&instance, "demo-sales-organisation").await;
    (instance, client)
}

/// Every production case of the list as (number → (letzteAenderung, externeVorgangsNummer)),
/// following `next` from `since` (inclusive) in ascending order.
async fn feed(client: &Client, since: Option<&str>) -> Vec<(String, String, Option<String>)> {
    let mut url = format!(
        "{}/v2/vorgaenge?sort=aufsteigend&limit=50",
        client.base_url()
    );
    if let Some(since) = since {
        url.push_str("&aenderungSeit=");
        url.push_str(&vorgaenge_server::links::encode(since));
    }
    let mut out = Vec::new();
    loop {
        let page: Value = client.get_url(&url).await.unwrap();
        for item in page["vorgaenge"].as_array().unwrap() {
            out.push((
                item["vorgangsNummer"].as_str().unwrap().to_owned(),
                item["letzteAenderung"].as_str().unwrap().to_owned(),
                item["externeVorgangsNummer"].as_str().map(str::to_owned),
            ));
        }
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return out,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_database_lose_nothing() {
    let Some((admin, pg_url, redis_url)) = services().await else {
        return;
    };
    let (schema, prefix) = names("lose_nothing");
    vorgaenge_cli::seed::seed(store(&pg_url, &schema, 4).await, 0, 1, false)
        .await
        .unwrap();
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(instance(&pg_url, &schema, &redis_url, &prefix).await);
    }
    let clients: Vec<Client> = instances.iter().map(|(_, c)| c.clone()).collect();
    let initial = feed(&clients[0], None).await;
    let nr = initial[0].0.clone();

    // 3 × 50 concurrent PATCHes of one case, through all three instances: all acknowledged,
    // each recorded by its own event.
    let patches = (0..150).map(|i| {
        let client = clients[i % 3].clone();
        let nr = nr.clone();
        async move {
            let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                              "value": format!("multi-{i}")}]);
            client.patch_vorgang(&nr, &ops, None).await.unwrap().1
        }
    });
    let written = futures::future::join_all(patches).await;
    assert!(written.iter().all(|w| w.status == 200));
    let events = clients[1].ereignisse(&nr).await.unwrap();
    let mut values: Vec<String> = events
        .iter()
        .filter_map(|e| e.meldung.as_deref())
        .filter_map(|m| m.strip_prefix("Externe Vorgangsnummer gesetzt: multi-"))
        .map(str::to_owned)
        .collect();
    values.sort();
    let mut expected: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    expected.sort();
    assert_eq!(values, expected, "one event per acknowledged PATCH");
    let etags: std::collections::BTreeSet<_> = written.iter().map(|w| w.etag.clone()).collect();
    assert_eq!(etags.len(), 150, "every PATCH made a version of its own");

    // The same If-Match through all three instances at once: exactly one wins.
    let current = clients[2]
        .raw(reqwest::Method::GET, &format!("/v2/vorgaenge/{nr}"), &[])
        .await
        .unwrap();
    let tag = current.header("etag").unwrap().to_owned();
    let conflicting = (0..3).map(|i| {
        let client = clients[i].clone();
        let (nr, tag) = (nr.clone(), tag.clone());
        async move {
            let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                              "value": format!("if-match-{i}")}]);
            client
                .patch_vorgang(&nr, &ops, Some(&tag))
                .await
                .map(|_| 200)
                .unwrap_or_else(|e| e.status().unwrap())
        }
    });
    let mut statuses = futures::future::join_all(conflicting).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 412, 412]);

    // Writers on the three instances, a reader on the first following the feed: the mirror
    // ends equal to the database.
    let numbers: Vec<String> = initial.iter().map(|(nr, _, _)| nr.clone()).collect();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let client = clients[w].clone();
            let numbers = numbers.clone();
            tokio::spawn(async move {
                for i in 0..60usize {
                    let nr = &numbers[(i * 7 + w * 31) % numbers.len()];
                    let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                                      "value": format!("feed-{w}-{i}")}]);
                    client.patch_vorgang(nr, &ops, None).await.unwrap();
                }
            })
        })
        .collect();
    let reader = clients[0].clone();
    let mut mirror: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut newest: Option<String> = None;
    let mut apply = |items: Vec<(String, String, Option<String>)>, mirror: &mut BTreeMap<_, _>| {
        for (nr, changed, ext) in items {
            if newest.as_ref().is_none_or(|n| changed > *n) {
                newest = Some(changed.clone());
            }
            mirror.insert(nr, (changed, ext));
        }
        newest.clone()
    };
    let mut since = apply(feed(&reader, None).await, &mut mirror);
    while !writers.iter().all(|w| w.is_finished()) {
        since = apply(feed(&reader, since.as_deref()).await, &mut mirror);
    }
    for w in writers {
        w.await.unwrap();
    }
    apply(feed(&reader, since.as_deref()).await, &mut mirror);
    let truth: BTreeMap<String, (String, Option<String>)> = feed(&clients[2], None)
        .await
        .into_iter()
        .map(|(nr, changed, ext)| (nr, (changed, ext)))
        .collect();
    assert_eq!(mirror, truth);

    drop(instances);
    clean_up(&admin, &schema, &redis_url, &prefix).await;
}

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
        advisors.push(client_for(instance, "demo-advisor").await);
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
    let editor = client_for(&instances[2], "demo-editor").await;
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
    let advisor_alone = client_for(&alone, "demo-advisor").await;
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
