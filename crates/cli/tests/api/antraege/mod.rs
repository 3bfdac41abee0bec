//! The Anträge of a case: reading them, and the two actions on an Antrag (its status, the
//! signal of decision readiness).

mod entscheidungsreife;
mod get;
mod status;
