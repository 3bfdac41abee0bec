//! Our OpenAPI 3.1 document, served at `/openapi.json` and `/openapi.yaml`.
//!
//! It is kept by hand, one part per API under `crates/server/openapi/`, and assembled here
//! once, at the first request: the frame (`root.yaml`), the case model's schemas (generated
//! from the upstream contract into `model.json`), and the operations. The case operations are
//! written once and placed under `/v2` and `/v3` ([`versions`]). The HTTP suite holds the
//! document to the router: every operation answers, every route exercised has its operation,
//! and every response the suite sees fits the operation's schema.

mod assemble;
mod versions;

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_norway::Value;

pub use assemble::AssemblyError;

/// The parts, in the order they are merged. A name defined twice is an error.
const PARTS: &[(&str, &str)] = &[
    ("root.yaml", include_str!("../../openapi/root.yaml")),
    ("model.json", include_str!("../../openapi/model.json")),
    ("auth.yaml", include_str!("../../openapi/auth.yaml")),
    (
        "ereignisse.yaml",
        include_str!("../../openapi/ereignisse.yaml"),
    ),
    (
        "kundenangaben.yaml",
        include_str!("../../openapi/kundenangaben.yaml"),
    ),
    ("betrieb.yaml", include_str!("../../openapi/betrieb.yaml")),
];

/// The case operations, placed under each API version.
const VORGAENGE: (&str, &str) = (
    "vorgaenge.yaml",
    include_str!("../../openapi/vorgaenge.yaml"),
);

/// The document, assembled from the parts.
pub fn document() -> &'static Value {
    &served().value
}

/// Assembles the document anew, reporting what is wrong with the parts instead of
/// panicking: for the test that checks them.
pub fn assemble() -> Result<Value, AssemblyError> {
    assemble::assemble(PARTS, VORGAENGE)
}

struct Served {
    value: Value,
    json: Bytes,
    yaml: Bytes,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        // The parts are compiled in and checked by the tests: a failure here is a build
        // that was never tested.
        let value = assemble().unwrap_or_else(|e| panic!("the OpenAPI document: {e}"));
        let json = serde_json::to_vec(&value).expect("the document is JSON");
        let yaml = serde_norway::to_string(&value).expect("the document is YAML");
        Served {
            value,
            json: Bytes::from(json),
            yaml: Bytes::from(yaml),
        }
    })
}

/// `GET /openapi.json`.
pub async fn json() -> Response {
    body(served().json.clone(), "application/json")
}

/// `GET /openapi.yaml`.
pub async fn yaml() -> Response {
    body(served().yaml.clone(), "application/yaml")
}

fn body(bytes: Bytes, media_type: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    // Generators and the docs page fetch it often; it changes only with the binary.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_assemble() {
        let document = assemble().unwrap();
        let paths = document["paths"].as_mapping().unwrap();
        assert!(paths.contains_key("/v2/vorgaenge/{vorgangsNummer}/gemerkteAngebote"));
        assert!(!paths.contains_key("/v3/vorgaenge/{vorgangsNummer}/gemerkteAngebote"));
        let v3 = &document["paths"]["/v3/vorgaenge/{vorgangsNummer}"]["get"];
        assert_eq!(v3["operationId"].as_str(), Some("getVorgangV3"));
        assert_eq!(v3["tags"][0].as_str(), Some("Vorgänge v3"));
        let link = &v3["responses"]["200"]["links"]["Antraege"]["operationId"];
        assert_eq!(link.as_str(), Some("getAllVorgangsAntraegeV3"));
        // v3's proposal list has no apiVersion; v2's has it, without the marker.
        let proposals = |v: &str| {
            document["paths"][format!("/{v}/vorgaenge/{{vorgangsNummer}}/finanzierungsvorschlaege")
                .as_str()]["get"]["parameters"]
                .as_sequence()
                .map_or(0, Vec::len)
        };
        assert_eq!((proposals("v2"), proposals("v3")), (1, 0));
        assert!(
            !serde_json::to_string(&document)
                .unwrap()
                .contains("x-nur-v2")
        );
    }

    #[test]
    fn a_name_defined_twice_is_an_error() {
        let twice = "components:\n  schemas:\n    Vorgang:\n      type: object\n";
        let parts = [PARTS[0], PARTS[1], ("twice.yaml", twice)];
        let error = assemble::assemble(&parts, VORGAENGE).unwrap_err();
        assert_eq!(error.part, "twice.yaml");
        assert!(error.problem.contains("\"Vorgang\""), "{error}");
    }
}
