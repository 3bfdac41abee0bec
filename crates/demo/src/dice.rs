//! The random source of one generated case.
//!
//! Every case gets its own ChaCha8 stream seeded from `(seed, index)`, so cases can be
//! generated in any order and on any thread. All helpers below are built from raw `u64`
//! draws with integer arithmetic (or exactly rounded IEEE operations), so the same seed
//! yields the same case on every platform and with every `rand` version that keeps the
//! ChaCha8 stream stable. We deliberately avoid `rand`'s distributions here: their
//! sampling algorithms are allowed to change between releases.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Domain-separation tag, so that other users of ChaCha8 with the same numbers do not
/// accidentally reproduce our streams (and vice versa).
const TAG: &[u8; 16] = b"vorgaenge-demo/1";

#[derive(Debug, Clone)]
pub(crate) struct Dice(ChaCha8Rng);

impl Dice {
    pub(crate) fn for_case(seed: u64, index: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&index.to_le_bytes());
        key[16..].copy_from_slice(TAG);
        Dice(ChaCha8Rng::from_seed(key))
    }

    #[inline]
    pub(crate) fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform integer in `0..n` (Lemire's multiply-shift; the bias of at most n/2^64 is irrelevant here).
    #[inline]
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in the inclusive range `lo..=hi`.
    #[inline]
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform float in `[0, 1)` with 53 random bits.
    #[inline]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    #[inline]
    pub(crate) fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    #[inline]
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A multiple of `step` in `[lo, hi]`, e.g. amounts "in thousands" as people state them.
    #[inline]
    pub(crate) fn stepped(&mut self, lo: f64, hi: f64, step: f64) -> f64 {
        let steps = ((hi - lo) / step).floor() as i64;
        lo + step * self.int(0, steps.max(0)) as f64
    }

    #[inline]
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks by integer weights; integer arithmetic keeps this platform independent.
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut roll = self.below(total);
        for &(item, w) in items {
            if roll < u64::from(w) {
                return item;
            }
            roll -= u64::from(w);
        }
        items[items.len() - 1].0
    }

    /// A string of `len` characters drawn from `alphabet` (ASCII only).
    pub(crate) fn chars(&mut self, alphabet: &[u8], len: usize) -> String {
        let mut s = String::with_capacity(len);
        for _ in 0..len {
            s.push(char::from(*self.pick(alphabet)));
        }
        s
    }

    pub(crate) fn digits(&mut self, len: usize) -> String {
        self.chars(b"0123456789", len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_stream() {
        let mut a = Dice::for_case(1, 2);
        let mut b = Dice::for_case(1, 2);
        let mut c = Dice::for_case(2, 1);
        let xa: Vec<u64> = (0..8).map(|_| a.u64()).collect();
        let xb: Vec<u64> = (0..8).map(|_| b.u64()).collect();
        let xc: Vec<u64> = (0..8).map(|_| c.u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn ranges_are_respected() {
        let mut d = Dice::for_case(0, 0);
        for _ in 0..10_000 {
            let v = d.int(-3, 5);
            assert!((-3..=5).contains(&v));
            let f = d.float(1.0, 2.0);
            assert!((1.0..2.0).contains(&f));
            let s = d.stepped(1000.0, 5000.0, 500.0);
            assert!((1000.0..=5000.0).contains(&s) && s % 500.0 == 0.0);
        }
    }
}
