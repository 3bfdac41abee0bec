//! Lean JSON construction for the hot paths of the generator.
//!
//! Generating a case builds roughly a thousand JSON nodes, so how objects are built
//! matters more than anything else for speed:
//!
//! * `serde_json::json!` turns every non-literal value into a `Value` by serialising a
//!   reference to it, which clones each `String` and deep-copies nested `Value`s;
//!   `obj!` and [`Fields`] move values in via `Value::from` instead.
//! * Building the map by plain inserts is the cheapest way we measured; collecting the
//!   fields into a `Vec` and using `FromIterator` (sort + bulk load) was about 35 % slower
//!   for whole cases, despite looking better in isolated micro-benchmarks.

use serde_json::{Map, Value};

/// `obj! { "key" => value, ... }` builds a JSON object, moving each value in.
macro_rules! obj {
    () => {
        serde_json::Value::Object(serde_json::Map::new())
    };
    ($($key:literal => $value:expr),+ $(,)?) => {{
        let mut map = serde_json::Map::new();
        $(map.insert(String::from($key), serde_json::Value::from($value));)+
        serde_json::Value::Object(map)
    }};
}
pub(crate) use obj;

/// `fields! { "key" => value, ... }` starts a [`Fields`] collection with these entries.
macro_rules! fields {
    ($capacity:expr; $($key:literal => $value:expr),* $(,)?) => {{
        let mut fields = $crate::json::Fields::with_capacity($capacity);
        $(fields.insert(String::from($key), serde_json::Value::from($value));)*
        fields
    }};
}
pub(crate) use fields;

/// A JSON object under construction, for objects that are filled field by field;
/// [`Fields::build`] turns it into a `Value`.
#[derive(Debug, Default)]
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    /// The capacity is a hint for readers (how many fields to expect); the map behind
    /// `serde_json::Map` does not preallocate.
    pub(crate) fn with_capacity(_capacity: usize) -> Self {
        Fields(Map::new())
    }

    /// Same signature as `serde_json::Map::insert`, so map-building code reads the same.
    pub(crate) fn insert(&mut self, key: String, value: Value) {
        self.0.insert(key, value);
    }

    pub(crate) fn put(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(key.to_owned(), value.into());
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.get_mut(key)
    }

    pub(crate) fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// Inserts into an object value (no-op on other values, which the generator never passes).
pub(crate) fn put(target: &mut Value, key: &str, value: impl Into<Value>) {
    if let Value::Object(map) = target {
        map.insert(key.to_owned(), value.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_agree_with_json_macro() {
        let mut f = Fields::with_capacity(3);
        f.put("b", 2);
        f.insert("a".into(), Value::from("x"));
        f.put("c", obj! { "z" => true, "y" => 1.5 });
        assert_eq!(f.get("a"), Some(&Value::from("x")));
        let built = f.build();
        assert_eq!(
            built,
            serde_json::json!({ "a": "x", "b": 2, "c": { "y": 1.5, "z": true } })
        );
        assert_eq!(obj! {}, serde_json::json!({}));
    }
}
