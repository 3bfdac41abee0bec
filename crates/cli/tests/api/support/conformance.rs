//! Every answer the suite's servers give, held to our own OpenAPI document: a layer around the
//! router notes each response whose route, method, status, media type or body the document
//! does not describe, and the test fails when its [`super::TestApp`] goes.
//!
//! The layer sits inside the server's outermost layer, which writes the error body of an
//! [`vorgaenge_server::ApiError`] after it: such an answer arrives here without its body and is
//! checked by status only (the error body's one writer is checked by the tests of errors). A
//! request no route matched (the 404 of an unknown path) has no operation to be held to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value, json};

/// What a test's server answered against the document.
#[derive(Clone, Default)]
pub struct Violations(Arc<Mutex<Vec<String>>>);

impl Violations {
    fn note(&self, violation: String) {
        self.0.lock().unwrap().push(violation);
    }

    /// Panics with every violation noted (unless the test fails already).
    pub fn check(&self) {
        let noted = std::mem::take(&mut *self.0.lock().unwrap());
        if !noted.is_empty() && !std::thread::panicking() {
            panic!(
                "answers the OpenAPI document does not describe:\n  {}",
                noted.join("\n  ")
            );
        }
    }
}

/// `app` with every answer checked against the document.
pub fn checked(app: Router, violations: Violations) -> Router {
    app.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let violations = violations.clone();
            async move {
                let method = request.method().as_str().to_ascii_lowercase();
                let response = next.run(request).await;
                let (parts, body) = response.into_parts();
                let bytes = axum::body::to_bytes(body, usize::MAX)
                    .await
                    .expect("a response body");
                if let Some(route) = parts.extensions.get::<MatchedPath>() {
                    let media_type = parts
                        .headers
                        .get(header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let status = parts.status.as_u16();
                    if let Err(violation) =
                        check_answer(route.as_str(), &method, status, media_type, &bytes)
                    {
                        violations.note(violation);
                    }
                }
                Response::from_parts(parts, Body::from(bytes))
            }
        },
    ))
}

/// The document, as the server serves it.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        serde_json::to_value(vorgaenge_server::openapi::document()).expect("the document is JSON")
    })
}

/// Checks one answer: `Err` names what the document does not describe.
pub fn check_answer(
    route: &str,
    method: &str,
    status: u16,
    media_type: &str,
    body: &[u8],
) -> Result<(), String> {
    Answer {
        route,
        method,
        status,
        media_type,
        body,
    }
    .check()
}

/// One answer of the server.
struct Answer<'a> {
    route: &'a str,
    method: &'a str,
    status: u16,
    media_type: &'a str,
    body: &'a [u8],
}

impl Answer<'_> {
    fn check(&self) -> Result<(), String> {
        let Answer {
            route,
            method,
            status,
            ..
        } = self;
        // The routes that hand every path under the Kundenangaben prefix to that API's own
        // router: matched by them alone, a path is one the API does not know (its 404).
        if route.contains("{*") || route.ends_with('/') {
            return Ok(());
        }
        let item = document()["paths"]
            .get(*route)
            .ok_or_else(|| format!("route {route} has no path in the document"))?;
        let Some(operation) = item.get(*method) else {
            // The method is not allowed here, and the document does not offer it either.
            return if *status == 405 {
                Ok(())
            } else {
                Err(format!(
                    "{method} {route} answered {status} but has no operation"
                ))
            };
        };
        let responses = &operation["responses"];
        let response = responses
            .get(status.to_string())
            .or_else(|| responses.get("default"))
            .ok_or_else(|| format!("{method} {route}: status {status} is not documented"))?;
        let response = resolve(response);
        self.check_body(response)
    }

    fn check_body(&self, response: &Value) -> Result<(), String> {
        let Answer {
            route,
            method,
            status,
            media_type,
            body,
        } = self;
        let content = response.get("content").and_then(Value::as_object);
        if body.is_empty() {
            // An error's body is written outside this layer (see the module's comment).
            return match content {
                Some(_) if *status < 400 && *status != 304 => Err(format!(
                    "{method} {route} {status}: the document promises a body, the answer has none"
                )),
                _ => Ok(()),
            };
        }
        let content = content.ok_or_else(|| {
            format!("{method} {route} {status}: a body where the document has none")
        })?;
        let essence = media_type.split(';').next().unwrap_or("").trim();
        let (documented, media) = content
            .get_key_value(*media_type)
            .or_else(|| {
                content
                    .iter()
                    .find(|(k, _)| k.split(';').next().unwrap_or("").trim() == essence)
            })
            .ok_or_else(|| {
                format!(
                    "{method} {route} {status}: media type {media_type:?} not documented (only {:?})",
                    content.keys().collect::<Vec<_>>()
                )
            })?;
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        if !essence.ends_with("json") {
            return Ok(());
        }
        let instance: Value = serde_json::from_slice(body)
            .map_err(|e| format!("{method} {route} {status}: body is not JSON: {e}"))?;
        let key = format!("{method} {route} {status} {documented}");
        let validator = validator(&key, schema)?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{method} {route} {status}: body does not fit the schema: {}",
                errors.join("; ")
            ))
        }
    }
}

/// `value`, or what it refers to when it is a `$ref` into the document.
pub fn resolve(value: &Value) -> &Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document()
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("unresolved {reference}")),
        None => value,
    }
}

/// The compiled schema of one documented answer, built once per test binary.
fn validator(key: &str, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap().get(key) {
        return Ok(found.clone());
    }
    // The schema's `$ref`s point into the document's components; the root carries them.
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document()["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| format!("{key}: the document's schema does not compile: {e}"))?;
    let validator = Arc::new(validator);
    cache
        .lock()
        .unwrap()
        .insert(key.to_owned(), validator.clone());
    Ok(validator)
}
