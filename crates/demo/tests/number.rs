//! The Vorgangsnummer permutation: bijective, well-formed, not sequential.

use vorgaenge_demo::{DEMO_CASES, vorgangs_nummer};

fn decode(n: &str) -> u64 {
    n.bytes().fold(0, |acc, b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            _ => panic!("unexpected character in {n}"),
        };
        acc * 36 + u64::from(digit)
    })
}

fn well_formed(n: &str) -> bool {
    n.len() == 6
        && n.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[test]
fn no_duplicates_in_first_two_million_indices() {
    let mut values: Vec<u64> = (0..2_000_000u64)
        .map(|i| {
            let n = vorgangs_nummer(i);
            assert!(well_formed(&n), "index {i}: {n}");
            decode(&n)
        })
        .collect();
    values.sort_unstable();
    let before = values.len();
    values.dedup();
    assert_eq!(values.len(), before, "duplicate Vorgangsnummern");
}

#[test]
fn consecutive_indices_are_not_consecutive_numbers() {
    let mut adjacent = 0;
    for i in 0..100_000u64 {
        let a = decode(&vorgangs_nummer(i));
        let b = decode(&vorgangs_nummer(i + 1));
        if b == a + 1 {
            adjacent += 1;
        }
    }
    assert_eq!(adjacent, 0);
}

#[test]
fn numbers_look_random() {
    let sample: Vec<String> = (0..DEMO_CASES).map(vorgangs_nummer).collect();
    // Both letters and digits appear in most positions, and first characters vary.
    let firsts: std::collections::BTreeSet<char> =
        sample.iter().map(|n| n.chars().next().unwrap()).collect();
    assert!(firsts.len() > 20, "first characters: {firsts:?}");
    println!("first demo numbers: {:?}", &sample[..8]);
}

#[test]
fn demo_and_seed_ranges_are_disjoint() {
    let demo: std::collections::BTreeSet<String> = (0..DEMO_CASES).map(vorgangs_nummer).collect();
    for i in DEMO_CASES..DEMO_CASES + 100_000 {
        assert!(!demo.contains(&vorgangs_nummer(i)));
    }
}

#[test]
fn stable_values() {
    // The numbering is part of the data format: changing it renumbers every demo case.
    let first: Vec<String> = (0..3).map(vorgangs_nummer).collect();
    assert_eq!(first, ["C5ILV9", "8KHVGD", "T8290U"]);
}
