//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use serde_json::Value;
use vorgaenge_demo::{CaseGenerator, DEMO_CASES, DEMO_SEED, GeneratedCase};

/// The 240 cases of the demo world.
pub fn demo_cases() -> Vec<GeneratedCase> {
    let generator = CaseGenerator::new(DEMO_SEED);
    (0..DEMO_CASES).map(|i| generator.case(i)).collect()
}

/// Calls `f` with the JSON path and value of every node below `v`.
pub fn walk<'a>(v: &'a Value, path: &mut String, f: &mut dyn FnMut(&str, &'a Value)) {
    f(path, v);
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let len = path.len();
                path.push('/');
                path.push_str(k);
                walk(child, path, f);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                walk(child, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}
