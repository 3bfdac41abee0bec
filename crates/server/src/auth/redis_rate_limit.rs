//! The per-client budget shared by every instance through Redis.
//!
//! Same GCRA as [`LocalRateLimiter`] (a full minute's budget usable in one burst, one
//! request earned back every `60 s / limit`), computed by one Lua script per check: it reads
//! the client's theoretical arrival time (TAT) under `<prefix><rate_key>`, decides, and writes
//! the new TAT with an expiry at which the budget is full again, so idle keys vanish. The
//! time is Redis's own (`TIME`), so instances with skewed clocks agree.
//!
//! When Redis cannot answer (down, slow, erroring), the [`RedisFailurePolicy`] decides:
//! `Open` falls back to a per-process [`LocalRateLimiter`], `Closed` refuses. Either way the
//! failure is counted ([`RedisRateLimiter::failures`]) and logged at most once per 10 s; the
//! connection manager reconnects on its own once Redis is back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::rate_limit::{LocalRateLimiter, RateDecision, RateLimiter, RedisHealth};

/// The key prefix when none is given.
pub const DEFAULT_KEY_PREFIX: &str = "vorgaenge:rl:";

/// How long one check may wait for Redis before the failure policy decides.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// After a failure, Redis is not asked again for this long (the policy decides meanwhile),
/// so an outage does not cost every request the timeout.
const COOL_DOWN: Duration = Duration::from_secs(1);

/// At most one warning about Redis per this interval.
const WARN_INTERVAL: Duration = Duration::from_secs(10);

/// KEYS[1]: the client's key. ARGV[1]: emission interval T (µs). ARGV[2]: burst tolerance
/// tau = T·(limit−1) (µs). Returns `{1, tat_after − now}` when allowed, `{0, wait}` when
/// refused (both µs). Mirrors [`gcra_step`].
const SCRIPT: &str = r"
local t = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then
  tat = now
end
local earliest = tat - tau
if now < earliest then
  return {0, earliest - now}
end
local next_tat = tat + t
redis.call('SET', KEYS[1], string.format('%d', next_tat))
redis.call('PEXPIRE', KEYS[1], math.ceil((next_tat - now) / 1000))
return {1, next_tat - now}
";

/// What to do when Redis cannot decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RedisFailurePolicy {
    /// Let requests through, limited per process by a local fallback limiter.
    #[default]
    Open,
    /// Refuse (429, `Retry-After: 1`).
    Closed,
}

impl std::str::FromStr for RedisFailurePolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "open" => Ok(Self::Open),
            "closed" => Ok(Self::Closed),
            other => Err(format!("expected open or closed, not {other:?}")),
        }
    }
}

impl std::fmt::Display for RedisFailurePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Open => "open",
            Self::Closed => "closed",
        })
    }
}

/// One GCRA step in microseconds, the same arithmetic as the Lua script (and governor's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GcraStep {
    pub allowed: bool,
    /// The TAT to store (unchanged when refused).
    pub tat: u64,
    /// Allowed: µs until the budget is full again (`tat − now`). Refused: µs to wait.
    pub delta: u64,
}

/// `t`: emission interval, `tau`: burst tolerance `t·(limit−1)`, `stored`: the TAT kept for
/// the key, if any.
pub fn gcra_step(now: u64, stored: Option<u64>, t: u64, tau: u64) -> GcraStep {
    let tat = stored.map_or(now, |tat| tat.max(now));
    let earliest = tat - tau.min(tat);
    if now < earliest {
        return GcraStep {
            allowed: false,
            tat,
            delta: earliest - now,
        };
    }
    let next = tat + t;
    GcraStep {
        allowed: true,
        tat: next,
        delta: next - now,
    }
}

/// The GCRA parameters of a per-minute limit, and the decisions they lead to.
#[derive(Debug, Clone, Copy)]
struct Gcra {
    limit: u32,
    /// Emission interval in µs.
    t: u64,
    /// Burst tolerance in µs.
    tau: u64,
}

impl Gcra {
    fn per_minute(per_minute: u32) -> Self {
        let limit = per_minute.max(1);
        let t = (60_000_000 / u64::from(limit)).max(1);
        Gcra {
            limit,
            t,
            tau: t * u64::from(limit - 1),
        }
    }

    fn reset_secs(&self, used: u32) -> u64 {
        (self.t * u64::from(used)).div_ceil(1_000_000)
    }

    /// The decision for a script answer (`allowed`, `delta` in µs).
    fn decision(&self, allowed: bool, delta: u64) -> RateDecision {
        if allowed {
            let remaining = ((self.tau + self.t).saturating_sub(delta) / self.t)
                .min(u64::from(self.limit)) as u32;
            RateDecision {
                allowed: true,
                limit: self.limit,
                remaining,
                reset_secs: self.reset_secs(self.limit - remaining),
                retry_after_secs: 0,
            }
        } else {
            RateDecision {
                allowed: false,
                limit: self.limit,
                remaining: 0,
                reset_secs: self.reset_secs(self.limit),
                retry_after_secs: delta.div_ceil(1_000_000).max(1),
            }
        }
    }

    fn refused_while_failing(&self) -> RateDecision {
        RateDecision {
            allowed: false,
            limit: self.limit,
            remaining: 0,
            reset_secs: self.reset_secs(self.limit),
            retry_after_secs: 1,
        }
    }
}

/// Budgets kept in Redis, shared by every instance pointed at the same Redis and prefix.
pub struct RedisRateLimiter {
    connection: ConnectionManager,
    script: redis::Script,
    gcra: Gcra,
    prefix: String,
    policy: RedisFailurePolicy,
    timeout: Duration,
    fallback: Arc<LocalRateLimiter>,
    failures: AtomicU64,
    /// Reference point of the two millisecond stamps below.
    started: Instant,
    /// Redis is skipped until this many ms after `started` (0: ask it).
    skip_until_ms: AtomicU64,
    /// When the last warning was logged (ms after `started`, +1 so 0 means never).
    warned_at_ms: AtomicU64,
}

impl std::fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("limit", &self.gcra.limit)
            .field("prefix", &self.prefix)
            .field("policy", &self.policy)
            .field("failures", &self.failures())
            .finish_non_exhaustive()
    }
}

impl RedisRateLimiter {
    /// `per_minute` requests per minute and key against the Redis at `url`
    /// (`redis://host:port/db`), keys under [`DEFAULT_KEY_PREFIX`]. Connects lazily, so an
    /// unreachable Redis at start is handled by the policy like any later outage. Must run
    /// inside a tokio runtime.
    pub fn new(url: &str, per_minute: u32, policy: RedisFailurePolicy) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(client, config)?;
        let fallback = Arc::new(LocalRateLimiter::per_minute(per_minute));
        let idle = Arc::downgrade(&fallback);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(fallback) = idle.upgrade() else {
                    return;
                };
                fallback.forget_idle();
            }
        });
        Ok(Self {
            connection,
            script: redis::Script::new(SCRIPT),
            gcra: Gcra::per_minute(per_minute),
            prefix: DEFAULT_KEY_PREFIX.to_owned(),
            policy,
            timeout: DEFAULT_TIMEOUT,
            fallback,
            failures: AtomicU64::new(0),
            started: Instant::now(),
            skip_until_ms: AtomicU64::new(0),
            warned_at_ms: AtomicU64::new(0),
        })
    }

    /// Keys under this prefix instead (e.g. one per test run, or per deployment).
    pub fn with_key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long one check waits for Redis before the policy decides.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Checks Redis could not decide (errors, timeouts, and checks during the short pause
    /// after one): the metric hook.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    pub fn policy(&self) -> RedisFailurePolicy {
        self.policy
    }

    /// The Redis key of a client's budget.
    pub fn key(&self, rate_key: &str) -> String {
        format!("{}{rate_key}", self.prefix)
    }

    /// Asks Redis once (EVALSHA, loading the script when Redis does not know it).
    async fn ask(&self, key: &str) -> Result<RateDecision, String> {
        let mut connection = self.connection.clone();
        let mut invocation = self.script.key(self.key(key));
        invocation.arg(self.gcra.t).arg(self.gcra.tau);
        let answer = tokio::time::timeout(
            self.timeout,
            invocation.invoke_async::<(i64, i64)>(&mut connection),
        )
        .await;
        match answer {
            Ok(Ok((allowed, delta))) => Ok(self
                .gcra
                .decision(allowed == 1, u64::try_from(delta).unwrap_or(0))),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {:?}", self.timeout)),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    async fn on_failure(&self, key: &str, reason: Option<String>) -> RateDecision {
        self.failures.fetch_add(1, Ordering::Relaxed);
        let now = self.now_ms();
        if let Some(reason) = reason {
            self.skip_until_ms
                .store(now + COOL_DOWN.as_millis() as u64, Ordering::Relaxed);
            let last = self.warned_at_ms.load(Ordering::Relaxed);
            let due = last == 0 || now + 1 >= last + WARN_INTERVAL.as_millis() as u64;
            if due
                && self
                    .warned_at_ms
                    .compare_exchange(last, now + 1, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                let failures = self.failures();
                match self.policy {
                    RedisFailurePolicy::Open => tracing::warn!(
                        "rate limit: Redis unavailable ({reason}); limiting per instance \
                         meanwhile ({failures} checks without Redis so far)"
                    ),
                    RedisFailurePolicy::Closed => tracing::warn!(
                        "rate limit: Redis unavailable ({reason}); refusing requests \
                         meanwhile ({failures} checks without Redis so far)"
                    ),
                }
            }
        }
        match self.policy {
            RedisFailurePolicy::Open => self.fallback.check(key).await,
            RedisFailurePolicy::Closed => self.gcra.refused_while_failing(),
        }
    }
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn check(&self, key: &str) -> RateDecision {
        if self.now_ms() < self.skip_until_ms.load(Ordering::Relaxed) {
            return self.on_failure(key, None).await;
        }
        match self.ask(key).await {
            Ok(decision) => decision,
            Err(reason) => self.on_failure(key, Some(reason)).await,
        }
    }

    async fn redis_health(&self, timeout: Duration) -> Option<RedisHealth> {
        let mut connection = self.connection.clone();
        let command = redis::cmd("PING");
        let ping = command.query_async::<String>(&mut connection);
        let reason = match tokio::time::timeout(timeout, ping).await {
            Ok(Ok(_)) => return Some(RedisHealth::Up),
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {timeout:?}"),
        };
        Some(RedisHealth::Down {
            reason,
            needed: self.policy == RedisFailurePolicy::Closed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_limit_then_one_every_interval() {
        let g = Gcra::per_minute(3); // T = 20 s, tau = 40 s
        assert_eq!((g.t, g.tau), (20_000_000, 40_000_000));
        let now = 1_700_000_000_000_000u64;
        let mut tat = None;
        for expected_remaining in [2, 1, 0] {
            let step = gcra_step(now, tat, g.t, g.tau);
            assert!(step.allowed);
            let d = g.decision(true, step.delta);
            assert_eq!(d.remaining, expected_remaining, "{d:?}");
            assert_eq!(d.reset_secs, 20 * u64::from(3 - expected_remaining));
            tat = Some(step.tat);
        }
        let refused = gcra_step(now, tat, g.t, g.tau);
        assert!(!refused.allowed);
        assert_eq!(refused.tat, tat.unwrap(), "a refusal stores nothing new");
        let d = g.decision(false, refused.delta);
        assert_eq!((d.remaining, d.reset_secs, d.retry_after_secs), (0, 60, 20));
        // 5 s later: 15 s to wait.
        let later = gcra_step(now + 5_000_000, tat, g.t, g.tau);
        assert_eq!(g.decision(false, later.delta).retry_after_secs, 15);
        // one interval later: one request again, and then none.
        let earned = gcra_step(now + 20_000_000, tat, g.t, g.tau);
        assert!(earned.allowed);
        assert_eq!(g.decision(true, earned.delta).remaining, 0);
        // a full minute idle: the whole budget is back.
        let idle = gcra_step(now + 60_000_000, tat, g.t, g.tau);
        assert_eq!(g.decision(true, idle.delta).remaining, 2);
    }

    #[test]
    fn the_same_decisions_as_the_local_limiter() {
        let g = Gcra::per_minute(2000);
        assert_eq!(g.t, 30_000); // 30 ms per request
        let first = g.decision(true, gcra_step(0, None, g.t, g.tau).delta);
        assert_eq!((first.remaining, first.reset_secs), (1999, 1));
        assert_eq!(g.refused_while_failing().retry_after_secs, 1);
    }

    #[test]
    fn policies_parse() {
        assert_eq!("open".parse(), Ok(RedisFailurePolicy::Open));
        assert_eq!("Closed".parse(), Ok(RedisFailurePolicy::Closed));
        assert!("maybe".parse::<RedisFailurePolicy>().is_err());
    }
}
