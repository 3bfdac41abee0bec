//! The write operations and the events of a case.

use serde::Serialize;
use serde_json::json;
use vorgaenge_model::{Ereignis, ErrorBody, StatusDTO, Vorgang};

use crate::{Client, ClientError, decode};

/// A write the server accepted: its status and the case's new entity tag (`ETag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub status: u16,
    pub etag: Option<String>,
}

impl Client {
    /// Sends `body` as JSON with `method` to `url`; `If-Match` when given. Errors decode
    /// as the contract's Error body.
    async fn send_json(
        &self,
        method: reqwest::Method,
        url: &str,
        content_type: &str,
        body: &impl Serialize,
        if_match: Option<&str>,
    ) -> Result<(Written, bytes::Bytes), ClientError> {
        let mut request = self
            .authorize(self.http.request(method, url))
            .header("content-type", content_type)
            .body(serde_json::to_vec(body).expect("request bodies serialise"));
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (etag, trace_id) = (header("etag"), header("x-traceid"));
        let bytes = response.bytes().await?;
        if status >= 400 {
            let body: Box<ErrorBody> = Box::new(decode(status, &bytes)?);
            return Err(ClientError::Api {
                status,
                body,
                trace_id,
            });
        }
        Ok((Written { status, etag }, bytes))
    }

    /// PATCH the case with a JSON Patch array (the contract's PatchOperation items);
    /// answers the updated case and its entity tag.
    pub async fn patch_vorgang(
        &self,
        nr: &str,
        operations: &impl Serialize,
        if_match: Option<&str>,
    ) -> Result<(Vorgang, Written), ClientError> {
        let (written, body) = self
            .send_json(
                reqwest::Method::PATCH,
                &self.case_url(nr, ""),
                "application/json-patch+json",
                operations,
                if_match,
            )
            .await?;
        Ok((decode(written.status, &body)?, written))
    }

    /// PUT …/kundenBetreuer.
    pub async fn set_kunden_betreuer(
        &self,
        nr: &str,
        partner_id: &str,
        if_match: Option<&str>,
    ) -> Result<Written, ClientError> {
        self.put_partner(nr, "/kundenBetreuer", partner_id, if_match)
            .await
    }

    /// PUT …/vorgangsBearbeiter.
    pub async fn set_vorgangs_bearbeiter(
        &self,
        nr: &str,
        partner_id: &str,
        if_match: Option<&str>,
    ) -> Result<Written, ClientError> {
        self.put_partner(nr, "/vorgangsBearbeiter", partner_id, if_match)
            .await
    }

    async fn put_partner(
        &self,
        nr: &str,
        suffix: &str,
        partner_id: &str,
        if_match: Option<&str>,
    ) -> Result<Written, ClientError> {
        let body = json!({ "partnerId": partner_id });
        let url = self.case_url(nr, suffix);
        let (written, _) = self
            .send_json(
                reqwest::Method::PUT,
                &url,
                "application/json",
                &body,
                if_match,
            )
            .await?;
        Ok(written)
    }

    /// POST …/antraege/{antrag}/{teil}/entscheidungsreife with `true`.
    pub async fn signal_entscheidungsreife(
        &self,
        nr: &str,
        antrag: i32,
        teil: i32,
    ) -> Result<Written, ClientError> {
        let url = self.case_url(nr, &format!("/antraege/{antrag}/{teil}/entscheidungsreife"));
        let body = json!({ "entscheidungsreifeVomVertriebSignalisiert": true });
        let (written, _) = self
            .send_json(reqwest::Method::POST, &url, "application/json", &body, None)
            .await?;
        Ok(written)
    }

    /// POST …/antraege/{antrag}/{teil}/status.
    pub async fn set_antrags_status(
        &self,
        nr: &str,
        antrag: i32,
        teil: i32,
        status: &StatusDTO,
    ) -> Result<Written, ClientError> {
        let url = self.case_url(nr, &format!("/antraege/{antrag}/{teil}/status"));
        let (written, _) = self
            .send_json(
                reqwest::Method::POST,
                &url,
                "application/json",
                status,
                None,
            )
            .await?;
        Ok(written)
    }

    /// POST …/nachricht.
    pub async fn add_nachricht(&self, nr: &str, text: &str) -> Result<Written, ClientError> {
        let url = self.case_url(nr, "/nachricht");
        let body = json!({ "text": text });
        let (written, _) = self
            .send_json(reqwest::Method::POST, &url, "application/json", &body, None)
            .await?;
        Ok(written)
    }

    /// GET /v2/ereignisse/{nr}: the case's events, oldest first.
    pub async fn ereignisse(&self, nr: &str) -> Result<Vec<Ereignis>, ClientError> {
        self.get_url(&format!("{}/v2/ereignisse/{nr}", self.base))
            .await
    }

    /// GET /v2/ereignisse/{nr}/{antrag}/{teil}: the events of one Antrag.
    pub async fn antrags_ereignisse(
        &self,
        nr: &str,
        antrag: i32,
        teil: i32,
    ) -> Result<Vec<Ereignis>, ClientError> {
        self.get_url(&format!("{}/v2/ereignisse/{nr}/{antrag}/{teil}", self.base))
            .await
    }
}
