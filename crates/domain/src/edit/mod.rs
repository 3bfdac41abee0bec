//! Changing a case: every write operation of the contract as a change to the parsed Vorgang,
//! together with the event that records it.
//!
//! A [`Draft`] holds the case being changed. Each change compares with what is there and
//! records an [`EventDraft`] only when something really changes, so that setting a value to
//! what it already is leaves the case, its `letzteAenderung` and its events alone. Time and
//! acting partner of the events are filled in by the caller, which knows the stamp the write
//! gets.
//!
//! One file a concern, so that a change to one kind of write touches one file: `draft.rs`
//! holds the [`Draft`] itself, `events.rs` the event types every change records,
//! `case.rs` the changes to the case's own members (external number, status, Erfasste
//! Daten) and messages, `parties.rs` the two partners, `antraege.rs` the Anträge. The
//! changes are `impl Draft` blocks in their files; this file only re-exports, so that
//! callers keep the paths `crate::edit::…`.

mod antraege;
mod case;
mod draft;
mod events;
mod parties;

pub use antraege::{AntragError, ENTSCHEIDUNGSREIFE, ReadinessFacts};
pub use case::ERFASSTE_DATEN;
pub use draft::Draft;
pub use events::{Aktivitaet, EventDraft, EventTyp};
pub use parties::Party;

#[cfg(test)]
mod tests;
