//! The errors of the Kundenangaben API, in that API's own format: RFC 7807
//! `application/problem+json` `{type, title, status, detail, instance, traceId}`, with
//! `violations` on a 400 of the validation. Handlers answer with [`IntakeError`]; [`layer`],
//! around the whole Kundenangaben router, writes the body for every error there, whoever
//! produced it (the bearer gate, the rate limit, axum's rejections and 405s), so the format
//! holds everywhere.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use vorgaenge_intake::Violation;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;

use crate::error::{ApiError, ErrorMessage};
use crate::trace::{KeepBody, run_for_errors};

/// Paths of the Kundenangaben API.
pub const PREFIX: &str = "/kundenangaben";

/// Writes every error answer of the Kundenangaben router as a problem. It runs inside
/// [`crate::trace::layer`], which assigned the trace id, and around the whole router, so that
/// it sees what the router adds (a 405's `Allow`).
pub async fn layer(mut req: Request, next: Next) -> Response {
    // The outer router matched the prefix only; the API's own router names the operation
    // (`PUT /kundenangaben/{vorgangsnummer}`), which it would append to this one.
    req.extensions_mut().remove::<MatchedPath>();
    let (mut response, pending) = run_for_errors(req, next).await;
    let violations = response.extensions_mut().remove::<Violations>();
    let Some(pending) = pending else {
        return response;
    };
    let mut response = with_problem_body(
        response,
        &pending.message,
        &pending.path,
        &pending.trace.0,
        violations,
    );
    response.extensions_mut().insert(KeepBody);
    response
}

/// The violations of a 400, carried from the handler to [`layer`].
#[derive(Debug, Clone)]
pub(crate) struct Violations(pub(crate) Vec<Violation>);

/// An error answer of the Kundenangaben API.
#[derive(Debug)]
pub enum IntakeError {
    /// An error the rest of the API knows too.
    Api(ApiError),
    /// 400: the body breaks the contract; every violation found.
    Invalid(Vec<Violation>),
    /// 409: kundenBetreuer or Bearbeiter cannot be set.
    Conflict(String),
}

impl From<ApiError> for IntakeError {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl From<vorgaenge_store::StoreError> for IntakeError {
    fn from(e: vorgaenge_store::StoreError) -> Self {
        Self::Api(e.into())
    }
}

impl IntoResponse for IntakeError {
    fn into_response(self) -> Response {
        match self {
            Self::Api(e) => e.into_response(),
            Self::Invalid(violations) => {
                let detail = match violations.as_slice() {
                    [one] => format!("Die Anfrage verletzt die Schnittstelle: {one}"),
                    many => format!(
                        "Die Anfrage verletzt die Schnittstelle an {} Stellen (siehe violations)",
                        many.len()
                    ),
                };
                let mut response = ApiError::bad_request(detail).into_response();
                response.extensions_mut().insert(Violations(violations));
                response
            }
            Self::Conflict(message) => {
                let mut response = StatusCode::CONFLICT.into_response();
                response.extensions_mut().insert(ErrorMessage {
                    public: message,
                    log: None,
                });
                response
            }
        }
    }
}

/// The `type` slug and German `title` of a status.
fn kind(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("constraint-violation", "Ungültige Anfrage"),
        401 => ("unauthorized", "Nicht authentifiziert"),
        403 => ("forbidden", "Keine Berechtigung"),
        404 => ("not-found", "Ressource unbekannt"),
        405 => ("method-not-allowed", "Methode nicht erlaubt"),
        408 => (
            "request-timeout",
            "Zeitüberschreitung beim Lesen der Anfrage",
        ),
        409 => ("conflict", "Konflikt"),
        412 => ("precondition-failed", "Vorbedingung nicht erfüllt"),
        413 => ("payload-too-large", "Anfrage zu groß"),
        415 => ("unsupported-media-type", "Medientyp nicht unterstützt"),
        422 => ("unprocessable-entity", "Daten nicht verarbeitbar"),
        429 => ("too-many-requests", "Zu viele Anfragen"),
        503 => ("service-unavailable", "Dienst nicht verfügbar"),
        s if s >= 500 => ("internal-error", "Interner Fehler"),
        _ => ("bad-request", "Fehlerhafte Anfrage"),
    }
}

/// Replaces the body of `response` with the problem, keeping status and headers
/// (`WWW-Authenticate`, `Retry-After`, `Allow` must survive).
fn with_problem_body(
    response: Response,
    detail: &str,
    instance: &str,
    trace_id: &str,
    violations: Option<Violations>,
) -> Response {
    let (mut parts, _) = response.into_parts();
    let (slug, title) = kind(parts.status);
    let mut body = Map::new();
    body.insert(
        "type".into(),
        format!("https://api.europace.de/kundenangaben/problem/{slug}").into(),
    );
    body.insert("title".into(), title.into());
    body.insert("status".into(), parts.status.as_u16().into());
    body.insert("detail".into(), detail.into());
    body.insert("instance".into(), instance.into());
    body.insert("traceId".into(), trace_id.into());
    if let Some(Violations(violations)) = violations {
        body.insert("violations".into(), json!(violations));
    }
    let bytes = serde_json::to_vec(&Value::Object(body)).expect("a problem always serialises");
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}
