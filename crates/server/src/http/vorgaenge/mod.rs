//! GET /vorgaenge, GET and PATCH /vorgaenge/{vorgangsNummer}.

pub mod get;
pub mod list;
pub mod list_params;
pub mod patch;
