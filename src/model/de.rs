//! Serde helpers for the forgiving shapes the format allows: one value or a list, a
//! number or a string as a label, a bare id or a full mapping.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// Accepts `x` or `[x, y]`, giving a list either way; `null` gives an empty list.
pub fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;

    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a text or a list of texts")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<String>, E> {
            Ok(vec![text.to_string()])
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Label>()? {
                items.push(item.0);
            }
            Ok(items)
        }
    }

    deserializer.deserialize_any(OneOrMany)
}

/// A short text that YAML may have read as a number (`2021`, `1`) or a boolean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelVisitor;

        impl Visitor<'_> for LabelVisitor {
            type Value = Label;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Label, E> {
                Ok(Label(text.to_string()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Label, E> {
                Ok(Label(value.to_string()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Label, E> {
                Ok(Label(value.to_string()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Label, E> {
                Ok(Label(value.to_string()))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Label, E> {
                Ok(Label(value.to_string()))
            }
        }

        deserializer.deserialize_any(LabelVisitor)
    }
}

/// Deserializes an optional [`Label`] into an optional `String`.
pub fn opt_label<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<Label>::deserialize(deserializer).map(|label| label.map(|l| l.0))
}

/// Deserializes a budget line's `per`: a [`Label`] that names a unit; blank is an error
/// (a rate of nothing), where leaving it out makes the line plain money.
pub fn opt_unit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match opt_label(deserializer)? {
        Some(unit) if unit.trim().is_empty() => Err(serde::de::Error::custom(
            "`per` is empty: write what the amount is a price of (`uur`, `partner per jaar`), or leave `per` out",
        )),
        unit => Ok(unit),
    }
}

/// Deserializes a list of [`Label`]s, `null` being empty.
pub fn labels<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Option::<Vec<Label>>::deserialize(deserializer)
        .map(|list| list.unwrap_or_default().into_iter().map(|l| l.0).collect())
}

/// Deserializes a list that may be written as `null`.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Option::<Vec<T>>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A type that may be written as a bare string (an id) instead of a mapping.
pub trait FromBareString: Sized {
    /// Builds the value from the bare string.
    fn from_bare(text: String) -> Self;
}

/// Deserializes `T` from a bare string or from a mapping.
pub fn string_or_struct<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromBareString,
{
    struct StringOrStruct<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de> + FromBareString> Visitor<'de> for StringOrStruct<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an id or a mapping")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            Ok(T::from_bare(text.to_string()))
        }

        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }

    deserializer.deserialize_any(StringOrStruct(PhantomData))
}

/// A list whose items are each a bare string or a mapping.
pub fn list_of_string_or_struct<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromBareString,
{
    struct Item<T>(T);

    impl<'de, T: Deserialize<'de> + FromBareString> Deserialize<'de> for Item<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            string_or_struct(deserializer).map(Item)
        }
    }

    Option::<Vec<Item<T>>>::deserialize(deserializer)
        .map(|items| items.unwrap_or_default().into_iter().map(|i| i.0).collect())
}

/// `x` or `[x, y]` as a field type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        one_or_many(deserializer).map(OneOrMany)
    }
}

/// A list of [`Label`]s as a field type; `null` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(pub Vec<String>);

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        labels(deserializer).map(Labels)
    }
}

/// A list as a field type; `null` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOf<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ListOf<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        list(deserializer).map(ListOf)
    }
}

/// A list of bare ids or mappings as a field type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareOrFull<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de> + FromBareString> Deserialize<'de> for BareOrFull<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        list_of_string_or_struct(deserializer).map(BareOrFull)
    }
}

impl Label {
    /// The label of a scalar YAML value; `None` for lists and mappings.
    pub fn deserialize_value(value: &serde_yaml::Value) -> Option<String> {
        Label::deserialize(value).ok().map(|label| label.0)
    }
}

/// One item that may be a bare string or a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareOr<T>(pub T);

impl<'de, T: Deserialize<'de> + FromBareString> Deserialize<'de> for BareOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_struct(deserializer).map(BareOr)
    }
}
