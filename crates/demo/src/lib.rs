//! Demo data for the Vorgänge API v2: a fixed partner world and a deterministic
//! generator of realistic German mortgage cases (Vorgänge).
//!
//! * [`partners`] / [`grants`]: the organisation tree with advisors, editors, a trainee and
//!   a cooperation partner, plus the Übernahmerechte between them.
//! * [`clients`]: one API client per role with a fixed secret.
//! * [`CaseGenerator`]: `case(index)` builds a complete Vorgang with households, property,
//!   project, applications, saved offers with payment plans and financing proposals.
//!   The same `(seed, index)` always yields the same case; the Vorgangsnummer is a keyed
//!   permutation of the index alone ([`vorgangs_nummer`]).
//!
//! The demo world uses indices `0..DEMO_CASES` with [`DEMO_SEED`]; bulk seeding continues at
//! index `DEMO_CASES`, so both never share a Vorgangsnummer.

mod applications;
mod banks;
mod clients;
mod dates;
mod dice;
mod generator;
mod households;
mod ids;
mod json;
mod loans;
mod names;
mod number;
mod offers;
mod partners;
mod payment_plan;
mod places;
mod project;
mod property;
mod zweck;

pub use clients::{DemoClient, clients};
pub use generator::{CaseGenerator, DEMO_CASES, DEMO_SEED, GemerktesAngebot, GeneratedCase};
pub use number::{NUMBER_SPACE, vorgangs_nummer};
pub use partners::{DemoPartner, Grant, PartnerTyp, Role, grants, partners};
