//! `parse_change_time` accepts exactly the language of the contract's
//! pattern: for every string of a large deterministic corpus, the pattern
//! (run by `fancy_regex`, which supports its look-aheads and back-references)
//! matches if and only if the parser does not report a syntax error.

use std::collections::BTreeSet;
use std::time::Instant;

use chrono_tz::Europe::Berlin;
use fancy_regex::Regex;
use vorgaenge_domain::change_time::{CONTRACT_PATTERN, ChangeTimeError, parse_change_time};

/// The alphabet mutations draw from: every character the pattern gives a
/// meaning to, plus `t` and a tab as near misses.
const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', ':', 'T', ' ', 'Z', 'z', '+', '.', ',',
    'W',
];
const NEAR_MISSES: &[char] = &['t', '\t', '[', 'x'];

/// splitmix64: a fixed seed makes the corpus the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn char(&mut self) -> char {
        if self.below(20) == 0 {
            NEAR_MISSES[self.below(NEAR_MISSES.len())]
        } else {
            ALPHABET[self.below(ALPHABET.len())]
        }
    }
}

/// Date forms × time forms × fractions × offsets.
fn structured(corpus: &mut BTreeSet<String>) {
    let years = [
        "2020", "2021", "+2020", "-0001", "0000", "1900", "202", "20201",
    ];
    let dates = [
        "", "-07", "07", "-07-10", "0710", "-0710", "07-10", "-02-29", "-02-30", "-13", "-00",
        "-1", "-W28", "W28", "-W28-5", "-W285", "W28-5", "W285", "-W00", "-W53", "-W52-7",
        "-W28-8", "-W2", "-192", "192", "-366", "-360", "-361", "-367", "-001", "-000", "12",
        "1231", "-12-31", "-123", "1301", "-W", "W",
    ];
    let short_tails = [
        "",
        "T13:00Z",
        " 13",
        "T",
        "T1300+02",
        "t13",
        "T13:00:00.5-05:30",
    ];
    for year in years {
        for date in dates {
            for tail in short_tails {
                corpus.insert(format!("{year}{date}{tail}"));
            }
        }
    }

    let full_dates = [
        "2020-07-10",
        "20200710",
        "2020-W28-5",
        "2020W28",
        "2020-192",
        "2020-07",
        "202007",
        "2021-02-29",
    ];
    let separators = ["", "T", " ", "t", "\t"];
    let clocks = [
        "", "13", "1", "24", "25", "13:00", "1300", "13:0", "13:60", "24:00", "2400", "24:01",
        "24:", "13:00:00", "130000", "13:0000", "1300:00", "13:00:60", "13:00:5", "23:59:59", "00",
        "13:", "1300:",
    ];
    let fractions = [
        "",
        ",5",
        ".123456789",
        ".",
        ".5:00",
        ".530",
        ".530.25",
        ",0",
        ":00",
        "00",
        ".5.5",
    ];
    let offsets = [
        "",
        "Z",
        "z",
        "+02",
        "+0200",
        "+02:00",
        "-05:30",
        "+02:",
        "+2",
        "+24",
        "+23:59",
        "+02:60",
        " 02:00",
        "[Europe/Berlin]",
        "+02:00Z",
        "+023",
        "-",
    ];
    for date in full_dates {
        for separator in separators {
            for clock in clocks {
                for fraction in fractions {
                    for offset in offsets {
                        corpus.insert(format!("{date}{separator}{clock}{fraction}{offset}"));
                    }
                }
            }
        }
    }
}

/// Every string of up to three alphabet characters after each prefix: all
/// ways a value can continue at the points where the pattern branches.
fn exhaustive_suffixes(corpus: &mut BTreeSet<String>) {
    let prefixes = [
        "",
        "2020",
        "2020-",
        "2020-07",
        "2020-07-10T",
        "2020-07-10T13",
        "2020-07-10T13:00",
        "2020-07-10T1300",
        "2020-07-10T13:00:00",
        "2020-W28",
        "2020-07-10T13:00+02",
        "20200710T1300.5",
        "2020-07-10T24",
        "2020-36",
    ];
    let alphabet: Vec<char> = ALPHABET.iter().chain(NEAR_MISSES).copied().collect();
    for prefix in prefixes {
        let mut frontier = vec![prefix.to_owned()];
        for _ in 0..3 {
            let mut next = Vec::with_capacity(frontier.len() * alphabet.len());
            for s in &frontier {
                for &c in &alphabet {
                    let mut longer = s.clone();
                    longer.push(c);
                    next.push(longer);
                }
            }
            corpus.extend(frontier);
            frontier = next;
        }
        corpus.extend(frontier);
    }
}

/// One to three random insertions, deletions or replacements applied to
/// strings already in the corpus, biased towards strings the pattern accepts.
fn mutations(corpus: &mut BTreeSet<String>, accepted: &[String], count: usize) {
    let mut rng = Rng(0x5EED_2020_0710_1300);
    let mut added = 0;
    while added < count {
        let mut s: Vec<char> = accepted[rng.below(accepted.len())].chars().collect();
        for _ in 0..=rng.below(3) {
            let at = rng.below(s.len() + 1);
            match rng.below(3) {
                0 => s.insert(at, rng.char()),
                1 if at < s.len() => {
                    s.remove(at);
                }
                _ if at < s.len() => s[at] = rng.char(),
                _ => s.push(rng.char()),
            }
        }
        if corpus.insert(s.into_iter().collect()) {
            added += 1;
        }
    }
}

/// Every character up to U+3100 (all of Unicode's white space lies below
/// U+3001) and a few beyond, at the places where the pattern looks at
/// something other than an ASCII digit: `[T\s]`, the `\b` after `YYYYMM`, the
/// offset's sign, the decimal sign and the end.
fn character_sweeps(corpus: &mut BTreeSet<String>) {
    let templates = [
        "2020-07-10{}13",
        "202007{}13",
        "2020-07-10T13:00{}",
        "2020-07-10T13:00{}02",
        "2020-07-10T13:00{}5",
        "{}2020-07-10",
    ];
    let beyond = [0xFEFF, 0xFF10, 0xFF34, 0xFFFD, 0x1_0000, 0x1_D7CE];
    for c in (0..=0x3100u32).chain(beyond).filter_map(char::from_u32) {
        // Unicode-aware `\d` takes other scripts' digits; the contract means
        // ECMA-262's ASCII `\d` (see the table tests), so keep them out here.
        if c.is_numeric() && !c.is_ascii_digit() {
            continue;
        }
        for template in templates {
            corpus.insert(template.replace("{}", &c.to_string()));
        }
    }
}

#[test]
fn parser_accepts_exactly_the_contract_pattern() {
    let started = Instant::now();
    let pattern = Regex::new(CONTRACT_PATTERN).expect("the contract's pattern compiles");
    let matches = |s: &str| {
        pattern
            .is_match(s)
            .unwrap_or_else(|e| panic!("regex failed on {s:?}: {e}"))
    };

    let mut corpus = BTreeSet::new();
    structured(&mut corpus);
    exhaustive_suffixes(&mut corpus);
    let accepted: Vec<String> = corpus.iter().filter(|s| matches(s)).cloned().collect();
    mutations(&mut corpus, &accepted, 150_000);
    character_sweeps(&mut corpus);

    let (mut matched, mut ok, mut no_such_date, mut no_such_time, mut syntax) = (0, 0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for s in &corpus {
        let regex_says = matches(s);
        let parsed = parse_change_time(s, Berlin);
        match &parsed {
            Ok(_) => ok += 1,
            Err(ChangeTimeError::NoSuchDate { .. }) => no_such_date += 1,
            Err(ChangeTimeError::NoSuchTime { .. }) => no_such_time += 1,
            Err(ChangeTimeError::Syntax { .. }) => syntax += 1,
        }
        matched += usize::from(regex_says);
        let parser_says = !matches!(parsed, Err(ChangeTimeError::Syntax { .. }));
        if regex_says != parser_says {
            disagreements.push(format!("{s:?}: regex {regex_says}, parser {parsed:?}"));
        }
    }
    println!(
        "{} strings: pattern matches {matched}; parser: {ok} ok, {no_such_date} no such date, \
         {no_such_time} no such time, {syntax} syntax errors; {:?}",
        corpus.len(),
        started.elapsed()
    );
    assert!(
        corpus.len() >= 200_000,
        "corpus too small: {}",
        corpus.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements, e.g.:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(30)].join("\n")
    );
}
