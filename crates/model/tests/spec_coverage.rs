//! Walks the upstream contract and checks the generated types against it: every property of
//! every object schema exists under its exact name with a compatible type, and every value
//! of every enum occurrence round-trips (and nothing else is accepted).

mod common;

use serde_json::{Map, Value, json};
use vorgaenge_model::{SCHEMA_NAMES, roundtrip_as_schema};

fn schemas(spec: &Value) -> &Map<String, Value> {
    spec["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
}

fn roundtrip(schema: &str, value: Value) -> Result<Value, String> {
    roundtrip_as_schema(schema, value)
        .unwrap_or_else(|| panic!("schema {schema} is not in the registry"))
        .map_err(|e| e.to_string())
}

/// A valid sample value for a property schema.
fn sample(spec: &Value, prop: &Value) -> Value {
    if let Some(reference) = prop["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &schemas(spec)[name];
        return match (target["type"].as_str(), target.get("additionalProperties")) {
            (Some("object"), Some(extra)) if target.get("properties").is_none() => {
                json!({"some-key": sample(spec, extra)})
            }
            (Some("object"), _) => json!({}),
            _ => json!("any JSON"),
        };
    }
    if let Some(values) = prop["enum"].as_array() {
        return values[values.len() - 1].clone();
    }
    let typ = match &prop["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or_default(),
        other => other.clone(),
    };
    match (typ.as_str(), prop["format"].as_str()) {
        (Some("string"), Some("date")) => json!("2024-02-29"),
        (Some("string"), Some("date-time")) => json!("2024-05-14T09:12:44.512+02:00"),
        (Some("string"), Some("uri")) => json!("https://example.org/x"),
        (Some("string"), _) => json!("ABC12 text"),
        (Some("number"), _) => json!(1234.5),
        (Some("integer"), _) => json!(-7),
        (Some("boolean"), _) => json!(true),
        (Some("array"), _) => json!([sample(spec, &prop["items"])]),
        (Some("object"), _) => json!({"k": sample(spec, &prop["additionalProperties"])}),
        _ => json!({"any": ["JSON", 1, null]}),
    }
}

#[test]
fn every_schema_name_exists() {
    let Some(spec) = common::spec() else {
        return;
    };
    let names: Vec<&str> = schemas(&spec).keys().map(String::as_str).collect();
    assert_eq!(names.len(), 130);
    assert_eq!(names, SCHEMA_NAMES);
}

#[test]
fn every_property_round_trips_with_its_exact_name() {
    let Some(spec) = common::spec() else {
        return;
    };
    let mut checked = 0;
    for (name, schema) in schemas(&spec) {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        if name == "Error" {
            continue; // hand-written ErrorBody, checked in errors.rs
        }
        let doc: Map<String, Value> = props
            .iter()
            .map(|(p, s)| (p.clone(), sample(&spec, s)))
            .collect();
        let doc = Value::Object(doc);
        let back = roundtrip(name, doc.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, doc, "{name}");
        // Every property is optional, and absent ones are omitted.
        assert_eq!(roundtrip(name, json!({})).unwrap(), json!({}), "{name}");
        checked += props.len();
    }
    assert!(checked > 700, "only {checked} properties checked");
}

#[test]
fn link_fields_accept_null_and_omit_it() {
    let Some(spec) = common::spec() else {
        return;
    };
    let link = &schemas(&spec)["Link"]["properties"];
    for (prop, schema) in link.as_object().unwrap() {
        if schema["type"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("null")))
        {
            let back = roundtrip("Link", json!({"href": "h", prop.as_str(): null})).unwrap();
            assert_eq!(back, json!({"href": "h"}), "Link.{prop}");
        }
    }
}

#[test]
fn every_enum_value_round_trips() {
    let Some(spec) = common::spec() else {
        return;
    };
    let mut occurrences = 0;
    let mut values_checked = 0;
    let mut distinct = std::collections::BTreeSet::new();
    for (name, schema) in schemas(&spec) {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for (prop, prop_schema) in props {
            let (values, wrap): (&Vec<Value>, fn(Value) -> Value) =
                if let Some(values) = prop_schema["enum"].as_array() {
                    (values, |v| v)
                } else if let Some(values) = prop_schema["items"]["enum"].as_array() {
                    (values, |v| json!([v]))
                } else {
                    continue;
                };
            occurrences += 1;
            distinct.insert(Value::Array(values.clone()).to_string());
            for value in values {
                let doc = json!({prop.as_str(): wrap(value.clone())});
                let back = roundtrip(name, doc.clone())
                    .unwrap_or_else(|e| panic!("{name}.{prop} = {value}: {e}"));
                assert_eq!(back, doc, "{name}.{prop}");
                values_checked += 1;
            }
            // Anything else is rejected, and the message lists every allowed value.
            let bad = json!({prop.as_str(): wrap(json!("NOT_A_VALUE"))});
            let err = roundtrip(name, bad).expect_err("unknown enum value accepted");
            let allowed: Vec<String> = values
                .iter()
                .map(|v| format!("`{}`", v.as_str().unwrap()))
                .collect();
            assert!(
                err.contains(&format!("expected one of {}", allowed.join(", "))),
                "{name}.{prop}: {err}"
            );
            assert!(
                err.starts_with(&format!("$.{prop}")),
                "{name}.{prop}: {err}"
            );
        }
    }
    assert_eq!(occurrences, 114);
    assert_eq!(distinct.len(), 69);
    println!("{occurrences} enum occurrences, {values_checked} values checked");
}

#[test]
fn vorgang_status_is_a_plain_string() {
    let Some(spec) = common::spec() else {
        return;
    };
    assert!(
        schemas(&spec)["Vorgang"]["properties"]["status"]
            .get("enum")
            .is_none()
    );
    let v = json!({"status": "ANY_STATUS_TEXT"});
    assert_eq!(roundtrip("Vorgang", v.clone()).unwrap(), v);
}
