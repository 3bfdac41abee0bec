//! A latency histogram with log-linear buckets: exact below 32 µs, then 32 buckets per
//! power of two (≤ 3.2 % error), enough for p50/p99 without keeping every sample.

use std::time::Duration;

/// Sub-buckets per power of two; also the largest value kept exactly.
const SUB: u64 = 32;
const SUB_BITS: u32 = SUB.trailing_zeros();
/// Powers of two above `SUB` covered; 2^40 µs is far beyond any request.
const RANGES: usize = 40;

#[derive(Debug, Clone)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    max_micros: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: vec![0; SUB as usize * (RANGES + 1)],
            total: 0,
            max_micros: 0,
        }
    }
}

impl Histogram {
    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        let index = bucket(micros).min(self.counts.len() - 1);
        self.counts[index] += 1;
        self.total += 1;
        self.max_micros = self.max_micros.max(micros);
    }

    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.max_micros = self.max_micros.max(other.max_micros);
    }

    /// The latency below which a fraction `q` (0..=1) of the samples lie, as the upper bound
    /// of the bucket holding that sample (so it never understates), capped at the maximum.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.total == 0 {
            return Duration::ZERO;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (index, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Duration::from_micros(upper_bound(index).min(self.max_micros));
            }
        }
        Duration::from_micros(self.max_micros)
    }
}

/// Bucket of a value: `0..SUB` map to themselves; above, the power of two picks the range
/// and the next `SUB_BITS` bits below the leading one pick the sub-bucket.
fn bucket(micros: u64) -> usize {
    if micros < SUB {
        return micros as usize;
    }
    let power = 63 - micros.leading_zeros(); // ≥ SUB_BITS
    let range = (power - SUB_BITS + 1) as usize;
    let sub = ((micros >> (power - SUB_BITS)) - SUB) as usize;
    range * SUB as usize + sub
}

/// The largest value that falls into bucket `index`.
fn upper_bound(index: usize) -> u64 {
    let (range, sub) = (index as u64 / SUB, index as u64 % SUB);
    if range == 0 {
        return sub;
    }
    let shift = range - 1;
    ((SUB + sub + 1) << shift) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_bounded() {
        for v in 0..100_000u64 {
            let b = bucket(v);
            assert!(v <= upper_bound(b), "{v} above its bucket {b}");
            if b > 0 {
                assert!(v > upper_bound(b - 1), "{v} fits bucket {}", b - 1);
            }
            // The bucket is at most ~3 % wide.
            assert!(upper_bound(b) as f64 <= v as f64 * (1.0 + 1.0 / SUB as f64) + 1.0);
        }
    }

    #[test]
    fn quantiles_of_a_uniform_spread() {
        let mut h = Histogram::default();
        for micros in 1..=1000 {
            h.record(Duration::from_micros(micros));
        }
        let p50 = h.quantile(0.5).as_micros() as f64;
        let p99 = h.quantile(0.99).as_micros() as f64;
        assert!((500.0..=516.0).contains(&p50), "p50 {p50}");
        assert!((990.0..=1000.0).contains(&p99), "p99 {p99}");
        assert_eq!(h.quantile(1.0), Duration::from_micros(1000));
        assert_eq!(h.total, 1000);

        let mut other = Histogram::default();
        other.record(Duration::from_secs(2));
        h.merge(&other);
        assert_eq!(h.quantile(1.0), Duration::from_secs(2));
        assert_eq!(Histogram::default().quantile(0.5), Duration::ZERO);
    }
}
