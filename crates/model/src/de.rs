//! Deserialisation helpers used by the generated code.
//!
//! serde's derived `Deserialize` is too lenient for a contract whose objects are JSON
//! objects and whose enums are JSON strings: a derived struct also accepts a JSON array
//! (fields by position, so `["ABC12"]` would be a valid `PartnerDTO`), and a derived enum
//! also accepts the map form `{"TEST_MODUS": null}`. The generated types therefore implement
//! `Deserialize` through these helpers, which accept only objects and strings and otherwise
//! behave like the derive: unknown properties are skipped, `null` or an absent property is
//! `None`, a repeated property is an error.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::UnknownEnumValue;

/// A generated object type: its properties in contract order and how to read one of them.
pub(crate) trait Object: Default {
    /// Schema name, used in "expected …" messages.
    const NAME: &'static str;
    /// Exact property names; the index is what [`Object::read_field`] receives.
    const FIELDS: &'static [&'static str];

    /// Reads the value of property `FIELDS[index]` from `map` into `self`.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// `Deserialize::deserialize` of a generated object type.
pub(crate) fn deserialize_object<'de, D: Deserializer<'de>, T: Object>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        debug_assert!(T::FIELDS.len() <= 128);
        let mut out = T::default();
        let mut seen = 0u128;
        while let Some(field) = map.next_key_seed(FieldSeed(T::FIELDS))? {
            match field {
                Some(index) => {
                    if seen & (1 << index) != 0 {
                        return Err(de::Error::duplicate_field(T::FIELDS[index]));
                    }
                    seen |= 1 << index;
                    out.read_field(index, &mut map)?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Maps a property name to its index in the field list (`None` = unknown property).
struct FieldSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|field| *field == key))
    }
}

/// `Deserialize::deserialize` of a generated enum: only a JSON string that is one of
/// `values` is accepted (`all[i]` is the variant of `values[i]`).
pub(crate) fn deserialize_enum<'de, D: Deserializer<'de>, T: Copy + 'static>(
    deserializer: D,
    name: &'static str,
    all: &'static [T],
    values: &'static [&'static str],
) -> Result<T, D::Error> {
    deserializer.deserialize_str(EnumVisitor { name, all, values })
}

struct EnumVisitor<T: 'static> {
    name: &'static str,
    all: &'static [T],
    values: &'static [&'static str],
}

impl<T: Copy> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string enum value ({})", self.name)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        match self.values.iter().position(|v| *v == value) {
            Some(index) => Ok(self.all[index]),
            None => Err(E::custom(UnknownEnumValue::new(
                self.name,
                value,
                self.values.iter().copied(),
            ))),
        }
    }
}
