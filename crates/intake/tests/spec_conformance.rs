//! Requests derived from the upstream contract are accepted, and what they map to is a valid
//! v2 `Vorgang` (upstream validator, strict mode).
//!
//! The contract has no request examples of its own (`example`/`examples` of the request
//! bodies); should it get some, they are parsed and mapped too. In addition, documents are
//! generated from the contract's schemas: every property present, each discriminated union
//! in a different variant per document, so that every variant of every union occurs.

mod common;

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use common::{as_stored_vorgang, fixture, kundenangaben_spec, parse_value, validate_v2};

#[test]
fn own_payloads_map_to_valid_vorgaenge() {
    let documents: Vec<_> = [
        "zwei_personen_haushalt.json",
        "kauf_mit_finanzierungsbedarf.json",
    ]
    .into_iter()
    .map(|name| {
        let k = common::parse_ok(&fixture(name));
        ("Vorgang", as_stored_vorgang(&k))
    })
    .collect();
    validate_v2(&documents);
}

#[test]
fn request_examples_of_the_contract_parse_and_map() {
    let Some(spec) = kundenangaben_spec() else {
        return;
    };
    let examples = request_examples(&spec);
    let mut documents = Vec::new();
    for (name, example) in &examples {
        let k = parse_value(example).unwrap_or_else(|v| panic!("example {name}: {v:#?}"));
        documents.push(("Vorgang", as_stored_vorgang(&k)));
    }
    if documents.is_empty() {
        // Version 1.5.45 has none; the generated documents below stand in for them.
        return;
    }
    validate_v2(&documents);
}

#[test]
fn documents_generated_from_the_contract_parse_and_map() {
    let Some(spec) = kundenangaben_spec() else {
        return;
    };
    let schemas = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .clone();
    let largest_union = schemas
        .values()
        .filter_map(|s| s["discriminator"]["mapping"].as_object())
        .map(Map::len)
        .max()
        .unwrap_or(1);
    let mut documents = Vec::new();
    for variant in 0..largest_union {
        let mut document = Generator::new(&schemas, variant).object("ImportKundenangabenRequest");
        drop_dangling_references(&mut document);
        let k = parse_value(&document).unwrap_or_else(|v| {
            panic!("generated document #{variant} rejected: {v:#?}\n{document:#}")
        });
        let vorgang = as_stored_vorgang(&k);
        for member in [
            "haushalte",
            "finanzierungsObjekt",
            "vorhaben",
            "bankverbindung",
            "leadTracking",
        ] {
            assert!(
                vorgang.get(member).is_some(),
                "document #{variant}: no {member}"
            );
        }
        documents.push(("Vorgang", vorgang));
    }
    validate_v2(&documents);
}

/// `example` / `examples` of the request bodies of `POST /kundenangaben` (and its
/// body-validation twin).
fn request_examples(spec: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for path in ["/kundenangaben", "/kundenangaben/body-validation"] {
        let content = &spec["paths"][path]["post"]["requestBody"]["content"];
        for (media, body) in content.as_object().into_iter().flatten() {
            if let Some(example) = body.get("example") {
                out.push((format!("{path} {media}"), example.clone()));
            }
            for (name, example) in body
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                out.push((format!("{path} {media} {name}"), example["value"].clone()));
            }
        }
    }
    out
}

/// Builds a document for a schema with every property set.
struct Generator<'a> {
    schemas: &'a Map<String, Value>,
    variant: usize,
    counters: HashMap<&'static str, usize>,
}

impl<'a> Generator<'a> {
    fn new(schemas: &'a Map<String, Value>, variant: usize) -> Self {
        Self {
            schemas,
            variant,
            counters: HashMap::new(),
        }
    }

    fn object(&mut self, name: &str) -> Value {
        let mut out = Map::new();
        for (prop_name, prop) in self.properties(name) {
            let value = self.value(name, &prop_name, &prop);
            out.insert(prop_name, value);
        }
        Value::Object(out)
    }

    /// Own and inherited (`allOf`) properties, without the discriminator.
    fn properties(&self, name: &str) -> BTreeMap<String, Value> {
        let schema = &self.schemas[name];
        let mut out = BTreeMap::new();
        let parts = std::iter::once(schema).chain(schema["allOf"].as_array().into_iter().flatten());
        for part in parts {
            if let Some(parent) = part["$ref"].as_str() {
                out.extend(self.properties(ref_name(parent)));
            }
            for (prop_name, prop) in part["properties"].as_object().into_iter().flatten() {
                if prop_name != "@type" {
                    out.insert(prop_name.clone(), prop.clone());
                }
            }
        }
        out
    }

    fn value(&mut self, owner: &str, name: &str, prop: &Value) -> Value {
        if let Some(target) = prop["$ref"].as_str().map(ref_name) {
            return match self.schemas[target]["discriminator"]["mapping"].as_object() {
                Some(mapping) => self.union(target, mapping),
                None => self.object(target),
            };
        }
        if let Some(members) = prop["oneOf"].as_array() {
            let base = self.base_of(members);
            let mapping = self.schemas[&base]["discriminator"]["mapping"]
                .as_object()
                .unwrap();
            return self.union(&base, mapping);
        }
        match prop["type"].as_str() {
            Some("array") => Value::Array(vec![self.value(owner, name, &prop["items"])]),
            Some("string") => self.string(owner, name, prop),
            Some("integer") => json!(prop["minimum"].as_i64().unwrap_or(3)),
            Some("number") => prop["minimum"]
                .as_f64()
                .map_or(json!(1234.5), |min| json!(min)),
            Some("boolean") => json!(true),
            other => panic!("{owner}.{name}: unexpected type {other:?}"),
        }
    }

    fn union(&mut self, base: &str, mapping: &Map<String, Value>) -> Value {
        let mut variants: Vec<(&String, &str)> = mapping
            .iter()
            .map(|(k, v)| (k, ref_name(v.as_str().unwrap())))
            .collect();
        variants.sort();
        // Loans of the financed property must exist for the references to them.
        let forced = base == "BestehendeDarlehenDesFinanzierungsobjektesErfassung";
        let (type_name, schema) = if forced {
            *variants
                .iter()
                .find(|(t, _)| t.starts_with("VORHANDENE"))
                .unwrap()
        } else {
            variants[self.variant % variants.len()]
        };
        let mut object = self.object(schema);
        object["@type"] = json!(type_name);
        object
    }

    fn base_of(&self, members: &[Value]) -> String {
        let mut wanted: Vec<&str> = members
            .iter()
            .map(|m| ref_name(m["$ref"].as_str().unwrap()))
            .collect();
        wanted.sort();
        self.schemas
            .iter()
            .find(|(_, s)| {
                s["discriminator"]["mapping"].as_object().is_some_and(|m| {
                    let mut have: Vec<&str> =
                        m.values().map(|v| ref_name(v.as_str().unwrap())).collect();
                    have.sort();
                    have == wanted
                })
            })
            .map(|(name, _)| name.clone())
            .expect("oneOf matches a discriminator")
    }

    fn string(&mut self, owner: &str, name: &str, prop: &Value) -> Value {
        if let Some(values) = prop["enum"].as_array() {
            // Suspended repayment requires the Bauspar contract to be assigned.
            if owner == "Bauspardarlehen" && name == "verwendung" {
                return json!("ABTRETEN");
            }
            return values[self.variant % values.len()].clone();
        }
        if prop["format"] == "date" {
            return json!("2020-06-15");
        }
        if prop["pattern"].is_string() {
            return json!("10557");
        }
        if name == "referenzId" {
            let kind = match owner {
                "Kunde" => "kunde",
                "BestehendesDarlehenDesFinanzierungsobjektes" => "darlehen",
                _ => "baustein",
            };
            let n = self.counters.entry(kind).or_default();
            *n += 1;
            return json!(format!("{kind}-{n}"));
        }
        match name {
            n if n.starts_with("kundenreferenzId") => json!("kunde-1"),
            "referenzIdAbzuloesendesDarlehen" | "referenzIdBestehendesDarlehen" => {
                json!("darlehen-1")
            }
            "referenzIdFinanzierungsbaustein" => json!("baustein-1"),
            _ => json!(format!("{owner}.{name}")),
        }
    }
}

fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap()
}

/// A generated reference can point to a financing component of a kind that has no
/// `referenzId`; such references are dropped rather than faked.
fn drop_dangling_references(document: &mut Value) {
    let Err(violations) = parse_value(document) else {
        return;
    };
    for violation in violations
        .iter()
        .filter(|v| v.message.contains("die es nicht gibt"))
    {
        let pointer = format!(
            "/{}",
            violation.field.replace(['.', '['], "/").replace(']', "")
        );
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        match document.pointer_mut(parent) {
            Some(Value::Object(object)) => {
                object.remove(key);
            }
            Some(Value::Array(array)) => {
                array.remove(key.parse::<usize>().unwrap());
            }
            _ => {}
        }
    }
}
