//! Moving a whole database: `vorgaenge export` writes it as JSON Lines, `vorgaenge import`
//! reads such a file into either backend (SQLite → PostgreSQL with two commands).
//!
//! The file's first line is `{"vorgaengeExport":{"version":1}}`; every other line is an
//! object with one member naming what it holds: `partner`, `grant`, `client` or `case` (a
//! case with its proposals, saved offers and events). Case documents are plain JSON, each
//! Antrag's `_links.self.href` relative (`vorgaenge/…/antraege/1/1`), so the file can be read
//! with any JSON tool; the import puts back exactly the bytes that were stored, with their
//! `letzteAenderung`, so every answer of the API is the same before and after the move.
//!
//! Signing keys stay behind: a private key does not belong in a data file, and the target
//! makes its own at first start (tokens of the old database end with it; clients ask anew).

mod export;
mod lines;
mod restore;

pub use export::{ExportReport, export};
pub use restore::{is_export, restore_file};
