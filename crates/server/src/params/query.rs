use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use crate::error::ApiError;

/// The decoded query string. Unknown parameters are ignored (tolerant reader); a parameter
/// given twice is refused, since silently picking one would hide a client bug.
#[derive(Debug, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state)
            .await
            .unwrap_or(RawQuery(None));
        Ok(Self::parse(raw.as_deref().unwrap_or("")))
    }
}

impl QueryParams {
    pub fn parse(raw: &str) -> Self {
        Self(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The value of `name`, if given once.
    pub fn get(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(k, _)| k == name);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "Query-Parameter {name}: darf nur einmal angegeben werden"
            )));
        }
        Ok(first)
    }

    /// A required parameter.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)?
            .ok_or_else(|| ApiError::bad_request(format!("Query-Parameter {name}: fehlt")))
    }

    /// The value of `name`, which must be one of `allowed`.
    pub fn one_of<'a>(&self, name: &str, allowed: &[&'a str]) -> Result<Option<&'a str>, ApiError> {
        let Some(value) = self.get(name)? else {
            return Ok(None);
        };
        allowed
            .iter()
            .find(|a| **a == value)
            .map(|a| Some(*a))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Query-Parameter {name}: '{value}' ist ungültig; erlaubt: {}",
                    allowed.join(", ")
                ))
            })
    }

    /// A required parameter that must be one of `allowed`.
    pub fn required_one_of<'a>(
        &self,
        name: &str,
        allowed: &[&'a str],
    ) -> Result<&'a str, ApiError> {
        self.one_of(name, allowed)?.ok_or_else(|| {
            ApiError::bad_request(format!(
                "Query-Parameter {name}: fehlt; erlaubt: {}",
                allowed.join(", ")
            ))
        })
    }

    /// An `int32` parameter within `min..=max`.
    pub fn int_in(&self, name: &str, min: i32, max: i32) -> Result<Option<i32>, ApiError> {
        let Some(value) = self.get(name)? else {
            return Ok(None);
        };
        let n: i32 = value.parse().map_err(|_| {
            ApiError::bad_request(format!(
                "Query-Parameter {name}: '{value}' ist keine ganze Zahl im Bereich von int32"
            ))
        })?;
        if n < min || n > max {
            return Err(ApiError::bad_request(format!(
                "Query-Parameter {name}: {n} liegt außerhalb des erlaubten Bereichs {min} bis {max}"
            )));
        }
        Ok(Some(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_checks() {
        let q = QueryParams::parse("a=1&b=x%2By&c=x+y&d=1&d=2&page=-1&limit=abc");
        assert_eq!(q.get("b").unwrap(), Some("x+y"));
        assert_eq!(q.get("c").unwrap(), Some("x y"));
        assert_eq!(q.get("zz").unwrap(), None);
        assert!(q.get("d").is_err());
        assert!(q.int_in("page", 0, i32::MAX).unwrap_err().status() == 400);
        let ApiError::BadRequest(m) = q.int_in("limit", 1, 100).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("limit") && m.contains("abc"), "{m}");
        assert_eq!(q.one_of("a", &["1", "2"]).unwrap(), Some("1"));
        assert!(q.required_one_of("missing", &["V2"]).is_err());
    }
}
