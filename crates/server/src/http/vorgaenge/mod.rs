//! GET /vorgaenge, GET and PATCH /vorgaenge/{vorgangsNummer}.

pub mod get;
pub mod list;
mod list_body;
pub mod list_params;
pub mod patch;
