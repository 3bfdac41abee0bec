//! Three stateless instances on one PostgreSQL database (one schema) and one Redis: writes
//! through different instances to one case lose nothing, `If-Match` conflicts are caught
//! across instances, a client following the change feed on one instance misses nothing
//! written through the others, and a client's rate limit is one budget across instances.
//!
//! Needs PostgreSQL (`VORGAENGE_TEST_POSTGRES_URL`) and Redis (`VORGAENGE_TEST_REDIS_URL`);
//! without them it says so and passes, unless `VORGAENGE_REQUIRE_POSTGRES=1` /
//! `VORGAENGE_REQUIRE_REDIS=1` (as `.ci/run` sets).

mod rate_limit;
mod writes;

use std::sync::Arc;

use vorgaenge_client::Client;
use vorgaenge_server::auth::{RedisFailurePolicy, RedisRateLimiter};
use vorgaenge_store::Store;
use vorgaenge_store_postgres::{PostgresOptions, PostgresStore};

use crate::support::instance::Instance;

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
    let client = instance.client_for("demo-sales-organisation").await;
    (instance, client)
}
