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
        self.to_utc().to_rfc3339_opts(SecondsFormat::Micros, true)
    }
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
}
