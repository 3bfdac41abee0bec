//! Why a change-time value was refused: [`ChangeTimeError`] and its German
//! texts. Its own file because both the grammar and the calendar step raise
//! it, and the entry point only passes it on.

use thiserror::Error;

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
