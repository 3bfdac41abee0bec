//! The cursor over the value's characters and the grammar of the contract's
//! pattern, by recursive descent. It decides only whether the value is in
//! the pattern's language and where it first leaves it; whether the date
//! exists is `calendar.rs`'s question.

use super::error::ChangeTimeError;
use super::written::{Clock, DateForm, Parsed, UtcOffset};

/// Recursive descent over the pattern. The pattern is deterministic once one
/// looks at the length of the digit run after the year (month, month+day or
/// day of year), so the parser picks the reading by shape and then reports
/// the first character that does not fit that reading.
pub(super) struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    /// Whether the date uses the extended format (`-` separators).
    extended_date: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(chars: &'a [char]) -> Self {
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

    pub(super) fn parse(mut self) -> Result<Parsed<'a>, ChangeTimeError> {
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

pub(super) fn ascii_digit(c: char) -> Option<u32> {
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
