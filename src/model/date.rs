//! Partial dates: `2023`, `2023-06`, `2023-06-14`.
//!
//! Sources often give only a year or a month. A `PartialDate` keeps exactly the precision
//! it was written with, so kb never invents a month or a day; comparisons use the first or
//! last day of the period it covers.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    /// A date known to the day; `None` when it does not exist.
    pub fn ymd(year: i16, month: i8, day: i8) -> Option<Self> {
        Date::new(year, month, day).ok()?;
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The month, when known.
    pub fn month(&self) -> Option<i8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<i8> {
        self.day
    }

    /// True when the day is known.
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The first day of the period this date covers.
    pub fn first_day(&self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated at construction")
    }

    /// The last day of the period this date covers.
    pub fn last_day(&self) -> Date {
        match (self.month, self.day) {
            (Some(month), Some(day)) => Date::new(self.year, month, day),
            (Some(month), None) => Ok(Date::new(self.year, month, 1)
                .expect("validated at construction")
                .last_of_month()),
            _ => Date::new(self.year, 12, 31),
        }
        .expect("validated at construction")
    }

    /// The date of a full calendar date.
    pub fn from_date(date: Date) -> Self {
        PartialDate {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let invalid = |why: &str| DateError(format!("invalid date `{trimmed}`: {why}"));
        let mut parts = trimmed.split('-');
        let mut number = |name: &str, digits: usize| -> Result<Option<i32>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(part) if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(part.parse().expect("ascii digits")))
                }
                Some(_) => Err(invalid(&format!(
                    "the {name} must have {digits} digits (write YYYY, YYYY-MM or YYYY-MM-DD)"
                ))),
            }
        };
        let year = number("year", 4)?.ok_or_else(|| invalid("empty"))?;
        let month = number("month", 2)?;
        let day = number("day", 2)?;
        if parts.next().is_some() {
            return Err(invalid("write YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        if year < 1000 {
            return Err(invalid("the year is out of range"));
        }
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(invalid(&format!("there is no month {month}")));
        }
        if let (Some(month), Some(day)) = (month, day)
            && Date::new(year as i16, month as i8, day as i8).is_err()
        {
            return Err(invalid(&format!("{year}-{month:02} has no day {day}")));
        }
        Ok(PartialDate {
            year: year as i16,
            month: month.map(|m| m as i8),
            day: day.map(|d| d as i8),
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY, YYYY-MM or YYYY-MM-DD")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<PartialDate, E> {
                text.parse().map_err(|err: DateError| E::custom(err))
            }

            fn visit_u64<E: de::Error>(self, year: u64) -> Result<PartialDate, E> {
                self.visit_str(&year.to_string())
            }

            fn visit_i64<E: de::Error>(self, year: i64) -> Result<PartialDate, E> {
                self.visit_str(&year.to_string())
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<PartialDate, E> {
                Err(E::custom(format!(
                    "invalid date `{value}`: write YYYY, YYYY-MM or YYYY-MM-DD"
                )))
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision() {
        for text in ["2023", "2023-06", "2023-06-14"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!("2022-13-45".parse::<PartialDate>().is_err());
        assert!("2023-02-29".parse::<PartialDate>().is_err());
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        assert!("23-01-01".parse::<PartialDate>().is_err());
        assert!("2023/01/01".parse::<PartialDate>().is_err());
        assert!("".parse::<PartialDate>().is_err());
        assert!("2023-1".parse::<PartialDate>().is_err());
    }

    #[test]
    fn message_names_the_problem() {
        let err = "2022-13-45".parse::<PartialDate>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid date `2022-13-45`: there is no month 13"
        );
    }

    #[test]
    fn covers_a_period() {
        let month: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(month.first_day().to_string(), "2024-02-01");
        assert_eq!(month.last_day().to_string(), "2024-02-29");
        let year: PartialDate = "2023".parse().unwrap();
        assert_eq!(year.last_day().to_string(), "2023-12-31");
    }

    #[test]
    fn deserializes_numbers_and_strings() {
        let year: PartialDate = serde_yaml::from_str("2023").unwrap();
        assert_eq!(year.to_string(), "2023");
        let day: PartialDate = serde_yaml::from_str("2022-11-29").unwrap();
        assert!(day.is_full());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,20}") {
            let _ = text.parse::<PartialDate>();
        }

        #[test]
        fn valid_dates_round_trip(y in 1000i16..9999, m in 1i8..=12, d in 1i8..=28) {
            let date = PartialDate::ymd(y, m, d).unwrap();
            proptest::prop_assert_eq!(date.to_string().parse::<PartialDate>().unwrap(), date);
        }
    }
}
