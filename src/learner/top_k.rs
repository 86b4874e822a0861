//! `train.top_k`: one k or a list of them (`5` or `[1, 5, 20]`, the thesis' Table 4.2
//! columns); the run records `test_top{k}_accuracy` for each. A single k is stored as a plain
//! integer, so specs written before lists existed keep their resolved text and ids.

use serde::{Deserialize, Serialize};

/// The k's of the recorded top-k accuracies, in spec order (validated: non-empty, each ≥ 1,
/// no repeats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopK(pub Vec<usize>);

impl Default for TopK {
    fn default() -> Self {
        TopK(vec![5])
    }
}

#[derive(Deserialize, Serialize)]
#[serde(untagged)]
enum Raw {
    One(usize),
    Many(Vec<usize>),
}

impl<'de> Deserialize<'de> for TopK {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom("expected a k ≥ 1 or a list of them, e.g. 5 or [1, 5, 20]")
        })? {
            Raw::One(k) => Ok(TopK(vec![k])),
            Raw::Many(v) => Ok(TopK(v)),
        }
    }
}

impl Serialize for TopK {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [k] => Raw::One(*k).serialize(s),
            v => Raw::Many(v.to_vec()).serialize(s),
        }
    }
}

impl TopK {
    /// What is wrong with these k's, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.0.is_empty() {
            return Some("is an empty list; give at least one k ≥ 1".into());
        }
        if self.0.contains(&0) {
            return Some(format!("{:?}: every k must be ≥ 1", self.0));
        }
        let mut seen = self.0.clone();
        seen.sort_unstable();
        seen.dedup();
        (seen.len() != self.0.len()).then(|| format!("{:?}: a k is repeated", self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_and_one_is_written_as_an_integer() {
        #[derive(Deserialize, Serialize)]
        struct T {
            top_k: TopK,
        }
        let one: T = toml::from_str("top_k = 5").unwrap();
        assert_eq!(one.top_k, TopK(vec![5]));
        assert_eq!(toml::to_string(&one).unwrap(), "top_k = 5\n");
        let many: T = toml::from_str("top_k = [1, 5, 20]").unwrap();
        assert_eq!(many.top_k, TopK(vec![1, 5, 20]));
        assert_eq!(toml::to_string(&many).unwrap(), "top_k = [1, 5, 20]\n");
        assert!(toml::from_str::<T>("top_k = \"5\"").is_err());
        assert_eq!(TopK(vec![1, 5]).problem(), None);
        assert!(TopK(vec![]).problem().is_some());
        assert!(TopK(vec![0]).problem().is_some());
        assert!(TopK(vec![5, 5]).problem().unwrap().contains("repeated"));
    }
}
