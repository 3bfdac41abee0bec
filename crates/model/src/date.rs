//! `format: date` and `format: date-time` values that keep their original text.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};

use crate::text::{excerpt, validated_string};

/// An RFC 3339 `full-date` (`YYYY-MM-DD`) that is a real calendar date.
///
/// The text is kept exactly as received, so values round-trip byte for byte. Because the
/// format is fixed-width, the derived ordering is chronological.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(String);

validated_string!(Date, "a calendar date string YYYY-MM-DD");

impl Date {
    fn check(input: &str) -> Result<(), String> {
        parse_full_date(input.as_bytes())
            .map(|_| ())
            .ok_or_else(|| {
                format!(
                    "invalid date `{}`: expected a calendar date YYYY-MM-DD",
                    excerpt(input)
                )
            })
    }

    /// The calendar date.
    pub fn to_naive_date(&self) -> NaiveDate {
        parse_full_date(self.0.as_bytes()).expect("Date holds a validated full-date")
    }
}

/// Writes `YYYY-MM-DD`. RFC 3339 has only four-digit years, so dates before year 0 or
/// after 9999 are clamped to `0000-01-01` / `9999-12-31`.
impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        let min = NaiveDate::from_ymd_opt(0, 1, 1).expect("valid date");
        let max = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date");
        Self(date.clamp(min, max).format("%Y-%m-%d").to_string())
    }
}

/// An RFC 3339 `date-time` with a mandatory offset (`Z`, `z` or `±hh:mm`), e.g.
/// `2024-05-14T09:12:44.512+02:00`.
///
/// Accepted: `T` or `t` as separator, fractional seconds of any length, second `60`
/// (leap second). Rejected: a missing offset, offsets without colon, and suffixes such as
/// `[Europe/Berlin]`. The text is kept exactly as received, so values round-trip byte for
/// byte; equality and hashing compare that text (`…T09:00:00+02:00` and `…T07:00:00Z`
/// are different values; compare [`DateTime::to_utc`] for the instant).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime(String);

validated_string!(
    DateTime,
    "an RFC 3339 date-time string with offset, e.g. 2024-05-14T09:12:44.512+02:00"
);

impl DateTime {
    fn check(input: &str) -> Result<(), String> {
        parse_date_time(input.as_bytes())
            .map(|_| ())
            .ok_or_else(|| {
                format!(
                    "invalid date-time `{}`: expected an RFC 3339 date-time with offset, \
                 e.g. 2024-05-14T09:12:44.512+02:00 or 2024-05-14T07:12:44Z",
                    excerpt(input)
                )
            })
    }

    /// The instant in UTC (fractional seconds beyond nanoseconds are truncated).
    pub fn to_utc(&self) -> chrono::DateTime<Utc> {
        parse_date_time(self.0.as_bytes()).expect("DateTime holds a validated date-time")
    }
}

/// Writes UTC with exactly three fractional digits (milliseconds, truncated) and `Z`,
/// e.g. `2024-05-14T07:12:44.512Z`, the form the upstream platform uses. Instants before
/// year 0 or after 9999 are clamped to `0000-01-01T00:00:00.000Z` /
/// `9999-12-31T23:59:59.999Z`.
impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(instant: chrono::DateTime<Utc>) -> Self {
        let text = if instant.year() < 0 {
            "0000-01-01T00:00:00.000Z".to_owned()
        } else if instant.year() > 9999 {
            "9999-12-31T23:59:59.999Z".to_owned()
        } else {
            instant.to_rfc3339_opts(SecondsFormat::Millis, true)
        };
        Self(text)
    }
}

/// `n` ASCII digits as a number.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn parse_full_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

fn parse_date_time(b: &[u8]) -> Option<chrono::DateTime<Utc>> {
    // YYYY-MM-DDThh:mm:ss
    if b.len() < 20 || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = parse_full_date(&b[..10])?;
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        // Keep nanosecond precision; further digits are valid but ignored.
        let mut scale = 100_000_000;
        for &c in fraction[..len].iter().take(9) {
            nanos += u32::from(c - b'0') * scale;
            scale /= 10;
        }
        rest = &fraction[len..];
    }
    let offset_seconds: i32 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = i32::try_from(h * 3600 + m * 60).ok()?;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    // chrono represents a leap second as second 59 with nanos >= 1e9.
    let time = if second == 60 {
        NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanos)?
    } else {
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?
    };
    let local = NaiveDateTime::new(date, time);
    let offset = FixedOffset::east_opt(offset_seconds)?;
    Some(
        local
            .and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in ["2024-05-14", "2020-02-29", "0000-01-01", "9999-12-31"] {
            assert_eq!(Date::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "2020-02-30",
            "2021-02-29",
            "2020-13-01",
            "2020-7-10",
            "20200710",
            "2020-07-10T00:00",
            " 2020-07-10",
            "2020-07-1a",
            "",
            "+2020-07-10",
            "２０２０-07-10",
        ] {
            let err = Date::parse(bad).unwrap_err();
            assert!(
                err.contains("expected a calendar date YYYY-MM-DD"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            Date::parse("2020-02-30").unwrap_err(),
            "invalid date `2020-02-30`: expected a calendar date YYYY-MM-DD"
        );
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(
            d.to_naive_date(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(Date::from(d.to_naive_date()), d);
        assert_eq!(
            Date::from(NaiveDate::from_ymd_opt(12345, 1, 1).unwrap()).as_str(),
            "9999-12-31"
        );
        assert_eq!(
            Date::from(NaiveDate::from_ymd_opt(-5, 1, 1).unwrap()).as_str(),
            "0000-01-01"
        );
        assert!(Date::parse("2024-01-01").unwrap() < Date::parse("2024-01-02").unwrap());
    }

    #[test]
    fn date_times() {
        for ok in [
            "2024-05-14T09:12:44.512+02:00",
            "2024-05-14T07:12:44Z",
            "2024-05-14t07:12:44z",
            "2024-05-14T07:12:44.1234567890123Z",
            "2022-02-22T08:31:01.37Z",
            "2024-05-14T07:12:44-00:00",
            "2016-12-31T23:59:60Z",
            "0000-01-01T00:00:00+01:00",
        ] {
            assert_eq!(DateTime::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "2024-05-14T09:12:44",
            "2024-05-14T09:12:44.512",
            "2024-05-14T09:12:44+02:00[Europe/Berlin]",
            "2024-05-14T09:12:44.512+02:00[Europe/Berlin]",
            "2024-05-14 09:12:44Z",
            "2024-05-14T09:12Z",
            "2024-05-14T24:00:00Z",
            "2024-05-14T09:60:00Z",
            "2024-05-14T09:12:61Z",
            "2024-05-14T09:12:44.Z",
            "2024-05-14T09:12:44+0200",
            "2024-05-14T09:12:44+02",
            "2024-05-14T09:12:44+24:00",
            "2024-02-30T09:12:44Z",
            "2024-05-14",
            "",
        ] {
            let err = DateTime::parse(bad).unwrap_err();
            assert!(err.starts_with("invalid date-time `"), "{bad}: {err}");
        }
        let t = DateTime::parse("2024-05-14T09:12:44.512+02:00").unwrap();
        assert_eq!(t.to_utc().to_rfc3339(), "2024-05-14T07:12:44.512+00:00");
        assert_eq!(
            DateTime::from(t.to_utc()).as_str(),
            "2024-05-14T07:12:44.512Z"
        );
        let whole = DateTime::parse("2024-05-14T07:12:44Z").unwrap();
        assert_eq!(
            DateTime::from(whole.to_utc()).as_str(),
            "2024-05-14T07:12:44.000Z"
        );
        let fine = DateTime::parse("2024-05-14T07:12:44.123999999Z").unwrap();
        assert_eq!(fine.to_utc().timestamp_subsec_nanos(), 123_999_999);
        assert_eq!(
            DateTime::from(fine.to_utc()).as_str(),
            "2024-05-14T07:12:44.123Z"
        );
        let early = DateTime::parse("0000-01-01T00:00:00+01:00").unwrap();
        assert_eq!(
            DateTime::from(early.to_utc()).as_str(),
            "0000-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn serde() {
        let d: Date = serde_json::from_str("\"2024-05-14\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-05-14\"");
        let err = serde_json::from_str::<Date>("\"2020-02-30\"").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid date `2020-02-30`: expected a calendar date YYYY-MM-DD")
        );
        let err = serde_json::from_str::<Date>("20200230").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a calendar date string YYYY-MM-DD")
        );
        let t: DateTime = serde_json::from_str("\"2024-05-14T09:12:44.512+02:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2024-05-14T09:12:44.512+02:00\""
        );
        assert!(serde_json::from_str::<DateTime>("\"2024-05-14T09:12:44\"").is_err());
        let owned: DateTime =
            serde_json::from_value(serde_json::json!("2024-05-14T09:12:44Z")).unwrap();
        assert_eq!(owned.as_str(), "2024-05-14T09:12:44Z");
    }
}
