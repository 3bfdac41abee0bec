//! A Redis that dies and comes back empty: the limiter falls back (or refuses) while it is
//! down, and uses it again within a bounded wait.

use std::sync::Arc;
use std::time::Duration;

use vorgaenge_client::{Client, RawResponse};
use vorgaenge_server::auth::{RedisFailurePolicy, RedisRateLimiter};

use super::{assert_refused, closed_port, demo_database, start};
use crate::rate_limit::header;

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
    let advisor = instance.client_for("demo-advisor").await;

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
    let advisor = instance.client_for("demo-advisor").await;

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
