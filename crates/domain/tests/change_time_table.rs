//! Table tests of `parse_change_time`: examples with their instants, calendar
//! and daylight-saving edge cases, and the error texts.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use vorgaenge_domain::change_time::{ChangeTimeError, parse_change_time};

fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("bad expectation {rfc3339}: {e}"))
        .with_timezone(&Utc)
}

fn check_ok(zone: Tz, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(input, expected) in cases {
        match parse_change_time(input, zone) {
            Ok(got) if got == utc(expected) => {}
            other => failures.push(format!("{input:?}: expected {expected}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Expected syntax errors: input, 1-based position, expected-text fragment.
fn check_syntax(cases: &[(&str, usize, &str)]) {
    let mut failures = Vec::new();
    for &(input, position, expected_part) in cases {
        match parse_change_time(input, Berlin) {
            Err(ChangeTimeError::Syntax {
                position: p,
                expected,
                ..
            }) if p == position && expected.contains(expected_part) => {}
            other => failures.push(format!(
                "{input:?}: expected syntax error at {position} ({expected_part}), got {other:?}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Expected errors that are not syntax errors: input, Display text.
fn check_no_such(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(input, message) in cases {
        match parse_change_time(input, Berlin) {
            Err(e) if !e.is_syntax() && e.to_string() == message => {}
            other => failures.push(format!("{input:?}: expected {message:?}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_from_the_contract_are_accepted() {
    check_ok(
        Berlin,
        &[
            ("2020", "2019-12-31T23:00:00Z"),
            ("2020-07", "2020-06-30T22:00:00Z"),
            ("2020-07-10", "2020-07-09T22:00:00Z"),
            ("20200710", "2020-07-09T22:00:00Z"),
            ("2020-W28", "2020-07-05T22:00:00Z"),
            ("2020-W28-5", "2020-07-09T22:00:00Z"),
            ("2020W285", "2020-07-09T22:00:00Z"),
            ("2020-192", "2020-07-09T22:00:00Z"),
            ("2020-07-10 13:00", "2020-07-10T11:00:00Z"),
            ("2020-07-10T13", "2020-07-10T11:00:00Z"),
            ("2020-07-10T13:00", "2020-07-10T11:00:00Z"),
            ("2020-07-10T1300", "2020-07-10T11:00:00Z"),
            ("2020-07-10T24:00", "2020-07-10T22:00:00Z"),
            ("2020-07-10T13:00:00,5Z", "2020-07-10T13:00:00.5Z"),
            ("2020-07-10T13:00:00.123456Z", "2020-07-10T13:00:00.123456Z"),
            ("2020-07-10T13:00+0200", "2020-07-10T11:00:00Z"),
            ("2020-07-10T13:00+02", "2020-07-10T11:00:00Z"),
            ("2020-07-10T13:00-05:30", "2020-07-10T18:30:00Z"),
            ("+2020-07-10", "2020-07-09T22:00:00Z"),
        ],
    );
}

#[test]
fn more_accepted_forms() {
    check_ok(
        Berlin,
        &[
            ("2020-01-15T13:00", "2020-01-15T12:00:00Z"),
            ("20200710T130000Z", "2020-07-10T13:00:00Z"),
            ("20200710T130000,5+0200", "2020-07-10T11:00:00.5Z"),
            ("2020-07-10T13:00:00+02:00", "2020-07-10T11:00:00Z"),
            ("2020-07-10T13:00:00z", "2020-07-10T13:00:00Z"),
            ("2020-07-10T13:00:00-00:00", "2020-07-10T13:00:00Z"),
            ("2020-07-10T13:00+23:59", "2020-07-09T13:01:00Z"),
            ("2020-07T13:00Z", "2020-07-01T13:00:00Z"),
            ("2020-W28T13Z", "2020-07-06T13:00:00Z"),
            ("2020W28-5", "2020-07-09T22:00:00Z"),
            ("2020-W285", "2020-07-09T22:00:00Z"),
            ("2020-192T13Z", "2020-07-10T13:00:00Z"),
            ("2020192T13Z", "2020-07-10T13:00:00Z"),
            ("2020-001", "2019-12-31T23:00:00Z"),
            ("2020-361", "2020-12-25T23:00:00Z"),
            ("2020-07-10\t13:00", "2020-07-10T11:00:00Z"),
            ("2020-07-10\u{a0}13:00", "2020-07-10T11:00:00Z"),
            ("2020-07-10\u{3000}13:00", "2020-07-10T11:00:00Z"),
        ],
    );
}

/// Strings the contract's pattern accepts although they look wrong.
#[test]
fn quirks_of_the_contract_pattern_are_accepted() {
    check_ok(
        Berlin,
        &[
            // `(?!\d{2}\b)` does not fire before a word character such as `T`.
            ("202007T13", "2020-07-01T11:00:00Z"),
            // The time after `T` may be empty.
            ("2020-07-10T", "2020-07-09T22:00:00Z"),
            ("2020-07-10 ", "2020-07-09T22:00:00Z"),
            ("2020-07-10TZ", "2020-07-10T00:00:00Z"),
            ("2020-07-10T+02", "2020-07-09T22:00:00Z"),
            // `:?([0-5]\d)?` allows a colon without offset minutes.
            ("2020-07-10T13+02:", "2020-07-10T11:00:00Z"),
            // A fraction may follow 24:00; only a zero one makes sense.
            ("2020-07-10T24:00,000Z", "2020-07-11T00:00:00Z"),
        ],
    );
}

#[test]
fn fractions_apply_to_the_last_component_and_truncate_to_microseconds() {
    check_ok(
        Berlin,
        &[
            ("2020-07-10T13,5Z", "2020-07-10T13:30:00Z"),
            ("2020-07-10T13.25Z", "2020-07-10T13:15:00Z"),
            ("2020-07-10T13.0000001Z", "2020-07-10T13:00:00.000360Z"),
            ("2020-07-10T00.9999999999Z", "2020-07-10T00:59:59.999999Z"),
            ("2020-07-10T13:30,5Z", "2020-07-10T13:30:30Z"),
            ("2020-07-10T1330.25Z", "2020-07-10T13:30:15Z"),
            ("2020-07-10T13:00.5Z", "2020-07-10T13:00:30Z"),
            ("2020-07-10T13:00:00.3Z", "2020-07-10T13:00:00.3Z"),
            (
                "2020-07-10T13:00:00.1234567891Z",
                "2020-07-10T13:00:00.123456Z",
            ),
            (
                "2020-07-10T13:00:00.9999999Z",
                "2020-07-10T13:00:00.999999Z",
            ),
            (
                "2020-07-10T13:00:00.000000999999999999999999999999Z",
                "2020-07-10T13:00:00Z",
            ),
            ("2020-07-10T13,5", "2020-07-10T11:30:00Z"),
            // Greedy like the regex: the whole run is the minute's fraction.
            ("2020-07-10T1300.530Z", "2020-07-10T13:00:31.8Z"),
        ],
    );
}

#[test]
fn end_of_day_rolls_over_months_and_years() {
    check_ok(
        Berlin,
        &[
            ("2020-07-10T2400", "2020-07-10T22:00:00Z"),
            ("2020-12-31T24:00Z", "2021-01-01T00:00:00Z"),
            ("2020-12-31T24:00", "2020-12-31T23:00:00Z"),
            ("2020-02-28T24:00Z", "2020-02-29T00:00:00Z"),
            ("2021-02-28T24:00Z", "2021-03-01T00:00:00Z"),
            ("2020-06-30T24:00+02:00", "2020-06-30T22:00:00Z"),
            ("2020-366T24:00Z", "2021-01-01T00:00:00Z"),
            ("2020-W52-7T24:00Z", "2020-12-28T00:00:00Z"),
            // The next day's midnight may itself be a DST edge.
            ("2021-03-27T24:00", "2021-03-27T23:00:00Z"),
        ],
    );
}

#[test]
fn leap_years_and_ordinal_days() {
    check_ok(
        Berlin,
        &[
            ("2000-02-29T00Z", "2000-02-29T00:00:00Z"),
            ("2020-02-29T00Z", "2020-02-29T00:00:00Z"),
            ("2024-060T00Z", "2024-02-29T00:00:00Z"),
            ("2021-060T00Z", "2021-03-01T00:00:00Z"),
            ("2020-366T00Z", "2020-12-31T00:00:00Z"),
            ("2021-365T00Z", "2021-12-31T00:00:00Z"),
        ],
    );
    check_no_such(&[
        (
            "2020-02-31",
            "ist kein Kalenderdatum: Februar 2020 hat 29 Tage",
        ),
        (
            "2021-02-29",
            "ist kein Kalenderdatum: Februar 2021 hat 28 Tage",
        ),
        (
            "1900-02-29",
            "ist kein Kalenderdatum: Februar 1900 hat 28 Tage",
        ),
        ("2020-04-31", "ist kein Kalenderdatum: April hat 30 Tage"),
        (
            "20201131T12Z",
            "ist kein Kalenderdatum: November hat 30 Tage",
        ),
        ("2021-366", "ist kein Kalenderdatum: 2021 hat 365 Tage"),
        ("2100366", "ist kein Kalenderdatum: 2100 hat 365 Tage"),
    ]);
}

#[test]
fn iso_weeks() {
    check_ok(
        Berlin,
        &[
            // Week 1 of 2020 starts in 2019; week-years are ISO week-years.
            ("2020-W01T00Z", "2019-12-30T00:00:00Z"),
            ("2020-W01-1T00Z", "2019-12-30T00:00:00Z"),
            ("2021-W01T00Z", "2021-01-04T00:00:00Z"),
            ("2020-W52-7T00Z", "2020-12-27T00:00:00Z"),
            ("2015W527T00Z", "2015-12-27T00:00:00Z"),
        ],
    );
    check_no_such(&[(
        "2020-W00",
        "ist kein Kalenderdatum: es gibt keine Kalenderwoche 00 (ISO-Kalenderwochen beginnen bei 01)",
    )]);
    // 2020 has 53 ISO weeks, but the contract's pattern stops at W52.
    check_syntax(&[
        ("2020-W53", 8, "Kalenderwoche 01-52"),
        ("2020-W53-1", 8, "Kalenderwoche 01-52"),
        ("2020-W28-8", 10, "Wochentag 1-7"),
        ("2020-W288", 9, "Wochentag 1-7"),
    ]);
}

#[test]
fn signed_years() {
    let instant = |y, m, d, h| {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_utc()
    };
    let cases = [
        ("-0001-01-01T00Z", instant(-1, 1, 1, 0)),
        ("-0001-12-31T24:00Z", instant(0, 1, 1, 0)),
        ("-0000-01-01T00Z", instant(0, 1, 1, 0)),
        ("+0000-02-29T00Z", instant(0, 2, 29, 0)),
        ("-9999-W01-1T00Z", {
            let monday = NaiveDate::from_isoywd_opt(-9999, 1, chrono::Weekday::Mon).unwrap();
            monday.and_hms_opt(0, 0, 0).unwrap().and_utc()
        }),
        ("+9999-12-31T24:00Z", instant(10000, 1, 1, 0)),
        // Before 1893 Berlin kept local mean time, UTC+0:53:28.
        (
            "-0001",
            instant(-2, 12, 31, 23) + chrono::Duration::seconds(6 * 60 + 32),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_change_time(input, Berlin), Ok(expected), "{input}");
    }
    check_no_such(&[(
        "-0001-02-29",
        "ist kein Kalenderdatum: Februar -0001 hat 28 Tage",
    )]);
}

#[test]
fn daylight_saving_gap_takes_the_instant_after_the_gap() {
    check_ok(
        Berlin,
        &[
            ("2021-03-28T01:59:59.999999", "2021-03-28T00:59:59.999999Z"),
            ("2021-03-28T02:00", "2021-03-28T01:00:00Z"),
            ("2021-03-28T02:30", "2021-03-28T01:00:00Z"),
            ("2021-03-28T02:59:59.999999", "2021-03-28T01:00:00Z"),
            ("2021-03-28T03:00", "2021-03-28T01:00:00Z"),
            ("2021-03-28T03:00:00.000001", "2021-03-28T01:00:00.000001Z"),
            // An explicit offset is taken as written, gap or not.
            ("2021-03-28T02:30+01:00", "2021-03-28T01:30:00Z"),
            // The LMT-to-CET switch skipped 6 min 32 s, not whole minutes.
            ("1893-04-01T00:03", "1893-03-31T23:06:32Z"),
        ],
    );
    check_ok(
        "America/New_York".parse().unwrap(),
        &[("2021-03-14T02:30", "2021-03-14T07:00:00Z")],
    );
    // Samoa skipped 2011-12-30 entirely.
    check_ok(
        "Pacific/Apia".parse().unwrap(),
        &[
            ("2011-12-30T12:00", "2011-12-30T10:00:00Z"),
            ("2011-12-31T00:00", "2011-12-30T10:00:00Z"),
        ],
    );
}

#[test]
fn daylight_saving_overlap_takes_the_earlier_instant() {
    check_ok(
        Berlin,
        &[
            ("2021-10-31T01:59", "2021-10-30T23:59:00Z"),
            ("2021-10-31T02:00", "2021-10-31T00:00:00Z"),
            ("2021-10-31T02:30", "2021-10-31T00:30:00Z"),
            ("2021-10-31T02:59:59.999999", "2021-10-31T00:59:59.999999Z"),
            ("2021-10-31T03:00", "2021-10-31T02:00:00Z"),
            ("2021-10-31T02:30+01:00", "2021-10-31T01:30:00Z"),
            ("2021-10-31T02:30+02:00", "2021-10-31T00:30:00Z"),
        ],
    );
}

#[test]
fn zone_only_applies_without_offset() {
    let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
    check_ok(
        tokyo,
        &[
            ("2020-07-10T13:00", "2020-07-10T04:00:00Z"),
            ("2020-07-10T13:00Z", "2020-07-10T13:00:00Z"),
        ],
    );
    check_ok(
        chrono_tz::UTC,
        &[("2020-07-10T13:00", "2020-07-10T13:00:00Z")],
    );
}

#[test]
fn examples_from_the_contract_are_rejected() {
    check_syntax(&[
        ("2020-7-10", 6, "Monat 01-12"),
        ("202007", 7, "YYYYMM ist nicht erlaubt"),
        ("2020-13-01", 7, "Monat 01-12"),
        ("2020-07-10T13:60", 15, "Minuten 00-59"),
        (
            "2020-07-10T13:00[Europe/Berlin]",
            17,
            "Sekunden, ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        ("2020-07-10T25", 13, "Stunde 00-24"),
    ]);
}

#[test]
fn more_rejected_forms() {
    check_syntax(&[
        ("", 1, "vierstellige Jahreszahl"),
        ("20", 3, "vierstellige Jahreszahl"),
        ("20200", 6, "Monat 01-12"),
        ("202007 13", 7, "YYYYMM ist nicht erlaubt"),
        (
            "2020T13",
            5,
            "Monat, eine Kalenderwoche W01-W52 oder ein Tag des Jahres",
        ),
        (
            "2020-",
            6,
            "Monat, eine Kalenderwoche W01-W52 oder ein Tag des Jahres",
        ),
        ("2020-0710", 8, "'-' vor dem Tag"),
        ("202007-10", 7, "YYYYMM ist nicht erlaubt"),
        ("2020-07-1", 10, "Tag des Monats"),
        ("2020-07-32", 10, "Tag des Monats"),
        ("2020-07-00", 10, "Tag des Monats"),
        ("2020-00", 7, "Monat 01-12"),
        ("2020-000", 8, "Tag des Jahres 001-366"),
        ("2020-367", 8, "Tag des Jahres 361-366"),
        ("2020-360", 8, "lässt Tag 360 aus"),
        ("2020-400", 6, "Tag des Jahres 001-366"),
        ("2020-07x", 8, "'-' und ein Tag"),
        ("2020-07-10x", 11, "'T' und eine Uhrzeit oder das Ende"),
        ("2020-07-10t13", 11, "'T' und eine Uhrzeit oder das Ende"),
        ("2020-07-10T1", 13, "Stunde 00-24"),
        ("2020-07-10T13:", 15, "Minuten 00-59"),
        ("2020-07-10T13:0", 16, "Minuten 00-59"),
        ("2020-07-10T24:01", 16, "00 nach Stunde 24"),
        (
            "2020-07-10T24:00:00",
            17,
            "ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        (
            "2020-07-10T13:0000",
            17,
            "Sekunden, ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        (
            "2020-07-10T1300:00",
            16,
            "Sekunden, ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        ("2020-07-10T13:00:60", 18, "Sekunden 00-59"),
        (
            "2020-07-10T13:00:00:00",
            20,
            "ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        (
            "2020-07-10T13:00.5:30",
            19,
            "ein UTC-Offset oder das Ende nach einem Dezimalbruch",
        ),
        (
            "2020-07-10T13.5:30",
            16,
            "ein UTC-Offset oder das Ende nach einem Dezimalbruch",
        ),
        ("2020-07-10T13:00.", 18, "Ziffer nach dem Dezimalzeichen"),
        ("2020-07-10T13:00+2", 19, "Offset-Stunden 00-23"),
        ("2020-07-10T13:00+24", 19, "Offset-Stunden 00-23"),
        ("2020-07-10T13:00+02:60", 21, "Offset-Minuten 00-59"),
        ("2020-07-10T13:00+023", 21, "Offset-Minuten 00-59"),
        ("2020-07-10T13:00Z+02", 18, "das Ende nach dem UTC-Offset"),
        (
            "2020-07-10T13:00+02:00Z",
            23,
            "das Ende nach dem UTC-Offset",
        ),
        (
            "2020-07-10T13:00\n",
            17,
            "Sekunden, ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        (
            "2020-07-10TT",
            12,
            "eine Stunde 00-24, ein UTC-Offset oder das Ende",
        ),
        // A regex engine with Unicode `\d` would accept these; ECMA-262's
        // `\d`, which the contract means, is ASCII.
        ("２０２０-07-10", 1, "vierstellige Jahreszahl"),
        ("2020-07-1٠", 10, "Tag des Monats"),
        // U+FEFF is `\s` in ECMA-262 but not in Unicode's White_Space.
        (
            "2020-07-10\u{feff}13",
            11,
            "'T' und eine Uhrzeit oder das Ende",
        ),
    ]);
    // A regex with ECMA-262 semantics would also accept these, because there a
    // back-reference to an unset group matches the empty string; the Rust
    // engines (and PCRE, Java, .NET) fail it, and so do we.
    check_syntax(&[
        ("2020-07-10T59", 12, "Stunde 00-24"),
        (
            "2020-07-10T240000",
            16,
            "ein Dezimalbruch, ein UTC-Offset oder das Ende",
        ),
        ("2020-07-10T13.545.5", 18, "ein UTC-Offset oder das Ende"),
    ]);
}

#[test]
fn matching_but_meaningless_times_are_not_syntax_errors() {
    check_no_such(&[
        (
            "2020-07-10T24:00,5",
            "ist keine gültige Uhrzeit: 24:00 ist das Ende des Tages und kann keinen Dezimalbruch ungleich 0 haben",
        ),
        (
            "2020-07-10T1300.530.25Z",
            "ist keine gültige Uhrzeit: auf einen Dezimalbruch der Minute können keine Sekunden folgen",
        ),
    ]);
}

#[test]
fn error_texts() {
    let message = |input| parse_change_time(input, Berlin).unwrap_err().to_string();
    assert_eq!(
        message("2020-07-10T13:60"),
        "ist keine Datums-/Zeitangabe nach ISO 8601: unerwartetes Zeichen '6' an Position 15 (erwartet: Minuten 00-59)"
    );
    assert_eq!(
        message("2020-07-10T13:"),
        "ist keine Datums-/Zeitangabe nach ISO 8601: unerwartetes Ende an Position 15 (erwartet: Minuten 00-59)"
    );
    assert_eq!(
        message("2020-02-31"),
        "ist kein Kalenderdatum: Februar 2020 hat 29 Tage"
    );
    // Positions count characters, not bytes.
    assert_eq!(
        message("2020-07-10Tü"),
        "ist keine Datums-/Zeitangabe nach ISO 8601: unerwartetes Zeichen 'ü' an Position 12 (erwartet: eine Stunde 00-24, ein UTC-Offset oder das Ende)"
    );
}

#[test]
fn a_space_where_a_plus_belongs_gets_a_hint() {
    let hint = "; ein '+' muss im Query-String als %2B gesendet werden";
    for input in [
        "2020-07-10T13:00 02:00",
        "2020-07-10T13:00:00.5 0200",
        "2020-07-10 13:00 02",
        " 2020-07-10",
    ] {
        let error = parse_change_time(input, Berlin).unwrap_err();
        assert!(
            matches!(
                error,
                ChangeTimeError::Syntax {
                    plus_sign_hint: true,
                    ..
                }
            ),
            "{input:?}: {error:?}"
        );
        assert!(error.to_string().ends_with(hint), "{input:?}: {error}");
    }
    for input in ["2020-07-10T13:00 99", "2020-07-10T13:00 ", "2020 07"] {
        let error = parse_change_time(input, Berlin).unwrap_err();
        assert!(!error.to_string().contains("%2B"), "{input:?}: {error}");
    }
}
