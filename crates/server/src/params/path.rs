use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use crate::error::ApiError;

/// The path parameters of the matched route.
#[derive(Debug)]
pub struct PathParams(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("Pfad-Parameter ungültig: {e}")))?;
        Ok(Self(
            raw.iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        ))
    }
}

impl PathParams {
    fn raw(&self, name: &str) -> Result<&str, ApiError> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| ApiError::Internal(format!("route has no path parameter {name}")))
    }

    /// `vorgangsNummer`, checked against the contract's pattern `^[A-Z0-9]{6}`. The pattern is
    /// unanchored at the end, so longer values pass and simply are not found.
    pub fn vorgangs_nummer(&self) -> Result<&str, ApiError> {
        let value = self.raw("vorgangsNummer")?;
        if vorgaenge_domain::numbers::is_vorgangs_nummer(value) {
            Ok(value)
        } else {
            Err(ApiError::bad_request(format!(
                "Pfad-Parameter vorgangsNummer: '{value}' entspricht nicht dem Muster ^[A-Z0-9]{{6}} \
                 (sechs Großbuchstaben oder Ziffern)"
            )))
        }
    }

    /// An `int32` path parameter.
    pub fn int32(&self, name: &str) -> Result<i32, ApiError> {
        let value = self.raw(name)?;
        value.parse::<i32>().map_err(|_| {
            ApiError::bad_request(format!(
                "Pfad-Parameter {name}: '{value}' ist keine ganze Zahl im Bereich von int32"
            ))
        })
    }

    /// A free-text path parameter.
    pub fn text(&self, name: &str) -> Result<&str, ApiError> {
        self.raw(name)
    }
}
