//! The rate limit shared through Redis: several instances draw on one budget per client,
//! the GCRA script decides like the local limiter, and an unreachable Redis is handled by
//! the failure policy.
//!
//! Needs the Redis at `VORGAENGE_TEST_REDIS_URL` (default redis://127.0.0.1:6379); without
//! one the Redis-backed tests are skipped, unless `VORGAENGE_REQUIRE_REDIS=1`. Every test
//! keeps its keys under a prefix of its own and deletes them at the end.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use vorgaenge_client::{Client, RawResponse};
mod instance_support;

use instance_support::Instance;
use vorgaenge_server::auth::{RateLimiter, RedisFailurePolicy, RedisRateLimiter};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// A cheap operation: an unknown case (404), which still counts against the budget.
const PATH: &str = "/v2/vorgaenge/ZZZZZZ";

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

async fn get(client: &Client) -> RawResponse {
    client.raw(reqwest::Method::GET, PATH, &[]).await.unwrap()
}

fn header(response: &RawResponse, name: &str) -> u64 {
    response
        .header(name)
        .unwrap_or_else(|| panic!("{name} on every answer"))
        .parse()
        .unwrap()
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
    let mut advisors = Vec::new();
    for instance in &instances {
        advisors.push(client_for(instance, "demo-advisor").await);
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
    let editor = client_for(&instances[1], "demo-editor").await;
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

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn unreachable_redis_open_lets_requests_through_locally() {
    let url = format!("redis://127.0.0.1:{}", closed_port());
    let limiter = Arc::new(RedisRateLimiter::new(&url, 5, RedisFailurePolicy::Open).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let instance = start(&db, 5, limiter.clone()).await;
    let advisor = client_for(&instance, "demo-advisor").await;
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

/// A `redis-server` of one test alone on a port of its own, which the test can kill and
/// start again; killed when dropped.
struct PrivateRedis {
    port: u16,
    child: Option<std::process::Child>,
}

impl PrivateRedis {
    /// Starts one, or `None` after saying why not when `redis-server` is not installed
    /// (panics then if Redis is required).
    fn start() -> Option<PrivateRedis> {
        let mut redis = PrivateRedis {
            port: closed_port(),
            child: None,
        };
        match redis.spawn() {
            Ok(()) => Some(redis),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::env::var("VORGAENGE_REQUIRE_REDIS").as_deref() == Ok("1") {
                    panic!("Redis required (VORGAENGE_REQUIRE_REDIS=1), but no redis-server: {e}");
                }
                // Straight to the process's stderr: the test harness would capture `eprintln!`.
                let _ = std::io::Write::write_fmt(
                    &mut std::io::stderr(),
                    format_args!("skipped Redis recovery test: no redis-server on PATH ({e})\n"),
                );
                None
            }
            Err(e) => panic!("redis-server: {e}"),
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Runs redis-server (no persistence: a restart starts empty) and waits until it answers.
    fn spawn(&mut self) -> std::io::Result<()> {
        let child = std::process::Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match self.command(&["PING"]) {
                Ok(answer) if answer == "PONG" => return Ok(()),
                _ if std::time::Instant::now() < deadline => {
                    if let Some(status) = self.child.as_mut().unwrap().try_wait()? {
                        panic!("redis-server on port {} exited: {status}", self.port);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                answer => panic!("redis-server on port {} not up: {answer:?}", self.port),
            }
        }
    }

    /// Kills it (as a crash would) and waits until it is gone.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, empty.
    fn restart(&mut self) {
        self.spawn().unwrap();
    }

    fn command(&self, args: &[&str]) -> redis::RedisResult<String> {
        let client = redis::Client::open(self.url())?;
        let mut connection = client.get_connection_with_timeout(Duration::from_secs(1))?;
        let mut command = redis::cmd(args[0]);
        for arg in &args[1..] {
            command.arg(*arg);
        }
        Ok(match command.query::<redis::Value>(&mut connection)? {
            redis::Value::Int(n) => n.to_string(),
            redis::Value::Okay => "OK".to_owned(),
            redis::Value::SimpleString(s) => s,
            redis::Value::BulkString(b) => String::from_utf8_lossy(&b).into_owned(),
            redis::Value::Nil => "nil".to_owned(),
            other => format!("{other:?}"),
        })
    }

    /// Whether the key exists.
    fn has(&self, key: &str) -> bool {
        self.command(&["EXISTS", key]).unwrap() == "1"
    }

    /// The TAT stored for a key (µs), if any.
    fn tat(&self, key: &str) -> Option<u64> {
        let value = self.command(&["GET", key]).unwrap();
        (value != "nil").then(|| value.parse().unwrap())
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A cheap request that answers 200 when admitted: the (empty) list of cases.
const LIST: &str = "/v2/vorgaenge";

async fn list(client: &Client) -> RawResponse {
    client.raw(reqwest::Method::GET, LIST, &[]).await.unwrap()
}

fn assert_served(response: &RawResponse, what: &str) -> u64 {
    assert_eq!(
        response.status,
        200,
        "{what}: {}",
        String::from_utf8_lossy(&response.body)
    );
    header(response, "ratelimit-remaining")
}

/// How long Redis may take to count requests again after it is back: the 1 s pause after a
/// failure and a reconnect, with a wide margin.
const RECOVERY: Duration = Duration::from_secs(10);

/// The pause between two requests while waiting for Redis to be used again.
const POLL: Duration = Duration::from_millis(200);

#[tokio::test]
async fn the_limiter_recovers_when_redis_returns() {
    let Some(mut server) = PrivateRedis::start() else {
        return;
    };
    // 60 per minute: one request every 1 s, so a quick sequence counts down exactly, and the
    // fallback's budget outlasts the requests below (at most 5 + RECOVERY / POLL).
    const LIMIT: u32 = 60;
    const T: u64 = 1_000_000; // µs
    let limiter = Arc::new(
        RedisRateLimiter::new(&server.url(), LIMIT, RedisFailurePolicy::Open)
            .unwrap()
            .with_key_prefix("vorgaenge-test:recovery:open:"),
    );
    let key = limiter.key("demo-advisor");
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let instance = start(&db, LIMIT, limiter.clone()).await;
    let advisor = client_for(&instance, "demo-advisor").await;

    // Redis up: every request counted there, after the token request.
    for expected in [58, 57, 56] {
        assert_eq!(assert_served(&list(&advisor).await, "Redis up"), expected);
    }
    assert!(server.has(&key), "the budget is kept in Redis");
    assert_eq!(limiter.failures(), 0);

    // Redis down: still served, by the local fallback with a budget of its own (Redis
    // would have said 56), and every check counted as a failure.
    server.kill();
    let remaining = assert_served(&list(&advisor).await, "first request with Redis down");
    assert_eq!(remaining, 59, "the fallback's own budget decides");
    for i in 0..4 {
        assert_served(
            &list(&advisor).await,
            &format!("request {i} with Redis down"),
        );
    }
    assert!(limiter.failures() >= 5, "{}", limiter.failures());

    // Redis back, empty: within a bounded wait, requests are counted there again.
    server.restart();
    assert!(!server.has(&key), "the restarted Redis starts empty");
    let deadline = std::time::Instant::now() + RECOVERY;
    let remaining = loop {
        let remaining = assert_served(&list(&advisor).await, "Redis coming back");
        if server.has(&key) {
            break remaining;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Redis not used again within {RECOVERY:?} of its return ({} failures)",
            limiter.failures()
        );
        tokio::time::sleep(POLL).await;
    };
    // The first request Redis counted started a new budget there, unlike the fallback's
    // (down by the requests above).
    assert_eq!(
        remaining, 59,
        "Remaining follows the restarted Redis's budget"
    );
    let failures = limiter.failures();
    let mut tat = server.tat(&key).unwrap();
    for expected in [58, 57, 56] {
        assert_eq!(assert_served(&list(&advisor).await, "Redis back"), expected);
        let next = server.tat(&key).unwrap();
        assert_eq!(next, tat + T, "each request advances the budget in Redis");
        tat = next;
    }
    assert_eq!(
        limiter.failures(),
        failures,
        "no failures once Redis is back"
    );
}

#[tokio::test]
async fn the_closed_limiter_recovers_when_redis_returns() {
    let Some(mut server) = PrivateRedis::start() else {
        return;
    };
    const LIMIT: u32 = 60;
    let limiter = Arc::new(
        RedisRateLimiter::new(&server.url(), LIMIT, RedisFailurePolicy::Closed)
            .unwrap()
            .with_key_prefix("vorgaenge-test:recovery:closed:"),
    );
    let key = limiter.key("demo-advisor");
    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path()).await;
    let instance = start(&db, LIMIT, limiter.clone()).await;
    let advisor = client_for(&instance, "demo-advisor").await;

    for expected in [58, 57] {
        assert_eq!(assert_served(&list(&advisor).await, "Redis up"), expected);
    }
    assert!(server.has(&key));
    assert_eq!(limiter.failures(), 0);

    // Redis down: refused, with Retry-After 1.
    server.kill();
    for _ in 0..3 {
        assert_eq!(assert_refused(&list(&advisor).await, LIMIT.into()), 1);
    }
    assert!(limiter.failures() >= 3, "{}", limiter.failures());

    // Redis back, empty: within a bounded wait, served again from its new budget.
    server.restart();
    let deadline = std::time::Instant::now() + RECOVERY;
    let remaining = loop {
        let response = list(&advisor).await;
        if response.status != 429 {
            break assert_served(&response, "Redis back");
        }
        assert_eq!(assert_refused(&response, LIMIT.into()), 1);
        assert!(
            std::time::Instant::now() < deadline,
            "still refused {RECOVERY:?} after Redis returned ({} failures)",
            limiter.failures()
        );
        tokio::time::sleep(POLL).await;
    };
    assert_eq!(remaining, 59, "the restarted Redis's budget decides");
    assert!(server.has(&key));
    assert_eq!(assert_served(&list(&advisor).await, "Redis back"), 58);
}
