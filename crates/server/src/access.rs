//! The one place where a request reaches a case.
//!
//! Every operation on a case goes through [`load_case`] / [`load_meta`]; the visibility rule
//! (who may see which case) belongs here, so that no handler can forget it. An invisible
//! case must answer exactly like a missing one (404), never 403, to leak nothing.

use vorgaenge_store::{CaseMeta, StoredCase};

use crate::error::ApiError;
use crate::state::AppState;

/// The case `nr` with its document, or the 404 for it.
pub async fn load_case(state: &AppState, nr: &str) -> Result<StoredCase, ApiError> {
    state
        .store
        .case(nr)
        .await?
        .ok_or_else(|| ApiError::case_not_found(nr))
}

/// Only the columns of case `nr` (no document), or the 404 for it.
pub async fn load_meta(state: &AppState, nr: &str) -> Result<CaseMeta, ApiError> {
    state
        .store
        .case_meta(nr)
        .await?
        .ok_or_else(|| ApiError::case_not_found(nr))
}
