//! Three stateless instances on one PostgreSQL database (one schema) and one Redis: writes
//! through different instances to one case lose nothing, `If-Match` conflicts are caught
//! across instances, and a client following the change feed on one instance misses nothing
//! written through the others.
//!
//! Needs PostgreSQL (`VORGAENGE_TEST_POSTGRES_URL`) and Redis (`VORGAENGE_TEST_REDIS_URL`);
//! without them it says so and passes, unless `VORGAENGE_REQUIRE_POSTGRES=1` /
//! `VORGAENGE_REQUIRE_REDIS=1` (as `.ci/run` sets).

mod instance_support;

use std::collections::BTreeMap;
use std::sync::Arc;

use instance_support::Instance;
use serde_json::{Value, json};
use vorgaenge_client::Client;
use vorgaenge_server::auth::{RedisFailurePolicy, RedisRateLimiter};
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

/// A client of an instance over the test's schema, with a token of the sales organisation.
async fn instance(pg_url: &str, schema: &str, redis_url: &str, prefix: &str) -> (Instance, Client) {
    let store: Arc<dyn Store> = Arc::new(
        PostgresStore::connect(
            pg_url,
            PostgresOptions {
                pool_size: 8,
                schema: Some(schema.to_owned()),
            },
        )
        .await
        .unwrap(),
    );
    // Thousands of requests of one client: far beyond a CRM's budget.
    let per_minute = 1_000_000;
    let limiter = Arc::new(
        RedisRateLimiter::new(redis_url, per_minute, RedisFailurePolicy::Closed)
            .unwrap()
            .with_key_prefix(prefix),
    );
    let instance = Instance::start(store, per_minute, limiter).await;
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.role == "sales-organisation")
        .unwrap();
    let client = Client::new(&instance.base)
        .authenticated(demo.client_id, demo.client_secret)
        .await
        .unwrap();
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
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let schema = format!("multi_{}_{nanos}", std::process::id());
    let prefix = format!("vorgaenge-test:multi:{}:{nanos}:", std::process::id());
    {
        let seed_store: Arc<dyn Store> = Arc::new(
            PostgresStore::connect(
                &pg_url,
                PostgresOptions {
                    pool_size: 4,
                    schema: Some(schema.clone()),
                },
            )
            .await
            .unwrap(),
        );
        vorgaenge_cli::seed::seed(seed_store, 0, 1, false)
            .await
            .unwrap();
    }
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
    admin
        .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .unwrap();
    if let Ok(mut redis) = redis::Client::open(redis_url.as_str()).and_then(|c| c.get_connection())
    {
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}*"))
            .query(&mut redis)
            .unwrap_or_default();
        for key in keys {
            let _: redis::RedisResult<()> = redis::cmd("DEL").arg(key).query(&mut redis);
        }
    }
}
