//! GET /vorgaenge and GET /vorgaenge/{vorgangsNummer}.

pub mod get;
pub mod list;
pub mod list_params;
