//! Exact amounts in euros, stored as integer cents.
//!
//! YAML users write `1234567.89`, `"1 234 567,89"` or `1500000`. A YAML float reaches serde as an
//! `f64`; its shortest round-trip decimal form is exactly what the user wrote for any amount below
//! 10^13 €, so it is re-read as a decimal string and never used as a float.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Montant(pub i64);

impl Montant {
    pub fn centimes(self) -> i64 {
        self.0
    }

    /// Parses "1234567.89", "1 234 567,89", "-12", "12,5" into cents; at most two decimals.
    pub fn parse(text: &str) -> Result<Montant, String> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let (neg, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (int, frac) = match digits.split_once(['.', ',']) {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return Err(format!(
                "`{text}` is not an amount (expected e.g. 1234567.89)"
            ));
        }
        if frac.len() > 2 {
            return Err(format!(
                "`{text}` has more than two decimals (amounts are in cents)"
            ));
        }
        let euros: i64 = int
            .parse()
            .ok()
            .filter(|e: &i64| *e < 10_000_000_000_000)
            .ok_or_else(|| format!("`{text}` is too large"))?;
        let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let total = euros * 100 + cents;
        Ok(Montant(if neg { -total } else { total }))
    }
}

impl schemars::JsonSchema for Montant {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Montant".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount in euros with at most two decimals: 1234567.89 or \"1 234 567,89\"",
            "type": ["number", "string"],
            "pattern": "^-?[0-9][0-9 \u{a0}\u{202f}]*([.,][0-9]{1,2})?( ?€)?$"
        })
    }
}

impl Serialize for Montant {
    /// Serialised as cents (an integer): templates format it with the `euros` filter.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Montant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Montant, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Montant;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount in euros, e.g. 1234567.89")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Montant, E> {
                Montant::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Montant, E> {
                Montant::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Montant, E> {
                if !v.is_finite() {
                    return Err(E::custom("an amount must be a finite number"));
                }
                Montant::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Montant, E> {
                Montant::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(Montant::parse("1234567.89"), Ok(Montant(123456789)));
        assert_eq!(Montant::parse("1 234 567,89 €"), Ok(Montant(123456789)));
        assert_eq!(Montant::parse("12,5"), Ok(Montant(1250)));
        assert_eq!(Montant::parse("-3"), Ok(Montant(-300)));
        assert!(Montant::parse("1.234").is_err());
        assert!(Montant::parse("abc").is_err());
        assert!(Montant::parse("").is_err());
    }

    #[test]
    fn floats_from_yaml_are_read_as_written() {
        let m: Montant = serde_yaml::from_str("1234567.89").unwrap();
        assert_eq!(m, Montant(123456789));
        let m: Montant = serde_yaml::from_str("0.1").unwrap();
        assert_eq!(m, Montant(10));
        let m: Montant = serde_yaml::from_str("\"2 500,00\"").unwrap();
        assert_eq!(m, Montant(250000));
    }
}
