//! Calendar arithmetic: turning a value as written into an instant. Checks
//! that the date exists (month lengths and their German names, days of the
//! year, ISO week dates), converts clock times and fractions exactly, and
//! resolves local times in the server's zone, daylight-saving gaps included.

use std::cmp::min;

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use super::error::ChangeTimeError;
use super::parser::ascii_digit;
use super::written::{Clock, DateForm, Parsed, UtcOffset};

impl Parsed<'_> {
    pub(super) fn instant(&self, zone: Tz) -> Result<DateTime<Utc>, ChangeTimeError> {
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

/// Resolves a wall-clock time in `zone`, see [`super::parse_change_time`].
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
