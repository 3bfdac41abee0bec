//! Vorgangsnummern: a keyed permutation of the case index onto `[A-Z0-9]{6}`.
//!
//! The number depends on the index only (never on the seed). Demo world and seeded
//! bulk data use disjoint index ranges, so they can never share a number, and a case
//! keeps its number when it is regenerated with a different seed.
//!
//! Construction: a 6-round Feistel network permutes all 32-bit values; "cycle walking"
//! (re-applying the permutation until the result falls below 36^6) restricts it to a
//! bijection on `0..36^6`. Since 36^6 ≈ 2^31, about two rounds of walking are needed
//! on average. The result is written in base 36 with six digits.

/// Number of distinct Vorgangsnummern (36^6).
pub const NUMBER_SPACE: u64 = 36u64.pow(6);

const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Fixed round keys. Changing them renumbers every case, so they are part of the data format.
const ROUND_KEYS: [u32; 6] = [
    0x5EED_4711,
    0xB4F1_5A17,
    0x9E37_79B9,
    0x7F4A_7C15,
    0xC2B2_AE35,
    0x27D4_EB2F,
];

#[inline]
fn round_function(half: u32, key: u32) -> u32 {
    // murmur3-style finaliser: cheap and mixes all input bits into the low 16 bits.
    let mut h = (half ^ key).wrapping_mul(0x9E37_79B1);
    h ^= h >> 15;
    h = h.wrapping_mul(0x85EB_CA77);
    h ^= h >> 13;
    h & 0xFFFF
}

#[inline]
fn feistel(x: u32) -> u32 {
    let (mut left, mut right) = (x >> 16, x & 0xFFFF);
    for key in ROUND_KEYS {
        let next = left ^ round_function(right, key);
        left = right;
        right = next;
    }
    (left << 16) | right
}

/// The permuted value of `index` in `0..NUMBER_SPACE`.
pub(crate) fn permute(index: u64) -> u64 {
    assert!(
        index < NUMBER_SPACE,
        "case index {index} exceeds the number space"
    );
    let mut x = index as u32;
    loop {
        x = feistel(x);
        if u64::from(x) < NUMBER_SPACE {
            return u64::from(x);
        }
    }
}

/// The Vorgangsnummer of the case with this index (six characters `[A-Z0-9]`).
///
/// # Panics
/// If `index >= 36^6`.
pub fn vorgangs_nummer(index: u64) -> String {
    let mut value = permute(index);
    let mut buf = [b'0'; 6];
    for slot in buf.iter_mut().rev() {
        *slot = ALPHABET[(value % 36) as usize];
        value /= 36;
    }
    let mut nummer = String::with_capacity(6);
    nummer.extend(buf.iter().map(|&b| char::from(b)));
    nummer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feistel_is_invertible_on_samples() {
        // A Feistel network is a permutation by construction; spot-check injectivity.
        let mut seen: Vec<u32> = (0..100_000u32).map(feistel).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
    }

    #[test]
    fn last_index_is_valid() {
        assert_eq!(vorgangs_nummer(NUMBER_SPACE - 1).len(), 6);
    }
}
