//! What every operation on cases starts from, taken from the request in one extractor: the
//! shared state, the caller the token gate verified, and the API version of the route.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::caller::Authenticated;
use crate::error::ApiError;
use crate::links::ApiVersion;
use crate::state::AppState;

/// The request's context. A route without the token gate answers 401 (see
/// [`Authenticated`]'s extractor), never a case.
#[derive(Debug, Clone)]
pub struct Context {
    pub state: AppState,
    pub auth: Authenticated,
    /// The version of the route's API (the one the links of the answer point into).
    pub version: ApiVersion,
}

impl FromRequestParts<AppState> for Context {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = Authenticated::from_request_parts(parts, state).await?;
        // Every router sets it (see `router.rs`); missing, the routes are miswired.
        let version = parts
            .extensions
            .get::<ApiVersion>()
            .copied()
            .ok_or_else(|| ApiError::Internal("a route without its API version".into()))?;
        Ok(Context {
            state: state.clone(),
            auth,
            version,
        })
    }
}
