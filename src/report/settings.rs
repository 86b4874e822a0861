//! The settings of one results directory: Ash et al.'s (2020) "experiments" (a dataset and a
//! budget schedule), over which their penalty matrix is summed. Configurations whose `[data]`
//! and `[loop]` tables are equal form one setting; a spec whose variants or sweep change the
//! dataset or the budget holds several. Within a setting, a method is named by its label less
//! the `/`-separated parts that every label of the setting shares (`low/margin` → `margin`),
//! so that methods are matched across settings as `albench compare` matches them across
//! directories.

use crate::results::ResultsData;

/// Flattened `[data]`/`[loop]` keys of a configuration: (`data.pool`, `20000`), ….
type Keys = Vec<(String, String)>;

/// One setting: its name and its methods as (label in the analysis, method name).
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// The parts its labels share, else the `[data]`/`[loop]` keys that set it apart.
    pub name: String,
    /// (label, method name), in label order.
    pub members: Vec<(String, String)>,
}

/// `data`'s settings over `labels` (the analysis' labels). One setting holding every label
/// under its own name when the stored spec cannot be read or names a label it lacks.
pub fn settings(data: &ResultsData, labels: &[String]) -> Vec<Setting> {
    let whole = || {
        vec![Setting {
            name: data.header.name.clone(),
            members: labels.iter().map(|l| (l.clone(), l.clone())).collect(),
        }]
    };
    let Ok(exp) = &data.experiment else {
        return whole();
    };
    // (key of the setting, its flattened [data]/[loop] keys, labels)
    let mut groups: Vec<(String, Keys, Vec<String>)> = Vec::new();
    for l in labels {
        let Some(c) = exp.configs.iter().find(|c| &c.label == l) else {
            return whole();
        };
        let mut keys = flatten("data", serde_json::to_value(&c.config.data));
        keys.extend(flatten("loop", serde_json::to_value(&c.config.al_loop)));
        let key = format!("{keys:?}");
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2.push(l.clone()),
            None => groups.push((key, keys, vec![l.clone()])),
        }
    }
    if groups.len() < 2 {
        return whole();
    }
    let all: Vec<&Keys> = groups.iter().map(|g| &g.1).collect();
    groups
        .iter()
        .map(|(_, keys, ls)| {
            let (shared, members) = split_labels(ls);
            let name = if shared.is_empty() {
                distinct_keys(keys, &all)
            } else {
                shared
            };
            Setting { name, members }
        })
        .collect()
}

/// `prefix.key` = value of every field of a serialized table (values as JSON text).
fn flatten(prefix: &str, v: Result<serde_json::Value, serde_json::Error>) -> Vec<(String, String)> {
    match v {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .map(|(k, v)| (format!("{prefix}.{k}"), v.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// `key = value` for each of `keys` whose value differs in some other setting of `all`.
fn distinct_keys(keys: &[(String, String)], all: &[&Keys]) -> String {
    keys.iter()
        .filter(|kv| all.iter().any(|other| !other.contains(kv)))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `/`-parts shared (position by position) by all of `labels`, joined by `/`, and each
/// label with its method name (the other parts). With one label, labels of different part
/// counts, or names that would be empty or repeat, nothing is shared and names are labels.
pub fn split_labels(labels: &[String]) -> (String, Vec<(String, String)>) {
    let identity = || {
        let m = labels.iter().map(|l| (l.clone(), l.clone())).collect();
        (String::new(), m)
    };
    let parts: Vec<Vec<&str>> = labels.iter().map(|l| l.split('/').collect()).collect();
    let n = parts.first().map_or(0, Vec::len);
    if labels.len() < 2 || parts.iter().any(|p| p.len() != n) {
        return identity();
    }
    let shared: Vec<bool> = (0..n)
        .map(|i| parts.iter().all(|p| p[i] == parts[0][i]))
        .collect();
    let keep = |p: &[&str], s: bool| -> Vec<String> {
        (0..n)
            .filter(|&i| shared[i] == s)
            .map(|i| p[i].to_string())
            .collect()
    };
    let names: Vec<String> = parts.iter().map(|p| keep(p, false).join("/")).collect();
    let unique = names
        .iter()
        .enumerate()
        .all(|(i, a)| !names[..i].contains(a));
    if names.iter().any(String::is_empty) || !unique || !shared.contains(&true) {
        return identity();
    }
    let members = labels.iter().cloned().zip(names).collect();
    (keep(&parts[0], true).join("/"), members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn shared_parts_name_the_setting_and_the_rest_the_method() {
        let (name, m) = split_labels(&s(&["low/random", "low/margin"]));
        assert_eq!(name, "low");
        assert_eq!(m[1], ("low/margin".to_string(), "margin".to_string()));
        // the budget in the middle of a sweep label
        let (name, m) = split_labels(&s(&["top_n/50/margin", "top_n/50/random"]));
        assert_eq!(name, "top_n/50");
        assert_eq!(m[0].1, "margin");
        // nothing shared, one label, or different part counts: labels as they are
        for ls in [s(&["a", "b"]), s(&["low/a"]), s(&["low/a", "low/a/b"])] {
            let (name, m) = split_labels(&ls);
            assert_eq!(name, "");
            assert!(m.iter().all(|(l, n)| l == n));
        }
    }

    #[test]
    fn keys_that_set_a_setting_apart() {
        let a = vec![
            ("loop.base".into(), "50".into()),
            ("data.pool".into(), "9".into()),
        ];
        let b = vec![
            ("loop.base".into(), "250".into()),
            ("data.pool".into(), "9".into()),
        ];
        assert_eq!(distinct_keys(&a, &[&a, &b]), "loop.base = 50");
    }
}
