//! Our OpenAPI document: served as JSON and YAML, and held to the router in both directions.
//! Every operation it lists answers (neither the 404 of an unknown path nor a 405), every
//! other method on its paths is a 405, and every answer of the suite fits it
//! ([`crate::support::conformance`], which also fails a test whose route has no operation).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::support::conformance::{check_answer, document, resolve};
use crate::support::spawn_demo;

const METHODS: &[&str] = &["get", "put", "post", "patch", "delete"];

#[tokio::test]
async fn the_document_is_served_as_json_and_yaml_without_a_token() {
    let app = spawn_demo().await;
    let json = app
        .anonymous
        .raw(Method::GET, "/openapi.json", &[])
        .await
        .unwrap();
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    let served: Value = json.json();
    assert_eq!(&served, document());
    assert_eq!(served["openapi"], "3.1.0");

    let yaml = app
        .anonymous
        .raw(Method::GET, "/openapi.yaml", &[])
        .await
        .unwrap();
    assert_eq!(yaml.status, 200);
    assert_eq!(yaml.header("content-type"), Some("application/yaml"));
    let from_yaml: Value = serde_norway::from_slice(&yaml.body).unwrap();
    assert_eq!(&from_yaml, document());
    // The order of the parts survives: a reader finds the frame first.
    let text = std::str::from_utf8(&yaml.body).unwrap();
    assert!(text.starts_with("openapi: 3.1.0\n"), "{}", &text[..80]);
}

#[tokio::test]
async fn every_operation_of_the_document_answers_and_no_other_method_does() {
    let app = spawn_demo().await;
    let mut checked = 0;
    for (path, item) in document()["paths"].as_object().unwrap() {
        let concrete = example_path(path, item);
        for method in METHODS {
            // With a token: without one, a route behind the token check answers 401 to any method.
            let response = app
                .client
                .raw(
                    Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                    &concrete,
                    &[],
                )
                .await
                .unwrap();
            let unknown_path = response.status == 404
                && String::from_utf8_lossy(&response.body).contains(&format!("Pfad {concrete}"));
            if item.get(*method).is_some() {
                assert!(
                    !unknown_path && response.status != 405,
                    "{method} {path} ({concrete}) is documented but answers {}: {}",
                    response.status,
                    String::from_utf8_lossy(&response.body)
                );
                checked += 1;
            } else {
                assert_eq!(
                    response.status,
                    405,
                    "{method} {path} ({concrete}) is not documented but answers: {}",
                    String::from_utf8_lossy(&response.body)
                );
            }
        }
    }
    assert!(checked >= 40, "only {checked} operations");
}

#[test]
fn operation_ids_are_unique_and_every_operation_names_its_scopes() {
    let document = document();
    let schemes = &document["components"]["securitySchemes"];
    let scopes: BTreeSet<&str> = schemes["oauth2"]["flows"]["clientCredentials"]["scopes"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut ids = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let id = operation["operationId"].as_str().unwrap();
            assert!(ids.insert(id), "operationId {id} twice");
            assert!(
                operation["summary"].is_string(),
                "{method} {path} has no summary"
            );
            let security = operation["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} does not say its security"));
            for requirement in security {
                for (scheme, needed) in requirement.as_object().unwrap() {
                    assert!(schemes.get(scheme).is_some(), "{method} {path}: {scheme}");
                    for scope in needed.as_array().unwrap() {
                        let scope = scope.as_str().unwrap();
                        assert!(scopes.contains(scope), "{method} {path}: scope {scope}");
                    }
                }
            }
        }
    }
}

#[test]
fn every_reference_of_the_document_resolves() {
    let document = document();
    let mut missing = Vec::new();
    references(document, &mut |reference| {
        let target = reference
            .strip_prefix("#/")
            .map(|pointer| document.pointer(&format!("/{pointer}")));
        if !matches!(target, Some(Some(_))) {
            missing.push(reference.to_owned());
        }
    });
    assert!(missing.is_empty(), "unresolved: {missing:?}");
}

#[test]
fn the_case_model_is_the_upstream_one_schema_for_schema() {
    let Some(dir) = crate::support::spec::spec_dir() else {
        return;
    };
    let upstream: Value =
        serde_json::from_slice(&std::fs::read(dir.join("openapi-v2.json")).unwrap()).unwrap();
    let ours = &document()["components"]["schemas"];
    for (name, schema) in upstream["components"]["schemas"].as_object().unwrap() {
        let Some(our) = ours.get(name) else {
            panic!("schema {name} of the upstream contract is missing");
        };
        if name == "Error" {
            continue;
        }
        // The same properties, each of the same type.
        let names = |s: &Value| -> BTreeSet<String> {
            s["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(names(our), names(schema), "{name}");
        assert_eq!(our.get("enum"), schema.get("enum"), "{name}");
    }
}

/// The path with each parameter replaced by its example, or a plausible value.
fn example_path(path: &str, item: &Value) -> String {
    let mut out = String::new();
    for segment in path.split('/').skip(1) {
        out.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => out.push_str(&parameter_example(name, item)),
            None => out.push_str(segment),
        }
    }
    out
}

fn parameter_example(name: &str, item: &Value) -> String {
    let declared = item["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(resolve)
        .find(|p| p["name"] == name);
    match declared.and_then(|p| p.get("example")) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "1".to_owned(),
    }
}

fn references(value: &Value, found: &mut impl FnMut(&str)) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => found(r),
                    _ => references(v, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[test]
fn the_check_of_answers_finds_what_the_document_does_not_describe() {
    let case = "/v2/vorgaenge/{vorgangsNummer}";
    let json = "application/json";
    assert_eq!(
        check_answer(case, "get", 200, json, br#"{"vorgangsNummer":"AB1234"}"#),
        Ok(())
    );
    // A field of the wrong type, a value outside an enum, not an object.
    for body in [
        &br#"{"vorgangsNummer":1234}"#[..],
        br#"{"datenKontext":"ECHT"}"#,
        br#"[]"#,
    ] {
        let found = check_answer(case, "get", 200, json, body).unwrap_err();
        assert!(found.contains("does not fit the schema"), "{found}");
    }
    // A status, a media type, a route and a method the document does not have.
    assert!(check_answer(case, "get", 418, json, b"").is_err());
    assert!(check_answer(case, "get", 200, "text/html", b"<p>").is_err());
    assert!(check_answer("/v2/nirgends", "get", 200, json, b"{}").is_err());
    assert!(check_answer(case, "delete", 200, json, b"{}").is_err());
    // A 405 where the document has no operation is what it promises.
    assert_eq!(check_answer(case, "delete", 405, json, b""), Ok(()));
    // A documented success without the body the document promises.
    assert!(check_answer(case, "get", 200, json, b"").is_err());
}
