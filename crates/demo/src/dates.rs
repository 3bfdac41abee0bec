//! Date and time helpers: the demo time window, German local time and fast formatting.
//!
//! The spec's `date` fields want `YYYY-MM-DD`, its `date-time` fields RFC 3339 with an
//! offset. We render timestamps in German local time (CET/CEST) like the platform does;
//! the EU daylight-saving rule is computed here instead of pulling in a time-zone database.

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Timelike, Utc};

/// End of the demo time window (exclusive): 2026-11-01T00:00:00Z.
pub(crate) const WINDOW_END_MICROS: i64 = 1_793_491_200_000_000;
/// The window covers the two years before its end.
pub(crate) const WINDOW_MICROS: i64 = 730 * 86_400 * 1_000_000;

pub(crate) fn from_micros(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).expect("timestamp inside chrono's range")
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

pub(crate) fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .expect("date in range")
}

pub(crate) fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    d + TimeDelta::days(days)
}

/// First day of the month after `d` (disbursements and instalments fall on the 1st).
pub(crate) fn next_month_start(d: NaiveDate) -> NaiveDate {
    add_months(ymd(d.year(), d.month(), 1), 1)
}

fn push_num(out: &mut String, value: u32, width: u32) {
    let mut divisor = 10u32.pow(width - 1);
    while divisor > 0 {
        out.push(char::from(b'0' + (value / divisor % 10) as u8));
        divisor /= 10;
    }
}

/// `YYYY-MM-DD` (years 1000..=9999 only, which is all this crate produces).
pub(crate) fn date_str(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, d);
    s
}

fn push_date(s: &mut String, d: NaiveDate) {
    push_num(s, d.year() as u32, 4);
    s.push('-');
    push_num(s, d.month(), 2);
    s.push('-');
    push_num(s, d.day(), 2);
}

/// The last Sunday of a month that has 31 days (March and October).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = ymd(year, month, 31);
    add_days(last, -i64::from(last.weekday().num_days_from_sunday()))
}

/// UTC offset of Germany at this instant: +02:00 between the last Sundays of March and
/// October (switching at 01:00 UTC), +01:00 otherwise.
pub(crate) fn berlin_offset_secs(utc: DateTime<Utc>) -> i32 {
    let year = utc.year();
    let start = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .expect("valid time")
        .and_utc();
    let end = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .expect("valid time")
        .and_utc();
    if utc >= start && utc < end {
        7200
    } else {
        3600
    }
}

/// RFC 3339 in German local time with milliseconds, e.g. `2025-03-14T09:12:44.381+01:00`.
pub(crate) fn local_rfc3339(utc: DateTime<Utc>) -> String {
    let offset = berlin_offset_secs(utc);
    let local = utc.naive_utc() + TimeDelta::seconds(i64::from(offset));
    let mut s = String::with_capacity(29);
    push_date(&mut s, local.date());
    s.push('T');
    push_num(&mut s, local.hour(), 2);
    s.push(':');
    push_num(&mut s, local.minute(), 2);
    s.push(':');
    push_num(&mut s, local.second(), 2);
    s.push('.');
    push_num(&mut s, local.nanosecond() / 1_000_000, 3);
    s.push_str(if offset == 7200 { "+02:00" } else { "+01:00" });
    s
}

/// Local calendar date of an instant in Germany.
pub(crate) fn local_date(utc: DateTime<Utc>) -> NaiveDate {
    (utc.naive_utc() + TimeDelta::seconds(i64::from(berlin_offset_secs(utc)))).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_end_is_first_of_november_2026() {
        assert_eq!(
            from_micros(WINDOW_END_MICROS).to_rfc3339(),
            "2026-11-01T00:00:00+00:00"
        );
    }

    #[test]
    fn daylight_saving_switches() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(berlin_offset_secs(t("2025-03-30T00:59:59Z")), 3600);
        assert_eq!(berlin_offset_secs(t("2025-03-30T01:00:00Z")), 7200);
        assert_eq!(berlin_offset_secs(t("2025-10-26T00:59:59Z")), 7200);
        assert_eq!(berlin_offset_secs(t("2025-10-26T01:00:00Z")), 3600);
        assert_eq!(
            local_rfc3339(t("2025-07-01T10:00:00.123456Z")),
            "2025-07-01T12:00:00.123+02:00"
        );
        assert_eq!(
            local_rfc3339(t("2025-01-01T23:30:00Z")),
            "2025-01-02T00:30:00.000+01:00"
        );
    }

    #[test]
    fn formats_dates() {
        assert_eq!(date_str(ymd(2025, 2, 3)), "2025-02-03");
        assert_eq!(next_month_start(ymd(2025, 12, 17)), ymd(2026, 1, 1));
    }
}
