//! Shared plumbing for the validated string newtypes ([`crate::Date`], [`crate::DateTime`],
//! [`crate::Uri`]): they keep the exact text they were built from and validate it on every
//! construction path (`parse`, `FromStr`, `TryFrom`, serde).

/// Shortens user input before it is echoed in an error message.
pub(crate) fn excerpt(input: &str) -> String {
    const MAX: usize = 64;
    if input.chars().count() <= MAX {
        input.to_owned()
    } else {
        let mut s: String = input.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// Implements the common traits for a `struct $name(String)` that has a
/// `fn check(&str) -> Result<(), String>` validator.
macro_rules! validated_string {
    ($name:ident, $expecting:literal) => {
        impl $name {
            /// Validates `input` and keeps it unchanged.
            pub fn parse(input: &str) -> Result<Self, String> {
                Self::check(input)?;
                Ok(Self(input.to_owned()))
            }

            /// The text exactly as received or produced.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Returns the text exactly as received or produced.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(input: &str) -> Result<Self, String> {
                Self::parse(input)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(input: String) -> Result<Self, String> {
                Self::check(&input)?;
                Ok(Self(input))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = String;

            fn try_from(input: &str) -> Result<Self, String> {
                Self::parse(input)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).map_err(E::custom)
                    }

                    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<$name, E> {
                        $name::try_from(v).map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use validated_string;
