//! The Kundenangaben API: import customer data into a new case, validate it only, and read
//! and replace the customer data of a case. Its errors are RFC 7807 problems.

use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use crate::{Client, ClientError};

/// The media type of the Kundenangaben API's bodies.
pub const MEDIA_TYPE: &str = "application/json;version=1.0";

/// An error answer of the Kundenangaben API (`Problem` / `BadRequestProblem`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: String,
    pub trace_id: String,
    /// Only on a 400 of the validation.
    #[serde(default)]
    pub violations: Vec<ProblemViolation>,
}

/// One field of a request that breaks the contract.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProblemViolation {
    pub field: String,
    pub message: String,
}

#[derive(Deserialize)]
struct ImportResponse {
    vorgangsnummer: String,
}

impl Client {
    fn kundenangaben_url(&self, suffix: &str) -> String {
        format!("{}/kundenangaben{suffix}", self.base)
    }

    /// Sends a request of this API; an error status decodes as a [`Problem`].
    async fn kundenangaben_call(
        &self,
        method: reqwest::Method,
        suffix: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Bytes), ClientError> {
        let mut request = self.authorize(self.http.request(method, self.kundenangaben_url(suffix)));
        if let Some(body) = body {
            request = request
                .header("content-type", MEDIA_TYPE)
                .body(serde_json::to_vec(body).expect("request bodies serialise"));
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        if status >= 400 {
            let problem: Problem =
                serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode {
                    status,
                    path: "$".into(),
                    reason: e.to_string(),
                })?;
            return Err(ClientError::Problem {
                status,
                body: Box::new(problem),
            });
        }
        Ok((status, bytes))
    }

    /// POST /kundenangaben: a new case from `request` (an `ImportKundenangabenRequest`);
    /// answers its Vorgangsnummer.
    pub async fn import_kundenangaben(&self, request: &Value) -> Result<String, ClientError> {
        let (status, body) = self
            .kundenangaben_call(reqwest::Method::POST, "", Some(request))
            .await?;
        Ok(crate::decode::<ImportResponse>(status, &body)?.vorgangsnummer)
    }

    /// POST /kundenangaben/body-validation: checks `request` without creating a case.
    pub async fn validate_kundenangaben(&self, request: &Value) -> Result<String, ClientError> {
        let (status, body) = self
            .kundenangaben_call(reqwest::Method::POST, "/body-validation", Some(request))
            .await?;
        Ok(crate::decode::<ImportResponse>(status, &body)?.vorgangsnummer)
    }

    /// GET /kundenangaben/{nr}: the case's customer data as stored.
    pub async fn kundenangaben(&self, nr: &str) -> Result<Value, ClientError> {
        let (status, body) = self
            .kundenangaben_call(reqwest::Method::GET, &format!("/{nr}"), None)
            .await?;
        crate::decode(status, &body)
    }

    /// PUT /kundenangaben/{nr} with an `UpdateKundenangabenRequest`.
    pub async fn update_kundenangaben(&self, nr: &str, request: &Value) -> Result<(), ClientError> {
        self.kundenangaben_call(reqwest::Method::PUT, &format!("/{nr}"), Some(request))
            .await?;
        Ok(())
    }
}
