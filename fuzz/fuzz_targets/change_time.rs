//! `aenderungSeit` / `aenderungBis`: any text, in zones with the awkward transitions
//! (half-hour offsets, a skipped day), checked against the contract's pattern itself.

#![no_main]

use std::sync::LazyLock;

use chrono_tz::Tz;
use fancy_regex::Regex;
use libfuzzer_sys::fuzz_target;
use vorgaenge_domain::change_time::{CONTRACT_PATTERN, parse_change_time};

const ZONES: [Tz; 5] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::UTC,
    chrono_tz::America::St_Johns,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Apia,
];

static PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(CONTRACT_PATTERN).expect("the contract's pattern compiles"));

fuzz_target!(|data: &[u8]| {
    let Some((&zone, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let zone = ZONES[usize::from(zone) % ZONES.len()];
    let parsed = parse_change_time(text, zone);
    if let Err(e) = &parsed {
        let _ = e.to_string();
    }

    // The parser accepts exactly the pattern's language. On ASCII only: there `\d`, `\s` and
    // `\b` mean the same in the regex engine and in ECMA-262, which the pattern is meant for.
    if text.is_ascii() {
        let syntax_ok = !parsed.as_ref().is_err_and(|e| e.is_syntax());
        let matches = PATTERN.is_match(text).expect("the pattern runs");
        assert_eq!(
            syntax_ok, matches,
            "parser and pattern disagree on {text:?}"
        );
    }

    // A value in UTC names the same instant whatever the server's zone.
    if text.ends_with(['Z', 'z']) {
        let in_utc = parse_change_time(text, chrono_tz::UTC);
        assert_eq!(parsed, in_utc, "{text:?} depends on the zone");
    }
});
