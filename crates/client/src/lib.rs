//! A typed client for the Vorgänge API, over the same model types the server speaks.
//!
//! Every answer is decoded into the contract's types, so a response that strays from the
//! contract fails loudly in the caller. [`Client::raw`] gives the undecoded response for
//! checks on status, headers and bytes.

pub mod kundenangaben;
mod writes;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use vorgaenge_model::{
    Antraege, Antrag, ErrorBody, FinanzierungsvorschlaegeResource, Finanzierungsvorschlag,
    GemerkteAngeboteResource, Partner, PathError, Vorgaenge, Vorgang, Zahlungsplaene,
};

/// What can go wrong with a call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("HTTP transport: {0}")]
    Http(#[from] reqwest::Error),
    /// The server answered with an error status and the contract's Error body.
    #[error("{status}: {}", body.message)]
    Api {
        status: u16,
        body: Box<ErrorBody>,
        trace_id: Option<String>,
    },
    /// The Kundenangaben API answered with an error status and its RFC 7807 problem.
    #[error("{status}: {}", body.detail)]
    Problem {
        status: u16,
        body: Box<kundenangaben::Problem>,
    },
    /// The token endpoint refused the client's credentials or request.
    #[error("token refused: {0}")]
    TokenRefused(TokenError),
    /// The server answered something that does not decode into the contract's type.
    #[error("undecodable answer ({status}) at {path}: {reason}")]
    Decode {
        status: u16,
        path: String,
        reason: String,
    },
}

impl ClientError {
    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::Decode { status, .. }
            | Self::Problem { status, .. } => Some(*status),
            Self::TokenRefused(e) => Some(e.status),
            Self::Http(e) => e.status().map(|s| s.as_u16()),
        }
    }
}

pub use writes::Written;

/// An undecoded response.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Parameters of the case list; `None` leaves the server's default.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub daten_kontext: Option<String>,
    pub aenderung_seit: Option<String>,
    pub aenderung_bis: Option<String>,
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub limit: Option<i64>,
}

impl ListRequest {
    fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        };
        put("datenKontext", &self.daten_kontext);
        put("aenderungSeit", &self.aenderung_seit);
        put("aenderungBis", &self.aenderung_bis);
        put("sort", &self.sort);
        put("page", &self.page.map(|p| p.to_string()));
        put("limit", &self.limit.map(|l| l.to_string()));
        q.finish()
    }
}

/// The token endpoint's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    pub scope: String,
}

/// The token endpoint's refusal (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, thiserror::Error)]
#[error("{status} {error}: {error_description}")]
pub struct TokenError {
    #[serde(skip)]
    pub status: u16,
    pub error: String,
    pub error_description: String,
}

/// A client bound to one server and API version, optionally with a bearer token that every
/// request carries.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    version: &'static str,
    token: Option<std::sync::Arc<str>>,
}

impl Client {
    /// A v2 client for the server at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str) -> Self {
        Self::with_http(base_url, reqwest::Client::new())
    }

    /// The same over `http`, e.g. a client that trusts a company's own CA.
    pub fn with_http(base_url: &str, http: reqwest::Client) -> Self {
        Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
            version: "v2",
            token: None,
        }
    }

    /// The same client sending `Authorization: Bearer <token>`.
    pub fn with_token(&self, token: &str) -> Self {
        Self {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Asks the token endpoint for a client-credentials token (HTTP Basic), with optional
    /// `scope` and further form parameters (`subject`, `actor`).
    pub async fn request_token(
        &self,
        client_id: &str,
        client_secret: &str,
        form: &[(&str, &str)],
    ) -> Result<Result<TokenResponse, TokenError>, ClientError> {
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("grant_type", "client_credentials");
        for (k, v) in form {
            body.append_pair(k, v);
        }
        let response = self
            .http
            .post(format!("{}/auth/token", self.base))
            .basic_auth(
                form_urlencoded::byte_serialize(client_id.as_bytes()).collect::<String>(),
                Some(form_urlencoded::byte_serialize(client_secret.as_bytes()).collect::<String>()),
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.finish())
            .send()
            .await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        let parse_error = |e: serde_json::Error| ClientError::Decode {
            status,
            path: "$".into(),
            reason: e.to_string(),
        };
        if status == 200 {
            Ok(Ok(serde_json::from_slice(&bytes).map_err(parse_error)?))
        } else {
            let mut error: TokenError = serde_json::from_slice(&bytes).map_err(parse_error)?;
            error.status = status;
            Ok(Err(error))
        }
    }

    /// A client carrying a fresh token for these credentials (all registered scopes).
    pub async fn authenticated(
        &self,
        client_id: &str,
        client_secret: &str,
    ) -> Result<Client, ClientError> {
        match self.request_token(client_id, client_secret, &[]).await? {
            Ok(token) => Ok(self.with_token(&token.access_token)),
            Err(e) => Err(ClientError::TokenRefused(e)),
        }
    }

    fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// The same client speaking v3.
    pub fn v3(&self) -> Self {
        Self {
            version: "v3",
            ..self.clone()
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn case_url(&self, nr: &str, suffix: &str) -> String {
        format!("{}/{}/vorgaenge/{nr}{suffix}", self.base, self.version)
    }

    /// Any request, undecoded. `path` starts with `/` and may carry a query. An
    /// `Authorization` among `headers` replaces the client's token.
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<RawResponse, ClientError> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        {
            request = self.authorize(request);
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await?;
        Ok(RawResponse {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await?,
        })
    }

    /// GET an absolute URL and decode it as `T`.
    pub async fn get_url<T: DeserializeOwned>(&self, url: &str) -> Result<T, ClientError> {
        let response = self.authorize(self.http.get(url)).send().await?;
        let status = response.status().as_u16();
        let trace_id = response
            .headers()
            .get("x-traceid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await?;
        if status >= 400 {
            let body: Box<ErrorBody> = Box::new(decode(status, &body)?);
            return Err(ClientError::Api {
                status,
                body,
                trace_id,
            });
        }
        decode(status, &body)
    }

    pub async fn vorgang(&self, nr: &str) -> Result<Vorgang, ClientError> {
        self.get_url(&self.case_url(nr, "")).await
    }

    pub async fn vorgaenge(&self, request: &ListRequest) -> Result<Vorgaenge, ClientError> {
        let url = format!(
            "{}/{}/vorgaenge?{}",
            self.base,
            self.version,
            request.query()
        );
        self.get_url(&url).await
    }

    pub async fn antraege(&self, nr: &str) -> Result<Antraege, ClientError> {
        self.get_url(&self.case_url(nr, "/antraege")).await
    }

    pub async fn antraege_zu(&self, nr: &str, antrag: i32) -> Result<Antraege, ClientError> {
        self.get_url(&self.case_url(nr, &format!("/antraege/{antrag}")))
            .await
    }

    pub async fn antrag(&self, nr: &str, antrag: i32, teil: i32) -> Result<Antrag, ClientError> {
        self.get_url(&self.case_url(nr, &format!("/antraege/{antrag}/{teil}")))
            .await
    }

    /// `api_version` is required by v2 (`V2`/`V3`) and ignored by v3.
    pub async fn finanzierungsvorschlaege(
        &self,
        nr: &str,
        api_version: Option<&str>,
    ) -> Result<FinanzierungsvorschlaegeResource, ClientError> {
        let query = api_version
            .map(|v| format!("?apiVersion={v}"))
            .unwrap_or_default();
        self.get_url(&self.case_url(nr, &format!("/finanzierungsvorschlaege{query}")))
            .await
    }

    pub async fn finanzierungsvorschlag(
        &self,
        nr: &str,
        id: &str,
    ) -> Result<Finanzierungsvorschlag, ClientError> {
        self.get_url(&self.case_url(nr, &format!("/finanzierungsvorschlaege/{id}")))
            .await
    }

    pub async fn gemerkte_angebote(
        &self,
        nr: &str,
    ) -> Result<GemerkteAngeboteResource, ClientError> {
        self.get_url(&self.case_url(nr, "/gemerkteAngebote")).await
    }

    pub async fn gemerktes_angebot(
        &self,
        nr: &str,
        nummer: i32,
        api_version: &str,
    ) -> Result<GemerkteAngeboteResource, ClientError> {
        self.get_url(&self.case_url(
            nr,
            &format!("/gemerkteAngebote/{nummer}?apiVersion={api_version}"),
        ))
        .await
    }

    pub async fn zahlungsplaene(
        &self,
        nr: &str,
        nummer: i32,
    ) -> Result<Zahlungsplaene, ClientError> {
        self.get_url(&self.case_url(nr, &format!("/gemerkteAngebote/{nummer}/zahlungsPlaene")))
            .await
    }

    pub async fn kunden_betreuer(&self, nr: &str) -> Result<Partner, ClientError> {
        self.get_url(&self.case_url(nr, "/kundenBetreuer")).await
    }

    pub async fn vorgangs_bearbeiter(&self, nr: &str) -> Result<Partner, ClientError> {
        self.get_url(&self.case_url(nr, "/vorgangsBearbeiter"))
            .await
    }
}

fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    vorgaenge_model::from_json_with_path(body).map_err(|e: PathError| ClientError::Decode {
        status,
        path: e.path.clone(),
        reason: e.reason.clone(),
    })
}
