//! Serde types for the upstream Europace "Vorgänge API v2" contract
//! (`openapi-v2.json`, 130 component schemas).
//!
//! * [`generated`] (re-exported at the crate root) holds one struct per object schema, one
//!   enum per distinct enum value list and an alias for every other schema, so each schema
//!   name of the contract exists here. It is produced by `tools/gen-model.py`; do not edit
//!   it by hand. Every property is an `Option` that is omitted when `None` (the contract has
//!   no required response fields and no nullable properties except on `Link`); `null` reads
//!   as `None`, unknown properties are accepted and dropped. `Serialize` is derived;
//!   `Deserialize` is generated (via a small internal helper) because serde's derive would
//!   also accept a JSON array for an object and `{"VALUE": null}` for an enum value. Enum
//!   errors list every allowed value; `required` lists of the contract are left to the
//!   server (all fields are `Option`).
//! * Numbers (`type: number`, with or without `format: double`) are [`serde_json::Number`],
//!   not `f64`: a value is written back the way it was read, so `1500` stays `1500` and
//!   `1500.0` stays `1500.0`, and integers are never turned into floats.
//! * `format: date`, `date-time` and `uri` are [`Date`], [`DateTime`] and [`Uri`]: newtypes
//!   that validate on deserialisation but keep the original text, so a document round-trips
//!   exactly (offsets, fractional-second digits and `t`/`z` spelling are preserved) while
//!   invalid values such as `2020-02-30` or a date-time without offset are rejected.
//! * [`ErrorBody`] is the body of every error response; the contract's untyped `Error`
//!   schema is an alias of it.
//! * [`from_json_with_path`] deserialises and reports the JSON path of the first error
//!   (e.g. `$.antraege[0].status.antragsteller`) as a [`PathError`].

mod date;
mod de;
mod enum_value;
mod ereignis;
mod error_body;
pub mod generated;
mod path_error;
mod text;
mod uri;

pub use date::{Date, DateTime};
pub use enum_value::UnknownEnumValue;
pub use ereignis::{Ereignis, EreignisAntragsStatus, EreignisPartner};
pub use error_body::ErrorBody;
pub use generated::*;
pub(crate) use path_error::roundtrip_value;
pub use path_error::{PathError, from_json_with_path, from_value_with_path};
pub use uri::Uri;

/// The property names of the contract's `Partner` object, in contract order (for checks of
/// stored partner profiles, which hold exactly these minus `_links`).
pub fn partner_fields() -> &'static [&'static str] {
    <Partner as de::Object>::FIELDS
}
