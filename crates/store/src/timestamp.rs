use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

/// An instant with microsecond precision, as stored (microseconds since the Unix epoch, UTC).
///
/// Integers keep ordering and keyset comparisons exact in every backend; text or floating
/// point columns would not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time, truncated to microseconds.
    pub fn now() -> Self {
        Self(Utc::now().timestamp_micros())
    }

    /// Microseconds since the epoch.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// The same instant as a chrono value.
    pub fn to_utc(self) -> DateTime<Utc> {
        Utc.timestamp_micros(self.0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// RFC 3339 in UTC with exactly six fractional digits, e.g. `2024-05-14T07:12:44.512000Z`.
    /// A fixed width keeps the text sortable and lets a client send it back unchanged.
    pub fn to_rfc3339(self) -> String {
        let mut out = Vec::with_capacity(RFC3339_LEN);
        self.write_rfc3339(&mut out);
        String::from_utf8(out).expect("RFC 3339 text is ASCII")
    }

    /// Appends the text of [`Timestamp::to_rfc3339`] to `out`. Every case response's entity
    /// tag and every list item carries one, where chrono's formatter (and the `String` it
    /// builds) took a few per cent of the CPU; the years 0–9999 are written here directly,
    /// others (which chrono writes with a sign) by chrono.
    pub fn write_rfc3339(self, out: &mut Vec<u8>) {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        if !(0..=9999).contains(&year) {
            let text = self.to_utc().to_rfc3339_opts(SecondsFormat::Micros, true);
            out.extend_from_slice(text.as_bytes());
            return;
        }
        let of_day = secs.rem_euclid(86_400);
        let mut text = *b"0000-00-00T00:00:00.000000Z";
        digits(&mut text[0..4], year);
        digits(&mut text[5..7], month);
        digits(&mut text[8..10], day);
        digits(&mut text[11..13], of_day / 3600);
        digits(&mut text[14..16], of_day / 60 % 60);
        digits(&mut text[17..19], of_day % 60);
        digits(&mut text[20..26], micros);
        out.extend_from_slice(&text);
    }
}

/// The length of [`Timestamp::to_rfc3339`]'s text for the years 0–9999.
pub const RFC3339_LEN: usize = 27;

/// Writes `value` as decimal digits filling `slot` (zero-padded; `value` fits).
fn digits(slot: &mut [u8], mut value: i64) {
    for place in slot.iter_mut().rev() {
        *place = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Year, month and day of the proleptic Gregorian calendar for a count of days since
/// 1970-01-01 (H. Hinnant's `civil_from_days`: eras of 400 years, March-based years).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value.timestamp_micros())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_fixed_micros() {
        let t = Timestamp(1_715_670_764_512_000);
        assert_eq!(t.to_rfc3339(), "2024-05-14T07:12:44.512000Z");
        assert_eq!(Timestamp::from(t.to_utc()), t);
    }

    fn chrono_text(t: Timestamp) -> String {
        t.to_utc().to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    #[test]
    fn writes_what_chrono_writes() {
        let day = 86_400_000_000_i64;
        let edges = [
            0,
            -1,
            1,
            day - 1,
            -day,
            // 0000-01-01T00:00:00Z and one microsecond before it (chrono's signed form).
            -62_167_219_200_000_000,
            -62_167_219_200_000_001,
            // 9999-12-31T23:59:59.999999Z and one microsecond after it.
            253_402_300_799_999_999,
            253_402_300_800_000_000,
            // Leap days and century rules: 2000-02-29, 1900-03-01, 2100-02-28.
            951_782_400_000_000,
            -2_203_891_200_000_000,
            4_107_456_000_000_000,
            i64::MIN,
            i64::MAX,
        ];
        // A fixed-seed walk over ±10,000 years, in steps that hit every month and time of day.
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let walk = (0..200_000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 630_000_000_000_000_000) as i64 - 315_000_000_000_000_000
        });
        for micros in edges.into_iter().chain(walk) {
            let t = Timestamp(micros);
            assert_eq!(t.to_rfc3339(), chrono_text(t), "{micros}");
        }
    }
}
