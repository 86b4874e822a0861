//! `loop.budget`: a sample count per round, or a growth percentage of the labeled set.

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// Samples to acquire in one round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    /// A fixed count (> 0).
    Count(u64),
    /// Growth of the labeled set in percent (`"10%"` = 10.0): `ceil(n_labeled · p / 100)`.
    Percent(f64),
}

impl Budget {
    /// Samples to acquire when `n_labeled` samples are labeled (at least 1 for a percentage).
    pub fn amount(&self, n_labeled: usize) -> usize {
        match *self {
            Budget::Count(n) => n as usize,
            Budget::Percent(p) => ((n_labeled as f64 * p / 100.0).ceil() as usize).max(1),
        }
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Budget::Count(n) => write!(f, "{n}"),
            Budget::Percent(p) => write!(f, "\"{p}%\""),
        }
    }
}

impl Serialize for Budget {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Budget::Count(n) => s.serialize_u64(n),
            Budget::Percent(p) => s.serialize_str(&format!("{p}%")),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Budget {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Budget;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a positive integer or a percentage string such as \"10%\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Budget, E> {
                if v <= 0 {
                    return Err(E::custom(format!("budget must be > 0, got {v}")));
                }
                Ok(Budget::Count(v as u64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Budget, E> {
                if v == 0 {
                    return Err(E::custom("budget must be > 0, got 0"));
                }
                Ok(Budget::Count(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Budget, E> {
                let num = v.trim().strip_suffix('%').ok_or_else(|| {
                    E::custom(format!(
                        "budget \"{v}\" must be an integer or end with % (e.g. \"10%\")"
                    ))
                })?;
                let p: f64 = num
                    .trim()
                    .parse()
                    .map_err(|_| E::custom(format!("budget \"{v}\": \"{num}\" is not a number")))?;
                if !(p > 0.0 && p <= 1000.0) {
                    return Err(E::custom(format!("budget \"{v}\" must be in (0%, 1000%]")));
                }
                Ok(Budget::Percent(p))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(Budget::Count(50).amount(1000), 50);
        assert_eq!(Budget::Percent(10.0).amount(1000), 100);
        assert_eq!(Budget::Percent(33.0).amount(10), 4); // ceil(3.3)
        assert_eq!(Budget::Percent(10.0).amount(0), 1);
    }
}
