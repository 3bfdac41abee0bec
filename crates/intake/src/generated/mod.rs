//! The Kundenangaben import request as the contract defines it, generated from
//! `kundenangaben-openapi.yaml` by `tools/gen-kundenangaben.py`.
//!
//! [`types`] holds the serde structs (re-exported here); `rules` holds the same schemas as
//! the table that [`crate::parse`] validates against before reading a document into them.

#[rustfmt::skip]
pub(crate) mod rules;
pub mod types;

pub use types::*;
