//! Requests per minute and client (GCRA).
//!
//! [`RateLimiter`] is the seam: one instance keeps the budgets in memory
//! ([`LocalRateLimiter`], governor's keyed GCRA); several instances behind a load balancer
//! need one shared budget per client, which a Redis-backed implementation provides.

use std::num::NonZeroU32;
use std::time::Duration;

use async_trait::async_trait;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter as Governor};

/// The outcome of one request against a client's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    /// Requests per window (`RateLimit-Limit`).
    pub limit: u32,
    /// Requests left right now (`RateLimit-Remaining`).
    pub remaining: u32,
    /// Seconds until the budget is full again (`RateLimit-Reset`).
    pub reset_secs: u64,
    /// Seconds until the next request is allowed (`Retry-After`); 0 when allowed.
    pub retry_after_secs: u64,
}

/// Counts a request against a client's budget.
#[async_trait]
pub trait RateLimiter: Send + Sync + std::fmt::Debug {
    async fn check(&self, key: &str) -> RateDecision;

    /// Whether the Redis that shares the budgets answers within `timeout` (readiness);
    /// `None` for budgets kept in this process.
    async fn redis_health(&self, _timeout: Duration) -> Option<RedisHealth> {
        None
    }
}

/// The state of the Redis a rate limiter shares its budgets through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedisHealth {
    Up,
    Down {
        reason: String,
        /// Whether requests are refused meanwhile (the `closed` policy), so that the
        /// instance cannot serve; under `open` it limits on its own instead.
        needed: bool,
    },
}

type Keyed =
    Governor<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// Budgets kept in this process.
pub struct LocalRateLimiter {
    limiter: Keyed,
    clock: DefaultClock,
    limit: u32,
    /// Time to earn back one request.
    per_request: Duration,
}

impl std::fmt::Debug for LocalRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalRateLimiter")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl LocalRateLimiter {
    /// `per_minute` requests per minute and key, all of them usable in one burst.
    pub fn per_minute(per_minute: u32) -> Self {
        let limit = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(limit);
        Self {
            limiter: Governor::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            clock: DefaultClock::default(),
            limit: limit.get(),
            per_request: quota.replenish_interval(),
        }
    }

    /// Forgets keys whose budget is full again (bounded memory with many clients).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }

    fn reset_secs(&self, used: u32) -> u64 {
        (self.per_request * used).as_secs_f64().ceil() as u64
    }
}

#[async_trait]
impl RateLimiter for LocalRateLimiter {
    async fn check(&self, key: &str) -> RateDecision {
        // governor wants `&String`; the allocation is smaller than the map lookup it feeds.
        let key = key.to_owned();
        match self.limiter.check_key(&key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                RateDecision {
                    allowed: true,
                    limit: self.limit,
                    remaining,
                    reset_secs: self.reset_secs(self.limit - remaining),
                    retry_after_secs: 0,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                RateDecision {
                    allowed: false,
                    limit: self.limit,
                    remaining: 0,
                    reset_secs: self.reset_secs(self.limit),
                    retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn budget_per_key() {
        let limiter = LocalRateLimiter::per_minute(3);
        for expected_remaining in [2, 1, 0] {
            let d = limiter.check("a").await;
            assert!(d.allowed);
            assert_eq!(d.remaining, expected_remaining);
            assert_eq!(d.limit, 3);
        }
        let refused = limiter.check("a").await;
        assert!(!refused.allowed);
        assert!((1..=20).contains(&refused.retry_after_secs), "{refused:?}");
        assert_eq!(refused.reset_secs, 60);
        // another key is untouched
        let other = limiter.check("b").await;
        assert!(other.allowed);
        assert_eq!(other.remaining, 2);
    }
}
