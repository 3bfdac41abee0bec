//! Trace ids and the error body: the outermost layer of every request.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{SecondsFormat, Utc};
use vorgaenge_model::ErrorBody;

use crate::error::{ErrorMessage, INTERNAL_MESSAGE};

/// The request and response header carrying the trace id.
pub const TRACE_HEADER: &str = "x-traceid";

/// The trace id of the current request, available to handlers as an extension.
#[derive(Debug, Clone)]
pub struct TraceId(pub String);

impl TraceId {
    /// The caller's id when it is usable in a header and a log line; a fresh one otherwise.
    fn for_request(req: &Request) -> Self {
        let given = req
            .headers()
            .get(TRACE_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()));
        Self(match given {
            Some(v) => v.to_owned(),
            None => uuid::Uuid::new_v4().simple().to_string(),
        })
    }
}

/// Marks an error response whose body is already final (the token endpoint answers in
/// RFC 6749's format, not with the API's Error body).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeepBody;

/// Assigns the trace id, writes the JSON error body for every error response whose routes
/// did not write their own format, and echoes `X-TraceId` on every response.
pub async fn layer(mut req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let trace = TraceId::for_request(&req);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    req.extensions_mut().insert(trace.clone());

    let mut response = next.run(req).await;
    if let Some(message) = pending_error(&mut response, &method, &path, &trace) {
        response = with_error_body(response, &message, &trace);
    }
    if let Ok(value) = HeaderValue::from_str(&trace.0) {
        response.headers_mut().insert(TRACE_HEADER, value);
    }
    crate::access_log::write(&trace.0, &method, started, &response);
    response
}

/// An error answer that still needs its body, with what the body names.
#[derive(Debug)]
pub(crate) struct PendingError {
    pub(crate) message: String,
    pub(crate) path: String,
    pub(crate) trace: TraceId,
}

/// Runs the rest of the request for a layer that writes an error format of its own: the
/// response, and the error that still needs its body in that format, if any.
pub(crate) async fn run_for_errors(req: Request, next: Next) -> (Response, Option<PendingError>) {
    // The trace layer outside has assigned it.
    let trace = req
        .extensions()
        .get::<TraceId>()
        .cloned()
        .unwrap_or_else(|| TraceId(String::new()));
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let pending =
        pending_error(&mut response, &method, &path, &trace).map(|message| PendingError {
            message,
            path,
            trace,
        });
    (response, pending)
}

/// The public message of an error response that still needs its body: the handler's
/// [`ErrorMessage`] (its detail goes to the log), or a default for errors that did not come
/// from a handler (unknown route, wrong method, panic). `None` for a success, and for an
/// error whose body is final ([`KeepBody`]). Each error format's layer writes the body.
fn pending_error(
    response: &mut Response,
    method: &Method,
    path: &str,
    trace: &TraceId,
) -> Option<String> {
    if response.extensions().get::<KeepBody>().is_some() {
        return None;
    }
    let explicit = response.extensions_mut().remove::<ErrorMessage>();
    let status = response.status();
    if let Some(message) = explicit {
        if let Some(detail) = &message.log {
            tracing::error!(trace_id = %trace.0, %method, %path, "{detail}");
        }
        return Some(message.public);
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    if status.is_server_error() {
        tracing::error!(trace_id = %trace.0, %method, %path, %status, "unhandled error response");
    }
    Some(default_message(status, method, path, response))
}

fn default_message(status: StatusCode, method: &Method, path: &str, response: &Response) -> String {
    match status {
        StatusCode::NOT_FOUND => format!("Pfad {path} existiert nicht"),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = response
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            format!("Methode {method} ist für {path} nicht erlaubt; erlaubt: {allow}")
        }
        s if s.is_server_error() => INTERNAL_MESSAGE.to_owned(),
        s => s.canonical_reason().unwrap_or("Fehler").to_owned(),
    }
}

/// Replaces the body of `response` with the Error JSON, keeping status and headers
/// (`Allow`, `Retry-After`, `WWW-Authenticate` must survive).
fn with_error_body(response: Response, message: &str, trace: &TraceId) -> Response {
    let (mut parts, _) = response.into_parts();
    let body = ErrorBody {
        message: message.to_owned(),
        status_code: parts.status.as_u16(),
        status_message: parts
            .status
            .canonical_reason()
            .unwrap_or("Unknown")
            .to_owned(),
        timestamp: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        trace_id: trace.0.clone(),
    };
    let bytes = serde_json::to_vec(&body).expect("the error body always serialises");
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}
