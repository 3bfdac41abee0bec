//! The rate limit shared through Redis: several instances draw on one budget per client,
//! the GCRA script decides like the local limiter, and an unreachable Redis is handled by
//! the failure policy.
//!
//! Needs the Redis at `VORGAENGE_TEST_REDIS_URL` (default redis://127.0.0.1:6379); without
//! one the Redis-backed tests are skipped, unless `VORGAENGE_REQUIRE_REDIS=1`. Every test
//! keeps its keys under a prefix of its own and deletes them at the end.

mod recovery;
mod shared_budget;
mod unreachable;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use vorgaenge_client::RawResponse;
use vorgaenge_server::auth::{RateLimiter, RedisFailurePolicy, RedisRateLimiter};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

use crate::rate_limit::header;
use crate::support::instance::Instance;

fn redis_url() -> String {
    std::env::var("VORGAENGE_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A plain connection to the test Redis, for checks and cleanup.
fn redis() -> redis::RedisResult<redis::Connection> {
    redis::Client::open(redis_url())?.get_connection_with_timeout(Duration::from_secs(1))
}

/// Sends one command and returns its answer as text (`OK`, a number, …).
fn redis_command(args: &[&str]) -> redis::RedisResult<String> {
    let mut command = redis::cmd(args[0]);
    for arg in &args[1..] {
        command.arg(*arg);
    }
    let value: redis::Value = command.query(&mut redis()?)?;
    Ok(match value {
        redis::Value::Int(n) => n.to_string(),
        redis::Value::Okay => "OK".to_owned(),
        redis::Value::SimpleString(s) => s,
        redis::Value::BulkString(b) => String::from_utf8_lossy(&b).into_owned(),
        other => format!("{other:?}"),
    })
}

/// Whether the Redis suite can run; panics when Redis is required but missing.
fn redis_available() -> bool {
    let reason = match redis_command(&["PING"]) {
        Ok(answer) if answer == "PONG" => return true,
        Ok(answer) => format!("{} answered PING with {answer:?}", redis_url()),
        Err(e) => format!("{} unreachable: {e}", redis_url()),
    };
    if std::env::var("VORGAENGE_REQUIRE_REDIS").as_deref() == Ok("1") {
        panic!("Redis required (VORGAENGE_REQUIRE_REDIS=1), but {reason}");
    }
    // Straight to the process's stderr: the test harness would capture `eprintln!`.
    let _ = std::io::Write::write_fmt(
        &mut std::io::stderr(),
        format_args!("skipped Redis suite: {reason}\n"),
    );
    false
}

/// A key prefix of this test alone, its keys deleted when dropped.
struct Prefix(String);

impl Prefix {
    fn new(test: &str) -> Prefix {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Prefix(format!(
            "vorgaenge-test:{}:{nanos}:{test}:",
            std::process::id()
        ))
    }

    fn keys_left(&self) -> i64 {
        let answer = redis_command(&[
            "EVAL",
            "return #redis.call('KEYS', ARGV[1])",
            "0",
            &format!("{}*", self.0),
        ])
        .unwrap();
        answer.parse().unwrap()
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = redis_command(&[
            "EVAL",
            "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n",
            "0",
            &format!("{}*", self.0),
        ]);
    }
}

/// The demo partners and clients (no cases) in a new SQLite file.
async fn demo_database(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("shared.sqlite");
    let store = SqliteStore::open(&path, SqliteOptions::default()).unwrap();
    let (partners, grants) = vorgaenge_cli::seed::demo_partners();
    store.put_partners(partners, grants).await.unwrap();
    for client in vorgaenge_cli::seed::demo_clients() {
        store.put_client(client).await.unwrap();
    }
    path
}

/// An instance over the SQLite database at `db`.
async fn start(db: &Path, per_minute: u32, limiter: Arc<dyn RateLimiter>) -> Instance {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(db, SqliteOptions::default()).unwrap());
    Instance::start(store, per_minute, limiter).await
}

/// 429 with Retry-After, the RateLimit-* headers and the Error body.
fn assert_refused(response: &RawResponse, limit: u64) -> u64 {
    assert_eq!(
        response.status,
        429,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    assert_eq!(body["statusCode"], 429);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Zu viele Anfragen"),
        "{body}"
    );
    for field in ["statusMessage", "timestamp", "traceId"] {
        assert!(body.get(field).is_some(), "{field} in {body}");
    }
    assert_eq!(header(response, "ratelimit-limit"), limit);
    assert_eq!(header(response, "ratelimit-remaining"), 0);
    assert!(header(response, "ratelimit-reset") >= 1);
    let retry_after = header(response, "retry-after");
    assert!(retry_after >= 1);
    retry_after
}

fn redis_limiter(per_minute: u32, prefix: &Prefix) -> Arc<RedisRateLimiter> {
    Arc::new(
        RedisRateLimiter::new(&redis_url(), per_minute, RedisFailurePolicy::Open)
            .unwrap()
            .with_key_prefix(&prefix.0),
    )
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
