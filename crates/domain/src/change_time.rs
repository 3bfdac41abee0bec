//! The `aenderungSeit` / `aenderungBis` query parameters of `GET /v2/vorgaenge`.
//!
//! The upstream contract types them as strings matching an ISO 8601 pattern
//! that uses look-aheads and back-references (see [`CONTRACT_PATTERN`]). The
//! `regex` crate cannot compile it, and a backtracking regex at runtime would
//! only say "no match", so this module parses the same language by hand and
//! can say where and why a value is wrong.

use std::cmp::min;

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use thiserror::Error;

/// The pattern of `aenderungSeit` / `aenderungBis` in the upstream contract,
/// verbatim. Only documentation and tests use it; [`parse_change_time`]
/// accepts the same language without a regex engine.
pub const CONTRACT_PATTERN: &str = r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?(\17[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$";

/// Hint appended to syntax errors that look like a form-decoded `+` offset.
pub const PLUS_SIGN_HINT: &str = "ein '+' muss im Query-String als %2B gesendet werden";

/// Why a change-time value was refused.
///
/// Each Display text is a German phrase meant to follow the parameter and its
/// value in an API error message, whose other texts are German too, e.g.
/// `Query-Parameter aenderungSeit: '2020-02-31' ist kein Kalenderdatum:
/// Februar 2020 hat 29 Tage`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChangeTimeError {
    /// The value does not match the contract's ISO 8601 pattern.
    #[error(
        "ist keine Datums-/Zeitangabe nach ISO 8601: {} an Position {position} \
         (erwartet: {expected}){}",
        match found {
            Some(c) => format!("unerwartetes Zeichen {c:?}"),
            None => "unerwartetes Ende".to_owned(),
        },
        if *plus_sign_hint { format!("; {PLUS_SIGN_HINT}") } else { String::new() }
    )]
    Syntax {
        /// 1-based character (not byte) position of the offending character,
        /// or one past the last character when the value ends too early.
        position: usize,
        /// The offending character; `None` when the value ends too early.
        found: Option<char>,
        /// What would have been accepted at `position`, as the German phrase
        /// that follows `erwartet:`.
        expected: &'static str,
        /// The value has a space where a `+` would make it valid: the client
        /// most likely sent `+02:00` unencoded and form decoding turned the
        /// `+` into a space.
        plus_sign_hint: bool,
    },
    /// The value matches the pattern but names no date of the proleptic
    /// Gregorian calendar (`2020-02-31`, day 366 of 2021, week `W00`).
    #[error("ist kein Kalenderdatum: {reason}")]
    NoSuchDate {
        /// Why, e.g. "Februar 2020 hat 29 Tage".
        reason: String,
    },
    /// The value matches the pattern but its time of day has no sensible
    /// meaning (`24:00,5`, a fractional minute followed by seconds).
    #[error("ist keine gültige Uhrzeit: {reason}")]
    NoSuchTime {
        /// Why, e.g. "auf einen Dezimalbruch der Minute können keine Sekunden
        /// folgen".
        reason: String,
    },
}

impl ChangeTimeError {
    /// True when the value is not even shaped like the contract's pattern,
    /// false when it is shaped right but names no real instant.
    pub fn is_syntax(&self) -> bool {
        matches!(self, ChangeTimeError::Syntax { .. })
    }
}

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

/// The date as written, before calendar validation.
#[derive(Debug, Clone, Copy)]
enum DateForm {
    Year,
    Month { month: u32 },
    Day { month: u32, day: u32 },
    Week { week: u32, weekday: u32 },
    Ordinal { day: u32 },
}

/// The time of day as written. Fractions are the digits after the decimal
/// sign, kept as written so that any number of them converts exactly.
#[derive(Debug, Clone, Copy)]
enum Clock<'a> {
    Midnight,
    Hour {
        hour: u32,
        fraction: &'a [char],
    },
    Minute {
        hour: u32,
        minute: u32,
        fraction: &'a [char],
    },
    Second {
        hour: u32,
        minute: u32,
        second: u32,
        fraction: &'a [char],
    },
    EndOfDay {
        fraction: &'a [char],
    },
    /// `hhmm.fffss[.fff]`: the pattern lets basic-format seconds follow a
    /// fractional minute, because its `(?!:)` only keeps the fraction from
    /// running into an extended-format `:ss`.
    MinuteFractionThenSeconds,
}

#[derive(Debug, Clone, Copy)]
enum UtcOffset {
    Utc,
    East { seconds: i32 },
}

#[derive(Debug, Clone, Copy)]
struct Parsed<'a> {
    year: i32,
    date: DateForm,
    clock: Clock<'a>,
    offset: Option<UtcOffset>,
}

/// Recursive descent over the pattern. The pattern is deterministic once one
/// looks at the length of the digit run after the year (month, month+day or
/// day of year), so the parser picks the reading by shape and then reports
/// the first character that does not fit that reading.
struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    /// Whether the date uses the extended format (`-` separators).
    extended_date: bool,
}

impl<'a> Parser<'a> {
    fn new(chars: &'a [char]) -> Self {
        Parser {
            chars,
            pos: 0,
            extended_date: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn error(&self, expected: &'static str) -> ChangeTimeError {
        ChangeTimeError::Syntax {
            position: self.pos + 1,
            found: self.peek(),
            expected,
            plus_sign_hint: false,
        }
    }

    /// Consumes one ASCII digit accepted by `allowed` and returns its value.
    fn digit(
        &mut self,
        allowed: impl Fn(u32) -> bool,
        expected: &'static str,
    ) -> Result<u32, ChangeTimeError> {
        match self.peek().and_then(ascii_digit) {
            Some(d) if allowed(d) => {
                self.pos += 1;
                Ok(d)
            }
            _ => Err(self.error(expected)),
        }
    }

    fn any_digit(&mut self, expected: &'static str) -> Result<u32, ChangeTimeError> {
        self.digit(|_| true, expected)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn digit_run(&self) -> usize {
        self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    }

    fn parse(mut self) -> Result<Parsed<'a>, ChangeTimeError> {
        let year = self.year()?;
        if self.peek().is_none() {
            return Ok(Parsed {
                year,
                date: DateForm::Year,
                clock: Clock::Midnight,
                offset: None,
            });
        }
        let date = self.date()?;
        let (clock, offset) = match self.peek() {
            None => (Clock::Midnight, None),
            Some(c) if c == 'T' || c.is_whitespace() => {
                self.pos += 1;
                self.time()?
            }
            Some(_) => {
                let expected = match date {
                    DateForm::Month { .. } if self.extended_date => {
                        "'-' und ein Tag, 'T' und eine Uhrzeit oder das Ende"
                    }
                    DateForm::Week { weekday: 0, .. } => {
                        "ein Wochentag 1-7, 'T' und eine Uhrzeit oder das Ende"
                    }
                    _ => "'T' und eine Uhrzeit oder das Ende",
                };
                return Err(self.error(expected));
            }
        };
        Ok(Parsed {
            year,
            date,
            clock,
            offset,
        })
    }

    fn year(&mut self) -> Result<i32, ChangeTimeError> {
        let negative = match self.peek() {
            Some('+') => {
                self.pos += 1;
                false
            }
            Some('-') => {
                self.pos += 1;
                true
            }
            _ => false,
        };
        let mut year = 0;
        for _ in 0..4 {
            year = year * 10 + self.any_digit("eine vierstellige Jahreszahl")? as i32;
        }
        // The pattern's `(?!\d{2}\b)`: `YYYYMM` is refused as a whole value
        // (ISO 8601 has no basic year-month form), but the `\b` lets
        // `YYYYMMThh` through.
        if self.digit_run() == 2 && !self.peek_at(2).is_some_and(is_word_char) {
            self.pos += 2;
            return Err(self.error(
                "ein Tag nach dem Monat: das Grundformat YYYYMM ist nicht erlaubt, \
                 bitte YYYY-MM verwenden",
            ));
        }
        Ok(if negative { -year } else { year })
    }

    fn date(&mut self) -> Result<DateForm, ChangeTimeError> {
        let separated = self.eat('-');
        self.extended_date = separated;
        if self.eat('W') {
            return self.week();
        }
        let run = self.digit_run();
        if run == 0 {
            return Err(self.error("ein Monat, eine Kalenderwoche W01-W52 oder ein Tag des Jahres"));
        }
        if run == 3 {
            return Ok(DateForm::Ordinal {
                day: self.ordinal()?,
            });
        }
        let month = self.month()?;
        // The pattern's `\3`: the day repeats the separator the month used.
        let has_day = if separated { self.eat('-') } else { run >= 4 };
        if !has_day {
            if separated && self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.error("'-' vor dem Tag"));
            }
            return Ok(DateForm::Month { month });
        }
        let day = self.day()?;
        Ok(DateForm::Day { month, day })
    }

    fn month(&mut self) -> Result<u32, ChangeTimeError> {
        const EXPECTED: &str = "ein Monat 01-12";
        let tens = self.digit(|d| d <= 1, EXPECTED)?;
        let ones = self.digit(|d| if tens == 0 { d >= 1 } else { d <= 2 }, EXPECTED)?;
        Ok(tens * 10 + ones)
    }

    fn day(&mut self) -> Result<u32, ChangeTimeError> {
        const EXPECTED: &str = "ein Tag des Monats 01-31";
        let tens = self.digit(|d| d <= 3, EXPECTED)?;
        let ones = self.digit(
            |d| match tens {
                0 => d >= 1,
                3 => d <= 1,
                _ => true,
            },
            EXPECTED,
        )?;
        Ok(tens * 10 + ones)
    }

    fn ordinal(&mut self) -> Result<u32, ChangeTimeError> {
        const EXPECTED: &str = "ein Tag des Jahres 001-366";
        let hundreds = self.digit(|d| d <= 3, EXPECTED)?;
        let tens = self.digit(|d| hundreds < 3 || d <= 6, EXPECTED)?;
        let ones = match (hundreds, tens) {
            (0, 0) => self.digit(|d| d >= 1, EXPECTED)?,
            (3, 6) => self.digit(
                |d| (1..=6).contains(&d),
                "ein Tag des Jahres 361-366, denn das Muster der API-Spezifikation \
                 lässt Tag 360 aus",
            )?,
            _ => self.any_digit(EXPECTED)?,
        };
        Ok(hundreds * 100 + tens * 10 + ones)
    }

    fn week(&mut self) -> Result<DateForm, ChangeTimeError> {
        const EXPECTED: &str = "eine Kalenderwoche 01-52";
        let tens = self.digit(|d| d <= 5, EXPECTED)?;
        let ones = self.digit(|d| tens < 5 || d <= 2, EXPECTED)?;
        let week = tens * 10 + ones;
        // Unlike the month's day, the week day's `-` is independent of the
        // date separator: the pattern has `-?[1-7]`, not `\3[1-7]`.
        let weekday = match self.peek().and_then(ascii_digit) {
            Some(d @ 1..=7) => {
                self.pos += 1;
                d
            }
            _ if self.eat('-') => self.digit(|d| (1..=7).contains(&d), "ein Wochentag 1-7")?,
            _ => 0,
        };
        Ok(DateForm::Week { week, weekday })
    }

    /// Everything after the `T` (or white space): an optional clock time,
    /// optional offset, end.
    fn time(&mut self) -> Result<(Clock<'a>, Option<UtcOffset>), ChangeTimeError> {
        let clock = match self.peek() {
            Some(c) if c.is_ascii_digit() => self.clock()?,
            Some('Z' | 'z' | '+' | '-') | None => Clock::Midnight,
            Some(_) => return Err(self.error("eine Stunde 00-24, ein UTC-Offset oder das Ende")),
        };
        let offset = self.offset(match clock {
            Clock::Midnight => "eine Stunde 00-24, ein UTC-Offset oder das Ende",
            Clock::Hour { fraction: [], .. } => {
                "Minuten, ein Dezimalbruch, ein UTC-Offset oder das Ende"
            }
            Clock::Minute { fraction: [], .. } => {
                "Sekunden, ein Dezimalbruch, ein UTC-Offset oder das Ende"
            }
            Clock::Second { fraction: [], .. } => "ein Dezimalbruch, ein UTC-Offset oder das Ende",
            Clock::EndOfDay { fraction: [] } => "ein Dezimalbruch, ein UTC-Offset oder das Ende",
            _ => "ein UTC-Offset oder das Ende",
        })?;
        if self.peek().is_some() {
            return Err(self.error("das Ende nach dem UTC-Offset"));
        }
        Ok((clock, offset))
    }

    fn clock(&mut self) -> Result<Clock<'a>, ChangeTimeError> {
        const HOUR: &str = "eine Stunde 00-24";
        let tens = self.digit(|d| d <= 2, HOUR)?;
        if tens == 2 && self.peek() == Some('4') {
            self.pos += 1;
            self.eat(':');
            for _ in 0..2 {
                self.digit(|d| d == 0, "00 nach Stunde 24, denn erlaubt ist nur 24:00")?;
            }
            let fraction = self.fraction()?;
            return Ok(Clock::EndOfDay { fraction });
        }
        let hour = tens * 10 + self.digit(|d| tens < 2 || d <= 3, HOUR)?;

        const MINUTES: &str = "Minuten 00-59";
        if !matches!(self.peek(), Some(c) if c == ':' || c.is_ascii_digit()) {
            let fraction = self.fraction()?;
            return Ok(Clock::Hour { hour, fraction });
        }
        let extended = self.eat(':');
        let minute = self.digit(|d| d <= 5, MINUTES)? * 10 + self.any_digit(MINUTES)?;

        let fraction = self.fraction()?;
        if !fraction.is_empty() {
            // Basic format only: the fraction's last two digits can double as
            // seconds when a seconds fraction follows (`1300.530.25`); a
            // regex backtracks into that reading, so it is in the language.
            let seconds_fit = fraction.len() >= 3
                && ascii_digit(fraction[fraction.len() - 2]).is_some_and(|d| d <= 5);
            if !extended && seconds_fit && matches!(self.peek(), Some('.' | ',')) {
                self.fraction()?;
                return Ok(Clock::MinuteFractionThenSeconds);
            }
            return Ok(Clock::Minute {
                hour,
                minute,
                fraction,
            });
        }

        // The pattern's `\17`: seconds repeat the minutes' separator.
        let has_seconds = if extended {
            self.eat(':')
        } else {
            self.peek().is_some_and(|c| c.is_ascii_digit())
        };
        if !has_seconds {
            return Ok(Clock::Minute {
                hour,
                minute,
                fraction,
            });
        }
        const SECONDS: &str = "Sekunden 00-59";
        let second = self.digit(|d| d <= 5, SECONDS)? * 10 + self.any_digit(SECONDS)?;
        let fraction = self.fraction()?;
        Ok(Clock::Second {
            hour,
            minute,
            second,
            fraction,
        })
    }

    /// An optional `[.,]\d+`; returns its digits (empty when absent).
    fn fraction(&mut self) -> Result<&'a [char], ChangeTimeError> {
        if !matches!(self.peek(), Some('.' | ',')) {
            return Ok(&[]);
        }
        self.pos += 1;
        let start = self.pos;
        self.any_digit("eine Ziffer nach dem Dezimalzeichen")?;
        self.pos += self.digit_run();
        let fraction = &self.chars[start..self.pos];
        // The pattern's `(?!:)`: `13:00.5:30` would be a fractional minute
        // followed by seconds.
        if self.peek() == Some(':') {
            return Err(self.error("ein UTC-Offset oder das Ende nach einem Dezimalbruch"));
        }
        Ok(fraction)
    }

    fn offset(&mut self, expected: &'static str) -> Result<Option<UtcOffset>, ChangeTimeError> {
        let sign = match self.peek() {
            Some('Z' | 'z') => {
                self.pos += 1;
                return Ok(Some(UtcOffset::Utc));
            }
            Some('+') => 1,
            Some('-') => -1,
            None => return Ok(None),
            Some(_) => return Err(self.error(expected)),
        };
        self.pos += 1;
        const HOURS: &str = "Offset-Stunden 00-23";
        let tens = self.digit(|d| d <= 2, HOURS)?;
        let hours = tens * 10 + self.digit(|d| tens < 2 || d <= 3, HOURS)?;
        // `:?([0-5]\d)?`: a trailing colon without minutes is in the language.
        self.eat(':');
        let minutes = if self.peek().is_some() {
            const MINUTES: &str = "Offset-Minuten 00-59 oder das Ende";
            self.digit(|d| d <= 5, MINUTES)? * 10 + self.any_digit(MINUTES)?
        } else {
            0
        };
        let seconds = sign * (hours * 3600 + minutes * 60) as i32;
        Ok(Some(UtcOffset::East { seconds }))
    }
}

fn ascii_digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else {
        None
    }
}

/// Approximates the regex `\w`. Only white space after `YYYYMM` can change
/// the outcome, and white space is never a word character.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Parsed<'_> {
    fn instant(&self, zone: Tz) -> Result<DateTime<Utc>, ChangeTimeError> {
        let date = self.calendar_date()?;
        let (days, micros) = self.clock.since_midnight()?;
        let local = date
            .and_hms_opt(0, 0, 0)
            .and_then(|midnight| midnight.checked_add_signed(Duration::days(days)))
            .and_then(|day| day.checked_add_signed(Duration::microseconds(micros)))
            .ok_or_else(|| out_of_range(self.year))?;
        match self.offset {
            Some(UtcOffset::Utc) => Ok(local.and_utc()),
            Some(UtcOffset::East { seconds }) => FixedOffset::east_opt(seconds)
                .and_then(|offset| offset.from_local_datetime(&local).single())
                .map(|instant| instant.with_timezone(&Utc))
                .ok_or_else(|| out_of_range(self.year)),
            None => in_zone(local, zone).ok_or_else(|| out_of_range(self.year)),
        }
    }

    fn calendar_date(&self) -> Result<NaiveDate, ChangeTimeError> {
        let year = self.year;
        let no_such_date = |reason: String| ChangeTimeError::NoSuchDate { reason };
        match self.date {
            DateForm::Year => NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| out_of_range(year)),
            DateForm::Month { month } => {
                NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| out_of_range(year))
            }
            DateForm::Day { month, day } => {
                NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
                    let days = days_in_month(year, month);
                    let name = MONTH_NAMES[month as usize - 1];
                    no_such_date(if month == 2 {
                        format!("{name} {} hat {days} Tage", display_year(year))
                    } else {
                        format!("{name} hat {days} Tage")
                    })
                })
            }
            DateForm::Week { week: 0, .. } => Err(no_such_date(
                "es gibt keine Kalenderwoche 00 (ISO-Kalenderwochen beginnen bei 01)".to_owned(),
            )),
            DateForm::Week { week, weekday } => {
                // Week day 0 means "not given": Monday starts the week.
                let weekday = Weekday::try_from(weekday.saturating_sub(1) as u8)
                    .map_err(|_| out_of_range(year))?;
                NaiveDate::from_isoywd_opt(year, week, weekday).ok_or_else(|| out_of_range(year))
            }
            DateForm::Ordinal { day } => NaiveDate::from_yo_opt(year, day).ok_or_else(|| {
                if NaiveDate::from_ymd_opt(year, 1, 1).is_some() {
                    no_such_date(format!("{} hat 365 Tage", display_year(year)))
                } else {
                    out_of_range(year)
                }
            }),
        }
    }
}

impl Clock<'_> {
    /// Whole days (1 for `24:00`) and microseconds after midnight.
    fn since_midnight(&self) -> Result<(i64, i64), ChangeTimeError> {
        const SECOND: u64 = 1_000_000;
        let (days, micros) = match *self {
            Clock::Midnight => (0, 0),
            Clock::Hour { hour, fraction } => (
                0,
                u64::from(hour) * 3600 * SECOND + fraction_micros(fraction, 3600),
            ),
            Clock::Minute {
                hour,
                minute,
                fraction,
            } => (
                0,
                (u64::from(hour) * 3600 + u64::from(minute) * 60) * SECOND
                    + fraction_micros(fraction, 60),
            ),
            Clock::Second {
                hour,
                minute,
                second,
                fraction,
            } => (
                0,
                (u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second)) * SECOND
                    + fraction_micros(fraction, 1),
            ),
            Clock::EndOfDay { fraction } => {
                if fraction.iter().any(|&c| c != '0') {
                    return Err(ChangeTimeError::NoSuchTime {
                        reason: "24:00 ist das Ende des Tages und kann keinen Dezimalbruch \
                                 ungleich 0 haben"
                            .to_owned(),
                    });
                }
                (1, 0)
            }
            Clock::MinuteFractionThenSeconds => {
                return Err(ChangeTimeError::NoSuchTime {
                    reason: "auf einen Dezimalbruch der Minute können keine Sekunden folgen"
                        .to_owned(),
                });
            }
        };
        // Below 24 h because a fraction is below one unit of its component.
        Ok((days, micros as i64))
    }
}

/// `floor(0.<digits> × unit_seconds × 10⁶)`: the fraction of a unit in whole
/// microseconds, truncated, exact for any number of digits (an `f64` would
/// turn `T13:00:00.3` into 299 999 µs).
fn fraction_micros(digits: &[char], unit_seconds: u64) -> u64 {
    let value = |c: &char| u64::from(ascii_digit(*c).unwrap_or(0));
    let split = min(6, digits.len());
    let (head, tail) = digits.split_at(split);
    // The first six digits are whole microseconds of a second ...
    let whole = head
        .iter()
        .chain(std::iter::repeat_n(&'0', 6 - split))
        .fold(0, |acc, c| acc * 10 + value(c));
    // ... and the rest contributes floor(unit × 0.<tail>), which is the carry
    // out of a right-to-left schoolbook multiplication of the tail by unit.
    let carry = tail
        .iter()
        .rev()
        .fold(0, |carry, c| (value(c) * unit_seconds + carry) / 10);
    whole * unit_seconds + carry
}

/// Resolves a wall-clock time in `zone`, see [`parse_change_time`].
fn in_zone(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(min(a, b).with_timezone(&Utc)),
        LocalResult::None => first_instant_after_gap(local, zone),
    }
}

/// The instant at which the clocks jumped over `local`. Chosen for the
/// inclusive lower bound `aenderungSeit=…T02:30` on a spring-forward night:
/// it then keeps every change made at or after 03:00 local, and as the
/// exclusive upper bound it keeps every change before the jump.
fn first_instant_after_gap(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    const STEP: i64 = 60;
    // Gaps are usually an hour; Samoa skipped a whole day in 2011.
    const MAX_STEPS: i64 = 2 * 24 * 60;
    let offset_at =
        |instant: DateTime<Utc>| zone.offset_from_utc_datetime(&instant.naive_utc()).fix();
    for step in 1..=MAX_STEPS {
        let probe = local.checked_add_signed(Duration::seconds(step * STEP))?;
        let Some(after) = zone.from_local_datetime(&probe).earliest() else {
            continue;
        };
        let after = after.with_timezone(&Utc);
        // `probe - STEP` was still in the gap, so the jump happened within
        // the STEP before `after`; the offset is constant on either side.
        let target = offset_at(after);
        let mut low = after.timestamp_micros() - STEP * 1_000_000;
        let mut high = after.timestamp_micros();
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if offset_at(DateTime::from_timestamp_micros(middle)?) == target {
                high = middle;
            } else {
                low = middle;
            }
        }
        return DateTime::from_timestamp_micros(high);
    }
    None
}

const MONTH_NAMES: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 31,
    }
}

fn display_year(year: i32) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

/// chrono covers years ±262 143, so four-digit years always fit; kept so
/// that a future chrono range change is an error, not a panic.
fn out_of_range(year: i32) -> ChangeTimeError {
    ChangeTimeError::NoSuchDate {
        reason: format!(
            "das Jahr {} liegt außerhalb des unterstützten Bereichs",
            display_year(year)
        ),
    }
}
