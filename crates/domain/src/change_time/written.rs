//! The change-time value as written, after the grammar and before the
//! calendar: what `parser.rs` produces and `calendar.rs` consumes. Its own
//! file so that neither of the two depends on the other for these types.

/// The date as written, before calendar validation.
#[derive(Debug, Clone, Copy)]
pub(super) enum DateForm {
    Year,
    Month { month: u32 },
    Day { month: u32, day: u32 },
    Week { week: u32, weekday: u32 },
    Ordinal { day: u32 },
}

/// The time of day as written. Fractions are the digits after the decimal
/// sign, kept as written so that any number of them converts exactly.
#[derive(Debug, Clone, Copy)]
pub(super) enum Clock<'a> {
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
pub(super) enum UtcOffset {
    Utc,
    East { seconds: i32 },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Parsed<'a> {
    pub(super) year: i32,
    pub(super) date: DateForm,
    pub(super) clock: Clock<'a>,
    pub(super) offset: Option<UtcOffset>,
}
