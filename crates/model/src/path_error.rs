//! JSON deserialisation with the location of the first error.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

/// A deserialisation error with the JSON path of the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// JSONPath-style location, e.g. `$.antraege[0].status.antragsteller`; `$` for errors at
    /// the root (syntax errors before any value, trailing characters, wrong root type).
    /// Keys that are not plain identifiers are written as `["key"]`.
    pub path: String,
    /// What is wrong, without position information, e.g.
    /// ``unknown variant `X`, expected one of `TEST_MODUS`, `ECHT_GESCHAEFT` ``.
    pub reason: String,
    /// 1-based line of the error in the input; 0 when unknown (e.g. for [`from_value_with_path`]).
    pub line: usize,
    /// 1-based column of the error in the input; 0 when unknown.
    pub column: usize,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)?;
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for PathError {}

impl PathError {
    fn new(path: String, error: &serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let mut reason = error.to_string();
        if line > 0 {
            let suffix = format!(" at line {line} column {column}");
            if let Some(stripped) = reason.strip_suffix(&suffix) {
                reason.truncate(stripped.len());
            }
        }
        Self {
            path,
            reason,
            line,
            column,
        }
    }
}

fn json_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::from("$");
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                let plain = key
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && key.chars().all(|c| c.is_alphanumeric() || c == '_');
                if plain {
                    out.push('.');
                    out.push_str(key);
                } else {
                    out.push('[');
                    out.push_str(&serde_json::Value::from(key.as_str()).to_string());
                    out.push(']');
                }
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

/// Deserialises a JSON document, reporting the path, reason and position of the first error.
///
/// Trailing non-whitespace after the document is an error (path `$`).
pub fn from_json_with_path<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| PathError::new(json_path(e.path()), e.inner()))?;
    de.end().map_err(|e| PathError::new("$".to_owned(), &e))?;
    Ok(value)
}

/// Like [`from_json_with_path`], for an already parsed [`serde_json::Value`]
/// (`line`/`column` are 0).
pub fn from_value_with_path<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, PathError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| PathError::new(json_path(e.path()), e.inner()))
}

/// Deserialises `value` as `T` and serialises it back (normalises to what `T` keeps).
pub(crate) fn roundtrip_value<T: DeserializeOwned + Serialize>(
    value: serde_json::Value,
) -> Result<serde_json::Value, PathError> {
    let typed: T = from_value_with_path(value)?;
    serde_json::to_value(&typed).map_err(|e| PathError::new("$".to_owned(), &e))
}
