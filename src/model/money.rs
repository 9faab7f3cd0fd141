//! Money in whole cents, and budget amounts: exact, a range, or "to be decided".
//!
//! Sums never touch floating point. A range stays a range when summed, and "tbd" lines
//! are counted rather than silently taken as zero.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// An amount of euros, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(0);

    /// From whole cents.
    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    /// From whole euros; `None` on overflow.
    pub fn from_euros(euros: i64) -> Option<Self> {
        euros.checked_mul(100).map(Money)
    }

    /// The amount in cents.
    pub fn cents(&self) -> i64 {
        self.0
    }

    /// Adds, saturating at the bounds of i64 (far beyond any real budget).
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Money {
    /// Dutch style: `€ 1.360.000`, `€ 50.000,50`, `-€ 5.000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        let euros = (cents / 100).to_string();
        let mut grouped = String::with_capacity(euros.len() + euros.len() / 3);
        for (index, digit) in euros.chars().enumerate() {
            if index > 0 && (euros.len() - index).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}€ {grouped}")?;
        if !cents.is_multiple_of(100) {
            write!(f, ",{:02}", cents % 100)?;
        }
        Ok(())
    }
}

/// A budget amount as a source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// A known amount.
    Exact(Money),
    /// "ca. 50-60k": somewhere between the two, both included.
    Range {
        /// The lower bound.
        min: Money,
        /// The upper bound.
        max: Money,
    },
    /// Not yet known ("tbd", "ntb", "PM").
    Tbd,
}

/// Why a value is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError(String);

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AmountError {}

fn amount_error(value: &str, why: &str) -> AmountError {
    AmountError(format!("invalid amount `{value}`: {why}"))
}

const AMOUNT_HELP: &str =
    "write euros as 50000, 50000.50, \"€ 50.000\", \"50.000,00\", {min: 50000, max: 60000} or tbd";

impl Amount {
    /// Builds a range, refusing `min > max`.
    pub fn range(min: Money, max: Money) -> Result<Amount, AmountError> {
        if min > max {
            return Err(AmountError(format!(
                "invalid amount: the range's min {min} is above its max {max}"
            )));
        }
        Ok(Amount::Range { min, max })
    }

    /// The lower and upper bound, `None` for tbd.
    pub fn bounds(&self) -> Option<(Money, Money)> {
        match *self {
            Amount::Exact(money) => Some((money, money)),
            Amount::Range { min, max } => Some((min, max)),
            Amount::Tbd => None,
        }
    }

    /// An amount from a YAML float such as `50000.50`.
    pub fn from_f64(value: f64) -> Result<Amount, AmountError> {
        let text = value.to_string();
        if !value.is_finite() || value.abs() > 9.0e15 {
            return Err(amount_error(&text, "out of range"));
        }
        let cents = (value * 100.0).round();
        if ((value * 100.0) - cents).abs() > 1e-6 {
            return Err(amount_error(&text, "more than two decimals"));
        }
        Ok(Amount::Exact(Money(cents as i64)))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Exact(money) => write!(f, "{money}"),
            Amount::Range { min, max } => {
                write!(f, "{min} – {}", max.to_string().trim_start_matches("€ "))
            }
            Amount::Tbd => f.write_str("tbd"),
        }
    }
}

impl FromStr for Money {
    type Err = AmountError;

    /// Parses `50000`, `50000.50`, `€ 50.000`, `50.000,00`, `€ 15.000,-`.
    fn from_str(original: &str) -> Result<Money, AmountError> {
        let mut text: String = original
            .trim()
            .trim_start_matches("EUR")
            .chars()
            .filter(|ch| !ch.is_whitespace() && *ch != '€')
            .collect();
        if let Some(stripped) = text.strip_suffix(",-") {
            text = stripped.to_string();
        }
        let negative = text.starts_with('-');
        let digits = text.trim_start_matches('-');
        if digits.is_empty() {
            return Err(amount_error(original.trim(), AMOUNT_HELP));
        }
        let (whole, fraction) = match digits.rsplit_once(',') {
            Some((whole, fraction)) => (whole.to_string(), fraction),
            None => match digits.split_once('.') {
                Some((head, tail)) if !is_thousands(digits) => {
                    if tail.contains('.') {
                        return Err(amount_error(original.trim(), AMOUNT_HELP));
                    }
                    (head.to_string(), tail)
                }
                _ => (digits.to_string(), ""),
            },
        };
        let whole = if whole.contains('.') {
            if !is_thousands(&whole) {
                return Err(amount_error(
                    original.trim(),
                    "`.` groups thousands in a Dutch amount: write 50.000,00",
                ));
            }
            whole.replace('.', "")
        } else {
            whole
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(amount_error(original.trim(), AMOUNT_HELP));
        }
        if fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(amount_error(original.trim(), "at most two decimals"));
        }
        let euros: i64 = whole
            .parse()
            .map_err(|_| amount_error(original.trim(), "out of range"))?;
        let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        let total = euros
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents))
            .ok_or_else(|| amount_error(original.trim(), "out of range"))?;
        Ok(Money(if negative { -total } else { total }))
    }
}

/// True when `text` is digits grouped by dots in threes: `50.000`, `1.360.000`.
fn is_thousands(text: &str) -> bool {
    let mut groups = text.split('.');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()))
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(text: &str) -> Result<Amount, AmountError> {
        let lowered = text.trim().to_lowercase();
        if matches!(
            lowered.as_str(),
            "tbd" | "ntb" | "pm" | "p.m." | "nader te bepalen"
        ) {
            return Ok(Amount::Tbd);
        }
        text.parse().map(Amount::Exact)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;

        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(AMOUNT_HELP)
            }

            fn visit_i64<E: de::Error>(self, euros: i64) -> Result<Amount, E> {
                Money::from_euros(euros)
                    .map(Amount::Exact)
                    .ok_or_else(|| E::custom(amount_error(&euros.to_string(), "out of range")))
            }

            fn visit_u64<E: de::Error>(self, euros: u64) -> Result<Amount, E> {
                i64::try_from(euros)
                    .map_err(|_| E::custom(amount_error(&euros.to_string(), "out of range")))
                    .and_then(|euros| self.visit_i64(euros))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
                Amount::from_f64(value).map_err(E::custom)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Amount, E> {
                text.parse().map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
                let mut min = None;
                let mut max = None;
                while let Some(key) = map.next_key::<String>()? {
                    let bound: Amount = map.next_value()?;
                    let Amount::Exact(money) = bound else {
                        return Err(de::Error::custom(
                            "invalid amount: the bounds of a range must be amounts, not ranges or tbd",
                        ));
                    };
                    match key.as_str() {
                        "min" => min = Some(money),
                        "max" => max = Some(money),
                        other => {
                            return Err(de::Error::custom(format!(
                                "invalid amount: a range has `min` and `max`, not `{other}`"
                            )));
                        }
                    }
                }
                match (min, max) {
                    (Some(min), Some(max)) => Amount::range(min, max).map_err(de::Error::custom),
                    _ => Err(de::Error::custom(
                        "invalid amount: a range needs both `min` and `max`",
                    )),
                }
            }
        }

        deserializer.deserialize_any(AmountVisitor)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Amount::Exact(money) => serializer.serialize_i64(money.cents()),
            Amount::Range { min, max } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("min", &min.cents())?;
                map.serialize_entry("max", &max.cents())?;
                map.end()
            }
            Amount::Tbd => serializer.serialize_str("tbd"),
        }
    }
}

impl Amount {
    /// An amount as the index stores it (see [`Amount`]'s `Serialize`): cents, `{min, max}`
    /// in cents, or `"tbd"`.
    pub fn from_stored(value: &serde_json::Value) -> Option<Amount> {
        use serde_json::Value;
        match value {
            Value::Number(cents) => cents.as_i64().map(|c| Amount::Exact(Money(c))),
            Value::Object(range) => {
                let min = Money(range.get("min")?.as_i64()?);
                let max = Money(range.get("max")?.as_i64()?);
                Amount::range(min, max).ok()
            }
            Value::String(text) if text == "tbd" => Some(Amount::Tbd),
            _ => None,
        }
    }
}

/// The sum of several amounts: a range, plus how many were still to be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AmountSum {
    /// Sum of the lower bounds of the known amounts.
    pub min: Money,
    /// Sum of the upper bounds of the known amounts.
    pub max: Money,
    /// How many amounts were `tbd` and are not in `min`/`max`.
    pub tbd: usize,
    /// How many amounts were added (tbd included).
    pub count: usize,
}

impl AmountSum {
    /// Adds one amount.
    pub fn add(&mut self, amount: &Amount) {
        self.count += 1;
        match amount.bounds() {
            Some((min, max)) => {
                self.min = self.min.saturating_add(min);
                self.max = self.max.saturating_add(max);
            }
            None => self.tbd += 1,
        }
    }

    /// The sum of one amount.
    pub fn of(amount: &Amount) -> AmountSum {
        let mut sum = AmountSum::default();
        sum.add(amount);
        sum
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: &AmountSum) {
        self.min = self.min.saturating_add(other.min);
        self.max = self.max.saturating_add(other.max);
        self.tbd += other.tbd;
        self.count += other.count;
    }

    /// True when `declared` can be this sum: inside [min, max], or at or above `min`
    /// when some lines are still tbd. A declared range passes when it overlaps.
    pub fn admits(&self, declared: &Amount) -> bool {
        let Some((low, high)) = declared.bounds() else {
            return true;
        };
        if self.tbd > 0 {
            high >= self.min
        } else {
            low <= self.max && high >= self.min
        }
    }
}

impl Serialize for AmountSum {
    /// `{"min": cents, "max": cents, "tbd": n, "lines": n, "currency": "EUR"}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("min", &self.min.cents())?;
        map.serialize_entry("max", &self.max.cents())?;
        map.serialize_entry("tbd", &self.tbd)?;
        map.serialize_entry("lines", &self.count)?;
        map.serialize_entry("currency", "EUR")?;
        map.end()
    }
}

/// Period labels compare without spaces and case: `2022 - 2023` is `2022-2023`.
pub fn same_period(a: &str, b: &str) -> bool {
    fn normal(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|ch| !ch.is_whitespace())
            .flat_map(char::to_lowercase)
    }
    // Labels as kb writes them ("2021", "2022-2023") compare as they are.
    let plain = |s: &str| {
        !s.bytes()
            .any(|b| (b as char).is_whitespace() || b.is_ascii_uppercase() || b >= 0x80)
    };
    a == b || (!(plain(a) && plain(b)) && normal(a).eq(normal(b)))
}

impl fmt::Display for AmountSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)?;
        } else {
            write!(
                f,
                "{}",
                Amount::Range {
                    min: self.min,
                    max: self.max
                }
            )?;
        }
        if self.tbd > 0 {
            write!(f, " (+{} tbd)", self.tbd)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(text: &str) -> i64 {
        text.parse::<Money>().unwrap().cents()
    }

    #[test]
    fn parses_dutch_and_plain_amounts() {
        assert_eq!(cents("50000"), 5_000_000);
        assert_eq!(cents("50000.50"), 5_000_050);
        assert_eq!(cents("€ 50.000"), 5_000_000);
        assert_eq!(cents("50.000,00"), 5_000_000);
        assert_eq!(cents("€ 1.360.000"), 136_000_000);
        assert_eq!(cents("€ 15.000,-"), 1_500_000);
        assert_eq!(cents("1,5"), 150);
        assert_eq!(cents("-€ 5.000"), -500_000);
    }

    #[test]
    fn rejects_non_amounts() {
        for text in [
            "vijftig",
            "",
            "€",
            "50.00.0",
            "1,234",
            "12.3456",
            "5.0000,00",
        ] {
            assert!(text.parse::<Money>().is_err(), "{text} should fail");
        }
    }

    #[test]
    fn tbd_words() {
        for text in ["tbd", "NTB", "PM", "nader te bepalen"] {
            assert_eq!(text.parse::<Amount>().unwrap(), Amount::Tbd);
        }
    }

    #[test]
    fn deserializes_every_form() {
        let parse = |yaml: &str| serde_yaml::from_str::<Amount>(yaml);
        assert_eq!(parse("50000").unwrap(), Amount::Exact(Money(5_000_000)));
        assert_eq!(parse("50000.5").unwrap(), Amount::Exact(Money(5_000_050)));
        assert_eq!(
            parse("'€ 50.000'").unwrap(),
            Amount::Exact(Money(5_000_000))
        );
        assert_eq!(parse("tbd").unwrap(), Amount::Tbd);
        assert_eq!(
            parse("{min: 50000, max: 60000}").unwrap(),
            Amount::Range {
                min: Money(5_000_000),
                max: Money(6_000_000)
            }
        );
        assert!(parse("{min: 60000, max: 50000}").is_err());
        assert!(parse("{min: 1}").is_err());
        assert!(
            parse("vijftig")
                .unwrap_err()
                .to_string()
                .contains("invalid amount `vijftig`")
        );
        assert!(parse("12.345").is_err());
        assert!(parse("[1, 2]").is_err());
    }

    #[test]
    fn displays_dutch_style() {
        assert_eq!(Money(136_000_000).to_string(), "€ 1.360.000");
        assert_eq!(Money(5_000_050).to_string(), "€ 50.000,50");
        assert_eq!(Money(0).to_string(), "€ 0");
        assert_eq!(Money(-500_000).to_string(), "-€ 5.000");
        let range = Amount::Range {
            min: Money(5_000_000),
            max: Money(6_000_000),
        };
        assert_eq!(range.to_string(), "€ 50.000 – 60.000");
    }

    #[test]
    fn sums_keep_ranges_and_tbd() {
        let mut sum = AmountSum::default();
        sum.add(&Amount::Exact(Money(100)));
        sum.add(&Amount::Range {
            min: Money(100),
            max: Money(300),
        });
        assert!(sum.admits(&Amount::Exact(Money(250))));
        assert!(!sum.admits(&Amount::Exact(Money(500))));
        sum.add(&Amount::Tbd);
        assert!(sum.admits(&Amount::Exact(Money(5000))));
        assert!(!sum.admits(&Amount::Exact(Money(100))));
        assert_eq!(sum.to_string(), "€ 2 – 4 (+1 tbd)");
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,24}") {
            let _ = text.parse::<Amount>();
        }

        #[test]
        fn display_round_trips(cents in -1_000_000_000_000i64..1_000_000_000_000) {
            let money = Money(cents);
            proptest::prop_assert_eq!(money.to_string().parse::<Money>().unwrap(), money);
        }

        #[test]
        fn sum_of_exact_lines_admits_their_total(values in proptest::collection::vec(0i64..10_000_000, 0..20)) {
            let mut sum = AmountSum::default();
            for value in &values {
                sum.add(&Amount::Exact(Money(*value)));
            }
            let total: i64 = values.iter().sum();
            proptest::prop_assert!(sum.admits(&Amount::Exact(Money(total))));
            proptest::prop_assert!(!sum.admits(&Amount::Exact(Money(total + 1))));
        }
    }
    #[test]
    fn period_labels_compare_without_whitespace_and_case() {
        assert!(same_period("2021\x0B", "2021"));
        assert!(same_period("2022 - 2023", "2022-2023"));
        assert!(same_period("Verwacht", "verwacht"));
        assert!(!same_period("2021", "2022"));
    }

    #[test]
    fn stored_amounts_read_back_in_cents() {
        assert_eq!(
            Amount::from_stored(&serde_json::json!(5_000_000)),
            Some(Amount::Exact(Money::from_cents(5_000_000)))
        );
        assert_eq!(
            Amount::from_stored(&serde_json::json!({"min": 1, "max": 2})).map(|a| a.bounds()),
            Some(Some((Money::from_cents(1), Money::from_cents(2))))
        );
        assert_eq!(
            Amount::from_stored(&serde_json::json!("tbd")),
            Some(Amount::Tbd)
        );
        assert_eq!(Amount::from_stored(&serde_json::json!(null)), None);
    }
}
