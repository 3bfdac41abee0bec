use std::sync::Arc;

use chrono_tz::Tz;
use vorgaenge_store::Store;

use crate::links::PublicUrl;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub public_url: Arc<PublicUrl>,
    /// Zone for `aenderungSeit`/`aenderungBis` values without an offset.
    pub zone: Tz,
}
