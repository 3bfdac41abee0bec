//! The shape of the generated rule table (`crate::spec::rules`): just enough of JSON Schema
//! to express what the Kundenangaben contract uses.

/// An object schema with its `allOf` parents already flattened in.
#[derive(Debug)]
pub(crate) struct Schema {
    pub props: &'static [Prop],
}

/// One property of an object schema. `@type` is never listed: [`Union`] checks it.
#[derive(Debug)]
pub(crate) struct Prop {
    pub name: &'static str,
    pub required: bool,
    pub ty: Ty,
}

/// The type of a property value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    Text {
        min_len: usize,
        max_len: Option<usize>,
    },
    /// `format: date`, a calendar date `YYYY-MM-DD`.
    Date,
    /// A string restricted to these values.
    Enum(&'static [&'static str]),
    /// `integer` / `format: int32`.
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    Num {
        min: Option<f64>,
        max: Option<f64>,
    },
    Bool,
    Object(&'static Schema),
    /// A polymorphic object: `@type` names the variant.
    Union(&'static Union),
    Array {
        items: &'static Ty,
        max_items: Option<usize>,
    },
}

/// Unbounded text, the most common property type.
pub(crate) const TEXT: Ty = Ty::Text {
    min_len: 0,
    max_len: None,
};
/// An int32 without further bounds.
pub(crate) const INT: Ty = Ty::Int {
    min: None,
    max: None,
};
/// A number without bounds.
pub(crate) const NUM: Ty = Ty::Num {
    min: None,
    max: None,
};

/// A discriminated union: the allowed `@type` values and the schema each selects.
#[derive(Debug)]
pub(crate) struct Union {
    pub variants: &'static [(&'static str, &'static Schema)],
}

impl Union {
    pub fn variant(&self, type_name: &str) -> Option<&'static Schema> {
        self.variants
            .iter()
            .find(|(name, _)| *name == type_name)
            .map(|(_, schema)| *schema)
    }

    pub fn type_names(&self) -> impl Iterator<Item = &'static str> {
        self.variants.iter().map(|(name, _)| *name)
    }
}
