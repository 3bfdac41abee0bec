//! Technical ids in the style of the platform: 24 hex digits like MongoDB ObjectIds
//! (4-byte creation timestamp, 5 random bytes, 3-byte counter).
//!
//! All ids of one case share timestamp and random part and differ in the counter, so
//! they are unique within the case by construction and unique across cases in practice.

use crate::dice::Dice;

const HEX: &[u8; 16] = b"0123456789abcdef";

#[derive(Debug)]
pub(crate) struct IdGen {
    /// Timestamp and random bytes, already rendered (18 hex digits).
    prefix: [u8; 18],
    counter: u32,
}

impl IdGen {
    pub(crate) fn new(d: &mut Dice, created_unix_secs: i64) -> Self {
        let ts = created_unix_secs as u32;
        let random = d.u64() & 0xFF_FFFF_FFFF;
        let mut prefix = [0u8; 18];
        for (i, slot) in prefix[..8].iter_mut().enumerate() {
            *slot = HEX[((ts >> (28 - 4 * i)) & 0xF) as usize];
        }
        for (i, slot) in prefix[8..].iter_mut().enumerate() {
            *slot = HEX[((random >> (36 - 4 * i)) & 0xF) as usize];
        }
        IdGen {
            prefix,
            counter: (d.u64() & 0x0F_FFFF) as u32,
        }
    }

    pub(crate) fn next(&mut self) -> String {
        self.counter = (self.counter + 1) & 0xFF_FFFF;
        // Exact capacity: ids are the most frequent strings of a case.
        let mut id = String::with_capacity(24);
        id.extend(self.prefix.iter().map(|&b| char::from(b)));
        for i in 0..6 {
            id.push(char::from(
                HEX[((self.counter >> (20 - 4 * i)) & 0xF) as usize],
            ));
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hex_and_distinct() {
        let mut d = Dice::for_case(1, 1);
        let mut g = IdGen::new(&mut d, 1_735_689_600);
        let a = g.next();
        let b = g.next();
        assert_eq!(a.len(), 24);
        assert!(a.starts_with("67748580"));
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
