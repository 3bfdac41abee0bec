//! Throttling of failed client authentications at the token endpoint, per client id and per
//! source address.
//!
//! Each failure spends one unit of a budget per minute (GCRA, governor). While a budget is
//! spent, the endpoint answers 429 before it looks at the credentials at all: guessing gets
//! nowhere, a flood costs a map lookup instead of a database read, and the client that is
//! attacked only waits until its budget refills. Budgets are per instance.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// How many tracked keys make the next failure prune what has expired.
const PRUNE_ABOVE: usize = 4096;

/// One budget of failures per key, and until when each exhausted key is refused.
struct Budget<K: Hash + Eq + Clone> {
    failures: RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock>,
    refused_until: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> Budget<K> {
    fn per_minute(n: u32) -> Self {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Self {
            failures: RateLimiter::keyed(Quota::per_minute(n)),
            refused_until: Mutex::new(HashMap::new()),
        }
    }

    fn refused(&self) -> std::sync::MutexGuard<'_, HashMap<K, Instant>> {
        self.refused_until.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long `key` must still wait, if it must.
    fn wait<Q>(&self, key: &Q) -> Option<Duration>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let until = *self.refused().get(key)?;
        until.checked_duration_since(Instant::now())
    }

    /// Spends one failure of `key`; returns how long it must wait when that was the last.
    fn fail(&self, key: &K) -> Option<Duration> {
        let clock = DefaultClock::default();
        let wait = self
            .failures
            .check_key(key)
            .err()
            .map(|not_until| not_until.wait_time_from(clock.now()))?;
        let mut refused = self.refused();
        if refused.len() > PRUNE_ABOVE {
            let now = Instant::now();
            refused.retain(|_, until| *until > now);
            self.failures.retain_recent();
        }
        refused.insert(key.clone(), Instant::now() + wait);
        Some(wait)
    }
}

/// The failure budgets of the token endpoint.
pub struct FailedLogins {
    by_client: Budget<String>,
    by_address: Budget<IpAddr>,
}

impl std::fmt::Debug for FailedLogins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FailedLogins").finish_non_exhaustive()
    }
}

/// Why a token request is turned away before its credentials are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    /// Seconds until the next attempt is considered (`Retry-After`).
    pub retry_after_secs: u64,
    /// Whether the client id (rather than the address) spent its budget.
    pub by_client: bool,
}

impl FailedLogins {
    /// `per_client` failures per minute and client id, `per_address` per source address.
    pub fn per_minute(per_client: u32, per_address: u32) -> Self {
        Self {
            by_client: Budget::per_minute(per_client),
            by_address: Budget::per_minute(per_address),
        }
    }

    /// Whether a request of `client_id` from `address` must wait.
    pub fn check(&self, client_id: &str, address: Option<IpAddr>) -> Option<Throttled> {
        let by_client = self.by_client.wait(client_id);
        let by_address = address.and_then(|a| self.by_address.wait(&a));
        let (wait, by_client) = match (by_client, by_address) {
            (Some(c), Some(a)) => (c.max(a), c >= a),
            (Some(c), None) => (c, true),
            (None, Some(a)) => (a, false),
            (None, None) => return None,
        };
        Some(Throttled {
            retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
            by_client,
        })
    }

    /// Records a failed authentication; returns the wait it caused, if it spent a budget.
    pub fn fail(&self, client_id: &str, address: Option<IpAddr>) -> Option<Throttled> {
        let by_client = self.by_client.fail(&client_id.to_owned());
        let by_address = address.and_then(|a| self.by_address.fail(&a));
        match (by_client, by_address) {
            (None, None) => None,
            _ => self.check(client_id, address),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_refuses_until_it_refills() {
        let logins = FailedLogins::per_minute(3, 5);
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(logins.check("a", Some(address)), None);
            assert_eq!(logins.fail("a", Some(address)), None);
        }
        // The fourth failure of client a spends its budget (3 per minute).
        let throttled = logins.fail("a", Some(address)).unwrap();
        assert!(throttled.by_client);
        assert!(
            (1..=20).contains(&throttled.retry_after_secs),
            "{throttled:?}"
        );
        assert_eq!(logins.check("a", None), Some(throttled));
        // Another client from the same address still has the address's budget...
        assert_eq!(logins.check("b", Some(address)), None);
        assert_eq!(logins.fail("b", Some(address)), None);
        // ...until the address has failed more than five times.
        let by_address = logins.fail("c", Some(address)).unwrap();
        assert!(!by_address.by_client);
        assert!(logins.check("d", Some(address)).is_some());
        assert_eq!(logins.check("d", Some("192.0.2.8".parse().unwrap())), None);
    }
}
