//! The `aenderungSeit` / `aenderungBis` query parameters of `GET /v2/vorgaenge`.
//!
//! The upstream contract types them as strings matching an ISO 8601 pattern
//! that uses look-aheads and back-references (see [`CONTRACT_PATTERN`]). The
//! `regex` crate cannot compile it, and a backtracking regex at runtime would
//! only say "no match", so this module parses the same language by hand and
//! can say where and why a value is wrong.
//!
//! This file holds the public surface: the contract's pattern, the entry
//! point [`parse_change_time`] and the error type (from `error.rs`). The
//! grammar lives in `parser.rs`, producing the value as written
//! (`written.rs`); `calendar.rs` turns that into an instant. Kept apart so
//! that syntax and calendar rules can be read and changed one at a time.

mod calendar;
mod error;
mod parser;
mod written;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use error::{ChangeTimeError, PLUS_SIGN_HINT};
use parser::Parser;

/// The pattern of `aenderungSeit` / `aenderungBis` in the upstream contract,
/// verbatim. Only documentation and tests use it; [`parse_change_time`]
/// accepts the same language without a regex engine.
pub const CONTRACT_PATTERN: &str = r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?(\17[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$";

/// Parses an `aenderungSeit` / `aenderungBis` value into the instant it denotes.
///
/// # Accepted syntax
///
/// Exactly the strings matched by the contract's [`CONTRACT_PATTERN`], quirks
/// included, e.g. `2020`, `2020-07`, `2020-07-10`, `20200710`, `2020-W28`,
/// `2020-W28-5`, `2020W285`, `2020-192`, `2020-07-10 13:00`,
/// `2020-07-10T13`, `2020-07-10T1300`, `2020-07-10T24:00`,
/// `2020-07-10T13:00:00,5Z`, `2020-07-10T13:00+0200`, `+2020-07-10`:
///
/// - an optional sign and four year digits; `YYYYMM` (basic year-month) is
///   refused unless a `T` follows, because the pattern's look-ahead
///   `(?!\d{2}\b)` only fires before a non-word character;
/// - the date separator `-` is used everywhere or nowhere (`2020-0710` is
///   refused), except that a week day may take its own `-` (`2020W28-5`);
/// - weeks `W00`–`W52` (the pattern has no `W53`), days of the year
///   `001`–`366` except `360`, which the pattern's `3([0-5]\d|6[1-6])` omits;
/// - a time needs a full date (month, week or day of year) and is introduced
///   by `T` or any Unicode white space (`\s`); the time itself may be empty
///   (`2020-07-10T`, `2020-07-10TZ`);
/// - `hh`, `hh:mm`, `hhmm`, or `24:00`/`2400` (with no seconds); a decimal
///   fraction (`.` or `,`) may follow the hour or the minutes; seconds need
///   minutes and the same separator as the minutes (`13:00:00`, `130000`);
/// - `Z`, `z`, `±hh`, `±hhmm`, `±hh:mm` and (another quirk) `±hh:`;
/// - digits are ASCII only: the pattern is meant for ECMA-262, whose `\d`
///   is `[0-9]` (a Unicode-aware engine would also take e.g. `２０２０`).
///
/// # Meaning
///
/// - Omitted parts are the start of the period: `2020` is 2020-01-01T00:00,
///   `2020-07` is July 1st, `2020-W28` is the Monday of ISO week 28 of ISO
///   week-year 2020 and `2020-W28-5` its Friday, `2020-192` the 192nd day.
///   So `aenderungSeit=2020-07` includes all of July and
///   `aenderungBis=2020-08` excludes all of August.
/// - A fraction applies to the last component given: `T13,5` is 13:30.
///   Precision is microseconds; further digits are truncated, never rounded,
///   so a bound never moves past the instant written.
/// - `24:00` is midnight at the end of the day, i.e. 00:00 of the next day.
/// - `Z`/`z` is UTC, `±hh[[:]mm]` a fixed offset. Without an offset the value
///   is local time in `zone` (the server's configured zone): in a
///   daylight-saving gap the result is the first instant after the gap (the
///   moment the clocks jump), in an overlap the earlier of the two instants.
///
/// # Errors
///
/// [`ChangeTimeError::Syntax`] when the pattern does not match, with the
/// first offending position; [`ChangeTimeError::NoSuchDate`] or
/// [`ChangeTimeError::NoSuchTime`] when it matches but names no real instant
/// (`2020-02-31`, `2021-366`, `2020-W00`, `T24:00,5`, or the pattern's
/// `hhmm.fffss.fff`, a fractional minute followed by seconds). API handlers
/// can tell "not ISO 8601" from "no such date" with
/// [`ChangeTimeError::is_syntax`].
pub fn parse_change_time(input: &str, zone: Tz) -> Result<DateTime<Utc>, ChangeTimeError> {
    let chars: Vec<char> = input.chars().collect();
    let parsed = match Parser::new(&chars).parse() {
        Ok(parsed) => parsed,
        Err(mut error) => {
            if let ChangeTimeError::Syntax { plus_sign_hint, .. } = &mut error {
                *plus_sign_hint = space_was_plus(&chars);
            }
            return Err(error);
        }
    };
    parsed.instant(zone)
}

/// Would the value parse if one of its spaces were a `+`? Form decoding turns
/// an unencoded `+` into a space, which is the most common way a correct
/// offset (`+02:00`) or signed year reaches us broken.
fn space_was_plus(chars: &[char]) -> bool {
    chars.iter().enumerate().any(|(i, &c)| {
        if c != ' ' {
            return false;
        }
        let mut repaired = chars.to_vec();
        repaired[i] = '+';
        Parser::new(&repaired).parse().is_ok()
    })
}
