//! `vorgaenge admin`: managing partners, Übernahmerechte, API clients and signing keys in
//! the database, reading the audit records of a case, and `vorgaenge demo-credentials`.
//!
//! Every operation is a library function on `&dyn Store` that returns what it did (so tests
//! call it directly); [`command`] maps the parsed command line onto them and renders the
//! output the binary prints.

pub mod audit;
pub mod clients;
pub mod command;
pub mod grants;
pub mod import_partners;
pub mod keys;
pub mod partners;
pub mod profile;

use std::fmt;

use vorgaenge_store::StoreError;

/// Why an admin operation did nothing.
#[derive(Debug)]
pub enum AdminError {
    /// The input is malformed or would break an invariant (bad id, unknown scope, cycle, …):
    /// every problem found, each with its location where there is one. Exit status 2.
    Rejected(Vec<String>),
    /// A partner, client or grant named in the input does not exist. Exit status 1.
    NotFound(String),
    /// The operation conflicts with what is stored (e.g. adding an existing partner).
    /// Exit status 1.
    Conflict(String),
    /// The database failed. Exit status 1.
    Store(StoreError),
}

/// Result of an admin operation.
pub type AdminResult<T> = Result<T, AdminError>;

impl AdminError {
    /// One rejected input.
    pub fn rejected(problem: impl Into<String>) -> Self {
        AdminError::Rejected(vec![problem.into()])
    }

    /// The process exit status for this error: 2 for rejected input, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            AdminError::Rejected(_) => 2,
            _ => 1,
        }
    }

    /// The lines to print on standard error (without the `error: ` prefix).
    pub fn lines(&self) -> Vec<String> {
        match self {
            AdminError::Rejected(problems) if problems.len() > 1 => {
                let mut lines = problems.clone();
                lines.push(format!("{} problems; nothing was written", problems.len()));
                lines
            }
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminError::Rejected(problems) => f.write_str(&problems.join("; ")),
            AdminError::NotFound(message) | AdminError::Conflict(message) => f.write_str(message),
            AdminError::Store(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for AdminError {}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        AdminError::Store(e)
    }
}

/// A plain text table: a header line, then one line per row, columns padded to the widest
/// cell and separated by two spaces (trailing spaces trimmed).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_columns() {
        let t = table(
            &["id", "name"],
            &[
                vec!["ABC12".into(), "Ä".into()],
                vec!["X".into(), "".into()],
            ],
        );
        assert_eq!(t, "id     name\nABC12  Ä\nX\n");
    }

    #[test]
    fn several_problems_end_with_a_summary() {
        let e = AdminError::Rejected(vec!["a".into(), "b".into()]);
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.lines().len(), 3);
        assert_eq!(AdminError::NotFound("x".into()).exit_code(), 1);
    }
}
